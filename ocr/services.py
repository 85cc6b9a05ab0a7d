import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction

from kyc_portal.audit.services import audit_log_record

from .models import ApiKey


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
