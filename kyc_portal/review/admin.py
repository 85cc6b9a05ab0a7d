"""The staff side in the Django admin: the review queue and page, decisions, notifications,
applicants (erasure). (API keys: ocr/admin.py.) Thin: every change goes through a service, which checks the
permission and writes the audit row."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from kyc_portal.core.http import client_ip
from kyc_portal.onboarding.models import (
    Applicant,
    Application,
    Consent,
    DocumentImage,
    DocumentType,
    Extraction,
)

from . import selectors, services
from .forms import ApproveForm, AssignForm, QueueSearchForm, RejectForm, ResubmissionForm
from .models import Decision, Notification, Redaction

admin.site.site_header = "eKYC — nhân viên / staff"
admin.site.site_title = "eKYC staff"
admin.site.index_title = "Quản trị / Administration"

# Session key of the queue's last ID/name search: the matching application ids, so that
# personal values never travel in a URL.
SEARCH_SESSION_KEY = "review_queue_match"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Queue filters --------------------------------------------------------------------------


class DocumentTypeFilter(admin.SimpleListFilter):
    title = "loại giấy tờ / document type"
    parameter_name = "document_type"

    def lookups(self, request, model_admin):
        return DocumentType.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(documents__declared_type=self.value()).distinct()
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = "cảnh báo / flags"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [
            ("any", "Có cảnh báo / any flag"),
            ("duplicate_id", "duplicate_id"),
            ("expired_document", "expired_document"),
            ("failed_checks", "failed_checks"),
            ("sides_mismatch", "sides_mismatch"),
            ("customer_corrections", "customer_corrections"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.exclude(flags=[])
        if self.value():
            return queryset.filter(flags__contains=[self.value()])
        return queryset


class AgeFilter(admin.SimpleListFilter):
    title = "chờ từ / waiting since"
    parameter_name = "age"
    HOURS = {"1d": 24, "3d": 72, "7d": 168}

    def lookups(self, request, model_admin):
        return [("1d", "> 1 ngày / day"), ("3d", "> 3 ngày / days"), ("7d", "> 7 ngày / days")]

    def queryset(self, request, queryset):
        hours = self.HOURS.get(self.value() or "")
        if hours:
            return queryset.filter(submitted_at__lt=timezone.now() - timedelta(hours=hours))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "người duyệt / assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("me", "Của tôi / mine"), ("none", "Chưa giao / unassigned")] + [
            (str(user.pk), user.get_username()) for user in AssignForm().fields["assignee"].queryset
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class SearchMatchFilter(admin.SimpleListFilter):
    """Applies the POSTed ID/name search kept in the session (see ``search_view``)."""

    title = "tìm kiếm / search"
    parameter_name = "match"

    def lookups(self, request, model_admin):
        return [("1", "Kết quả tìm kiếm / search results")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=request.session.get(SEARCH_SESSION_KEY, []))
        return queryset


# --- Applications: queue and review page ----------------------------------------------------


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "id", "status", "document_type", "flag_list", "waiting", "assignee", "submitted_at",
    ]  # fmt: skip
    list_filter = [
        SearchMatchFilter, "status", DocumentTypeFilter, FlagFilter, AgeFilter, AssigneeFilter,
    ]  # fmt: skip
    ordering = ["submitted_at", "id"]
    list_select_related = ["assignee"]
    actions = ["claim_selected"]
    change_list_template = "admin/onboarding/application/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # every change is a review action with its own permission

    @admin.display(description="loại / type")
    def document_type(self, obj):
        document = obj.documents.first()
        return document.get_declared_type_display() if document else "—"

    @admin.display(description="cảnh báo / flags")
    def flag_list(self, obj):
        return ", ".join(obj.flags) if obj.flags else "—"

    @admin.display(description="chờ / waiting")
    def waiting(self, obj):
        if not obj.submitted_at or obj.status != Application.Status.NEEDS_REVIEW:
            return "—"
        hours = (timezone.now() - obj.submitted_at).total_seconds() / 3600
        return f"{hours / 24:.1f} d" if hours >= 48 else f"{hours:.0f} h"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("review.claim_application"):
            actions.pop("claim_selected", None)
        return actions

    @admin.action(description="Nhận duyệt / Claim selected applications")
    def claim_selected(self, request, queryset):
        claimed = 0
        for application in queryset:
            try:
                services.application_claim(
                    application=application, user=request.user, ip_address=client_ip(request)
                )
                claimed += 1
            except services.ReviewError as exc:
                self.message_user(request, f"#{application.pk}: {exc}", messages.WARNING)
        if claimed:
            self.message_user(request, f"Đã nhận / claimed: {claimed}", messages.SUCCESS)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("search/", wrap(self.search_view), name="onboarding_application_search"),
            path("<int:pk>/decide/<str:action>/", wrap(self.decide_view),
                 name="onboarding_application_decide"),
            path("<int:pk>/claim/", wrap(self.claim_view), name="onboarding_application_claim"),
            path("<int:pk>/assign/", wrap(self.assign_view), name="onboarding_application_assign"),
            path("<int:pk>/image/<int:image_id>/", wrap(self.image_view),
                 name="onboarding_application_image"),
        ] + super().get_urls()  # fmt: skip

    def _review_url(self, pk: int) -> str:
        return reverse("admin:onboarding_application_change", args=[pk])

    def search_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = QueueSearchForm(request.POST)
        ids = selectors.application_matching_ids(text=form.data.get("text", ""))
        request.session[SEARCH_SESSION_KEY] = ids
        return HttpResponseRedirect(reverse("admin:onboarding_application_changelist") + "?match=1")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "search_form": QueueSearchForm()}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page (GET only; actions post to their own URLs)."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=object_id)
        user = request.user
        can_see_personal = user.has_perm("review.view_personal_data")
        if can_see_personal:
            services.application_review_open(
                application=application, user=user, ip_address=client_ip(request)
            )
        detail = selectors.application_review_detail(application=application)
        waiting = application.status == Application.Status.NEEDS_REVIEW
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Hồ sơ / Application #{application.pk}",
            "application": application,
            "detail": detail,
            "can_see_personal": can_see_personal,
            "can_decide": waiting and user.has_perm("review.decide_application"),
            "can_claim": waiting and user.has_perm("review.claim_application"),
            "can_assign": waiting and user.has_perm("review.assign_application"),
            "can_timeline": user.has_perm("review.view_audit_history"),
            "four_eyes": settings.REVIEW_FOUR_EYES,
            "approve_form": ApproveForm(),
            "reject_form": RejectForm(),
            "resubmission_form": ResubmissionForm(),
            "assign_form": AssignForm(initial={"assignee": application.assignee_id}),
            "redaction": Redaction.objects.filter(application=application).first(),
        }
        return TemplateResponse(request, "admin/onboarding/application/review.html", context)

    def decide_view(self, request, pk: int, action: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = get_object_or_404(Application, pk=pk)
        forms = {"approve": ApproveForm, "reject": RejectForm, "resubmit": ResubmissionForm}
        if action not in forms:
            raise Http404
        form = forms[action](request.POST)
        if not form.is_valid():
            errors = "; ".join(e for errs in form.errors.values() for e in errs)
            self.message_user(request, f"Thiếu thông tin / Missing: {errors}", messages.ERROR)
            return HttpResponseRedirect(self._review_url(pk))
        values = form.cleaned_data
        common = {"application": application, "reviewer": request.user,
                  "ip_address": client_ip(request)}  # fmt: skip
        try:
            if action == "approve":
                decision = services.application_approve(
                    internal_note=values["internal_note"], **common
                )
            elif action == "reject":
                decision = services.application_reject(
                    reason_code=values["reason_code"],
                    internal_note=values["internal_note"],
                    **common,
                )
            else:
                decision = services.application_request_resubmission(
                    customer_message=values["customer_message"],
                    internal_note=values["internal_note"],
                    **common,
                )
        except services.ReviewError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(self._review_url(pk))
        self.message_user(
            request,
            f"Đã ghi quyết định / Decision recorded: {decision.get_outcome_display()}",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._review_url(pk))

    def claim_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = get_object_or_404(Application, pk=pk)
        try:
            services.application_claim(
                application=application, user=request.user, ip_address=client_ip(request)
            )
            self.message_user(request, "Đã nhận / Claimed", messages.SUCCESS)
        except services.ReviewError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(self._review_url(pk))

    def assign_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = get_object_or_404(Application, pk=pk)
        form = AssignForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, "Người duyệt không hợp lệ / Invalid reviewer", messages.ERROR
            )
            return HttpResponseRedirect(self._review_url(pk))
        try:
            services.application_assign(
                application=application,
                assignee=form.cleaned_data["assignee"],
                actor=request.user,
                ip_address=client_ip(request),
            )
            self.message_user(request, "Đã giao / Assigned", messages.SUCCESS)
        except services.ReviewError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(self._review_url(pk))

    def image_view(self, request, pk: int, image_id: int):
        """One document image for staff only: audited, never cached, never a public URL."""
        image = get_object_or_404(
            DocumentImage.objects.select_related("document"), pk=image_id,
            document__application_id=pk,
        )  # fmt: skip
        try:
            data = services.document_image_open(
                image=image, user=request.user, ip_address=client_ip(request)
            )
        except FileNotFoundError as exc:
            raise Http404("image removed") from exc
        response = HttpResponse(data, content_type=image.content_type or "image/jpeg")
        response["Cache-Control"] = "no-store, private"
        response["Content-Disposition"] = "inline"
        return response


# --- Decisions, notifications, redactions: read-only records --------------------------------


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["id", "application", "outcome", "reviewer_label", "reason_code", "created_at"]
    list_filter = ["outcome", "reason_code"]
    fields = [
        "application", "outcome", "reviewer_label", "reason_code", "customer_message",
        "internal_note", "confirms", "created_at",
    ]  # fmt: skip


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "decision", "channel", "status", "attempts", "last_http_status",
                    "sent_at"]  # fmt: skip
    list_filter = ["channel", "status"]
    fields = ["decision", "channel", "status", "attempts", "last_http_status", "last_error",
              "created_at", "sent_at"]  # fmt: skip


@admin.register(Redaction)
class RedactionAdmin(ReadOnlyAdmin):
    list_display = ["application", "reason", "images_deleted", "created_at"]
    list_filter = ["reason"]


# --- Applicants (erasure), consents, images and extractions: metadata only ------------------


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "erased_at", "application_count"]
    fields = ["id", "created_at", "erased_at"]
    readonly_fields = fields
    actions = ["erase_selected"]

    @admin.display(description="hồ sơ / applications")
    def application_count(self, obj):
        return obj.applications.count()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("review.erase_applicant"):
            actions.pop("erase_selected", None)
        return actions

    @admin.action(description="Xoá dữ liệu cá nhân / Erase personal data (applicant's request)")
    def erase_selected(self, request, queryset):
        for applicant in queryset:
            count = services.applicant_erase(
                applicant=applicant, requested_by=request.user, ip_address=client_ip(request)
            )
            self.message_user(request, f"Applicant #{applicant.pk}: {count} application(s) erased")


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["id", "applicant", "version", "given_at", "withdrawn_at"]
    fields = ["applicant", "version", "text_sha256", "given_at", "withdrawn_at"]


@admin.register(DocumentImage)
class DocumentImageAdmin(ReadOnlyAdmin):
    """Metadata only: the image itself is shown on the audited review page."""

    list_display = ["id", "application_link", "side", "ocr_status", "size_bytes", "created_at"]
    list_filter = ["ocr_status", "side"]
    fields = ["side", "content_type", "width", "height", "size_bytes", "ocr_status",
              "ocr_attempts", "ocr_error", "created_at", "superseded_at"]  # fmt: skip

    @admin.display(description="application")
    def application_link(self, obj):
        url = reverse("admin:onboarding_application_change", args=[obj.document.application_id])
        return format_html('<a href="{}">#{}</a>', url, obj.document.application_id)


@admin.register(Extraction)
class ExtractionAdmin(ReadOnlyAdmin):
    """Metadata only: the values read are shown on the audited review page."""

    list_display = ["id", "card_type", "valid", "invalid_code", "engine_version", "elapsed_ms"]
    list_filter = ["card_type", "valid"]
    fields = ["card_type", "doc_class", "valid", "invalid_code", "engine_version", "elapsed_ms",
              "created_at"]  # fmt: skip
