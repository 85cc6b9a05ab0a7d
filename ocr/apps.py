from django.apps import AppConfig


class OcrConfig(AppConfig):
    name = "ocr"
    label = "ocr"
    verbose_name = "OCR API"
