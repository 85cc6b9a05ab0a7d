"""Faults with real processes: a worker SIGKILLed mid-read, the broker down when the
customer uploads and submits, PostgreSQL restarted mid-read, and requests sent twice.
Nothing is lost and nothing is done twice."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import Application, DocumentImage, Extraction
from tests.onboarding.images import card_front, card_pair
from tests.support.live import wait_until

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

NOW = dt.timedelta(0)


def wait_status(image_id, *statuses, timeout=180):
    return wait_until(
        lambda: DocumentImage.objects.filter(pk=image_id, ocr_status__in=statuses).first(),
        timeout=timeout,
        message=f"image {image_id} never reached {statuses}",
    )


def wait_processing(image_id):
    wait_until(
        lambda: DocumentImage.objects.filter(pk=image_id, ocr_status="processing").exists(),
        timeout=60,
        interval=0.05,
        message="the worker never started the read",
    )


def upload(http, side, data):
    return http.post(
        reverse("onboarding:capture", args=[side]),
        {"image": SimpleUploadedFile("p.jpg", data, "image/jpeg")},
    )


# --- a whole worker killed ------------------------------------------------------------------


def test_worker_sigkilled_mid_read_then_restarted_completes_with_one_extraction(
    session_worker, applicant_client
):
    first = session_worker.current()
    applicant, _http = applicant_client("sigkill@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    image = services.document_image_upload(
        document=document, side="front", data=card_front(seed=31).image_bytes
    )
    wait_processing(image.pk)

    first.kill()  # SIGKILL to the main process and its pool: nothing is acknowledged
    assert DocumentImage.objects.get(pk=image.pk).ocr_status == "processing"

    second = session_worker.current()  # a new worker process comes up
    assert second.process.pid != first.process.pid
    # The periodic sweep finds the read stuck in processing and sends it again.
    assert services.document_image_ocr_requeue_stuck(older_than=NOW) == 1
    done = wait_status(image.pk, "done", "failed")
    assert done.ocr_status == "done", done.ocr_error
    assert Extraction.objects.filter(image=image).count() == 1


# --- the broker down ------------------------------------------------------------------------


def redis(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", *args],
        capture_output=True,
        text=True,
        timeout=10,
    )


def redis_stop() -> None:
    redis("shutdown", "nosave")
    wait_until(lambda: redis("ping").stdout.strip() != "PONG", timeout=20)


def redis_start() -> None:
    """The command the machine's set-up documents (scripts/ensure_services.sh uses it)."""
    Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
    Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
            "--port", "6379", "--save", "", "--appendonly", "no",
            "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
        ],
        check=True,
        timeout=20,
    )  # fmt: skip
    wait_until(lambda: redis("ping").stdout.strip() == "PONG", timeout=30)


@pytest.fixture
def broker_outage(celery_worker):
    """Stops the broker; always starts it again afterwards."""
    assert shutil.which("redis-server"), "the broker tests need Redis installed"
    redis_stop()
    try:
        yield
    finally:
        if redis("ping").stdout.strip() != "PONG":
            redis_start()


def test_broker_down_upload_and_submit_are_stored_and_processed_once_it_is_back(
    broker_outage, celery_worker, applicant_client
):
    front, back = card_pair(seed=33)
    applicant, http = applicant_client("broker@example.test")
    services.document_choose(applicant=applicant, declared_type="chip_cccd")

    # Upload with the broker down: accepted and stored, the read waits.
    for side, sample in (("front", front), ("back", back)):
        response = upload(http, side, sample.image_bytes)
        assert response.status_code in (200, 302), response.content[:500]
    images = list(DocumentImage.objects.filter(document__application__applicant=applicant))
    assert len(images) == 2 and {i.ocr_status for i in images} == {"pending"}

    redis_start()
    assert services.document_image_ocr_requeue_stuck(older_than=NOW) == 2
    for image in images:
        assert wait_status(image.pk, "done", "failed").ocr_status == "done"

    # Submit with the broker down: accepted, stored as submitted, checked once it is back.
    redis_stop()
    page = http.get(reverse("onboarding:confirm"))
    values = {f"field_{row['key']}": row["value"] for row in page.context["rows"]}
    response = http.post(reverse("onboarding:confirm"), values)
    assert response.status_code == 302
    application = Application.objects.get(applicant=applicant)
    assert application.status == "submitted"

    redis_start()
    assert services.application_checks_requeue_stuck(older_than=NOW) == 1
    wait_until(
        lambda: Application.objects.filter(pk=application.pk, status="needs_review").exists(),
        timeout=120,
        message="the submitted application was not checked after the broker came back",
    )
    assert Extraction.objects.filter(image__in=images).count() == 2


# --- PostgreSQL restarted ---------------------------------------------------------------------


def postgres_restart() -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )


def row_locked(image_id: int) -> psycopg.Connection:
    """Hold the image's row lock in a connection of our own, so the worker's store waits."""
    db = connection.settings_dict
    holder = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )
    holder.execute(
        f"SELECT 1 FROM {DocumentImage._meta.db_table} WHERE id = %s FOR UPDATE", [image_id]
    )
    return holder


def lock_waiters(holder: psycopg.Connection) -> int:
    row = holder.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE wait_event_type = 'Lock' AND datname = current_database()"
    ).fetchone()
    return row[0]


def test_postgres_restarted_mid_read_is_retried_and_nothing_is_lost(
    celery_worker, applicant_client
):
    assert shutil.which("pg_ctlcluster"), "this test restarts the local PostgreSQL cluster"
    applicant, _http = applicant_client("pgrestart@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    image = services.document_image_upload(
        document=document, side="front", data=card_front(seed=37).image_bytes
    )
    wait_processing(image.pk)
    # The restart must come while the worker holds a connection it will write through: it
    # waits on our lock once the read is over, so the restart cannot come too late.
    holder = row_locked(image.pk)
    try:
        wait_until(lambda: lock_waiters(holder) > 0, timeout=120, message="no store waited")
        postgres_restart()
    finally:
        holder.close()  # dead with the server: closing only frees the object
    connection.close()  # this test's own connection died with the server too

    done = wait_status(image.pk, "done", "failed")
    assert done.ocr_status == "done", done.ocr_error
    assert done.ocr_attempts == 2  # the first store failed with the server and was retried
    assert Extraction.objects.filter(image=image).count() == 1


# --- sent twice ---------------------------------------------------------------------------------


def test_the_same_upload_sent_twice_is_one_record_and_one_task(celery_worker, applicant_client):
    applicant, http = applicant_client("twice@example.test")
    services.document_choose(applicant=applicant, declared_type="chip_cccd")
    photo = card_front(seed=41).image_bytes

    assert upload(http, "front", photo).status_code in (200, 302)
    assert upload(http, "front", photo).status_code in (200, 302)

    image = DocumentImage.objects.get(document__application__applicant=applicant)
    assert wait_status(image.pk, "done", "failed").ocr_status == "done"
    image.refresh_from_db()
    assert image.ocr_attempts == 1
    assert AuditLogEntry.objects.filter(action="document_image.upload").count() == 1


def test_the_same_submit_sent_twice_is_one_transition_and_one_task(celery_worker, applicant_client):
    front, back = card_pair(seed=43)
    applicant, http = applicant_client("submit-twice@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    for side, sample in (("front", front), ("back", back)):
        image = services.document_image_upload(
            document=document, side=side, data=sample.image_bytes
        )
        assert wait_status(image.pk, "done", "failed").ocr_status == "done"

    application = Application.objects.get(applicant=applicant)
    for _ in range(2):
        services.application_submit(application=application, actor=applicant.user)
    wait_until(
        lambda: Application.objects.filter(pk=application.pk, status="needs_review").exists(),
        timeout=120,
    )
    submitted = AuditLogEntry.objects.filter(
        action="application.transition", application_id=application.pk, after__status="submitted"
    )
    assert submitted.count() == 1
    checks_runs = AuditLogEntry.objects.filter(
        action="application.checks", application_id=application.pk
    )
    assert checks_runs.count() == 1
