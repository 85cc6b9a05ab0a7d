"""Personal fields are encrypted in the database and images in storage; rotating the key
re-encrypts both and the old key can then be dropped."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from kyc_portal.core.crypto import generate_key
from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import DocumentImage, Extraction, FieldCorrection
from tests.onboarding.images import card_front

pytestmark = pytest.mark.django_db


def raw(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def read_card(applicant):
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    image = services.document_image_upload(
        document=document, side="front", data=card_front(seed=51).image_bytes
    )
    services.document_image_ocr_run(image_id=image.pk)
    return document, DocumentImage.objects.get(pk=image.pk)


def test_read_fields_corrections_and_images_are_encrypted_and_survive_a_key_rotation(
    settings, applicant_client
):
    settings.DATA_ENCRYPTION_KEYS = [generate_key()]
    applicant, _http = applicant_client("enc@example.test")
    document, image = read_card(applicant)
    extraction = Extraction.objects.get(image=image)
    id_number, name = extraction.fields["id"], extraction.fields["name"]
    assert len(id_number) == 12 and name
    services.field_corrections_apply(document=document, values={"name": "NGUYỄN THỊ SỬA"})

    stored = str(raw("SELECT api_result, fields, checks FROM onboarding_extraction"))
    stored += str(raw("SELECT ocr_value, corrected_value FROM onboarding_fieldcorrection"))
    for value in (id_number, name, "NGUYỄN THỊ SỬA"):
        assert value not in stored
    with open(image.file.path, "rb") as handle:
        on_disk = handle.read()
    assert not on_disk.startswith(b"\xff\xd8")  # not a JPEG on disk
    assert image.file.open("rb").read().startswith(b"\xff\xd8")

    old_key, new_key = settings.DATA_ENCRYPTION_KEYS[0], generate_key()
    settings.DATA_ENCRYPTION_KEYS = [new_key, old_key]
    out = StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "re-encrypted" in out.getvalue()
    settings.DATA_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    assert Extraction.objects.get(image=image).fields["id"] == id_number
    assert FieldCorrection.objects.get(document=document).corrected_value == "NGUYỄN THỊ SỬA"
    assert DocumentImage.objects.get(pk=image.pk).file.open("rb").read().startswith(b"\xff\xd8")
