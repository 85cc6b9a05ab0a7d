"""OCR: the engine (``ocr.engine``, no Django), the HTTP API and its client (``ocr.client``)."""
