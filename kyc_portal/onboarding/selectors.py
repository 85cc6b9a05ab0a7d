"""Reads of the onboarding data, always scoped to one applicant."""

import datetime as dt

from django.http import Http404
from django.utils import timezone

from . import fields as field_rules
from .models import (
    Applicant,
    Application,
    Document,
    DocumentImage,
    Extraction,
    FieldCorrection,
    SignInFailure,
)

SIGN_IN_WINDOW = dt.timedelta(minutes=15)
SIGN_IN_MAX_FAILURES_PER_EMAIL = 5
SIGN_IN_MAX_FAILURES_PER_IP = 20


def sign_in_throttled(*, email: str, ip_address: str | None) -> bool:
    """Too many recent failed sign-ins for this e-mail (or from this address)."""
    from .services import email_normalise, keyed_digest

    since = timezone.now() - SIGN_IN_WINDOW
    recent = SignInFailure.objects.filter(created_at__gte=since)
    digest = keyed_digest(purpose="sign-in", value=email_normalise(email))
    if recent.filter(email_digest=digest).count() >= SIGN_IN_MAX_FAILURES_PER_EMAIL:
        return True
    if ip_address and recent.filter(ip_address=ip_address).count() >= SIGN_IN_MAX_FAILURES_PER_IP:
        return True
    return False


def applicant_for_user(*, user) -> Applicant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Applicant.objects.filter(user=user).first()


def application_latest(*, applicant: Applicant) -> Application | None:
    return applicant.applications.order_by("-created_at", "-id").first()


def document_latest(*, application: Application) -> Document | None:
    return application.documents.order_by("-created_at", "-id").first()


def document_images_current(*, document: Document) -> dict[str, DocumentImage]:
    """The current (not superseded) image of each side, by side."""
    images = DocumentImage.objects.filter(document=document, superseded_at__isnull=True)
    return {image.side: image for image in images.select_related("extraction")}


def document_extractions(*, document: Document) -> dict[str, Extraction]:
    return {
        side: image.extraction
        for side, image in document_images_current(document=document).items()
        if hasattr(image, "extraction")
    }


def document_ocr_values(*, document: Document) -> dict[str, str]:
    """What OCR read for each displayed field: front first, then back."""
    extractions = document_extractions(document=document)
    values: dict[str, str] = {}
    for side in field_rules.sides_needed(document.declared_type):
        extraction = extractions.get(side)
        if extraction is None:
            continue
        for key in field_rules.display_fields(document.declared_type):
            value = extraction.fields.get(key)
            if isinstance(value, str) and value.strip() and key not in values:
                values[key] = value.strip()
    return values


def document_fields(*, document: Document) -> list[dict]:
    """Rows for the confirm page: key, label, OCR value, current value, corrected?"""
    ocr_values = document_ocr_values(document=document)
    corrections = {c.field: c for c in FieldCorrection.objects.filter(document=document)}
    rows = []
    for key in field_rules.display_fields(document.declared_type):
        ocr_value = ocr_values.get(key, "")
        correction = corrections.get(key)
        if not ocr_value and correction is None and key not in field_rules.REQUIRED_FIELDS:
            continue  # not on this kind of document
        rows.append(
            {
                "key": key,
                "label": field_rules.LABELS[key],
                "ocr_value": ocr_value,
                "value": correction.corrected_value if correction else ocr_value,
                "corrected": correction is not None,
            }
        )
    return rows


def document_image_for_applicant(*, applicant: Applicant, image_id: int) -> DocumentImage:
    """One of the applicant's own images, else 404 (never someone else's)."""
    image = (
        DocumentImage.objects.filter(pk=image_id, document__application__applicant=applicant)
        .select_related("document__application")
        .first()
    )
    if image is None:
        raise Http404
    return image


def document_progress(*, document: Document) -> dict:
    """Per needed side: its image (or None); and whether every side is read."""
    images = document_images_current(document=document)
    sides = [
        {"side": side, "image": images.get(side)}
        for side in field_rules.sides_needed(document.declared_type)
    ]
    done = all(s["image"] and s["image"].ocr_status == DocumentImage.OcrStatus.DONE for s in sides)
    waiting = any(
        s["image"]
        and s["image"].ocr_status
        in (DocumentImage.OcrStatus.PENDING, DocumentImage.OcrStatus.PROCESSING)
        for s in sides
    )
    missing = [s["side"] for s in sides if s["image"] is None]
    return {"sides": sides, "done": done, "waiting": waiting, "missing": missing}


def document_in_capture(*, applicant: Applicant) -> Document | None:
    """The document the applicant is capturing now, or None when nothing may change.

    In a draft: its latest document. After a resubmission request: only a document started
    after that request (the earlier photos stay as the reviewer saw them).
    """
    application = application_latest(applicant=applicant)
    if application is None:
        return None
    if application.status == Application.Status.DRAFT:
        return document_latest(application=application)
    if application.status == Application.Status.RESUBMISSION_REQUESTED:
        document = document_latest(application=application)
        if document and application.decided_at and document.created_at > application.decided_at:
            return document
    return None
