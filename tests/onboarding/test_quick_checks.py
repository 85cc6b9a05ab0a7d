"""Quick checks answer at once (no queue) with what to do, and store nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import DocumentImage
from kyc_portal.onboarding.quality import MESSAGES, UploadRejected, check_upload
from ocr.synth import CARD_TYPES, generate_sample
from tests.onboarding.images import bad_photos, card_front, with_exif

pytestmark = pytest.mark.django_db


def capture_client(applicant_client, declared_type="chip_cccd"):
    applicant, http = applicant_client()
    services.document_choose(applicant=applicant, declared_type=declared_type)
    return applicant, http


def post_photo(http, data: bytes, side="front", name="photo.jpg"):
    return http.post(
        reverse("onboarding:capture", args=[side]),
        {"image": SimpleUploadedFile(name, data, "image/jpeg")},
    )


@pytest.mark.parametrize("code", list(bad_photos()))
def test_each_bad_photo_is_refused_at_once_with_what_to_do(applicant_client, code):
    _applicant, http = capture_client(applicant_client)
    response = post_photo(http, bad_photos()[code])
    assert response.status_code == 422
    assert str(MESSAGES[code]) in response.content.decode()
    assert not DocumentImage.objects.exists()


def test_missing_file_is_refused(applicant_client):
    _applicant, http = capture_client(applicant_client)
    response = http.post(reverse("onboarding:capture", args=["front"]), {})
    assert response.status_code == 422
    assert str(MESSAGES["empty"]) in response.content.decode()


def test_too_many_pixels_refused_before_decoding(settings, applicant_client):
    settings.OCR_MAX_PIXELS = 1_000_000
    _applicant, http = capture_client(applicant_client)
    response = post_photo(http, card_front().image_bytes)  # 1200 x 1600
    assert response.status_code == 422
    assert str(MESSAGES["too_many_pixels"]) in response.content.decode()


def test_too_large_file_refused(settings, applicant_client):
    settings.OCR_MAX_UPLOAD_BYTES = 50_000
    _applicant, http = capture_client(applicant_client)
    response = post_photo(http, card_front().image_bytes)
    assert response.status_code == 422
    assert str(MESSAGES["too_large_file"]) in response.content.decode()


def test_a_side_the_document_does_not_have_is_404(applicant_client):
    _applicant, http = capture_client(applicant_client, declared_type="passport")
    assert post_photo(http, card_front().image_bytes, side="back").status_code == 404
    assert post_photo(http, card_front().image_bytes, side="left").status_code == 404


def test_accepted_photo_is_reencoded_without_exif_under_our_name(applicant_client):
    _applicant, http = capture_client(applicant_client)
    response = post_photo(http, with_exif(card_front().image_bytes), name="CCCD Nguyen Van A.jpg")
    assert response.status_code == 302
    image = DocumentImage.objects.get()
    assert "Nguyen" not in image.file.name
    stored = image.file.open("rb").read()
    assert stored.startswith(b"\xff\xd8\xff")
    decoded = Image.open(io.BytesIO(stored))
    assert not decoded.getexif()
    assert image.quality["card_share"] > 0.1 and image.quality["laplacian_var"] > 25


@pytest.mark.parametrize("card_type", CARD_TYPES)
def test_synthetic_photos_of_every_card_pass_the_quick_checks(card_type):
    """The thresholds do not refuse good photos (calibration guard)."""
    for difficulty in ("easy", "medium"):
        sample = generate_sample(card_type, 3, difficulty)
        try:
            check_upload(sample.image_bytes)
        except UploadRejected as exc:  # pragma: no cover - the message is the diagnosis
            pytest.fail(f"{card_type}/{difficulty} refused: {exc.code} {exc.metrics}")
