from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, ApiUsage
from .services import api_key_create, api_key_revoke, api_key_update


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name", "key", "quota", "used", "rate_limit_per_minute", "created_at", "revoked_at",
    )  # fmt: skip
    list_filter = ("revoked_at",)
    search_fields = ("name", "key")
    fields = ("name", "quota", "rate_limit_per_minute", "key", "used", "created_at",
              "created_by", "revoked_at")  # fmt: skip
    readonly_fields = ("key", "used", "created_at", "created_by", "revoked_at")
    actions = ("revoke_keys",)

    def has_delete_permission(self, request, obj=None):
        # Keys are revoked, never deleted: usage rows and the audit log keep pointing at them.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            api_key_update(
                api_key=obj,
                actor=request.user,
                name=obj.name,
                quota=obj.quota,
                rate_limit_per_minute=obj.rate_limit_per_minute,
            )
            return
        created, secret = api_key_create(
            name=obj.name,
            actor=request.user,
            quota=obj.quota,
            rate_limit_per_minute=obj.rate_limit_per_minute,
        )
        # The admin carries on with `obj` (log entry, redirect): make it the created row.
        for model_field in ApiKey._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(created, model_field.attname))
        obj._state.adding = False
        self.message_user(
            request,
            _("API key %(key)s created. Its secret, shown only this once: %(secret)s")
            % {"key": created.key, "secret": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke_keys(self, request, queryset):
        for api_key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(api_key=api_key, actor=request.user)
        self.message_user(request, _("Selected keys are revoked."), messages.SUCCESS)


@admin.register(ApiUsage)
class ApiUsageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at", "api_key", "endpoint", "method", "doc_class", "error_code",
        "http_status", "latency_ms",
    )  # fmt: skip
    list_filter = ("error_code", "endpoint", "doc_class")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
