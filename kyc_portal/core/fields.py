"""Model fields whose values are encrypted at rest (see kyc_portal/core/crypto.py)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .crypto import DecryptionError, decrypt_text, encrypt_text


class EncryptedJSONField(models.TextField):
    """A JSON value stored as an AES-GCM token. It cannot be filtered on in SQL: keep what
    must be searched (statuses, codes, keyed digests) in plain columns beside it."""

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return json.loads(decrypt_text(value))

    def to_python(self, value):
        if isinstance(value, str) and value:
            try:
                return json.loads(decrypt_text(value))
            except DecryptionError:
                return json.loads(value)  # plain JSON from a form or a fixture
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt_text(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)
