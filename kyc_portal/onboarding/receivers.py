from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from kyc_portal.core.http import client_ip

from .services import sign_in_failure_record


@receiver(user_login_failed, dispatch_uid="onboarding_sign_in_failure")
def record_sign_in_failure(sender, credentials, request=None, **kwargs):
    """Every failed sign-in, whichever form it came from, counts toward the throttle."""
    username = str(credentials.get("username") or credentials.get("email") or "")
    if username:
        sign_in_failure_record(email=username, ip_address=client_ip(request))
