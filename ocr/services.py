import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from kyc_portal.audit.services import audit_log_record

from .models import ApiKey, ApiUsage


def api_secret_digest(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    name: str,
    actor=None,
    quota: int | None = None,
    rate_limit_per_minute: int | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; returns it with its secret, which is never retrievable again."""
    secret = secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        name=name,
        key=secrets.token_hex(16),
        secret_digest=api_secret_digest(secret),
        quota=quota,
        rate_limit_per_minute=rate_limit_per_minute,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log_record(
        action="api_key.create",
        obj=api_key,
        actor=actor,
        actor_label="" if actor else "system",
        after={"name": name, "quota": quota, "rate_limit_per_minute": rate_limit_per_minute},
    )
    return api_key, secret


@transaction.atomic
def api_key_update(
    *,
    api_key: ApiKey,
    actor=None,
    name: str,
    quota: int | None,
    rate_limit_per_minute: int | None,
) -> ApiKey:
    """Change a key's name, quota or rate limit (never its secret)."""
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    before = {
        "name": api_key.name,
        "quota": api_key.quota,
        "rate_limit_per_minute": api_key.rate_limit_per_minute,
    }
    after = {"name": name, "quota": quota, "rate_limit_per_minute": rate_limit_per_minute}
    if before == after:
        return api_key
    ApiKey.objects.filter(pk=api_key.pk).update(**after)
    audit_log_record(
        action="api_key.update",
        obj=api_key,
        actor=actor,
        actor_label="" if actor else "system",
        before=before,
        after=after,
    )
    api_key.refresh_from_db()
    return api_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor=None, reason: str = "") -> ApiKey:
    """Revoke a key: every later request with it is refused (errorCode 5). Idempotent."""
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    audit_log_record(
        action="api_key.revoke",
        obj=api_key,
        actor=actor,
        actor_label="" if actor else "system",
        before={"revoked_at": None},
        after={"revoked_at": api_key.revoked_at.isoformat()},
        reason=reason,
    )
    return api_key


def api_key_authenticate(*, key: str, secret: str) -> ApiKey | None:
    """The active key with this id and secret, or None (wrong, unknown or revoked)."""
    api_key = ApiKey.objects.filter(key=key).first()
    # Compare a digest even for an unknown key so that timing does not tell keys apart.
    expected = api_key.secret_digest if api_key else "0" * 64
    matches = hmac.compare_digest(expected, api_secret_digest(secret))
    if api_key is None or not matches or api_key.revoked_at is not None:
        return None
    return api_key


def api_key_rate_limit_take(*, api_key: ApiKey) -> bool:
    """Count one request in the key's current one-minute window; False when it is full.

    One conditional UPDATE: the database serialises concurrent requests from every server
    process (PostgreSQL re-checks the WHERE clause after a concurrent update)."""
    limit = api_key.rate_limit_per_minute
    if not limit:
        return True
    window = timezone.now().replace(second=0, microsecond=0)
    taken = (
        ApiKey.objects.filter(pk=api_key.pk)
        .filter(
            Q(rate_window_start__isnull=True)
            | ~Q(rate_window_start=window)
            | Q(rate_window_count__lt=limit)
        )
        .update(
            # SET expressions read the row's old values: a new window starts at 1.
            rate_window_count=Case(
                When(rate_window_start=window, then=F("rate_window_count") + 1),
                default=Value(1),
            ),
            rate_window_start=window,
        )
    )
    return taken == 1


def api_key_quota_reserve(*, api_key: ApiKey) -> bool:
    """Reserve one request of the key's quota; False when it is spent. A reservation is
    given back (``api_key_quota_release``) when the request does not succeed, since the
    quota counts successful reads only."""
    if api_key.quota is None:
        return True
    taken = (
        ApiKey.objects.filter(pk=api_key.pk)
        .filter(Q(quota__isnull=True) | Q(used__lt=F("quota")))
        .update(used=F("used") + 1)
    )
    return taken == 1


def api_key_quota_release(*, api_key: ApiKey) -> None:
    if api_key.quota is None:
        return
    ApiKey.objects.filter(pk=api_key.pk, used__gt=0).update(used=F("used") - 1)


def api_key_count_success(*, api_key: ApiKey) -> None:
    """Count a successful read for a key without a quota (the quota path counts on reserve)."""
    if api_key.quota is None:
        ApiKey.objects.filter(pk=api_key.pk).update(used=F("used") + 1)


def api_usage_record(
    *,
    api_key: ApiKey | None,
    endpoint: str,
    method: str,
    doc_class: str,
    error_code: str,
    http_status: int,
    latency_ms: int,
) -> ApiUsage:
    """One usage row per request: no image, no URL, no personal data."""
    return ApiUsage.objects.create(
        api_key=api_key,
        endpoint=endpoint[:64],
        method=method[:8],
        doc_class=doc_class[:32],
        error_code=error_code,
        http_status=http_status,
        latency_ms=max(0, int(latency_ms)),
    )
