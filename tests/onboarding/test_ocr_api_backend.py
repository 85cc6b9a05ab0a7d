"""settings.OCR_BACKEND == "api": the onboarding reads through ocr.client against our own
OCR HTTP API (a live server), with a real API key."""

import pytest
from django.db import connection, transaction

from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import Extraction
from ocr.models import ApiUsage
from ocr.services import api_key_create
from tests.onboarding.images import blank_card_photo, card_front

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_reads_through_the_ocr_api_and_maps_its_errors(live_server, settings, applicant_client):
    assert connection.vendor == "postgresql"
    api_key, secret = api_key_create(name="onboarding")
    settings.OCR_BACKEND = "api"
    settings.OCR_API_URL = live_server.url
    settings.OCR_API_KEY = api_key.key
    settings.OCR_API_SECRET = secret

    applicant, _http = applicant_client("api@example.test")
    document = services.document_choose(applicant=applicant, declared_type="chip_cccd")
    # One outer transaction, rolled back at the end: the upload's on_commit never fires, so
    # the session's worker (engine backend) does not race us; the read happens here, through
    # the API served by the live server (which only needs the committed API key).
    with transaction.atomic():
        sample = card_front(seed=17)
        image = services.document_image_upload(
            document=document, side="front", data=sample.image_bytes
        )
        image = services.document_image_ocr_run(image_id=image.pk)
        assert image.ocr_status == "done"
        extraction = Extraction.objects.get(image=image)
        assert extraction.engine_version == "api"
        assert extraction.card_type == "chip_id_card_front"
        assert extraction.fields["id"]
        assert ApiUsage.objects.filter(api_key=api_key, error_code="0").count() == 1

        # errorCode 1 from the API ends as the same customer-facing failure as the engine's
        blank = services.document_image_upload(
            document=document, side="back", data=blank_card_photo()
        )
        blank = services.document_image_ocr_run(image_id=blank.pk)
        assert (blank.ocr_status, blank.ocr_error) == ("failed", "no_document")
        transaction.set_rollback(True)
    assert not Extraction.objects.exists()
