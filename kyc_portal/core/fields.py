"""Model fields whose values are encrypted at rest (see kyc_portal/core/crypto.py).

They cannot be filtered on in SQL: keep what must be searched (statuses, codes, keyed
digests) in plain columns beside them. Values written before a column became encrypted
(plain text) are still read, and are encrypted on their next save
(``manage.py rotate_encryption_key`` rewrites them all).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .crypto import decrypt_text, encrypt_text, is_encrypted_text


def _decrypt_or_plain(value: str) -> str:
    # A token that is ours must decrypt (DecryptionError otherwise: never shown as text).
    return decrypt_text(value) if is_encrypted_text(value) else value


class EncryptedTextField(models.TextField):
    description = "text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return _decrypt_or_plain(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)


class EncryptedJSONField(models.TextField):
    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return json.loads(_decrypt_or_plain(value))

    def to_python(self, value):
        if isinstance(value, str) and value:
            return json.loads(_decrypt_or_plain(value))
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt_text(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)
