"""In the browser: a read that fails says what to do and a retake recovers; another
applicant's photo URL answers 404."""

import re

import pytest
from playwright.sync_api import expect

from kyc_portal.onboarding.models import DocumentImage
from tests.browser.conftest import phone_page
from tests.browser.test_onboarding_journey import (
    OCR_TIMEOUT_MS,
    attach,
    choose_document,
    sign_up_and_consent,
)
from tests.onboarding.images import blank_card_photo, card_front

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_failed_read_offers_retake_and_the_retake_is_read(
    celery_worker, live_server, browser_page, screenshot
):
    page = browser_page
    sign_up_and_consent(page, live_server.url, "hanh@example.test")
    choose_document(page, "Hộ chiếu")
    expect(page.locator("#capture-title")).to_have_text("Trang thông tin")
    attach(page, "blank.jpg", blank_card_photo())
    page.click("#capture-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/processing/$"))
    failed = page.locator(".ob-side[data-status=failed]")
    failed.wait_for(timeout=OCR_TIMEOUT_MS)
    expect(failed).to_contain_text("Không tìm thấy giấy tờ trong ảnh")
    expect(page.locator("#progress")).not_to_have_attribute("hx-trigger", re.compile("."))
    screenshot(page, "failed")

    page.click("[data-action=retake]")
    expect(page).to_have_url(re.compile(r"/onboarding/capture/front/$"))
    expect(page.locator("#current-image img")).to_be_visible()  # the photo sent earlier
    attach(page, "passport.jpg", card_front(seed=5, card_type="passport").image_bytes)
    page.click("#capture-submit")
    page.locator("#to-confirm, .ob-side[data-status=failed]").first.wait_for(timeout=OCR_TIMEOUT_MS)
    expect(page.locator("#to-confirm")).to_be_visible()
    screenshot(page, "retake-read")
    assert DocumentImage.objects.filter(superseded_at__isnull=False).count() == 1
    assert page.console_errors == []


def test_another_applicant_gets_404_for_my_photo(live_server, browser, browser_page):
    sign_up_and_consent(browser_page, live_server.url, "owner@example.test")
    choose_document(browser_page, "CCCD (2016)")
    attach(browser_page, "front.jpg", card_front(seed=3, card_type="cccd_front").image_bytes)
    browser_page.click("#capture-submit")
    expect(browser_page).to_have_url(re.compile(r"/onboarding/capture/back/$"))
    image = DocumentImage.objects.get()
    url = f"{live_server.url}/onboarding/images/{image.pk}/"
    assert browser_page.request.get(url).status == 200

    intruder = phone_page(browser)
    try:
        sign_up_and_consent(intruder, live_server.url, "intruder@example.test")
        assert intruder.request.get(url).status == 404
        csrf = next(c["value"] for c in intruder.context.cookies() if c["name"] == "csrftoken")
        retry = intruder.request.post(url + "retry/", headers={"X-CSRFToken": csrf})
        assert retry.status == 404
    finally:
        intruder.context.close()
