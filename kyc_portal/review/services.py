"""Staff review: claim/assign, decisions (with the optional four-eyes rule), notifications,
sensitive reads, retention and erasure.

Every function that changes state is one transaction that writes its audit row and
schedules side effects with ``transaction.on_commit``. Permissions are checked here, so that
every caller (admin, views, shell) is held to the same roles.
"""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from kyc_portal.audit.services import audit_log_record
from kyc_portal.core.queue import enqueue_on_commit
from kyc_portal.onboarding.models import (
    Applicant,
    Application,
    Consent,
    DocumentImage,
    Extraction,
    FieldCorrection,
)
from kyc_portal.onboarding.services import application_transition

from .models import Decision, Notification, Redaction, RejectReason

Status = Application.Status
Outcome = Decision.Outcome


class ReviewError(Exception):
    """A review action that is not possible in the application's current state."""


class DeliveryFailed(Exception):
    """A notification could not be delivered this time; the task retries it."""


def user_require_permission(*, user, permission: str) -> None:
    """Raise PermissionDenied unless ``user`` is active staff holding ``review.<permission>``."""
    if not (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(f"review.{permission}")
    ):
        raise PermissionDenied(f"missing permission: {permission}")


def _locked_application(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


# --- Queue: claim and assign ----------------------------------------------------------------


@transaction.atomic
def application_claim(
    *, application: Application, user, ip_address: str | None = None
) -> Application:
    """The reviewer takes the application; someone else's claim needs the assign right."""
    user_require_permission(user=user, permission="claim_application")
    locked = _locked_application(application)
    if locked.status != Status.NEEDS_REVIEW:
        raise ReviewError("only applications waiting for review can be claimed")
    if locked.assignee_id not in (None, user.pk) and not user.has_perm("review.assign_application"):
        raise ReviewError("already claimed by another reviewer")
    return _assignee_set(locked=locked, assignee=user, actor=user, ip_address=ip_address)


@transaction.atomic
def application_assign(
    *, application: Application, assignee, actor, ip_address: str | None = None
) -> Application:
    """A senior reviewer gives the application to a reviewer (or unassigns it: None)."""
    user_require_permission(user=actor, permission="assign_application")
    if assignee is not None:
        try:
            user_require_permission(user=assignee, permission="claim_application")
        except PermissionDenied as exc:
            raise ReviewError("the assignee is not a reviewer") from exc
    locked = _locked_application(application)
    return _assignee_set(locked=locked, assignee=assignee, actor=actor, ip_address=ip_address)


def _assignee_set(*, locked: Application, assignee, actor, ip_address) -> Application:
    before = locked.assignee_id
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    audit_log_record(
        action="application.assign",
        obj=locked,
        actor=actor,
        application_id=locked.pk,
        before={"assignee_id": before},
        after={"assignee_id": assignee.pk if assignee else None},
        ip_address=ip_address,
    )
    return locked


# --- Decisions ------------------------------------------------------------------------------


def _pending_first_approval(application: Application) -> Decision | None:
    """The unconfirmed first approval of the current submission, if any."""
    pending = Decision.objects.filter(
        application=application, outcome=Outcome.FIRST_APPROVAL, confirmed_by__isnull=True
    )
    if application.submitted_at:
        pending = pending.filter(created_at__gte=application.submitted_at)
    return pending.order_by("-created_at").first()


def _decision_create(
    *, application: Application, reviewer, outcome: str, ip_address: str | None, **values
) -> Decision:
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        reviewer=reviewer,
        reviewer_label=reviewer.get_username(),
        **values,
    )
    audit_log_record(
        action=f"decision.{outcome}",
        obj=decision,
        actor=reviewer,
        application_id=application.pk,
        after={
            "outcome": outcome,
            "reason_code": decision.reason_code,
            "confirms_decision_id": decision.confirms_id,
        },
        # Notes may hold personal details: the audit row only says that there was one.
        reason="note given" if decision.internal_note else "",
        ip_address=ip_address,
    )
    return decision


def _decision_final(
    *,
    application: Application,
    reviewer,
    outcome: str,
    to: str,
    reason: str,
    customer_message: str = "",
    ip_address: str | None,
    **values,
) -> Decision:
    """The decision row, the application's transition and the customer's notices: one
    sequence for approve, reject and resubmission (inside the caller's transaction)."""
    decision = _decision_create(
        application=application,
        reviewer=reviewer,
        outcome=outcome,
        customer_message=customer_message,
        ip_address=ip_address,
        **values,
    )
    application_transition(
        application=application,
        to=to,
        actor=reviewer,
        reason=f"decision #{decision.pk}{reason}",
        customer_message=customer_message,
        ip_address=ip_address,
    )
    _notifications_schedule(decision=decision)
    return decision


def _decidable(*, application: Application, reviewer) -> Application:
    user_require_permission(user=reviewer, permission="decide_application")
    locked = _locked_application(application)
    if locked.status != Status.NEEDS_REVIEW:
        raise ReviewError(f"application is {locked.status}, not waiting for review")
    # A claim is respected: only its reviewer, or someone who may assign (a senior), decides.
    if locked.assignee_id not in (None, reviewer.pk) and not reviewer.has_perm(
        "review.assign_application"
    ):
        raise ReviewError("claimed by another reviewer")
    return locked


@transaction.atomic
def application_approve(
    *, application: Application, reviewer, internal_note: str = "", ip_address: str | None = None
) -> Decision:
    """Approve. Under four-eyes the first approval only records a pending approval; a
    different reviewer with the senior right confirms it and the application is approved."""
    locked = _decidable(application=application, reviewer=reviewer)
    confirms = None
    if settings.REVIEW_FOUR_EYES:
        pending = _pending_first_approval(locked)
        if pending is None:
            return _decision_create(
                application=locked,
                reviewer=reviewer,
                outcome=Outcome.FIRST_APPROVAL,
                internal_note=internal_note,
                ip_address=ip_address,
            )
        if pending.reviewer_id == reviewer.pk:
            raise ReviewError("the second approval must come from a different reviewer")
        user_require_permission(user=reviewer, permission="confirm_approval")
        confirms = pending
    return _decision_final(
        application=locked,
        reviewer=reviewer,
        outcome=Outcome.APPROVED,
        to=Status.APPROVED,
        reason="",
        internal_note=internal_note,
        confirms=confirms,
        ip_address=ip_address,
    )


@transaction.atomic
def application_reject(
    *,
    application: Application,
    reviewer,
    reason_code: str,
    internal_note: str = "",
    ip_address: str | None = None,
) -> Decision:
    if reason_code not in RejectReason.values:
        raise ReviewError("choose a rejection reason from the list")
    locked = _decidable(application=application, reviewer=reviewer)
    return _decision_final(
        application=locked,
        reviewer=reviewer,
        outcome=Outcome.REJECTED,
        to=Status.REJECTED,
        reason=f": {reason_code}",
        reason_code=reason_code,
        internal_note=internal_note,
        ip_address=ip_address,
    )


@transaction.atomic
def application_request_resubmission(
    *,
    application: Application,
    reviewer,
    customer_message: str,
    internal_note: str = "",
    ip_address: str | None = None,
) -> Decision:
    customer_message = customer_message.strip()
    if not customer_message:
        raise ReviewError("tell the customer what to resubmit")
    locked = _decidable(application=application, reviewer=reviewer)
    return _decision_final(
        application=locked,
        reviewer=reviewer,
        outcome=Outcome.RESUBMISSION_REQUESTED,
        to=Status.RESUBMISSION_REQUESTED,
        reason="",
        customer_message=customer_message,
        internal_note=internal_note,
        ip_address=ip_address,
    )


# --- Notifications --------------------------------------------------------------------------


def _notifications_schedule(*, decision: Decision) -> None:
    from .tasks import notification_send  # tasks import services

    notices = [Notification.objects.create(decision=decision, channel=Notification.Channel.EMAIL)]
    if settings.REVIEW_WEBHOOK_URL:
        notices.append(
            Notification.objects.create(decision=decision, channel=Notification.Channel.WEBHOOK)
        )
    for notice in notices:
        enqueue_on_commit(notification_send, notice.pk)


# Longer than the whole retry chain of notification_send (30 s doubling six times ≈ 32 min),
# so the sweep only picks up notices whose task was never sent (broker down) or was lost.
NOTIFICATION_STUCK_AFTER = timedelta(hours=1)


def notifications_requeue_stuck(*, older_than: timedelta = NOTIFICATION_STUCK_AFTER) -> int:
    """Send again the notices still pending long after their decision; deliveries are
    idempotent (a sent notice is left alone) and webhooks carry a delivery id."""
    from .tasks import notification_send

    stuck = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )
    for notice_id in stuck:
        with transaction.atomic():
            enqueue_on_commit(notification_send, notice_id)
    return len(stuck)


def webhook_payload(*, decision: Decision) -> dict:
    """What the integrator receives: ids, outcome and codes; no images, no personal fields."""
    return {
        "event": "application.decided",
        "application_id": decision.application_id,
        "decision_id": decision.pk,
        "outcome": decision.outcome,
        "reason_code": decision.reason_code,
        "decided_at": decision.created_at.isoformat(),
    }


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, "<timestamp>.<body>")."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


EMAIL_SUBJECT = "Kết quả xác minh eKYC / eKYC verification result"
EMAIL_BODY = {
    Outcome.APPROVED: ("Hồ sơ của bạn đã được duyệt.\nYour application has been approved.",),
    Outcome.REJECTED: (
        "Rất tiếc, hồ sơ của bạn không được chấp nhận.\nYour application was not accepted.",
    ),
    Outcome.RESUBMISSION_REQUESTED: ("Vui lòng nộp lại giấy tờ.\nPlease resubmit your document.",),
}


def _email_text(decision: Decision) -> str:
    lines = list(EMAIL_BODY[decision.outcome])
    if decision.reason_code:
        lines.append(f"Lý do / Reason: {decision.get_reason_code_display()}")
    if decision.customer_message:
        lines.append(decision.customer_message)
    lines.append(f"Mã hồ sơ / Reference: {decision.application_id}")
    return "\n\n".join(lines)


def _deliver(notice: Notification) -> int | None:
    """Send one notification; returns the HTTP status for webhooks. Raises DeliveryFailed."""
    decision = notice.decision
    if notice.channel == Notification.Channel.EMAIL:
        address = decision.application.applicant.user.email
        if not address:
            return None
        try:
            send_mail(EMAIL_SUBJECT, _email_text(decision), None, [address])
        except OSError as exc:
            raise DeliveryFailed(f"email: {type(exc).__name__}") from exc
        return None
    if not settings.REVIEW_WEBHOOK_SECRET:
        # Never send an unsigned body: the integrator could not tell it from a forgery.
        raise DeliveryFailed("webhook: REVIEW_WEBHOOK_SECRET is not set")
    body = json.dumps(webhook_payload(decision=decision), separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-KYC-Timestamp": timestamp,
        "X-KYC-Signature": webhook_signature(
            secret=settings.REVIEW_WEBHOOK_SECRET, timestamp=timestamp, body=body
        ),
        # The receiver de-duplicates retries by this id.
        "X-KYC-Delivery": str(notice.pk),
    }
    try:
        response = requests.post(
            settings.REVIEW_WEBHOOK_URL,
            data=body,
            headers=headers,
            timeout=settings.REVIEW_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise DeliveryFailed(f"webhook: {type(exc).__name__}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"webhook: HTTP {response.status_code}", response.status_code)
    return response.status_code


def notification_deliver(*, notification_id: int, final_attempt: bool) -> Notification:
    """Deliver a pending notification once (idempotent: a sent one is left alone).

    On failure the attempt is recorded and DeliveryFailed re-raised for the task to retry;
    on the final attempt the notification is marked failed instead.
    """
    notice = Notification.objects.select_related("decision__application__applicant__user").get(
        pk=notification_id
    )
    if notice.status != Notification.Status.PENDING:
        return notice
    error = None
    http_status = None
    try:
        http_status = _deliver(notice)
    except DeliveryFailed as exc:
        error = exc
        http_status = exc.args[1] if len(exc.args) > 1 else None
    with transaction.atomic():
        notice = Notification.objects.select_for_update().get(pk=notice.pk)
        notice.attempts += 1
        notice.last_http_status = http_status
        if error is None:
            no_address = (
                notice.channel == Notification.Channel.EMAIL
                and not notice.decision.application.applicant.user.email
            )
            notice.status = Notification.Status.SKIPPED if no_address else Notification.Status.SENT
            notice.sent_at = None if no_address else timezone.now()
            notice.last_error = ""
        else:
            notice.last_error = str(error.args[0])[:255]
            if final_attempt:
                notice.status = Notification.Status.FAILED
        notice.save()
        if notice.status != Notification.Status.PENDING:
            audit_log_record(
                action=f"notification.{notice.status}",
                obj=notice,
                actor_label="system",
                application_id=notice.decision.application_id,
                after={"channel": notice.channel, "attempts": notice.attempts},
            )
    if error is not None and not final_attempt:
        raise error
    return notice


# --- Sensitive reads ------------------------------------------------------------------------


@transaction.atomic
def application_review_open(
    *, application: Application, user, ip_address: str | None = None
) -> None:
    """Record that a staff member opened the images and personal fields of an application."""
    user_require_permission(user=user, permission="view_personal_data")
    audit_log_record(
        action="application.view_personal_data",
        obj=application,
        actor=user,
        application_id=application.pk,
        ip_address=ip_address,
    )


@transaction.atomic
def document_image_open(*, image: DocumentImage, user, ip_address: str | None = None) -> bytes:
    """Read one document image for a staff member; audited. Raises FileNotFoundError after
    redaction."""
    user_require_permission(user=user, permission="view_personal_data")
    if not image.file:
        raise FileNotFoundError("image removed")
    with default_storage.open(image.file.name, "rb") as handle:
        data = handle.read()
    audit_log_record(
        action="document_image.view",
        obj=image,
        actor=user,
        application_id=image.document.application_id,
        after={"side": image.side},
        ip_address=ip_address,
    )
    return data


# --- Retention and erasure ------------------------------------------------------------------


def _extraction_skeleton(api_result: dict) -> dict:
    """The engine's answer without any value read from the document."""
    return {
        "redacted": True,
        "type": api_result.get("type", ""),
        "card_type": api_result.get("card_type", ""),
        "valid": api_result.get("valid", ""),
        "invalidCode": api_result.get("invalidCode", ""),
        "fields": {
            key: {"confidence": meta.get("confidence"), "source": meta.get("source")}
            for key, meta in (api_result.get("fields") or {}).items()
            if isinstance(meta, dict)
        },
        "checks": [
            {"code": check.get("code", ""), "result": check.get("result", "")}
            for check in (api_result.get("checks") or [])
            if isinstance(check, dict)
        ],
    }


@transaction.atomic
def application_redact(
    *,
    application: Application,
    reason: str,
    actor=None,
    actor_label: str = "",
    ip_address: str | None = None,
) -> Redaction:
    """Delete the images and blank the personal fields of one application (idempotent).

    Kept: statuses, times, decisions' outcomes and reason codes, confidences, check codes and
    the audit log. The ID number's keyed digest is kept for retention (an auditor holding the
    number can still find the record) and cleared on an erasure request.
    """
    locked = _locked_application(application)
    existing = Redaction.objects.filter(application=locked).first()
    if existing is not None:
        return existing
    images = list(DocumentImage.objects.filter(document__application=locked))
    file_names = [image.file.name for image in images if image.file]
    for image in images:
        image.file = ""
        image.save(update_fields=["file"])
    for extraction in Extraction.objects.filter(image__in=images):
        extraction.api_result = _extraction_skeleton(extraction.api_result or {})
        extraction.fields = {}
        extraction.checks = [
            {"code": c.get("code", ""), "result": c.get("result", "")}
            for c in (extraction.checks or [])
            if isinstance(c, dict)
        ]
        extraction.save(update_fields=["api_result", "fields", "checks"])
    FieldCorrection.objects.filter(document__application=locked).update(
        ocr_value="", corrected_value=""
    )
    Decision.objects.filter(application=locked).redact_notes()
    locked.customer_message = ""
    update_fields = ["customer_message", "updated_at"]
    if reason == Redaction.Reason.ERASURE_REQUEST:
        locked.id_number_digest = ""
        update_fields.append("id_number_digest")
    locked.save(update_fields=update_fields)
    redaction = Redaction.objects.create(
        application=locked, reason=reason, images_deleted=len(file_names)
    )
    audit_log_record(
        action="application.redact",
        obj=locked,
        actor=actor,
        actor_label=actor_label or ("" if actor else "retention"),
        application_id=locked.pk,
        after={"reason": reason, "images_deleted": len(file_names)},
        ip_address=ip_address,
    )
    # Files go last: if deleting fails the transaction rolls back and a later run retries;
    # deleting a file that is already gone is a no-op.
    for name in file_names:
        default_storage.delete(name)
    return redaction


RETENTION_FINAL = [Status.APPROVED, Status.REJECTED, Status.EXPIRED, Status.ABANDONED]


def retention_due_applications(*, now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)
    decided = Application.objects.filter(status__in=RETENTION_FINAL, redaction__isnull=True)
    return decided.filter(decided_at__lt=cutoff) | decided.filter(
        decided_at__isnull=True, updated_at__lt=cutoff
    )


def retention_enforce(*, now=None) -> int:
    """Redact every application whose final decision is older than RETENTION_DAYS; one
    transaction per application so one failure does not hold back the others."""
    count = 0
    for application in retention_due_applications(now=now).order_by("pk"):
        application_redact(application=application, reason=Redaction.Reason.RETENTION)
        count += 1
    return count


OPEN_STATUSES = {Status.DRAFT, Status.RESUBMISSION_REQUESTED}


@transaction.atomic
def applicant_erase(*, applicant: Applicant, requested_by, ip_address: str | None = None) -> int:
    """Honour an erasure request: open applications are abandoned, every application is
    redacted, the sign-in account is anonymised and disabled. Returns the number of
    applications redacted. ``requested_by`` is the applicant or staff with the erase right."""
    if requested_by is None or requested_by.pk != applicant.user_id:
        user_require_permission(user=requested_by, permission="erase_applicant")
    applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    if applicant.erased_at is not None:
        return 0
    by_applicant = requested_by.pk == applicant.user_id
    # An applicant's user name may be an email address: the audit log names the role only.
    label = f"applicant #{applicant.pk}" if by_applicant else ""
    audit_log_record(
        action="applicant.erase",
        obj=applicant,
        actor=requested_by,
        actor_label=label,
        after={"by": "applicant" if by_applicant else "staff"},
        ip_address=ip_address,
    )
    count = 0
    for application in applicant.applications.order_by("pk"):
        if application.status in OPEN_STATUSES:
            application_transition(
                application=application,
                to=Status.ABANDONED,
                actor=requested_by,
                actor_label=label,
                reason="erasure request",
                ip_address=ip_address,
            )
        application_redact(
            application=application,
            reason=Redaction.Reason.ERASURE_REQUEST,
            actor=requested_by,
            actor_label=label,
            ip_address=ip_address,
        )
        count += 1
    Consent.objects.filter(applicant=applicant).update(ip_address=None)
    user = get_user_model().objects.select_for_update().get(pk=applicant.user_id)
    user.username = f"erased-applicant-{applicant.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    applicant.erased_at = timezone.now()
    applicant.resume_token_hash = ""
    applicant.save(update_fields=["erased_at", "resume_token_hash"])
    return count


# --- Audit log export -----------------------------------------------------------------------


@transaction.atomic
def audit_log_export(*, user, filters: dict, ip_address: str | None = None):
    """Check the export right and record the export (filters, row count) before the rows are
    streamed. The ID number searched for is recorded only as "given"."""
    from kyc_portal.audit.selectors import audit_entries_search

    user_require_permission(user=user, permission="export_audit_log")
    entries = audit_entries_search(**filters)
    recorded = {
        key: ("given" if key == "id_number" else str(value)) for key, value in filters.items()
    }
    audit_log_record(
        action="audit_log.export",
        object_type="audit.auditlogentry",
        actor=user,
        application_id=filters.get("application_id"),
        after={"filters": recorded, "rows": entries.count()},
        ip_address=ip_address,
    )
    return entries
