"""Auditors' pages: history search, one applicant's timeline, CSV export (itself audited).

Searches are POSTed so an ID number never appears in a URL or an access log."""

import csv

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kyc_portal.core.http import client_ip
from kyc_portal.onboarding.models import Application
from kyc_portal.review.services import audit_log_export

from .forms import AuditSearchForm
from .selectors import applicant_timeline, audit_actions, audit_csv_rows, audit_entries_search

PAGE_ROWS = 200


def _require(request, permission: str) -> None:
    if not request.user.has_perm(f"review.{permission}"):
        raise PermissionDenied


def _context(request, **values) -> dict:
    return {**admin.site.each_context(request), **values}


@staff_member_required
@require_http_methods(["GET", "POST"])
def history(request):
    _require(request, "view_audit_history")
    form = AuditSearchForm(request.POST or None)
    entries = None
    if request.method == "POST" and form.is_valid():
        entries = list(audit_entries_search(**form.filters())[:PAGE_ROWS])
    return TemplateResponse(
        request,
        "admin/audit/history.html",
        _context(
            request,
            title="Lịch sử kiểm toán / Audit history",
            form=form,
            entries=entries,
            page_rows=PAGE_ROWS,
            actions=audit_actions(),
            can_export=request.user.has_perm("review.export_audit_log"),
        ),
    )


@staff_member_required
@require_POST
def export_csv(request):
    _require(request, "view_audit_history")
    form = AuditSearchForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "admin/audit/history.html",
            _context(request, title="Lịch sử kiểm toán / Audit history", form=form,
                     entries=None, actions=audit_actions()),
            status=400,
        )  # fmt: skip
    entries = audit_log_export(
        user=request.user, filters=form.filters(), ip_address=client_ip(request)
    )

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in audit_csv_rows(entries)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response


@staff_member_required
@require_GET
def timeline(request, application_id: int):
    _require(request, "view_audit_history")
    application = get_object_or_404(Application, pk=application_id)
    return TemplateResponse(
        request,
        "admin/audit/timeline.html",
        _context(
            request,
            title=f"Dòng thời gian / Timeline — applicant #{application.applicant_id}",
            application=application,
            entries=applicant_timeline(application=application),
            export_form=AuditSearchForm(initial={"applicant_id": application.applicant_id}),
            can_export=request.user.has_perm("review.export_audit_log"),
        ),
    )
