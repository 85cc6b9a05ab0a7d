import pytest
from django.contrib.auth import get_user_model

from kyc_portal.onboarding import services

PASSWORD = "Chụp-ảnh-2026!"


def make_applicant(email: str):
    return services.applicant_sign_up(email=email, password=PASSWORD)


@pytest.fixture
def applicant_client(client):
    """A signed-in applicant who has consented, and their test client."""

    def build(email: str = "an@example.test", *, consent: bool = True, http_client=None):
        applicant = make_applicant(email)
        if consent:
            services.consent_give(applicant=applicant)
        http = http_client or client.__class__()
        http.force_login(applicant.user)
        return applicant, http

    return build


def users():
    return get_user_model().objects
