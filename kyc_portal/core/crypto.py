"""Encryption at rest for personal fields and stored images (AES-256-GCM).

Keys come from ``DATA_ENCRYPTION_KEYS``: comma-separated, URL-safe base64 32-byte keys.
The first key encrypts; every listed key decrypts. To rotate: put a new key first, keep
the old ones after it, run ``manage.py rotate_encryption_key``, then drop the old keys.

A ciphertext is ``MAGIC | key id (8 bytes) | nonce (12 bytes) | AES-GCM(data)``; the key id
(the first bytes of the key's SHA-256) picks the key without trying them all.
"""

import base64
import hashlib
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"KYE1"
_KEY_ID_LEN = 8
_NONCE_LEN = 12


class DecryptionError(Exception):
    """The data was not encrypted by us, was altered, or its key is no longer configured."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:_KEY_ID_LEN]


@cache
def _keys(configured: tuple[str, ...]) -> tuple[tuple[bytes, AESGCM], ...]:
    keys = []
    for text in configured:
        try:
            raw = base64.urlsafe_b64decode(text.encode())
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                "DATA_ENCRYPTION_KEYS holds a key that is not base64"
            ) from exc
        if len(raw) != 32:
            raise ImproperlyConfigured("each DATA_ENCRYPTION_KEYS key must be 32 bytes")
        keys.append((_key_id(raw), AESGCM(raw)))
    if not keys:
        raise ImproperlyConfigured("DATA_ENCRYPTION_KEYS is empty")
    return tuple(keys)


def _configured_keys() -> tuple[tuple[bytes, AESGCM], ...]:
    return _keys(tuple(settings.DATA_ENCRYPTION_KEYS))


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def current_key_id() -> bytes:
    return _configured_keys()[0][0]


def encrypt_bytes(data: bytes) -> bytes:
    key_id, aead = _configured_keys()[0]
    nonce = os.urandom(_NONCE_LEN)
    return MAGIC + key_id + nonce + aead.encrypt(nonce, data, MAGIC + key_id)


def decrypt_bytes(blob: bytes) -> bytes:
    if not is_encrypted(blob):
        raise DecryptionError("not an encrypted blob")
    header = len(MAGIC)
    key_id = blob[header : header + _KEY_ID_LEN]
    nonce = blob[header + _KEY_ID_LEN : header + _KEY_ID_LEN + _NONCE_LEN]
    body = blob[header + _KEY_ID_LEN + _NONCE_LEN :]
    for candidate_id, aead in _configured_keys():
        if candidate_id == key_id:
            try:
                return aead.decrypt(nonce, body, MAGIC + key_id)
            except InvalidTag as exc:
                raise DecryptionError("ciphertext altered or wrong key") from exc
    raise DecryptionError("encrypted with a key that is not configured")


def needs_reencryption(blob: bytes) -> bool:
    header = len(MAGIC)
    return is_encrypted(blob) and blob[header : header + _KEY_ID_LEN] != current_key_id()


def encrypt_text(text: str) -> str:
    return base64.urlsafe_b64encode(encrypt_bytes(text.encode())).decode()


def is_encrypted_text(token: str) -> bool:
    try:
        return is_encrypted(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError):
        return False


def decrypt_text(token: str) -> str:
    try:
        blob = base64.urlsafe_b64decode(token.encode())
    except (ValueError, TypeError) as exc:
        raise DecryptionError("not an encrypted token") from exc
    return decrypt_bytes(blob).decode()
