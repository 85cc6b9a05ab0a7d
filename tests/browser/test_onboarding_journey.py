"""The customer's journey in real headless Chromium (Debian's), phone-sized, against the live
server, with a real Celery worker running the real OCR engine on PostgreSQL."""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kyc_portal.onboarding.models import Application, DocumentImage, FieldCorrection
from ocr.synth import write_y4m_video
from tests.browser.conftest import SCREENSHOT_DIR, chromium_launch, phone_page
from tests.onboarding.images import bad_photos, card_pair

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

PASSWORD = "Chụp-ảnh-2026!"
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
OCR_TIMEOUT_MS = 180_000


def sign_up_and_consent(page, base_url: str, email: str, screenshot=None):
    page.goto(base_url + "/")
    if screenshot:
        screenshot(page, "01-home")
    page.click("#home-start")
    expect(page.locator("h1")).to_contain_text("Xác minh danh tính")
    if screenshot:
        screenshot(page, "02-start")
    page.click("#start-sign-up")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_again]", PASSWORD)
    page.click("#sign-up-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/consent/$"))
    if screenshot:
        screenshot(page, "03-consent")
    page.check("input[name=agree]")
    page.click("#consent-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/document/$"))


def choose_document(page, label: str, screenshot=None):
    page.get_by_label(label).check()
    if screenshot:
        screenshot(page, "04-document")
    page.click("#document-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/capture/front/$"))


def attach(page, name: str, data: bytes, mime="image/jpeg"):
    page.set_input_files("#id_image", files=[{"name": name, "mimeType": mime, "buffer": data}])
    expect(page.locator("#preview")).to_be_visible()


def wait_read_then_continue(page):
    """Wait until both sides are read (or one failed: then fail now, with its message)."""
    page.locator("#to-confirm, .ob-side[data-status=failed]").first.wait_for(timeout=OCR_TIMEOUT_MS)
    failed = page.locator(".ob-side[data-status=failed]")
    assert failed.count() == 0, failed.first.inner_text()
    page.click("#to-confirm")


def confirm_and_submit(page, screenshot, corrected_name: str):
    expect(page).to_have_url(re.compile(r"/onboarding/confirm/$"))
    expect(page.locator("#field_id")).not_to_have_value("")
    screenshot(page, "09-confirm")
    page.fill("#field_name", corrected_name)
    page.click("#confirm-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/status/$"))
    # the status page polls (htmx) until the server-side checks are done
    expect(page.locator("#application-status")).to_have_attribute(
        "data-status", "needs_review", timeout=60_000
    )
    screenshot(page, "10-status")


def test_journey_with_file_upload(celery_worker, live_server, browser_page, screenshot):
    page = browser_page
    front, back = card_pair(seed=21)
    sign_up_and_consent(page, live_server.url, "mai@example.test", screenshot)
    choose_document(page, "CCCD gắn chip (2021)", screenshot)
    screenshot(page, "05-capture-front")

    # a quick check answers at once, before any queue, and nothing is stored
    attach(page, "blurry.jpg", bad_photos()["too_blurry"])
    page.click("#capture-submit")
    expect(page.locator("#capture-error")).to_contain_text("Ảnh bị mờ")
    expect(page.locator("#retake")).to_be_hidden()  # a fresh page: nothing to retake yet
    screenshot(page, "06-quick-check-blurry")
    assert not DocumentImage.objects.exists()

    attach(page, "front.jpg", front.image_bytes)
    screenshot(page, "07-preview-front")
    page.click("#capture-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/capture/back/$"))
    expect(page.locator("#capture-title")).to_have_text("Mặt sau")
    attach(page, "back.jpg", back.image_bytes)
    page.click("#capture-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/processing/$"))
    screenshot(page, "08-processing")
    # htmx polls the fragment every second and the link appears when both sides are read
    wait_read_then_continue(page)
    confirm_and_submit(page, screenshot, "NGUYỄN THỊ MAI")

    application = Application.objects.get()
    assert application.status == "needs_review"
    assert FieldCorrection.objects.get(field="name").corrected_value == "NGUYỄN THỊ MAI"
    # the photos are served only to their owner, never cached
    image = DocumentImage.objects.filter(side="front").get()
    response = page.request.get(f"{live_server.url}/onboarding/images/{image.pk}/")
    assert response.status == 200 and "no-store" in response.headers["cache-control"]
    assert page.console_errors == []  # no CSP violation, no script error

    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for step in ("02-start", "03-consent", "04-document", "06-quick-check-blurry",
                 "07-preview-front", "08-processing", "09-confirm", "10-status"):  # fmt: skip
        shutil.copy(
            SCREENSHOT_DIR / "test_journey_with_file_upload" / f"{step}.png",
            DOCS_SCREENSHOTS / f"journey-{step}.png",
        )


def test_journey_with_camera_capture(celery_worker, live_server, playwright_instance, screenshot,
                                     tmp_path):  # fmt: skip
    front, back = card_pair(seed=33)
    video = tmp_path / "card.y4m"
    write_y4m_video(video, front, seconds=1, fps=5, size=(1280, 720), seed=33)
    browser = chromium_launch(
        playwright_instance,
        [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        page = phone_page(browser, permissions=["camera"])
        sign_up_and_consent(page, live_server.url, "khoa@example.test")
        choose_document(page, "CCCD gắn chip (2021)")
        page.click("#camera-open")
        expect(page.locator("#camera")).to_be_visible()
        expect(page.locator("#capture-form")).to_have_attribute("data-camera", "ready")
        screenshot(page, "camera-open")
        page.click("#camera-shoot")
        expect(page.locator("#preview")).to_be_visible()
        screenshot(page, "camera-preview")
        page.click("#capture-submit")
        expect(page).to_have_url(re.compile(r"/onboarding/capture/back/$"))
        image = DocumentImage.objects.get(side="front")
        assert (image.width, image.height) == (1280, 720)  # the camera's still, as JPEG
        assert image.quality["card_share"] > 0
        attach(page, "back.jpg", back.image_bytes)
        page.click("#capture-submit")
        wait_read_then_continue(page)
        confirm_and_submit(page, screenshot, "TRẦN VĂN KHOA")
        assert page.console_errors == []
        shutil.copy(
            SCREENSHOT_DIR / "test_journey_with_camera_capture" / "camera-open.png",
            DOCS_SCREENSHOTS / "journey-05-camera.png",
        )
    finally:
        browser.close()
