"""The OCR task on a real Celery worker: failure then retake, the retry button,
idempotency and the sweep of lost work."""

import datetime as dt
import os
import re
import signal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import Application, DocumentImage, Extraction
from kyc_portal.onboarding.services import application_transition
from kyc_portal.onboarding.tasks import document_image_ocr_task, onboarding_sweep_task
from tests.onboarding.images import blank_card_photo, card_front
from tests.support.live import wait_until

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def upload(http, side, data):
    return http.post(
        reverse("onboarding:capture", args=[side]),
        {"image": SimpleUploadedFile("p.jpg", data, "image/jpeg")},
    )


def wait_status(image_id, *statuses, timeout=120):
    return wait_until(
        lambda: DocumentImage.objects.filter(pk=image_id, ocr_status__in=statuses).first(),
        timeout=timeout,
        message=f"image {image_id} never reached {statuses}",
    )


def test_card_without_text_fails_ocr_then_retake_succeeds(celery_worker, applicant_client):
    applicant, http = applicant_client("failing@example.test")
    services.document_choose(applicant=applicant, declared_type="passport")
    # passes the quick checks (a card is in view) but the engine finds no document on it
    assert upload(http, "front", blank_card_photo()).status_code == 302
    first = DocumentImage.objects.get()
    failed = wait_status(first.pk, "failed", "done")
    assert (failed.ocr_status, failed.ocr_error) == ("failed", "no_document")
    fragment = http.get(reverse("onboarding:processing_status")).content.decode()
    assert "Không tìm thấy giấy tờ trong ảnh" in fragment
    assert 'data-action="retake"' in fragment and 'data-action="retry"' not in fragment
    assert "hx-trigger" not in fragment  # nothing to wait for: polling stops
    # confirm and submit are refused while a side is not read
    assert http.get(reverse("onboarding:confirm")).status_code == 302

    passport = card_front(seed=5, card_type="passport")
    assert upload(http, "front", passport.image_bytes).status_code == 302
    first.refresh_from_db()
    assert first.superseded_at is not None
    retake = DocumentImage.objects.get(superseded_at__isnull=True)
    assert wait_status(retake.pk, "done", "failed").ocr_status == "done"
    assert not Extraction.objects.filter(image=first).exists()
    assert http.get(reverse("onboarding:confirm")).status_code == 200


def test_retry_button_requeues_a_read_that_failed_on_a_storage_fault(
    celery_worker, applicant_client
):
    applicant, http = applicant_client("retry@example.test")
    document = services.document_choose(applicant=applicant, declared_type="passport")
    photo = card_front(seed=6, card_type="passport").image_bytes
    with transaction.atomic():
        image = services.document_image_upload(document=document, side="front", data=photo)
        stored = image.file.open("rb").read()
        # the stored file is unreachable when the worker looks for it (a storage fault)
        default_storage.delete(image.file.name)
    failed = wait_status(image.pk, "failed", "done")
    assert (failed.ocr_status, failed.ocr_error) == ("failed", "unavailable")
    fragment = http.get(reverse("onboarding:processing_status")).content.decode()
    assert "Hệ thống đọc ảnh đang bận" in fragment and 'data-action="retry"' in fragment

    assert default_storage.save(image.file.name, ContentFile(stored)) == image.file.name
    response = http.post(reverse("onboarding:image_retry", args=[image.pk]))
    assert response.status_code == 302
    done = wait_status(image.pk, "done", "failed")
    assert done.ocr_status == "done" and done.ocr_attempts == 2
    assert AuditLogEntry.objects.filter(
        action="document_image.ocr_retry", object_id=str(image.pk)
    ).exists()


def test_ocr_task_is_idempotent(celery_worker, applicant_client):
    applicant, _http = applicant_client("twice@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    image = services.document_image_upload(
        document=document, side="front", data=card_front(seed=8).image_bytes
    )
    assert wait_status(image.pk, "done", "failed").ocr_status == "done"
    # the same message delivered twice more (acks_late redelivery), and a direct call
    document_image_ocr_task.delay(image.pk)
    document_image_ocr_task.delay(image.pk)
    services.document_image_ocr_run(image_id=image.pk)
    wait_until(
        lambda: celery_worker.log().count("document_image_ocr[") >= 3 * 2,  # received+succeeded
        timeout=60,
    )
    assert Extraction.objects.filter(image=image).count() == 1
    assert DocumentImage.objects.get(pk=image.pk).ocr_attempts == 1


def test_sweep_requeues_lost_reads_and_lost_checks(celery_worker, applicant_client):
    applicant, _http = applicant_client("lost@example.test")
    document = services.document_choose(applicant=applicant, declared_type="passport")
    photo = card_front(seed=9, card_type="passport").image_bytes
    # a row whose message was lost: committed in "processing" by a worker that then died
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    image = DocumentImage(
        document=document, side="front", sha256="0" * 64, size_bytes=len(photo),
        width=1, height=1, content_type="image/jpeg", ocr_status="processing",
        ocr_attempts=1, ocr_started_at=long_ago,
    )  # fmt: skip
    image.file.save("lost.jpg", ContentFile(photo))
    onboarding_sweep_task.delay()
    assert wait_status(image.pk, "done", "failed").ocr_status == "done"

    # an application submitted but whose checks message was lost
    application = document.application
    application_transition(application=application, to="submitted", actor_label="test")
    Application.objects.filter(pk=application.pk).update(updated_at=long_ago)
    onboarding_sweep_task.delay()
    wait_until(
        lambda: Application.objects.filter(pk=application.pk, status="needs_review").exists(),
        timeout=60,
        message="the sweep did not re-run the checks",
    )


def pool_children(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return children


def test_worker_killed_mid_read_is_redelivered_and_read_once(celery_worker, applicant_client):
    """acks_late + reject_on_worker_lost: the pool process dies during the read, the message
    goes back to the queue, the read runs again, and the image still gets one Extraction."""
    applicant, _http = applicant_client("killed@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    image = services.document_image_upload(
        document=document, side="front", data=card_front(seed=19).image_bytes
    )
    wait_until(
        lambda: DocumentImage.objects.filter(pk=image.pk, ocr_status="processing").exists(),
        timeout=60,
        interval=0.05,
    )
    (child,) = pool_children(celery_worker.process.pid)
    os.kill(child, signal.SIGKILL)
    done = wait_status(image.pk, "done", "failed", timeout=180)
    assert done.ocr_status == "done"
    assert done.ocr_attempts == 2  # the killed attempt, then the redelivered one
    assert Extraction.objects.filter(image=image).count() == 1
    assert "WorkerLostError" in celery_worker.log()


def test_database_connection_lost_mid_read_is_retried_with_backoff(celery_worker, applicant_client):
    """A transient fault (PostgreSQL drops the worker's connection during the read) makes
    the task retry after a pause instead of failing the customer's photo."""
    applicant, _http = applicant_client("dropped@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    image = services.document_image_upload(
        document=document, side="front", data=card_front(seed=23).image_bytes
    )
    wait_until(
        lambda: DocumentImage.objects.filter(pk=image.pk, ocr_status="processing").exists(),
        timeout=60,
        interval=0.05,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchall(), "the worker had no connection to drop"
    done = wait_status(image.pk, "done", "failed", timeout=180)
    assert done.ocr_status == "done" and done.ocr_attempts == 2
    assert Extraction.objects.filter(image=image).count() == 1
    assert re.search(r"document_image_ocr\[[^\]]+\] retry: Retry in 2s", celery_worker.log())
