"""API keys in the admin (secret shown once, revoke action, audited changes) and the
management commands."""

from __future__ import annotations

import io
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from kyc_portal.audit.models import AuditLogEntry
from ocr.models import ApiKey
from ocr.services import api_key_authenticate, api_key_create
from tests.ocr.api.cards import assert_reads_front


@pytest.mark.django_db
def test_admin_creates_a_key_and_shows_its_secret_once(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:ocr_apikey_add"),
        {"name": "bank-b", "quota": "500", "rate_limit_per_minute": "60"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    match = re.search(r"API key (\w+) created\. .*: (\S+)$", shown[0])
    assert match, shown
    key, secret = match.groups()
    api_key = ApiKey.objects.get(key=key)
    assert (api_key.name, api_key.quota, api_key.rate_limit_per_minute) == ("bank-b", 500, 60)
    assert api_key.created_by == admin_user
    assert api_key_authenticate(key=key, secret=secret) == api_key
    assert secret not in api_key.secret_digest
    entry = AuditLogEntry.objects.get(action="api_key.create", object_id=str(api_key.pk))
    assert entry.actor == admin_user and secret not in json.dumps(entry.after)
    # The change page never shows the secret again.
    page = admin_client.get(reverse("admin:ocr_apikey_change", args=[api_key.pk]))
    assert (
        secret not in page.content.decode() and api_key.secret_digest not in page.content.decode()
    )


@pytest.mark.django_db
def test_admin_changes_limits_and_revokes_with_audit(admin_client, admin_user):
    api_key, secret = api_key_create(name="bank-c")
    admin_client.post(
        reverse("admin:ocr_apikey_change", args=[api_key.pk]),
        {"name": "bank-c", "quota": "10", "rate_limit_per_minute": ""},
    )
    api_key.refresh_from_db()
    assert api_key.quota == 10
    update = AuditLogEntry.objects.get(action="api_key.update", object_id=str(api_key.pk))
    assert update.before["quota"] is None and update.after["quota"] == 10

    admin_client.post(
        reverse("admin:ocr_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [api_key.pk]},
    )
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert api_key_authenticate(key=api_key.key, secret=secret) is None
    revoke = AuditLogEntry.objects.get(action="api_key.revoke", object_id=str(api_key.pk))
    assert revoke.actor == admin_user
    # Keys are never deleted.
    response = admin_client.post(
        reverse("admin:ocr_apikey_delete", args=[api_key.pk]), {"post": "yes"}
    )
    assert response.status_code == 403 and ApiKey.objects.filter(pk=api_key.pk).exists()


def test_ocr_extract_prints_the_engine_json_per_file(tmp_path, card_files, chip_card):
    out = StringIO()
    call_command("ocr_extract", str(card_files["front"]), str(card_files["pdf"]), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == [str(card_files["front"]), str(card_files["pdf"])]
    assert_reads_front(lines[0]["sides"][0], chip_card[0])
    assert [side["page"] for side in lines[1]["sides"]] == [1, 2]


def test_ocr_extract_reports_unreadable_files(tmp_path):
    blank = tmp_path / "blank.png"
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 200, 200)).save(buffer, "PNG")
    blank.write_bytes(buffer.getvalue())
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    out = StringIO()
    with pytest.raises(CommandError, match="2 of 2 files"):
        call_command("ocr_extract", str(blank), str(text), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["errorCode"] for line in lines] == ["1", "3"]
    with pytest.raises(CommandError):
        call_command("ocr_extract", str(tmp_path / "missing.jpg"), stdout=StringIO())
