"""HTTP Basic authentication with an API key (username) and its secret (password)."""

from __future__ import annotations

import base64
import binascii

from ocr.models import ApiKey
from ocr.services import api_key_authenticate

from .envelope import ApiError


def basic_credentials(authorization: str) -> tuple[str, str] | None:
    """(key, secret) from an ``Authorization: Basic …`` header, or None."""
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    key, sep, secret = decoded.partition(":")
    if not sep or not key or not secret:
        return None
    return key, secret


def authenticate(request) -> ApiKey:
    """The request's active API key; errorCode 5 when missing, wrong or revoked."""
    credentials = basic_credentials(request.META.get("HTTP_AUTHORIZATION", ""))
    if credentials is None:
        raise ApiError("5", "no basic credentials")
    key, secret = credentials
    if len(key) > 64 or len(secret) > 256:
        raise ApiError("5", "credentials too long")
    api_key = api_key_authenticate(key=key, secret=secret)
    if api_key is None:
        raise ApiError("5", "unknown, wrong or revoked credentials")
    return api_key
