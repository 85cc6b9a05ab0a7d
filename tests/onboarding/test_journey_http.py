"""The whole journey over HTTP (Django test client) with a real Celery worker doing the OCR
on the real engine, against PostgreSQL."""

import hashlib
import io

import pytest
from django.urls import reverse
from PIL import Image

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding.consent import CONSENT_VERSION, consent_text
from kyc_portal.onboarding.models import (
    Application,
    Consent,
    DocumentImage,
    Extraction,
    FieldCorrection,
)
from tests.onboarding.images import card_pair, with_exif
from tests.support.live import wait_until

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def upload(http, side: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return http.post(
        reverse("onboarding:capture", args=[side]),
        {"image": SimpleUploadedFile("IMG_0001 Nguyen Van A.jpg", data, "image/jpeg")},
    )


def wait_read(document, timeout=120):
    def all_done():
        statuses = set(
            DocumentImage.objects.filter(document=document, superseded_at__isnull=True).values_list(
                "ocr_status", flat=True
            )
        )
        assert "failed" not in statuses, "OCR failed"
        return statuses == {"done"}

    wait_until(all_done, timeout=timeout, message="OCR did not finish")


def test_upload_read_correct_submit_reaches_needs_review(celery_worker, client):
    front, back = card_pair(seed=11)
    # Sign up through the page, then consent.
    response = client.post(
        reverse("onboarding:sign_up"),
        {
            "email": "Lan@Example.test",
            "password": "Chụp-ảnh-2026!",
            "password_again": "Chụp-ảnh-2026!",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("onboarding:next")).url == reverse("onboarding:consent")
    # no processing without consent
    assert client.get(reverse("onboarding:document")).url == reverse("onboarding:consent")
    assert client.post(reverse("onboarding:consent"), {}).status_code == 200
    assert not Consent.objects.exists()
    client.post(reverse("onboarding:consent"), {"agree": "on"})
    consent = Consent.objects.get()
    assert consent.version == CONSENT_VERSION
    assert consent.text_sha256 == hashlib.sha256(consent_text().encode()).hexdigest()

    response = client.post(reverse("onboarding:document"), {"declared_type": "chip_cccd"})
    assert response.url == reverse("onboarding:capture", args=["front"])
    response = upload(client, "front", with_exif(front.image_bytes))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("onboarding:capture", args=["back"])
    response = upload(client, "back", back.image_bytes)
    assert response.url == reverse("onboarding:processing")

    application = Application.objects.get()
    document = application.documents.get()
    image = document.images.get(side="front")
    # our own file name, metadata stored, EXIF gone
    assert "IMG_0001" not in image.file.name and image.file.name.endswith(".jpg")
    stored = image.file.open("rb").read()
    assert hashlib.sha256(stored).hexdigest() == image.sha256
    assert image.size_bytes == len(stored)
    assert (image.width, image.height) == Image.open(io.BytesIO(stored)).size
    assert not Image.open(io.BytesIO(stored)).getexif()

    # the polling fragment keeps polling while the OCR runs...
    fragment = client.get(reverse("onboarding:processing_status")).content.decode()
    assert 'hx-trigger="every 1s"' in fragment or 'data-state="done"' in fragment
    wait_read(document)
    # ...and stops once everything is read
    fragment = client.get(reverse("onboarding:processing_status")).content.decode()
    assert "hx-trigger" not in fragment and 'id="to-confirm"' in fragment
    assert Extraction.objects.filter(image__document=document).count() == 2

    page = client.get(reverse("onboarding:confirm"))
    assert page.status_code == 200
    html = page.content.decode()
    truth = front.truth["data"]
    assert truth["id"] in html  # the ID number the engine read is shown
    read_name = next(r for r in page.context["rows"] if r["key"] == "name")["ocr_value"]

    # the customer corrects the name and submits
    values = {f"field_{r['key']}": r["value"] for r in page.context["rows"]}
    values["field_name"] = "NGUYỄN THỊ LAN"
    response = client.post(reverse("onboarding:confirm"), values)
    assert response.status_code == 302 and response.url == reverse("onboarding:status")
    correction = FieldCorrection.objects.get()
    assert (correction.field, correction.ocr_value) == ("name", read_name)
    assert correction.corrected_value == "NGUYỄN THỊ LAN"

    application = wait_until(
        lambda: Application.objects.filter(pk=application.pk, status="needs_review").first(),
        timeout=60,
        message="the checks did not move the application to needs_review",
    )
    assert "customer_corrections" in application.flags
    assert application.id_number_digest and truth["id"] not in application.id_number_digest
    moves = list(
        AuditLogEntry.objects.filter(action="application.transition", application_id=application.pk)
        .order_by("id")
        .values_list("after__status", flat=True)
    )
    assert moves == ["submitted", "processing", "needs_review"]
    status_page = client.get(reverse("onboarding:status")).content.decode()
    assert 'data-status="needs_review"' in status_page
    # once submitted, nothing can be changed any more
    assert upload(client, "front", front.image_bytes).status_code == 302
    assert DocumentImage.objects.filter(document=document).count() == 2
