"""One applicant never sees another's data: every view is scoped to the signed-in user."""

import pytest
from django.urls import reverse

from kyc_portal.onboarding import services
from kyc_portal.onboarding.models import DocumentImage
from tests.onboarding.images import card_pair

pytestmark = pytest.mark.django_db


def test_two_applicants_cannot_reach_each_others_images_or_data(applicant_client):
    front, back = card_pair(seed=41)
    alice, alice_http = applicant_client("alice@example.test")
    bob, bob_http = applicant_client("bob@example.test")
    alice_doc = services.document_choose(applicant=alice, declared_type="chip_cccd")
    alice_front = services.document_image_upload(
        document=alice_doc, side="front", data=front.image_bytes, actor=alice.user
    )
    services.document_image_ocr_run(image_id=alice_front.pk)  # the real engine, in-process
    services.document_image_ocr_fail(image_id=alice_front.pk, code="unavailable")
    alice_front.refresh_from_db()
    assert alice_front.ocr_status == "done"  # a finished read is never overwritten

    bob_doc = services.document_choose(applicant=bob, declared_type="chip_cccd")
    bob_front = services.document_image_upload(
        document=bob_doc, side="front", data=back.image_bytes, actor=bob.user
    )

    # Alice sees her own photo, never cached
    own = alice_http.get(reverse("onboarding:image_file", args=[alice_front.pk]))
    assert own.status_code == 200 and "no-store" in own["Cache-Control"]
    # Bob tries Alice's image and retry URLs (and the reverse): 404 each time
    for http, image in ((bob_http, alice_front), (alice_http, bob_front)):
        assert http.get(reverse("onboarding:image_file", args=[image.pk])).status_code == 404
        retry = http.post(reverse("onboarding:image_retry", args=[image.pk]))
        assert retry.status_code == 404
    assert bob_http.get(reverse("onboarding:image_file", args=[999_999])).status_code == 404

    # Bob's pages show only Bob's document
    progress = bob_http.get(reverse("onboarding:processing_status")).content.decode()
    assert f"/onboarding/images/{alice_front.pk}/" not in progress
    bob_capture = bob_http.get(reverse("onboarding:capture", args=["front"])).content.decode()
    assert f"/onboarding/images/{bob_front.pk}/" in bob_capture
    assert f"/onboarding/images/{alice_front.pk}/" not in bob_capture
    alice_id = alice_front.extraction.fields["id"]
    assert alice_id
    for name in ("next", "processing", "status", "document"):
        page = bob_http.get(reverse(f"onboarding:{name}"), follow=True)
        assert alice_id not in page.content.decode()
    # an anonymous visitor gets nothing either
    anonymous = alice_http.__class__()
    response = anonymous.get(reverse("onboarding:image_file", args=[alice_front.pk]))
    assert response.status_code == 302
    assert DocumentImage.objects.count() == 2
