from django.contrib import admin

from .models import AuditLogEntry


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only (the database refuses changes anyway). Searching by applicant, ID number
    and reviewer, the timeline and the CSV export are on the audit history page."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id",
                    "application_id"]  # fmt: skip
    list_filter = ["action", "object_type"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor_label", "action", "object_type", "object_id",
              "application_id", "before", "after", "reason", "ip_address"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
