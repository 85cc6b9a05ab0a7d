"""Staff decisions on applications, the customer/integrator notifications they trigger, and
the record of personal data removed by retention or erasure.

State changes go through ``services.py`` (transactional, audited); reads through
``selectors.py``.
"""

from django.conf import settings
from django.db import models


class ImmutableRecordError(Exception):
    """A decision, once written, is never changed or deleted."""


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("decisions are immutable")

    def delete(self):
        raise ImmutableRecordError("decisions are immutable")

    def redact_notes(self) -> int:
        """The only change ever made to a decision: retention blanks its free-text notes
        (which a reviewer may have filled with personal details). Outcome, reviewer, reason
        code and time stay."""
        return super().update(internal_note="", customer_message="")


class RejectReason(models.TextChoices):
    DOCUMENT_UNREADABLE = "document_unreadable", "Giấy tờ không đọc được / Document unreadable"
    DOCUMENT_EXPIRED = "document_expired", "Giấy tờ hết hạn / Document expired"
    DOCUMENT_TAMPERED = "document_tampered", "Nghi giả mạo / Suspected tampering"
    DATA_MISMATCH = "data_mismatch", "Thông tin không khớp / Data mismatch"
    DUPLICATE_IDENTITY = "duplicate_identity", "Trùng danh tính / Duplicate identity"
    NOT_ELIGIBLE = "not_eligible", "Không đủ điều kiện / Not eligible"
    OTHER = "other", "Lý do khác / Other"


class Decision(models.Model):
    """One reviewer's decision on an application. Immutable: the model refuses updates and
    deletes (``save`` on an existing row, ``delete``, queryset ``update``/``delete``)."""

    class Outcome(models.TextChoices):
        # Four-eyes: the first of the two approvals; the application stays in review.
        FIRST_APPROVAL = "first_approval", "Duyệt lần 1 / First approval"
        APPROVED = "approved", "Duyệt / Approved"
        REJECTED = "rejected", "Từ chối / Rejected"
        RESUBMISSION_REQUESTED = "resubmission_requested", "Yêu cầu nộp lại / Resubmission"

    application = models.ForeignKey(
        "onboarding.Application", on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(max_length=32, choices=Outcome.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept even if the user account is deleted later.
    reviewer_label = models.CharField(max_length=150)
    reason_code = models.CharField(max_length=32, blank=True, choices=RejectReason.choices)
    # Shown to the customer (resubmission reason); the internal note never is.
    customer_message = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    # Four-eyes: the final approval points at the first approval it confirms.
    confirms = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="confirmed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        # Role permissions (granted to groups by migration 0002_roles).
        permissions = [
            ("claim_application", "Can claim an application for review"),
            ("assign_application", "Can assign an application to any reviewer"),
            ("decide_application", "Can approve, reject or request resubmission"),
            ("confirm_approval", "Can give the second (senior) approval under four-eyes"),
            ("view_personal_data", "Can see document images and personal fields"),
            ("view_audit_history", "Can search the audit history"),
            ("export_audit_log", "Can export the audit log as CSV"),
            ("view_overview", "Can see the overview charts"),
            ("erase_applicant", "Can erase an applicant's personal data"),
        ]

    def __str__(self) -> str:
        return f"Decision #{self.pk}: {self.outcome} on application #{self.application_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ImmutableRecordError("decisions are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("decisions are immutable")


class Notification(models.Model):
    """One message about a decision to the customer (email) or the integrator (webhook),
    sent by a Celery task; its delivery status lives here."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # gave up after the last retry
        SKIPPED = "skipped", "Skipped"  # nothing to send to (no email address)

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="notifications")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # HTTP status of the last webhook attempt; the error has no personal data.
    last_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "channel"], name="one_notice_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.channel} for decision #{self.decision_id}: {self.status}"


class Redaction(models.Model):
    """Marks an application whose images and personal fields were removed."""

    class Reason(models.TextChoices):
        RETENTION = "retention", "Retention period over"
        ERASURE_REQUEST = "erasure_request", "Applicant's erasure request"

    application = models.OneToOneField(
        "onboarding.Application", on_delete=models.PROTECT, related_name="redaction"
    )
    reason = models.CharField(max_length=32, choices=Reason.choices)
    images_deleted = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Application #{self.application_id} redacted ({self.reason})"
