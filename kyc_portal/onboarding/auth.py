"""Sign-in throttling for every sign-in form (customers' and the staff admin's)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from kyc_portal.core.http import client_ip

from .selectors import sign_in_throttled


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing every attempt (even with the right password) while the
    user name or the address has too many recent failures (selectors.sign_in_throttled).
    Failures are recorded by the ``user_login_failed`` receiver (receivers.py)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._user_model().USERNAME_FIELD)
        if username and sign_in_throttled(email=username, ip_address=client_ip(request)):
            # PermissionDenied stops authenticate() at once and still signals the failure.
            raise PermissionDenied("too many failed sign-ins")
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
