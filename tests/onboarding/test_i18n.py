"""Vietnamese first, English switchable; the consent hash is always of the binding text."""

import hashlib

import pytest
from django.conf import settings
from django.urls import reverse

from kyc_portal.onboarding.consent import consent_text
from kyc_portal.onboarding.models import Consent

pytestmark = pytest.mark.django_db


def test_pages_switch_to_english_and_back(client):
    page = client.get(reverse("onboarding:start")).content.decode()
    assert "Chúng tôi thu thập gì và vì sao" in page
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("onboarding:start")).content.decode()
    assert "What we collect and why" in page and "Chúng tôi thu thập" not in page
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_consent_in_english_stores_the_hash_of_the_vietnamese_text(applicant_client):
    _applicant, http = applicant_client("eng@example.test", consent=False)
    http.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = http.get(reverse("onboarding:consent")).content.decode()
    assert "I agree that the company processes my personal data" in page
    http.post(reverse("onboarding:consent"), {"agree": "on"})
    consent = Consent.objects.get()
    assert consent.text_sha256 == hashlib.sha256(consent_text().encode()).hexdigest()
    assert "Tôi đồng ý" in consent_text()


def test_quick_check_messages_are_translated(applicant_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kyc_portal.onboarding import services
    from tests.onboarding.images import bad_photos

    applicant, http = applicant_client("blur@example.test")
    services.document_choose(applicant=applicant, declared_type="cccd")
    http.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = http.post(
        reverse("onboarding:capture", args=["front"]),
        {"image": SimpleUploadedFile("x.jpg", bad_photos()["too_dark"], "image/jpeg")},
    )
    assert response.status_code == 422
    assert "The photo is too dark" in response.content.decode()
