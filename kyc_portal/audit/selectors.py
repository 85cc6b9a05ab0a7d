"""Reads of the audit log for auditors: search, one applicant's timeline, CSV rows."""

import json
from datetime import date

from django.db.models import Q, QuerySet

from kyc_portal.onboarding.models import Application

from .models import AuditLogEntry

CSV_COLUMNS = [
    "id", "created_at", "actor_label", "action", "object_type", "object_id", "application_id",
    "before", "after", "reason", "ip_address",
]  # fmt: skip


def _applicant_rows(applicant_ids) -> Q:
    return Q(object_type="onboarding.applicant", object_id__in=[str(i) for i in applicant_ids])


def audit_entries_search(
    *,
    applicant_id: int | None = None,
    application_id: int | None = None,
    id_number: str = "",
    reviewer: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditLogEntry]:
    """Entries matching every given filter, newest first."""
    from kyc_portal.review.selectors import application_matching_ids

    entries = AuditLogEntry.objects.all()
    if applicant_id is not None:
        ids = Application.objects.filter(applicant_id=applicant_id).values_list("pk", flat=True)
        entries = entries.filter(Q(application_id__in=list(ids)) | _applicant_rows([applicant_id]))
    if application_id is not None:
        entries = entries.filter(application_id=application_id)
    if id_number.strip():
        entries = entries.filter(application_id__in=application_matching_ids(text=id_number))
    if reviewer.strip():
        name = reviewer.strip()
        entries = entries.filter(Q(actor_label__iexact=name) | Q(actor__username__iexact=name))
    if action.strip():
        entries = entries.filter(action__startswith=action.strip())
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries.order_by("-created_at", "-id")


def applicant_timeline(*, application: Application) -> QuerySet[AuditLogEntry]:
    """Everything recorded about the applicant of ``application`` (all their applications
    and the applicant itself), oldest first."""
    ids = list(
        Application.objects.filter(applicant_id=application.applicant_id).values_list(
            "pk", flat=True
        )
    )
    return AuditLogEntry.objects.filter(
        Q(application_id__in=ids) | _applicant_rows([application.applicant_id])
    ).order_by("created_at", "id")


def audit_actions() -> list[str]:
    return list(
        AuditLogEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    )


def _cell(value) -> str:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = "" if value is None else str(value)
    # Spreadsheets run cells starting with these as formulas (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv_rows(entries: QuerySet[AuditLogEntry]):
    yield CSV_COLUMNS
    for entry in entries.iterator(chunk_size=500):
        yield [
            _cell(
                entry.created_at.isoformat() if column == "created_at" else getattr(entry, column)
            )
            for column in CSV_COLUMNS
        ]
