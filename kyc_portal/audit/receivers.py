"""Sign-in events into the audit log: failures (no password, only a keyed hash of the
user name, so repeated attempts on one account can be linked without storing it) and staff
sign-ins."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from kyc_portal.core.http import client_ip

from .services import audit_log_record


def username_digest(username: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, username.strip().lower().encode(), hashlib.sha256).hexdigest()


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")
    with transaction.atomic():
        audit_log_record(
            action="auth.login_failed",
            object_type="auth.user",
            actor_label="anonymous",
            after={"username_sha256": username_digest(username) if username else ""},
            ip_address=client_ip(request),
        )


@receiver(user_logged_in, dispatch_uid="audit_staff_login")
def audit_staff_login(sender, request, user, **kwargs):
    if not user.is_staff:
        return
    with transaction.atomic():
        audit_log_record(
            action="auth.login",
            obj=user,
            actor=user,
            ip_address=client_ip(request),
        )
