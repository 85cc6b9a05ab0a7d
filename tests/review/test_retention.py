"""Retention and erasure: the real periodic task on a real worker deletes the images from
storage and redacts the personal fields of applications decided more than RETENTION_DAYS
ago; the audit skeleton stays intact and holds no personal value."""

import json
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding.models import Application, DocumentImage, Extraction, FieldCorrection
from kyc_portal.review import roles, services
from kyc_portal.review.models import Decision, Notification, Redaction
from kyc_portal.review.tasks import retention_enforce
from tests.review.factories import (
    ApplicantFactory,
    application_waiting,
    correction_add,
    user_with_role,
)
from tests.support.live import wait_until


def _personal_values(application: Application) -> list[str]:
    values = []
    for extraction in Extraction.objects.filter(image__document__application=application):
        for key in ("id", "name", "born", "address"):
            if extraction.fields.get(key):
                values.append(extraction.fields[key])
    return values


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_retention_task_on_a_real_worker_redacts_only_expired_applications(settings, own_worker):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reviewer = user_with_role(roles.REVIEWER)
    old = application_waiting(kind="chip", seed=4, read=True)
    correction_add(old.documents.first(), field="name", value="NGUYỄN VĂN SỬA")
    recent = application_waiting(kind="cccd", seed=5, read=True)
    with transaction.atomic():
        services.application_reject(
            application=old, reviewer=reviewer, reason_code="data_mismatch",
            internal_note="name differs from the bank record",
        )  # fmt: skip
        services.application_approve(application=recent, reviewer=reviewer)
    Application.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    )
    personal = _personal_values(old)
    assert personal, "the engine read personal fields from the synthetic card"
    old_files = [
        image.file.name for image in DocumentImage.objects.filter(document__application=old)
    ]
    recent_files = [
        image.file.name for image in DocumentImage.objects.filter(document__application=recent)
    ]
    assert all(default_storage.exists(name) for name in old_files + recent_files)
    worker = own_worker()
    # The decisions' email notices go out first (they add audit rows of their own).
    wait_until(
        lambda: not Notification.objects.filter(status="pending").exists(),
        timeout=60,
        message=f"notifications not sent:\n{worker.log()[-3000:]}",
    )
    audit_before = list(AuditLogEntry.objects.order_by("id").values())
    retention_enforce.delay()
    wait_until(
        lambda: Redaction.objects.filter(application=old).exists(),
        timeout=60,
        message=f"retention did not run:\n{worker.log()[-3000:]}",
    )

    # Images deleted from storage, the rows say so.
    assert not any(default_storage.exists(name) for name in old_files)
    assert all(not image.file for image in DocumentImage.objects.filter(document__application=old))
    # Personal fields redacted; confidences and check codes kept for statistics.
    for extraction in Extraction.objects.filter(image__document__application=old):
        assert extraction.fields == {}
        assert extraction.api_result["redacted"] is True
        assert "data" not in extraction.api_result
        assert all("box" not in meta for meta in extraction.api_result["fields"].values())
        dumped = json.dumps([extraction.api_result, extraction.checks], ensure_ascii=False)
        for value in personal:
            assert value not in dumped
    correction = FieldCorrection.objects.get(document__application=old)
    assert correction.corrected_value == "" and correction.ocr_value == ""
    decision = Decision.objects.get(application=old)
    assert decision.internal_note == "" and decision.reason_code == "data_mismatch"
    old.refresh_from_db()
    assert old.status == Application.Status.REJECTED

    # The recent application is untouched.
    assert not Redaction.objects.filter(application=recent).exists()
    assert all(default_storage.exists(name) for name in recent_files)
    assert (
        Extraction.objects.filter(image__document__application=recent).exclude(fields={}).exists()
    )

    # Audit skeleton: every earlier row unchanged, one new row for the redaction, and no
    # personal value anywhere in the log.
    audit_after = list(AuditLogEntry.objects.order_by("id").values())
    assert audit_after[: len(audit_before)] == audit_before
    new_rows = audit_after[len(audit_before) :]
    # Deliveries of other tests' notices may still land meanwhile on the shared worker.
    new_rows = [row for row in new_rows if not row["action"].startswith("notification.")]
    assert [row["action"] for row in new_rows] == ["application.redact"]
    assert new_rows[0]["actor_label"] == "retention"
    everything = json.dumps(audit_after, default=str, ensure_ascii=False)
    for value in personal + ["NGUYỄN VĂN SỬA", "bank record"]:
        assert value not in everything

    # Idempotent: a second run finds nothing more to do.
    assert services.retention_enforce() == 0


@pytest.mark.django_db
def test_erasure_request_redacts_every_application_and_anonymises_the_account(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    applicant = ApplicantFactory()
    reviewer = user_with_role(roles.REVIEWER)
    decided = application_waiting(read=False, applicant=applicant)
    services.application_request_resubmission(
        application=decided, reviewer=reviewer, customer_message="Chụp lại"
    )
    waiting = application_waiting(read=False, applicant=applicant)
    Application.objects.filter(pk=waiting.pk).update(id_number_digest="d" * 64)
    files = [
        i.file.name
        for i in DocumentImage.objects.filter(document__application__applicant=applicant)
    ]
    email = applicant.user.email

    assert services.applicant_erase(applicant=applicant, requested_by=applicant.user) == 2

    applicant.refresh_from_db()
    user = applicant.user
    assert applicant.erased_at is not None
    assert user.email == "" and not user.is_active and not user.has_usable_password()
    assert user.username == f"erased-applicant-{applicant.pk}"
    assert not any(default_storage.exists(name) for name in files)
    decided.refresh_from_db()
    waiting.refresh_from_db()
    assert decided.status == Application.Status.ABANDONED  # open request closed
    assert waiting.id_number_digest == ""
    assert Redaction.objects.filter(reason="erasure_request").count() == 2
    rows = AuditLogEntry.objects.filter(action__in=["applicant.erase", "application.redact"])
    assert rows.count() == 3
    assert all(row.actor_label == f"applicant #{applicant.pk}" for row in rows)
    assert email not in json.dumps(list(AuditLogEntry.objects.values()), default=str)
    # A second request changes nothing.
    assert services.applicant_erase(applicant=applicant, requested_by=applicant.user) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.SENIOR_REVIEWER, roles.REVIEWER, roles.AUDITOR])
def test_erasure_admin_action_only_for_roles_with_the_right(client, settings, role):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    applicant = ApplicantFactory()
    application_waiting(read=False, applicant=applicant)
    client.force_login(user_with_role(role))
    changelist = "/admin/onboarding/applicant/"
    page = client.get(changelist)
    assert page.status_code == 200
    offered = 'value="erase_selected"' in page.content.decode()
    client.post(changelist, {"action": "erase_selected", "_selected_action": [applicant.pk]})
    applicant.refresh_from_db()
    assert offered == (role == roles.SENIOR_REVIEWER)
    assert (applicant.erased_at is not None) == (role == roles.SENIOR_REVIEWER)


def test_retention_runs_periodically():
    from django.conf import settings

    from kyc_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["retention-enforce"]
    assert entry["task"] == retention_enforce.name
    assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_retention_selects_only_final_applications_past_the_period(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    fresh = timezone.now() - timedelta(days=29)
    Status = Application.Status
    cases = {
        "approved_old": (Status.APPROVED, old, old, True),
        "rejected_fresh": (Status.REJECTED, fresh, fresh, False),
        "abandoned_draft_old": (Status.ABANDONED, None, old, True),
        "expired_old": (Status.EXPIRED, None, old, True),
        "waiting_old": (Status.NEEDS_REVIEW, None, old, False),
        "resubmission_old": (Status.RESUBMISSION_REQUESTED, old, old, False),
    }
    applications = {}
    for name, (status, decided_at, updated_at, _) in cases.items():
        application = application_waiting(read=False)
        Application.objects.filter(pk=application.pk).update(
            status=status, decided_at=decided_at, updated_at=updated_at
        )
        applications[name] = application.pk
    due = set(services.retention_due_applications().values_list("pk", flat=True))
    assert due == {applications[name] for name, case in cases.items() if case[3]}
    assert services.retention_enforce() == len(due)
    assert set(Redaction.objects.values_list("application_id", flat=True)) == due
