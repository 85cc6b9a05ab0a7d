"""Confirm, correct and submit: server-side flags, refusals, and resubmission."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import Application, Document, FieldCorrection
from ocr.synth import generate_pair
from tests.onboarding.images import card_pair

pytestmark = pytest.mark.django_db


def capture_and_read(applicant, front, back, declared_type="chip_cccd"):
    """Upload both sides and read them with the real engine, in-process."""
    document = services.document_choose(applicant=applicant, declared_type=declared_type)
    for side, sample in (("front", front), ("back", back)):
        image = services.document_image_upload(
            document=document, side=side, data=sample.image_bytes, actor=applicant.user
        )
        services.document_image_ocr_run(image_id=image.pk)
        image.refresh_from_db()
        assert image.ocr_status == "done", image.ocr_error
    return document


def submit_and_check(http, document):
    page = http.get(reverse("onboarding:confirm"))
    assert page.status_code == 200
    values = {f"field_{row['key']}": row["value"] for row in page.context["rows"]}
    response = http.post(reverse("onboarding:confirm"), values)
    assert response.status_code == 302, response.content.decode()[:3000]
    # the checks task's service, run here (no worker in this test)
    return services.application_checks_run(application_id=document.application_id)


def test_flags_duplicate_id_mismatched_sides_and_expired_document(applicant_client):
    card_a = card_pair(seed=5)
    card_b = card_pair(seed=6)
    first, first_http = applicant_client("first@example.test")
    application = submit_and_check(first_http, capture_and_read(first, *card_a))
    assert application.status == "needs_review"
    assert "duplicate_id" not in application.flags and application.id_number_digest

    # someone else presents the same card's front with another card's back
    second, second_http = applicant_client("second@example.test")
    application = submit_and_check(second_http, capture_and_read(second, card_a[0], card_b[1]))
    assert {"duplicate_id", "sides_mismatch"} <= set(application.flags)

    third, third_http = applicant_client("third@example.test")
    expired = generate_pair("chip", 12, difficulty="easy", defect="expired")
    application = submit_and_check(third_http, capture_and_read(third, *expired))
    assert "expired_document" in application.flags
    checks = AuditLogEntry.objects.filter(
        action="application.checks", application_id=application.pk
    )
    assert checks.get().after["flags"] == application.flags


def test_submit_refused_until_read_and_with_required_fields_missing(applicant_client):
    front, back = card_pair(seed=13)
    applicant, http = applicant_client("early@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    services.document_image_upload(document=document, side="front", data=front.image_bytes)
    with pytest.raises(services.OnboardingError):
        services.application_submit(application=document.application)
    assert http.get(reverse("onboarding:confirm")).status_code == 302  # not read yet

    document = capture_and_read(applicant, front, back)
    page = http.get(reverse("onboarding:confirm"))
    values = {f"field_{row['key']}": row["value"] for row in page.context["rows"]}
    values["field_id"] = "  "
    response = http.post(reverse("onboarding:confirm"), values)
    assert response.status_code == 400 and "Hãy điền" in response.content.decode()
    assert Application.objects.get().status == "draft"
    # the blanked field is kept as a correction, with the OCR value beside it
    correction = FieldCorrection.objects.get(field="id")
    assert correction.ocr_value and correction.corrected_value == ""
    # putting the OCR value back removes the correction
    values["field_id"] = correction.ocr_value
    assert http.post(reverse("onboarding:confirm"), values).status_code == 302
    assert not FieldCorrection.objects.exists()


def test_resubmission_starts_a_new_document_and_keeps_the_old_one(applicant_client):
    front, back = card_pair(seed=14)
    applicant, http = applicant_client("again@example.test")
    first_document = capture_and_read(applicant, front, back)
    application = submit_and_check(http, first_document)
    staff = get_user_model().objects.create_user("reviewer", password="x-Reviewer-2026")
    services.application_transition(
        application=application,
        to="resubmission_requested",
        actor=staff,
        customer_message="Ảnh mặt sau bị lóa, vui lòng chụp lại.",
    )
    page = http.get(reverse("onboarding:status")).content.decode()
    assert "Ảnh mặt sau bị lóa" in page and 'id="resubmit"' in page
    assert http.get(reverse("onboarding:next")).url == reverse("onboarding:status")
    # the old photos are frozen: no capture until a new document is started
    response = http.get(reverse("onboarding:capture", args=["front"]))
    assert response.url == reverse("onboarding:next")
    response = http.post(reverse("onboarding:document"), {"declared_type": "chip_cccd"})
    assert response.url == reverse("onboarding:capture", args=["front"])
    assert Document.objects.filter(application=application).count() == 2
    second_document = Document.objects.filter(application=application).first()
    assert second_document != first_document and not second_document.images.exists()
    assert first_document.images.count() == 2

    for side, sample in (("front", front), ("back", back)):
        image = services.document_image_upload(
            document=second_document, side=side, data=sample.image_bytes, actor=applicant.user
        )
        services.document_image_ocr_run(image_id=image.pk)
    application = submit_and_check(http, second_document)
    assert application.status == "needs_review" and application.customer_message == ""


def test_new_application_after_an_ended_one_but_not_after_approval(applicant_client):
    applicant, http = applicant_client("restart@example.test")
    first = services.document_choose(applicant=applicant, declared_type="cmnd").application
    services.application_transition(application=first, to="abandoned", actor_label="test")
    assert 'id="restart"' in http.get(reverse("onboarding:status")).content.decode()
    response = http.post(reverse("onboarding:document"), {"declared_type": "passport"})
    assert response.url == reverse("onboarding:capture", args=["front"])
    second = Application.objects.exclude(pk=first.pk).get()
    assert second.status == "draft" and second.documents.get().declared_type == "passport"
    # changing the type before any photo keeps the same document
    http.post(reverse("onboarding:document"), {"declared_type": "cccd"})
    assert second.documents.get().declared_type == "cccd"

    for status in ("submitted", "processing", "needs_review"):
        services.application_transition(application=second, to=status, actor_label="test")
        response = http.post(reverse("onboarding:document"), {"declared_type": "cccd"})
        assert response.url == reverse("onboarding:status")
    services.application_transition(application=second, to="approved", actor_label="test")
    with pytest.raises(services.OnboardingError):
        services.document_choose(applicant=applicant, declared_type="cccd")
    assert Application.objects.count() == 2
