from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import charts, selectors
from .models import Decision

OUTCOME_NAMES = {str(k): str(v) for k, v in Decision.Outcome.choices}
# Hours from submission to decision, as histogram bins.
DECISION_HOUR_EDGES = [0, 1, 4, 24, 72, 168]


@staff_member_required
@require_GET
def overview(request):
    if not request.user.has_perm("review.view_overview"):
        raise PermissionDenied
    try:
        days = min(max(int(request.GET.get("days", 30)), 1), 365)
    except ValueError:
        days = 30
    figures = selectors.overview_figures(days=days)
    context = {
        **admin.site.each_context(request),
        "title": "Tổng quan / Overview",
        "days": days,
        "figures": figures,
        "outcome_names": OUTCOME_NAMES,
        "per_day_chart": charts.stacked_bars(
            title="Quyết định mỗi ngày / Decisions per day",
            labels=figures.days,
            series=figures.outcomes_per_day,
            series_names=OUTCOME_NAMES,
        ),
        "decision_time_chart": charts.histogram(
            title="Thời gian từ nộp đến quyết định / Time from submission to decision",
            values=figures.decision_hours,
            edges=DECISION_HOUR_EDGES,
            unit="h",
        ),
        "confidence_chart": charts.horizontal_bars(
            title="Độ tin cậy OCR trung bình / Mean OCR confidence",
            items=figures.confidence_by_type,
            css_class="series-confidence",
        ),
        "failure_chart": charts.horizontal_bars(
            title="Tỉ lệ kiểm tra thất bại / Check failure rate",
            items=figures.check_failure_by_type,
            css_class="series-failure",
        ),
    }
    return TemplateResponse(request, "review/overview.html", context)
