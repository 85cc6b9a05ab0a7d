from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kyc_portal.core"
    label = "core"
    verbose_name = "Core"
