"""Request inputs: uploaded files, base64 JSON, URL query parameters, and the cheap checks
that run before any OCR work (size, magic bytes, pixels, PDF pages)."""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import warnings
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from PIL import Image

from .envelope import ApiError

# Magic bytes of what the engine decodes.
_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
_DATA_URI = re.compile(r"^\s*data:[\w.+/-]*(;[\w=.+-]+)*;base64,", re.IGNORECASE)
_BASE64_CHARS = re.compile(rb"^[A-Za-z0-9+/=_-]*$")
# Slack over the payloads for multipart boundaries and headers, or JSON punctuation.
BODY_OVERHEAD = 64 * 1024


def sniff_kind(data: bytes) -> str | None:
    """'pdf', an image format name, or None when the bytes are neither."""
    head = bytes(data[:1024])
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def max_upload_bytes() -> int:
    return int(settings.OCR_MAX_UPLOAD_BYTES)


def max_base64_chars() -> int:
    """Longest base64 text of a payload at the size limit, with line breaks every 76
    characters (``base64.encodebytes``) and a data: URI prefix."""
    encoded = (max_upload_bytes() + 2) // 3 * 4
    return encoded + encoded // 76 + 1 + 256


def body_limit(*, payloads: int, base64_encoded: bool) -> int:
    per_payload = max_base64_chars() if base64_encoded else max_upload_bytes()
    return payloads * per_payload + BODY_OVERHEAD


def check_content_length(request, *, limit: int) -> None:
    """errorCode 3 for a body above ``limit`` (declared length); read nothing of it first."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(declared)
    except ValueError as exc:
        raise ApiError("6", "malformed content-length") from exc
    if length > limit:
        raise ApiError("3", "request body too large")


def check_image_bytes(data: bytes, *, allow_pdf: bool = False) -> str:
    """Cheap checks before OCR: size, magic bytes, pixel count from the header, PDF pages.
    Returns the sniffed kind; errorCode 3 on failure."""
    if not data:
        raise ApiError("3", "empty file")
    if len(data) > max_upload_bytes():
        raise ApiError("3", "file too large")
    kind = sniff_kind(data)
    if kind is None or (kind == "pdf" and not allow_pdf):
        raise ApiError("3", "not an image")
    if kind == "pdf":
        _check_pdf_pages(data)
    else:
        _check_pixels(data)
    return kind


def _check_pixels(data: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size  # header only: nothing decoded yet
    except Image.DecompressionBombError as exc:
        raise ApiError("3", "too many pixels") from exc
    except Exception as exc:  # noqa: BLE001 - any header fault is a bad image
        raise ApiError("3", "undecodable image header") from exc
    if width <= 0 or height <= 0:
        raise ApiError("3", "image has no pixels")
    if width * height > int(settings.OCR_MAX_PIXELS):
        raise ApiError("3", "too many pixels")


def _check_pdf_pages(data: bytes) -> None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(bytes(data))
    except Exception as exc:  # noqa: BLE001 - pdfium raises PdfiumError for bad/encrypted files
        raise ApiError("3", "unreadable pdf") from exc
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise ApiError("3", "pdf without pages")
    if pages > int(settings.OCR_MAX_PDF_PAGES):
        raise ApiError("3", "too many pdf pages")


def decode_base64_image(value) -> bytes:
    """Bytes of a base64 payload: line breaks, whitespace, a ``data:`` prefix, URL-safe
    alphabet and missing padding are accepted. errorCode 6 if it is not base64, 3 if it
    decodes to more than the size limit."""
    if not isinstance(value, str) or not value.strip():
        raise ApiError("6", "base64 payload missing or not a string")
    if len(value) > max_base64_chars():
        raise ApiError("3", "base64 payload too large")
    text = _DATA_URI.sub("", value, count=1)
    compact = "".join(text.split()).encode("ascii", errors="replace")
    if not _BASE64_CHARS.match(compact):
        raise ApiError("6", "invalid base64 characters")
    compact = compact.rstrip(b"=")
    if len(compact) % 4 == 1:
        raise ApiError("6", "invalid base64 length")
    compact += b"=" * (-len(compact) % 4)
    try:
        altchars = b"-_" if b"-" in compact or b"_" in compact else None
        data = base64.b64decode(compact, altchars=altchars, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApiError("6", "invalid base64") from exc
    if not data:
        raise ApiError("6", "empty base64 payload")
    if len(data) > max_upload_bytes():
        raise ApiError("3", "decoded payload too large")
    return data


def read_json_object(request, *, payloads: int) -> dict:
    """The JSON object of a base64 request, read with our own cap (the payloads are larger
    than Django's DATA_UPLOAD_MAX_MEMORY_SIZE allows through ``request.body``)."""
    limit = body_limit(payloads=payloads, base64_encoded=True)
    check_content_length(request, limit=limit)
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise ApiError("3", "request body too large")
    if not raw.strip():
        raise ApiError("6", "empty body")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: deeply nested arrays/objects (a parser bomb), not a server fault.
        raise ApiError("6", "malformed json") from exc
    if not isinstance(body, dict):
        raise ApiError("6", "json body is not an object")
    return body


def uploaded_file_bytes(request, name: str, *, files: int) -> bytes:
    """The bytes of multipart file ``name``; errorCode 6 when missing, 3 when too large."""
    check_content_length(request, limit=body_limit(payloads=files, base64_encoded=False))
    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise ApiError("6", "multipart/form-data expected")
    try:
        upload = request.FILES.get(name)
    except RequestDataTooBig as exc:
        raise ApiError("3", "form fields too large") from exc
    except (MultiPartParserError, SuspiciousOperation, ValueError) as exc:
        raise ApiError("6", "malformed multipart body") from exc
    if upload is None:
        raise ApiError("6", "missing file parameter")
    if upload.size > max_upload_bytes():
        raise ApiError("3", "file too large")
    upload.seek(0)
    return upload.read()


def query_urls(request, names: tuple[str, ...]) -> dict[str, str]:
    """URL parameters of a GET request.

    The seed's demos interpolate URLs unencoded (``?url=%s``), so a URL with its own query
    string arrives split at its ``&``. When the parsed query holds keys other than ours, each
    value is taken from the raw query string instead: from ``name=`` up to the next
    ``&other_name=`` of ours (or the end)."""
    parsed = {name: request.GET.get(name, "") for name in names}
    if set(request.GET.keys()) <= set(names):
        urls = parsed
    else:
        urls = _split_raw_query(request.META.get("QUERY_STRING", ""), names)
    for name in names:
        if not urls.get(name, "").strip():
            raise ApiError("6", "missing url parameter")
    return {name: urls[name].strip() for name in names}


def _split_raw_query(raw: str, names: tuple[str, ...]) -> dict[str, str]:
    positions = []
    for name in names:
        match = re.search(rf"(?:^|&){re.escape(name)}=", raw)
        if match:
            positions.append((match.start(), match.end(), name))
    positions.sort()
    out = {}
    for index, (_start, value_start, name) in enumerate(positions):
        end = positions[index + 1][0] if index + 1 < len(positions) else len(raw)
        out[name] = unquote(raw[value_start:end])
    return out
