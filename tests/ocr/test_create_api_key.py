from io import StringIO

import pytest
from django.core.management import call_command

from kyc_portal.audit.models import AuditLogEntry
from ocr.models import ApiKey
from ocr.services import api_secret_digest


@pytest.mark.django_db
def test_create_api_key_prints_key_and_secret_once_and_stores_only_a_digest():
    out = StringIO()
    call_command("create_api_key", "bank-a", "--quota", "100", stdout=out)
    key, secret = out.getvalue().strip().split(" ")

    api_key = ApiKey.objects.get(key=key)
    assert api_key.name == "bank-a"
    assert api_key.quota == 100
    assert api_key.secret_digest == api_secret_digest(secret)
    assert secret not in api_key.secret_digest
    assert AuditLogEntry.objects.filter(action="api_key.create", object_id=str(api_key.pk)).exists()
