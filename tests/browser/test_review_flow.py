"""Staff review end to end in real headless Chromium (Debian's) against the live server,
with a real Celery worker running the real OCR engine on PostgreSQL:

an applicant submits a card; a reviewer signs in to the admin, opens the queue, sees both
images with the field boxes and the fields, and requests a resubmission; the applicant
resubmits; under four-eyes the reviewer's approval is only a first approval and a senior
reviewer confirms it; an auditor finds the whole timeline by ID number and exports it.
Screenshots: test-output/screenshots/test_review_resubmit_four_eyes_and_audit/."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding.models import Application, Extraction
from kyc_portal.review import roles
from kyc_portal.review.models import Decision
from tests.browser.test_onboarding_journey import (
    attach,
    choose_document,
    confirm_and_submit,
    sign_up_and_consent,
    wait_read_then_continue,
)
from tests.onboarding.images import card_pair
from tests.review.factories import PASSWORD, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.django_db(transaction=True)]

RESUBMIT_REASON = "Ảnh mặt sau bị lóa, vui lòng chụp lại."
CORRECTED_NAME = "NGUYỄN THỊ HOA"


def staff_page(browser):
    """A desktop-sized page in its own context (own session), collecting script errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


def admin_sign_in(page, base_url: str, username: str):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#staff-links")).to_be_visible()


def capture_both_sides(page, seed: int):
    front, back = card_pair(seed=seed)
    attach(page, "front.jpg", front.image_bytes)
    page.click("#capture-submit")
    expect(page).to_have_url(re.compile(r"/onboarding/capture/back/$"))
    attach(page, "back.jpg", back.image_bytes)
    page.click("#capture-submit")
    wait_read_then_continue(page)


def test_review_resubmit_four_eyes_and_audit(
    celery_worker, live_server, browser, browser_page, screenshot, settings
):
    settings.REVIEW_FOUR_EYES = True
    base = live_server.url
    user_with_role(roles.REVIEWER, username="reviewer.lan")
    user_with_role(roles.SENIOR_REVIEWER, username="senior.minh")
    user_with_role(roles.AUDITOR, username="auditor.an")

    # 1. The applicant submits (the onboarding pages, phone-sized).
    applicant_page = browser_page
    sign_up_and_consent(applicant_page, base, "hoa@example.test")
    choose_document(applicant_page, "CCCD gắn chip (2021)")
    capture_both_sides(applicant_page, seed=41)
    confirm_and_submit(applicant_page, lambda p, step: screenshot(p, f"01-applicant-{step}"),
                       CORRECTED_NAME)  # fmt: skip
    application = Application.objects.get()
    review_url = f"{base}/admin/onboarding/application/{application.pk}/change/"

    # 2. A reviewer finds it in the queue and opens it: images, boxes, fields, correction.
    reviewer = staff_page(browser)
    admin_sign_in(reviewer, base, "reviewer.lan")
    screenshot(reviewer, "02-admin-index")
    reviewer.click("#link-queue")
    row_link = reviewer.locator(f"#result_list a[href*='/application/{application.pk}/change/']")
    expect(row_link).to_be_visible()
    screenshot(reviewer, "03-queue")
    row_link.click()
    expect(reviewer.locator("#status")).to_have_attribute("data-status", "needs_review")
    reviewer.wait_for_function(
        "() => { const imgs = [...document.querySelectorAll('img.doc-image')];"
        " return imgs.length === 2 && imgs.every(i => i.complete && i.naturalWidth > 0); }"
    )
    expect(reviewer.locator("#side-front rect.box").first).to_be_attached()
    front_fields = Extraction.objects.get(
        image__document__application=application, image__side="front",
        image__superseded_at__isnull=True,
    ).fields  # fmt: skip
    expect(reviewer.locator("#side-front tr[data-field=id] .ocr-value")).to_have_text(
        front_fields["id"]
    )
    expect(reviewer.locator("#side-front tr[data-field=name] .correction")).to_have_text(
        CORRECTED_NAME
    )
    reviewer.locator("#side-front [data-zoom-in]").click()
    expect(reviewer.locator("#side-front [data-zoom]")).to_have_attribute("data-scale", "1.50")
    screenshot(reviewer, "04-review-page-zoomed")
    reviewer.locator("#side-front [data-zoom-reset]").click()
    reviewer.click("#claim")
    expect(reviewer.locator("#assignee")).to_have_text("reviewer.lan")
    reviewer.fill("#resubmit-form textarea[name=customer_message]", RESUBMIT_REASON)
    reviewer.fill("#resubmit-form textarea[name=internal_note]", "glare on the back")
    screenshot(reviewer, "05-resubmission-form")
    reviewer.click("#resubmit")
    expect(reviewer.locator("#status")).to_have_attribute("data-status", "resubmission_requested")
    screenshot(reviewer, "06-resubmission-requested")

    # 3. The applicant sees the reason and resubmits.
    applicant_page.goto(base + "/onboarding/status/")
    expect(applicant_page.locator("body")).to_contain_text(RESUBMIT_REASON)
    screenshot(applicant_page, "07-applicant-asked-to-resubmit")
    applicant_page.click("#resubmit")
    choose_document(applicant_page, "CCCD gắn chip (2021)")
    capture_both_sides(applicant_page, seed=41)
    confirm_and_submit(applicant_page, lambda p, step: screenshot(p, f"08-resubmitted-{step}"),
                       CORRECTED_NAME)  # fmt: skip

    # 4. Four-eyes: the reviewer's approval is a first approval only.
    reviewer.goto(review_url)
    expect(reviewer.locator("#status")).to_have_attribute("data-status", "needs_review")
    reviewer.click("#approve")
    expect(reviewer.locator("#pending-approval")).to_contain_text("reviewer.lan")
    expect(reviewer.locator("#status")).to_have_attribute("data-status", "needs_review")
    screenshot(reviewer, "09-first-approval-pending")

    # 5. A senior reviewer confirms.
    senior = staff_page(browser)
    admin_sign_in(senior, base, "senior.minh")
    senior.goto(review_url)
    expect(senior.locator("#pending-approval")).to_be_visible()
    senior.click("#approve")
    expect(senior.locator("#status")).to_have_attribute("data-status", "approved")
    screenshot(senior, "10-approved-by-senior")
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    outcomes = list(
        Decision.objects.filter(application=application)
        .order_by("created_at")
        .values_list("outcome", "reviewer_label")
    )
    assert outcomes == [
        ("resubmission_requested", "reviewer.lan"),
        ("first_approval", "reviewer.lan"),
        ("approved", "senior.minh"),
    ]

    # 6. The auditor finds the whole timeline by ID number and exports it.
    auditor = staff_page(browser)
    admin_sign_in(auditor, base, "auditor.an")
    auditor.click("#link-audit")
    auditor.fill("#id_id_number", front_fields["id"])
    auditor.click("#search")
    expect(auditor.locator("#audit-entries .audit-row").first).to_be_visible()
    expect(auditor.locator("#audit-entries")).to_contain_text("decision.approved")
    screenshot(auditor, "11-audit-search")
    auditor.locator(f"#audit-entries a[href$='/timeline/{application.pk}/']").first.click()
    timeline = auditor.locator("#audit-entries")
    for action in ("application.transition", "application.view_personal_data",
                   "document_image.view", "application.assign",
                   "decision.resubmission_requested", "decision.first_approval",
                   "decision.approved"):  # fmt: skip
        expect(timeline).to_contain_text(action)
    screenshot(auditor, "12-timeline")
    with auditor.expect_download() as download_info:
        auditor.click("#export")
    exported = download_info.value
    assert exported.suggested_filename.startswith("audit-log-")
    with open(exported.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    exported_actions = [row["action"] for row in rows]
    assert exported_actions.count("decision.approved") == 1
    assert {"decision.resubmission_requested", "decision.first_approval"} <= set(exported_actions)
    expected_rows = AuditLogEntry.objects.filter(application_id=application.pk).count()
    assert len([row for row in rows if row["application_id"] == str(application.pk)]) == (
        expected_rows
    )
    export = AuditLogEntry.objects.get(action="audit_log.export")
    assert export.actor_label == "auditor.an"

    # The overview: server-rendered SVG charts (no script), counting this approval.
    auditor.goto(base + "/staff/review/overview/")
    expect(auditor.locator("svg.chart")).to_have_count(4)
    expect(auditor.locator("#total-approved")).to_have_text("1")
    expect(auditor.locator("#chart-per-day rect.series-approved").first).to_be_attached()
    screenshot(auditor, "13-overview")

    # No personal value in any URL the staff visited, no CSP violation or script error.
    for page in (reviewer, senior, auditor):
        assert front_fields["id"] not in page.url
        assert page.console_errors == []
