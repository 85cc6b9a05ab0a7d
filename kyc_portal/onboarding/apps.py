from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "kyc_portal.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding"
