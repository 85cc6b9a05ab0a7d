"""Bad input fails fast, in bounded memory, with the typed error."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from ocr.engine import (
    EngineError,
    InvalidImage,
    NoDocumentFound,
    TooLarge,
    extract_file,
    extract_side,
)


def _png_header(w: int, h: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _jpeg(w=400, h=300) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 100, 50)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _png(w=400, h=300) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((w, h), 60).convert("RGB").save(buf, "PNG")
    return buf.getvalue()


def _pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(200, 200)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


ENCRYPTED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"4 0 obj<</Filter/Standard/V 1/R 2/O(0123456789abcdef0123456789abcdef)"
    b"/U(fedcba9876543210fedcba9876543210)/P -4>>endobj\n"
    b"trailer<</Root 1 0 R/Encrypt 4 0 R/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]>>\n%%EOF"
)


@pytest.mark.parametrize(
    "data,exc",
    [
        (b"", InvalidImage),
        (b"hello, this is not an image at all", InvalidImage),
        (_jpeg()[:700], InvalidImage),
        (_png()[:2000], InvalidImage),
        (_png_header(30000, 30000), TooLarge),
        (b"%PDF-1.7\nthis is not really a pdf\n%%EOF", InvalidImage),
        (ENCRYPTED_PDF, InvalidImage),
    ],
    ids=["zero", "text", "trunc-jpeg", "trunc-png", "png-30000", "bad-pdf", "encrypted-pdf"],
)
def test_bad_input_raises_typed_error_fast(data, exc):
    t = time.perf_counter()
    with pytest.raises(exc) as info:
        extract_file(data)
    assert isinstance(info.value, EngineError)
    assert info.value.error_code == "3"
    # a guard against hanging or decoding it all (seconds, not a speed target: the machine
    # may be busy)
    assert time.perf_counter() - t < 10.0


def test_extract_side_rejects_bad_image():
    with pytest.raises(InvalidImage):
        extract_side(b"")
    with pytest.raises(TooLarge):
        extract_side(_png_header(30000, 30000))


def test_too_many_pdf_pages_rejected_before_rendering():
    data = _pdf(500)
    t = time.perf_counter()
    with pytest.raises(TooLarge):
        extract_file(data)
    assert time.perf_counter() - t < 10.0  # no page rendered (see above)


def test_byte_limit_is_a_parameter():
    data = _jpeg()
    with pytest.raises(TooLarge):
        extract_side(data, max_bytes=100)
    with pytest.raises(TooLarge):
        extract_side(_png(300, 300), max_pixels=1000)
    with pytest.raises(TooLarge):
        extract_file(_pdf(3), max_pages=2)


def test_blank_image_is_no_document():
    with pytest.raises(NoDocumentFound) as info:
        extract_side(_jpeg())
    assert info.value.error_code == "1"
