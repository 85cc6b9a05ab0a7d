from django.db.models import Count, QuerySet

from .models import ApiKey, ApiUsage


def api_key_list() -> QuerySet[ApiKey]:
    return ApiKey.objects.order_by("-created_at")


def api_usage_summary(*, api_key: ApiKey) -> dict[str, int]:
    """Requests of a key by errorCode."""
    rows = (
        ApiUsage.objects.filter(api_key=api_key)
        .values("error_code")
        .annotate(n=Count("id"))
        .order_by("error_code")
    )
    return {row["error_code"]: row["n"] for row in rows}
