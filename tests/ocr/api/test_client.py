"""ocr/client.py against our live server; retries against a small real server that answers
503 before passing requests on to the live server."""

from __future__ import annotations

import io
import time

import pytest
import requests
from PIL import Image

from ocr.client import OcrAuthError, OcrBadInput, OcrClient, OcrNoDocument, OcrUnavailable
from tests.ocr.api.cards import assert_reads_back, assert_reads_front
from tests.ocr.api.servers import LocalServer, Routes

pytestmark = pytest.mark.live


@pytest.fixture
def client(live_server, api_client_key):
    key, secret = api_client_key
    return OcrClient(live_server.url, key, secret, timeout=60, retries=2, max_backoff=0.2)


def test_client_reads_every_endpoint_family(client, chip_card, card_files, image_server, settings):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"]
    front, back = chip_card

    assert_reads_front(client.front(front.image_bytes), front)
    assert_reads_back(client.back(back.image_bytes), back)
    both = client.both(front.image_bytes, back.image_bytes)
    assert_reads_front(both["data"]["mattruoc"], front)
    assert_reads_front(client.any_side(front.image_bytes), front)
    pages = client.pdf(card_files["pdf"].read_bytes())["data"]
    assert [page["page"] for page in pages] == [1, 2]
    # from_url encodes the URL properly (the seed's demos do not; both work).
    assert_reads_front(client.from_url(f"{image_server.base}/front.jpg", side="front"), front)


def test_client_raises_typed_errors(client, live_server, api_client_key):
    with pytest.raises(OcrAuthError) as error:
        OcrClient(live_server.url, api_client_key[0], "wrong", retries=0).front(b"x")
    assert error.value.code == "5" and error.value.http_status == 401
    with pytest.raises(OcrBadInput) as error:
        client.front(b"not an image")
    assert error.value.code == "3"
    with pytest.raises(OcrBadInput) as error:
        client.from_url("http://169.254.169.254/latest/meta-data/")
    assert error.value.code == "2"
    blank = io.BytesIO()
    Image.new("RGB", (900, 600), (210, 210, 210)).save(blank, "PNG")
    with pytest.raises(OcrNoDocument):
        client.any_side(blank.getvalue())


class Flaky:
    """Answers 503 (errorCode 7, Retry-After) ``failures`` times, then proxies to ``target``."""

    def __init__(self, target: str, failures: int):
        self.target, self.failures, self.calls = target, failures, 0

    def __call__(self, handler):
        self.calls += 1
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        if self.calls <= self.failures:
            payload = b'{"errorCode": "7", "errorMessage": "busy"}'
            handler.send_response(503)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        forwarded = requests.request(
            handler.command,
            self.target + handler.path,
            data=body,
            headers={k: v for k, v in handler.headers.items() if k.lower() != "host"},
            timeout=60,
        )
        handler.send_response(forwarded.status_code)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(forwarded.content)))
        handler.end_headers()
        handler.wfile.write(forwarded.content)


def test_client_retries_503_with_backoff_then_succeeds(live_server, api_client_key, chip_card):
    flaky = Flaky(live_server.url, failures=2)
    routes = Routes()
    routes.add("/backend/api/v1/request/ocr/cmt/get_mattruoc", flaky)
    with LocalServer(routes) as proxy:
        client = OcrClient(proxy.base, *api_client_key, retries=3, backoff=0.05, max_backoff=0.2)
        started = time.monotonic()
        envelope = client.front(chip_card[0].image_bytes)
    assert flaky.calls == 3
    assert_reads_front(envelope, chip_card[0])
    assert time.monotonic() - started >= 0.05 + 0.1  # two backoffs


def test_client_gives_up_after_its_retries(api_client_key):
    flaky = Flaky("http://127.0.0.1:9", failures=100)
    routes = Routes()
    routes.add("/backend/api/v1/request/ocr/cmt/get_infor_all", flaky)
    with LocalServer(routes) as proxy:
        client = OcrClient(proxy.base, *api_client_key, retries=2, backoff=0.01, max_backoff=0.05)
        with pytest.raises(OcrUnavailable) as error:
            client.any_side(b"\xff\xd8\xff")
    assert flaky.calls == 3 and error.value.code == "7" and error.value.http_status == 503
    # A server that is not there at all: network errors are retried, then OcrUnavailable.
    closed = LocalServer(Routes())
    closed.httpd.server_close()
    client = OcrClient(closed.base, "k", "s", retries=1, backoff=0.01, timeout=2)
    with pytest.raises(OcrUnavailable) as error:
        client.front(b"x")
    assert error.value.http_status is None


def test_extract_side_is_the_onboarding_backend_with_engine_errors(
    live_server, api_client_key, chip_card, settings
):
    from ocr.client import extract_side
    from ocr.engine import EngineError, InvalidImage, NoDocumentFound

    settings.OCR_API_URL = live_server.url
    settings.OCR_API_KEY, settings.OCR_API_SECRET = api_client_key
    assert_reads_front(extract_side(chip_card[0].image_bytes), chip_card[0])
    with pytest.raises(InvalidImage):
        extract_side(b"not an image")
    blank = io.BytesIO()
    Image.new("RGB", (900, 600), (210, 210, 210)).save(blank, "PNG")
    with pytest.raises(NoDocumentFound):
        extract_side(blank.getvalue())
    settings.OCR_API_SECRET = "wrong"
    with pytest.raises(EngineError):
        extract_side(chip_card[0].image_bytes)
