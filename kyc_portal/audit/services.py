from django.db import models, transaction

from .models import AuditLogEntry


def audit_log_record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    actor=None,
    actor_label: str = "",
    application_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    ip_address: str | None = None,
) -> AuditLogEntry:
    """Append one audit row. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if actor is not None and getattr(actor, "is_authenticated", False):
        # Customers sign in with their email: the append-only log must not keep it (it
        # could never be erased), so they are labelled by id; staff by user name.
        actor_label = actor_label or (
            actor.get_username() if actor.is_staff else f"user #{actor.pk}"
        )
    else:
        actor = None
    if not transaction.get_connection().in_atomic_block:
        # A record outside a transaction could survive a rolled-back change: refuse.
        raise RuntimeError("audit_log_record must run inside the transaction it records")
    return AuditLogEntry.objects.create(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        actor=actor,
        actor_label=actor_label[:150],
        application_id=application_id,
        before=before or {},
        after=after or {},
        reason=reason,
        ip_address=ip_address,
    )
