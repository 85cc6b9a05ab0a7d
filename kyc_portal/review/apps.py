from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "kyc_portal.review"
    label = "review"
    verbose_name = "Review"
