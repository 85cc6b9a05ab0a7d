"""Celery tasks of onboarding: each takes an id, loads the row and calls a service."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from ocr.client import OcrUnavailable

from .services import (
    application_checks_requeue_stuck,
    application_checks_run,
    document_image_ocr_fail,
    document_image_ocr_requeue_stuck,
    document_image_ocr_run,
)

logger = logging.getLogger(__name__)

# Faults of the outside world that a later attempt may not meet (the remote OCR API's
# overload or network failure included, when settings.OCR_BACKEND == "api").
TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError, OcrUnavailable)


@shared_task(
    name="kyc_portal.onboarding.tasks.document_image_ocr",
    bind=True,
    max_retries=4,
    soft_time_limit=90,
    time_limit=120,
)
def document_image_ocr_task(self, image_id: int) -> str:
    """Read one uploaded side (idempotent: the image keeps exactly one Extraction)."""
    try:
        image = document_image_ocr_run(image_id=image_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            logger.warning("OCR of image %s gave up after %s retries", image_id, self.max_retries)
            document_image_ocr_fail(image_id=image_id, code="unavailable")
            return "failed"
        # exponential backoff with a cap: 2, 4, 8, 16 s
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 60)) from exc
    except Exception:
        # A bug or a time limit: tell the customer to retry instead of spinning forever.
        logger.exception("OCR of image %s failed", image_id)
        document_image_ocr_fail(image_id=image_id, code="unavailable")
        return "failed"
    return image.ocr_status if image is not None else "skipped"


@shared_task(
    name="kyc_portal.onboarding.tasks.application_checks",
    bind=True,
    max_retries=4,
    soft_time_limit=60,
    time_limit=90,
)
def application_checks_task(self, application_id: int) -> str:
    """The server-side checks of a submitted application (flags), then needs_review."""
    try:
        application = application_checks_run(application_id=application_id)
    except TRANSIENT as exc:
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 1), 60)) from exc
    return application.status if application is not None else "missing"


@shared_task(name="kyc_portal.onboarding.tasks.onboarding_sweep", ignore_result=True)
def onboarding_sweep_task() -> dict:
    """Periodic: re-queue OCR and checks that were lost (killed worker, lost message)."""
    return {
        "images": document_image_ocr_requeue_stuck(),
        "applications": application_checks_requeue_stuck(),
    }
