"""State changes of the onboarding data. Each is one transaction that writes its audit row
and schedules side effects with ``transaction.on_commit``."""

from django.db import transaction
from django.utils import timezone

from kyc_portal.audit.services import audit_log_record

from .models import Application

Status = Application.Status

# The application's state machine: every allowed move, and nothing else.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.ABANDONED, Status.EXPIRED},
    Status.SUBMITTED: {Status.PROCESSING},
    Status.PROCESSING: {Status.NEEDS_REVIEW, Status.SUBMITTED},
    Status.NEEDS_REVIEW: {Status.APPROVED, Status.REJECTED, Status.RESUBMISSION_REQUESTED},
    Status.RESUBMISSION_REQUESTED: {Status.SUBMITTED, Status.ABANDONED, Status.EXPIRED},
    Status.APPROVED: set(),
    Status.REJECTED: set(),
    Status.EXPIRED: set(),
    Status.ABANDONED: set(),
}
DECIDED = {Status.APPROVED, Status.REJECTED, Status.RESUBMISSION_REQUESTED}


class TransitionNotAllowed(Exception):
    def __init__(self, current: str, target: str):
        super().__init__(f"application cannot go from {current} to {target}")
        self.current = current
        self.target = target


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor=None,
    actor_label: str = "",
    reason: str = "",
    customer_message: str | None = None,
    ip_address: str | None = None,
) -> Application:
    """Move ``application`` to status ``to`` if the state machine allows it; audited.

    The row is locked first, so two concurrent transitions cannot both succeed from the
    same state.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    current = locked.status
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(current, to)
    now = timezone.now()
    locked.status = to
    update_fields = ["status", "updated_at"]
    if to == Status.SUBMITTED:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    if to in DECIDED:
        locked.decided_at = now
        update_fields.append("decided_at")
    if customer_message is not None:
        locked.customer_message = customer_message
        update_fields.append("customer_message")
    locked.save(update_fields=update_fields)
    audit_log_record(
        action="application.transition",
        obj=locked,
        actor=actor,
        actor_label=actor_label,
        application_id=locked.pk,
        before={"status": current},
        after={"status": to},
        reason=reason,
        ip_address=ip_address,
    )
    application.refresh_from_db()
    return locked
