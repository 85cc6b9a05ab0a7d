"""Every error code of the contract, each produced by a real request to the live server; the
server stays healthy afterwards."""

from __future__ import annotations

import base64
import io
import json
import threading
import time

import pytest
import requests
from PIL import Image

from ocr.api.pool import ocr_pool
from ocr.models import ApiKey, ApiUsage
from ocr.services import api_key_create, api_key_revoke
from ocr.synth import make_pdf
from tests.ocr.api.cards import assert_reads_front
from tests.ocr.api.servers import LocalServer, Routes, drip, endless

pytestmark = pytest.mark.live

OCR = "/backend/api/v1/request/ocr"


def call(live_server, method, endpoint, auth=None, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", 60)
    return requests.request(method, f"{live_server.url}{OCR}/{endpoint}", auth=auth, **kwargs)


def assert_error(response, code: str, status: int) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert body["errorCode"] == code, body
    assert body["data"] == {} and body["fields"] == {} and body["checks"] == []
    assert body["request_id"] and isinstance(body["elapsed_ms"], int)
    text = response.text
    assert "Traceback" not in text and "/work/" not in text and ".py" not in text
    return body


def png_bytes(size=(64, 40), mode="RGB", color="white") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


# --- 5: credentials ------------------------------------------------------------------------


def test_no_credentials_is_error_5_with_basic_challenge(live_server, card_files):
    response = call(
        live_server, "POST", "cmt/get_mattruoc", files={"image": card_files["front"].open("rb")}
    )
    assert_error(response, "5", 401)
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_wrong_secret_is_error_5(live_server, api_client_key):
    key, _secret = api_client_key
    response = call(live_server, "GET", "cmt/get_mattruoc?url=x", auth=(key, "wrong"))
    assert_error(response, "5", 401)


def test_revoked_key_is_error_5_and_revocation_is_audited(live_server, api_client_key):
    from kyc_portal.audit.models import AuditLogEntry

    key, secret = api_client_key
    api_key = ApiKey.objects.get(key=key)
    # Before revocation the key works (a missing parameter is a 6, not a 5).
    assert_error(call(live_server, "GET", "cmt/get_mattruoc", auth=(key, secret)), "6", 400)
    api_key_revoke(api_key=api_key, reason="test")
    assert_error(call(live_server, "GET", "cmt/get_mattruoc", auth=(key, secret)), "5", 401)
    assert AuditLogEntry.objects.filter(action="api_key.revoke", object_id=str(api_key.pk)).exists()


# --- 4: quota and rate limit ---------------------------------------------------------------


def test_quota_counts_successful_reads_and_is_error_4_when_spent(
    live_server, transactional_db, card_files
):
    api_key, secret = api_key_create(name="quota", quota=1)
    auth = (api_key.key, secret)
    # A failed request does not use the quota...
    assert_error(call(live_server, "POST", "cmt/get_mattruocbase64", auth=auth, json={}), "6", 400)
    front = {"image": card_files["front"].open("rb")}
    assert (
        call(live_server, "POST", "cmt/get_mattruoc", auth=auth, files=front).json()["errorCode"]
        == "0"
    )
    # ...a successful one does.
    front = {"image": card_files["front"].open("rb")}
    response = call(live_server, "POST", "cmt/get_mattruoc", auth=auth, files=front)
    assert_error(response, "4", 429)
    api_key.refresh_from_db()
    assert api_key.used == 1


def test_rate_limit_per_minute_is_error_4(live_server, transactional_db):
    if time.localtime().tm_sec >= 50:  # keep the three requests in one minute window
        time.sleep(61 - time.localtime().tm_sec)
    api_key, secret = api_key_create(name="rate", rate_limit_per_minute=2)
    auth = (api_key.key, secret)
    codes = [
        call(live_server, "GET", "cmt/get_mattruoc", auth=auth).json()["errorCode"]
        for _ in range(2)
    ]
    assert codes == ["6", "6"]
    response = call(live_server, "GET", "cmt/get_mattruoc", auth=auth)
    assert_error(response, "4", 429)
    assert response.headers["Retry-After"]


# --- 6: parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, endpoint, kwargs",
    [
        ("GET", "cmt/get_mattruoc", {}),
        ("GET", "cmt/get_haimat?mattruoc=http://example.com/a.jpg", {}),
        ("POST", "cmt/get_matsau", {"files": {"other": b"x"}}),
        ("POST", "cmt/get_haimat", {"files": {"mattruoc": b"x"}}),
        ("POST", "v1/get_infor", {"data": {"file": "not a file"}}),
        (
            "POST",
            "cmt/get_infor_all",
            {"data": b"image=1", "headers": {"Content-Type": "text/plain"}},
        ),
        ("POST", "cmt/get_infor_allbase64", {"json": {}}),
        ("POST", "cmt/get_haimatbase64", {"json": {"mattruoc": "aGVsbG8="}}),
        ("POST", "cmt/get_mattruocbase64", {"json": {"image": 12}}),
        ("POST", "cmt/get_mattruocbase64", {"json": ["image"]}),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_missing_or_malformed_parameter_is_error_6(
    live_server, api_client_key, method, endpoint, kwargs
):
    assert_error(call(live_server, method, endpoint, auth=api_client_key, **kwargs), "6", 400)


def test_malformed_json_is_error_6(live_server, api_client_key):
    response = call(
        live_server,
        "POST",
        "cmt/get_mattruocbase64",
        auth=api_client_key,
        data=b'{"image": "iVBOR',
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, "6", 400)


@pytest.mark.parametrize(
    "payload", ["not base64 at all!", "QUJD$$", "A", "data:image/png;base64,@@"]
)
def test_bad_base64_is_error_6(live_server, api_client_key, payload):
    response = call(
        live_server, "POST", "cmt/get_infor_allbase64", auth=api_client_key, json={"image": payload}
    )
    assert_error(response, "6", 400)


def test_wrong_method_is_405_with_allow(live_server, api_client_key):
    response = call(live_server, "GET", "cmt/get_mattruocbase64", auth=api_client_key)
    assert_error(response, "6", 405)
    assert response.headers["Allow"] == "POST"


# --- 3: not an image, too large ------------------------------------------------------------


def test_not_an_image_is_error_3(live_server, api_client_key):
    files = {"image": ("card.jpg", b"%!PS-Adobe this is not an image", "image/jpeg")}
    assert_error(
        call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files), "3", 400
    )
    truncated = png_bytes()[:40]
    files = {"image": ("card.png", truncated, "image/png")}
    assert_error(
        call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files), "3", 400
    )
    # A PDF is not accepted where an image side is expected.
    files = {"image": ("card.pdf", make_pdf([Image.new("RGB", (50, 30))]), "application/pdf")}
    assert_error(
        call(live_server, "POST", "cmt/get_mattruoc", auth=api_client_key, files=files), "3", 400
    )


def test_too_many_pixels_is_error_3(live_server, api_client_key, settings):
    big = png_bytes(size=(8000, 6000), mode="1")  # 48 megapixels in a few kB
    assert len(big) < 200_000
    started = time.monotonic()
    response = call(
        live_server,
        "POST",
        "cmt/get_infor_allbase64",
        auth=api_client_key,
        json={"image": base64.b64encode(big).decode()},
    )
    assert_error(response, "3", 400)
    assert time.monotonic() - started < 5, "refused from the header, without decoding"


def test_too_many_pdf_pages_is_error_3(live_server, api_client_key, settings):
    pages = [Image.new("RGB", (40, 25), "white") for _ in range(settings.OCR_MAX_PDF_PAGES + 1)]
    files = {"file": ("many.pdf", make_pdf(pages), "application/pdf")}
    assert_error(
        call(live_server, "POST", "v1/get_infor", auth=api_client_key, files=files), "3", 400
    )


def test_too_large_body_is_error_3(live_server, api_client_key, settings):
    limit = settings.OCR_MAX_UPLOAD_BYTES
    files = {"image": ("big.jpg", b"\xff\xd8\xff" + b"\0" * (limit + 1), "image/jpeg")}
    assert_error(
        call(live_server, "POST", "cmt/get_mattruoc", auth=api_client_key, files=files), "3", 400
    )
    # One file under the limit, but the body of a one-file endpoint far over it.
    files = {"image": ("a.jpg", b"\xff\xd8\xff\0", "image/jpeg"), "pad": ("p", b"\0" * (2 * limit))}
    assert_error(
        call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files), "3", 400
    )
    # A base64 payload that decodes to more than the limit.
    payload = base64.encodebytes(b"\xff\xd8\xff" + b"\0" * (limit + 10)).decode()
    response = call(
        live_server, "POST", "cmt/get_mattruocbase64", auth=api_client_key, json={"image": payload}
    )
    assert_error(response, "3", 400)


# --- 1: no document ----------------------------------------------------------------------


def test_image_without_document_is_error_1(live_server, api_client_key):
    blank = png_bytes(size=(900, 600), color=(200, 200, 200))
    files = {"image": ("blank.png", blank, "image/png")}
    assert_error(
        call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files), "1", 422
    )


# --- 2: URLs ---------------------------------------------------------------------------------


@pytest.fixture
def url_server(chip_card):
    """A local server with an image, redirects, a drip feed and an endless body."""
    front, _back = chip_card
    routes = Routes()
    routes.file("/front.jpg", front.image_bytes, "image/jpeg")
    routes.file("/page.html", b"<html>not an image</html>" * 10, "image/jpeg")
    routes.add("/drip.png", drip())
    routes.add("/endless.jpg", endless())
    with LocalServer(routes) as server:
        routes.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
        routes.redirect("/to-ipv6-loopback", f"http://[::1]:{server.port}/front.jpg")
        routes.redirect("/to-private", "http://10.1.2.3/front.jpg")
        routes.redirect("/hop1", "/hop2")
        routes.redirect("/hop2", "/hop3")
        routes.redirect("/hop3", "/hop4")
        routes.redirect("/hop4", "/front.jpg")
        routes.redirect("/two-hops", "/hop3")
        yield server


def url_error(live_server, auth, url) -> requests.Response:
    return call(live_server, "GET", f"cmt/get_infor_all?url={url}", auth=auth)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/front.jpg",
        "http://localhost:{port}/front.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/front.jpg",
        "http://[::ffff:127.0.0.1]:{port}/front.jpg",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.64.0.1/a.jpg",
        "http://10.0.0.1/a.jpg",
        "http://0.0.0.0:{port}/front.jpg",
        "http://2130706433:{port}/front.jpg",
        "ftp://127.0.0.1/front.jpg",
        "file:///etc/passwd",
        "http://user:pw@example.com/a.jpg",
        "not a url",
    ],
)
def test_url_to_a_private_address_or_bad_scheme_is_refused_with_error_2(
    live_server, api_client_key, url_server, settings, url
):
    settings.OCR_URL_ALLOWLIST = []
    url = url.format(port=url_server.port)
    assert_error(url_error(live_server, api_client_key, url), "2", 400)
    assert url_server.routes.hits == [], "nothing was fetched"


@pytest.mark.parametrize(
    "path", ["/to-metadata", "/to-ipv6-loopback", "/to-private", "/hop1", "/page.html", "/nope"]
)
def test_redirect_to_private_address_too_many_redirects_or_non_image_is_error_2(
    live_server, api_client_key, url_server, settings, path
):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"]
    assert_error(url_error(live_server, api_client_key, f"{url_server.base}{path}"), "2", 400)
    assert url_server.routes.hits[0] == path


def test_host_name_in_the_allowlist_allows_its_addresses(
    live_server, api_client_key, url_server, settings, chip_card
):
    settings.OCR_URL_ALLOWLIST = ["localhost"]
    url = f"http://localhost:{url_server.port}/front.jpg"
    response = url_error(live_server, api_client_key, url)
    assert response.json()["errorCode"] == "0"
    assert_reads_front(response.json(), chip_card[0])


def test_redirects_within_the_limit_are_followed(
    live_server, api_client_key, url_server, settings, chip_card
):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.0/8"]
    response = url_error(live_server, api_client_key, f"{url_server.base}/two-hops")
    assert response.json()["errorCode"] == "0"
    assert_reads_front(response.json(), chip_card[0])
    assert url_server.routes.hits == ["/two-hops", "/hop3", "/hop4", "/front.jpg"]


def test_unreachable_host_is_error_2(live_server, api_client_key, settings, url_server):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1", "10.255.255.1"]
    settings.OCR_URL_CONNECT_TIMEOUT = 1.0
    closed = LocalServer(Routes())
    closed.httpd.server_close()  # a port nobody listens on
    for url in (
        f"http://127.0.0.1:{closed.port}/a.jpg",
        "http://no-such-host.invalid/a.jpg",
        "http://10.255.255.1/a.jpg",  # blackholed: the connect timeout applies
    ):
        started = time.monotonic()
        assert_error(url_error(live_server, api_client_key, url), "2", 400)
        assert time.monotonic() - started < 5


def test_slow_drip_server_is_cut_at_the_total_timeout_with_error_2(
    live_server, api_client_key, url_server, settings
):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"]
    settings.OCR_URL_TOTAL_TIMEOUT = 2.0
    started = time.monotonic()
    assert_error(url_error(live_server, api_client_key, f"{url_server.base}/drip.png"), "2", 400)
    assert time.monotonic() - started < 4


def test_download_over_the_size_cap_is_error_2(live_server, api_client_key, url_server, settings):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"]
    settings.OCR_MAX_UPLOAD_BYTES = 1_000_000
    assert_error(url_error(live_server, api_client_key, f"{url_server.base}/endless.jpg"), "2", 400)


# --- 7: overload ------------------------------------------------------------------------------


def test_full_pool_is_error_7_with_retry_after_then_recovers(
    live_server, api_client_key, card_files, settings, chip_card
):
    settings.OCR_API_WORKERS = 1
    settings.OCR_API_QUEUE = 0
    first = {}

    def slow_request():
        files = {"image": card_files["front"].open("rb")}
        first["response"] = call(
            live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files
        )

    thread = threading.Thread(target=slow_request)
    thread.start()
    deadline = time.monotonic() + 30
    while ocr_pool().in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ocr_pool().in_flight == 1, "the first request holds the only OCR worker"
    files = {"image": card_files["front"].open("rb")}
    response = call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files)
    assert_error(response, "7", 503)
    assert int(response.headers["Retry-After"]) > 0
    thread.join(60)
    assert first["response"].json()["errorCode"] == "0"
    # Healthy again: a normal request succeeds.
    files = {"image": card_files["front"].open("rb")}
    response = call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files)
    assert_reads_front(response.json(), chip_card[0])


def test_queue_wait_over_its_deadline_is_error_7(live_server, api_client_key, card_files, settings):
    settings.OCR_API_WORKERS = 1
    settings.OCR_API_QUEUE = 4
    settings.OCR_API_QUEUE_TIMEOUT = 0.3
    first = {}

    def slow_request():
        files = {"image": card_files["front"].open("rb")}
        first["response"] = call(
            live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files
        )

    thread = threading.Thread(target=slow_request)
    thread.start()
    deadline = time.monotonic() + 30
    while ocr_pool().in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    files = {"image": card_files["front"].open("rb")}
    started = time.monotonic()
    response = call(live_server, "POST", "cmt/get_infor_all", auth=api_client_key, files=files)
    assert_error(response, "7", 503)
    assert time.monotonic() - started < 3, "answered at the queue deadline, not after the job"
    thread.join(60)
    assert first["response"].json()["errorCode"] == "0"
    assert ocr_pool().in_flight == 0, "the cancelled job gave its slot back"


def test_usage_rows_record_every_request_without_personal_data(
    live_server, api_client_key, card_files, chip_card
):
    key, secret = api_client_key
    files = {"image": card_files["front"].open("rb")}
    assert call(live_server, "POST", "cmt/get_mattruoc", auth=(key, secret), files=files).ok
    call(live_server, "GET", "cmt/get_mattruoc?url=http://10.0.0.1/x.jpg", auth=(key, secret))
    call(live_server, "GET", "cmt/get_mattruoc", auth=(key, "wrong"))
    rows = list(ApiUsage.objects.order_by("id").values())
    assert [(r["endpoint"], r["error_code"], r["http_status"]) for r in rows] == [
        ("cmt/get_mattruoc", "0", 200),
        ("cmt/get_mattruoc", "2", 400),
        ("cmt/get_mattruoc", "5", 401),
    ]
    assert rows[0]["doc_class"] == "chip_id_card_front" and rows[2]["api_key_id"] is None
    stored = json.dumps(rows, default=str)
    for personal in (
        chip_card[0].truth["data"]["id"],
        chip_card[0].truth["data"]["name"],
        "10.0.0.1",
    ):
        assert personal not in stored


def test_server_is_healthy_after_all_the_errors(live_server, api_client_key, card_files, chip_card):
    files = {"image": card_files["front"].open("rb")}
    response = call(live_server, "POST", "cmt/get_mattruoc", auth=api_client_key, files=files)
    assert response.status_code == 200
    assert_reads_front(response.json(), chip_card[0])
