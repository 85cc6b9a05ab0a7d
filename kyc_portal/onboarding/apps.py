from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "kyc_portal.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the sign-in failure receiver
