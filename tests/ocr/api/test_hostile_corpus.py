"""A corpus of hostile inputs, each sent to the live API: the documented error comes back
(spec: ocr-api.md, "Errors") quickly, no internal detail leaks, and the server stays healthy.
"""

from __future__ import annotations

import base64
import io
import struct
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from PIL import Image
from pypdf import PdfWriter

from tests.ocr.api.servers import LocalServer, Routes, drip, endless

pytestmark = pytest.mark.live

OCR = "/backend/api/v1/request/ocr"


# --- building the hostile bytes -----------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int, idat: bytes = b"") -> bytes:
    """A PNG whose header claims ``width`` x ``height``; a decoder that trusted it would
    allocate width*height*3 bytes (30000x30000: 2.7 GB)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat or zlib.compress(b"\0" * 4096))
        + png_chunk(b"IEND", b"")
    )


def image_bytes(fmt: str = "PNG", size=(320, 200), color=(120, 130, 140)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def jpeg_with_huge_header() -> bytes:
    """A real JPEG whose SOF0 marker is rewritten to claim 65000 x 65000 pixels."""
    data = bytearray(image_bytes("JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)
    return bytes(data)


def pdf_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=200, height=120)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=120)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="900" height="600">'
    b"<script>fetch('http://169.254.169.254/latest/meta-data/')</script>"
    b'<rect width="900" height="600" fill="white"/></svg>'
)
HTML_AS_PNG = b"<!doctype html><html><script>alert(1)</script></html>" * 20
# A GIF header followed by script: decoders must refuse it, browsers never see it.
GIFAR_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain)//" + b"\0" * 64
# A valid PNG with a ZIP archive appended (the classic image/archive polyglot): it decodes
# as a plain grey image, which holds no document.
PNG_ZIP_POLYGLOT = image_bytes("PNG", size=(900, 600)) + b"PK\x03\x04" + b"\0" * 26 + b"evil.sh"


@dataclass
class Case:
    name: str
    method: str
    endpoint: str
    error_code: str
    http_status: int
    files: dict | None = None
    json: object = None
    data: bytes | None = None
    headers: dict | None = None
    query: str = ""
    max_seconds: float = 15


def upload(name: str, body: bytes, content_type: str, field: str = "image") -> dict:
    return {field: (name, body, content_type)}


def corpus() -> list[Case]:
    jpeg = image_bytes("JPEG", size=(900, 600))
    png = image_bytes("PNG", size=(900, 600))
    big_b64 = base64.b64encode(b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024)).decode()
    nested = '{"image": ' + "[" * 50_000 + "]" * 50_000 + "}"
    return [
        Case("zero bytes", "POST", "cmt/get_mattruoc", "3", 400, files=upload("a.jpg", b"", "image/jpeg")),
        Case("truncated JPEG", "POST", "cmt/get_mattruoc", "3", 400, files=upload("a.jpg", jpeg[: len(jpeg) // 3], "image/jpeg")),
        Case("truncated PNG", "POST", "cmt/get_matsau", "3", 400, files=upload("a.png", png[: len(png) // 2], "image/png")),
        Case("PNG header only, no end", "POST", "cmt/get_infor_all", "3", 400, files=upload("a.png", png[:40], "image/png")),
        Case("30000x30000 PNG", "POST", "cmt/get_infor_all", "3", 400, files=upload("a.png", png_header_only(30000, 30000), "image/png"), max_seconds=5),
        Case("65000x65000 JPEG header", "POST", "cmt/get_infor_all", "3", 400, files=upload("a.jpg", jpeg_with_huge_header(), "image/jpeg"), max_seconds=5),
        Case("random bytes", "POST", "cmt/get_infor_all", "3", 400, files=upload("a.jpg", bytes(range(256)) * 40, "image/jpeg")),
        Case("SVG with script", "POST", "cmt/get_infor_all", "3", 400, files=upload("card.svg", SVG_WITH_SCRIPT, "image/svg+xml")),
        Case("HTML labelled PNG", "POST", "cmt/get_mattruoc", "3", 400, files=upload("card.png", HTML_AS_PNG, "image/png")),
        Case("GIF/script polyglot", "POST", "cmt/get_mattruoc", "3", 400, files=upload("card.gif", GIFAR_POLYGLOT, "image/gif")),
        Case("PNG/ZIP polyglot", "POST", "cmt/get_infor_all", "1", 422, files=upload("card.png", PNG_ZIP_POLYGLOT, "image/png")),
        Case("PDF labelled JPEG to an image endpoint", "POST", "cmt/get_mattruoc", "3", 400, files=upload("card.jpg", pdf_pages(1), "image/jpeg")),
        Case("500-page PDF", "POST", "v1/get_infor", "3", 400, files=upload("a.pdf", pdf_pages(500), "application/pdf", "file"), max_seconds=8),
        Case("encrypted PDF", "POST", "v1/get_infor", "3", 400, files=upload("a.pdf", encrypted_pdf(), "application/pdf", "file")),
        Case("malformed PDF", "POST", "v1/get_infor", "3", 400, files=upload("a.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer<<>>\n%%EOF", "application/pdf", "file")),
        Case("truncated PDF", "POST", "v1/get_infor", "3", 400, files=upload("a.pdf", pdf_pages(3)[:300], "application/pdf", "file")),
        Case("path traversal file name", "POST", "cmt/get_infor_all", "1", 422, files=upload("../../../../tmp/pwned.png", png, "image/png")),
        Case("NUL and backslashes in file name", "POST", "cmt/get_infor_all", "1", 422, files=upload("..\\..\\a\x00.png", png, "image/png")),
        Case("deeply nested JSON", "POST", "cmt/get_infor_allbase64", "6", 400, data=nested.encode(), headers={"Content-Type": "application/json"}),
        Case("JSON top-level array", "POST", "cmt/get_mattruocbase64", "6", 400, json=[{"image": "AAAA"}]),
        Case("JSON image is a number", "POST", "cmt/get_mattruocbase64", "6", 400, json={"image": 12345}),
        Case("JSON image is a list", "POST", "cmt/get_haimatbase64", "6", 400, json={"mattruoc": ["a"], "matsau": ["b"]}),
        Case("empty JSON body", "POST", "cmt/get_infor_allbase64", "6", 400, data=b"", headers={"Content-Type": "application/json"}),
        Case("malformed base64", "POST", "cmt/get_infor_allbase64", "6", 400, json={"image": "%%%not base64!!!"}),
        Case("base64 of text", "POST", "cmt/get_infor_allbase64", "3", 400, json={"image": base64.b64encode(b"hello world, not an image").decode()}),
        Case("giant base64 (11 MB decoded)", "POST", "cmt/get_infor_allbase64", "3", 400, json={"image": big_b64}),
        Case("huge JSON body (20 MB)", "POST", "cmt/get_infor_allbase64", "3", 400, data=b'{"image": "' + b"A" * (20 * 1024 * 1024) + b'"}', headers={"Content-Type": "application/json"}),
        Case("gzip-encoded body", "POST", "cmt/get_infor_allbase64", "6", 400, data=zlib.compress(b'{"image": "AAAA"}'), headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}),
        Case("URL to loopback", "GET", "cmt/get_infor_all", "2", 400, query="url=http://127.0.0.1:{port}/front.jpg"),
        Case("URL to private range", "GET", "cmt/get_mattruoc", "2", 400, query="url=http://192.168.1.1/a.jpg"),
        Case("URL to link-local metadata", "GET", "cmt/get_matsau", "2", 400, query="url=http://169.254.169.254/latest/meta-data/iam/"),
        Case("URL to IPv6 loopback", "GET", "cmt/get_infor_all", "2", 400, query="url=http://[::1]:{port}/front.jpg"),
        Case("DNS name resolving to loopback", "GET", "cmt/get_infor_all", "2", 400, query="url=http://localhost:{port}/front.jpg"),
        Case("redirect to metadata", "GET", "cmt/get_infor_all", "2", 400, query="url={allowed}/to-metadata"),
        Case("redirect to private", "GET", "cmt/get_haimat", "2", 400, query="mattruoc={allowed}/to-private&matsau={allowed}/to-private"),
        Case("slow drip response", "GET", "cmt/get_infor_all", "2", 400, query="url={allowed}/drip.png", max_seconds=6),
        Case("endless response", "GET", "cmt/get_infor_all", "2", 400, query="url={allowed}/endless.jpg", max_seconds=12),
        Case("gopher scheme", "GET", "cmt/get_infor_all", "2", 400, query="url=gopher://127.0.0.1:6379/_FLUSHALL"),
        Case("very long URL", "GET", "cmt/get_infor_all", "2", 400, query="url=http://example.invalid/" + "a" * 6000),
    ]  # fmt: skip


CASES = corpus()


@pytest.fixture
def hostile_server():
    """An allow-listed local server that answers slowly, endlessly or with redirects."""
    routes = Routes()
    routes.file("/front.jpg", image_bytes("JPEG"), "image/jpeg")
    routes.add("/drip.png", drip(interval=0.5))
    routes.add("/endless.jpg", endless())
    routes.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    routes.redirect("/to-private", "http://10.0.0.7/a.jpg")
    with LocalServer(routes) as server:
        yield server


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_gets_its_documented_error_and_the_server_stays_healthy(
    live_server, api_client_key, hostile_server, settings, case
):
    settings.OCR_URL_TOTAL_TIMEOUT = 3.0
    # The redirect/slow/endless cases need our local server allow-listed; every other URL
    # case must be refused by the default policy.
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"] if "{allowed}" in case.query else []
    query = case.query.format(port=hostile_server.port, allowed=hostile_server.base)
    url = f"{live_server.url}{OCR}/{case.endpoint}" + (f"?{query}" if query else "")
    before = set(Path("/tmp").iterdir())

    started = time.monotonic()
    response = requests.request(
        case.method,
        url,
        auth=api_client_key,
        files=case.files,
        json=case.json,
        data=case.data,
        headers=case.headers,
        timeout=60,
    )
    elapsed = time.monotonic() - started

    body = response.json()
    assert (body["errorCode"], response.status_code) == (case.error_code, case.http_status), body
    assert body["data"] == {}
    assert elapsed < case.max_seconds, f"{case.name} took {elapsed:.1f} s"
    for leak in ("Traceback", "/work/", ".py", "site-packages"):
        assert leak not in response.text
    assert not (set(Path("/tmp").iterdir()) - before) & {Path("/tmp/pwned.png")}
    # Healthy afterwards: the health check and an authenticated request both answer.
    assert requests.get(f"{live_server.url}/healthz", timeout=10).status_code == 200
    follow_up = requests.post(
        f"{live_server.url}{OCR}/cmt/get_mattruocbase64", auth=api_client_key, json={}, timeout=10
    )
    assert follow_up.json()["errorCode"] == "6"
