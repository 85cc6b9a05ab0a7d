"""Shared browser fixtures: Debian's Chromium (never a downloaded browser) driven by
Playwright's sync API, in a phone-sized context, against pytest-django's live server.

    def test_x(browser_page, live_server, screenshot):
        browser_page.goto(live_server.url + "/")
        screenshot(browser_page, "home")   # test-output/screenshots/test_x/home.png

``chromium_launch(playwright, extra_args=[...])`` starts another browser with more flags
(e.g. a fake camera).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0 Mobile Safari/537.36"
    ),
}
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def chromium_launch(playwright, extra_args=()):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = chromium_launch(playwright_instance)
    yield browser
    browser.close()


def phone_page(browser, **context_options):
    """A new phone-sized page in its own context (own cookies)."""
    context = browser.new_context(**{**PHONE, **context_options})
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Script errors and CSP violations; HTTP error statuses are the tests' own business
    # (a 422 for a refused photo is an answer, not a fault).
    page.console_errors = []
    page.on(
        "console",
        lambda msg: (
            page.console_errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


@pytest.fixture
def browser_page(browser):
    page = phone_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, step)`` saves test-output/screenshots/<test>/<step>.png."""
    folder = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, step: str, full_page: bool = True) -> Path:
        path = folder / (re.sub(r"[^\w.-]+", "_", step) + ".png")
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
