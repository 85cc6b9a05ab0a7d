from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kyc_portal.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the sign-in signal receivers
