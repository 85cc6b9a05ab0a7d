from django.conf import settings
from django.db import models


class AuditLogEntry(models.Model):
    """One append-only row per state change or sensitive read.

    The database refuses UPDATE and DELETE on this table (triggers in migration 0002), so a
    row, once written in the same transaction as the change it records, stays as written.
    ``before``/``after`` hold field names and non-personal values (statuses, codes); personal
    values are never copied here so that retention can erase them elsewhere and keep this
    skeleton.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept even if the user is deleted later: who it was, at the time.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    # The application this row belongs to, for one applicant's timeline.
    application_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit log entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label or '-'} {self.action}"
