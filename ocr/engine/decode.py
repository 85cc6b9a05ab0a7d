"""Bytes -> BGR images, failing fast and in bounded memory on bad or oversized input."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageOps

from .errors import InvalidImage, TooLarge

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_PAGES = 20
PDF_RENDER_MAX_SIDE = 2000  # pixels of the longer side of a rendered PDF page
WORK_MAX_SIDE = 2400  # larger images are downscaled before processing (boxes are scaled back)

# Pillow refuses (DecompressionBombError) above 2x this; we check the header ourselves first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass
class Page:
    image: np.ndarray  # BGR, possibly downscaled
    scale: float  # multiply coordinates in `image` by this to get uploaded-image pixels
    page: int | None = None  # 1-based PDF page, None for an image
    width: int = 0  # uploaded image size (after EXIF orientation)
    height: int = 0
    ox: float = 0.0  # where `image` starts in the uploaded image (a part of a page)
    oy: float = 0.0
    # what is worked out once per page image however often its text is read again (the
    # whole-page MRZ search)
    memo: dict = field(default_factory=dict, repr=False, compare=False)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def _check_bytes(data: bytes, max_bytes: int) -> None:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidImage("input is not bytes")
    if len(data) == 0:
        raise InvalidImage("empty input")
    if len(data) > max_bytes:
        raise TooLarge(f"input is {len(data)} bytes, limit {max_bytes}")


def _to_page(img: Image.Image, page: int | None = None) -> Page:
    w, h = img.size
    if img.mode not in ("RGB", "L"):
        if img.mode in ("RGBA", "LA", "P", "PA"):
            rgba = img.convert("RGBA")
            bg = Image.new("RGB", rgba.size, (255, 255, 255))
            bg.paste(rgba, mask=rgba.getchannel("A"))
            img = bg
        else:
            img = img.convert("RGB")
    scale = 1.0
    side = max(w, h)
    if side > WORK_MAX_SIDE:
        scale = side / WORK_MAX_SIDE
        img = img.resize((max(1, round(w / scale)), max(1, round(h / scale))), Image.BILINEAR)
    arr = np.asarray(img)
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    bgr = np.ascontiguousarray(arr[:, :, ::-1])
    return Page(image=bgr, scale=scale, page=page, width=w, height=h)


def decode_image(data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> Page:
    """Decode one raster image (EXIF orientation applied)."""
    _check_bytes(data, max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(bytes(data)))
            w, h = img.size  # from the header, nothing decoded yet
            if w <= 0 or h <= 0:
                raise InvalidImage("image has no pixels")
            if w * h > max_pixels:
                raise TooLarge(f"image is {w}x{h} pixels, limit {max_pixels}")
            n_frames = getattr(img, "n_frames", 1)
            if n_frames > 1:
                img.seek(0)
            img.load()
            img = ImageOps.exif_transpose(img)
    except (TooLarge, InvalidImage):
        raise
    except Image.DecompressionBombError as exc:
        raise TooLarge(str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise InvalidImage(f"not a decodable image: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - any decoder fault is a bad image
        raise InvalidImage(f"not a decodable image: {exc}") from exc
    try:
        return _to_page(img)
    except MemoryError as exc:  # pragma: no cover
        raise TooLarge("image too large to decode") from exc


def pdf_page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(bytes(data))
    except Exception as exc:  # noqa: BLE001 - pdfium raises PdfiumError for any bad/encrypted file
        raise InvalidImage(f"not a readable PDF: {exc}") from exc
    try:
        return len(doc)
    finally:
        doc.close()


def decode_pdf(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = MAX_PAGES,
    max_side: int = PDF_RENDER_MAX_SIDE,
) -> list[Page]:
    """Render each page of a PDF at a bounded resolution."""
    import pypdfium2 as pdfium

    _check_bytes(data, max_bytes)
    try:
        doc = pdfium.PdfDocument(bytes(data))
    except Exception as exc:  # noqa: BLE001
        raise InvalidImage(f"not a readable PDF: {exc}") from exc
    try:
        n = len(doc)
        if n == 0:
            raise InvalidImage("PDF has no pages")
        if n > max_pages:
            raise TooLarge(f"PDF has {n} pages, limit {max_pages}")
        pages = []
        for i in range(n):
            try:
                page = doc[i]
                pw, ph = page.get_size()  # points
                if pw <= 0 or ph <= 0:
                    raise InvalidImage(f"page {i + 1} has no area")
                scale = min(max_side / max(pw, ph), 300 / 72)
                if pw * ph * scale * scale > max_pixels:
                    scale = (max_pixels / (pw * ph)) ** 0.5
                bitmap = page.render(scale=scale)
                pil = bitmap.to_pil()
                page.close()
            except (InvalidImage, TooLarge):
                raise
            except Exception as exc:  # noqa: BLE001
                raise InvalidImage(f"page {i + 1} cannot be rendered: {exc}") from exc
            pages.append(_to_page(pil, page=i + 1))
        return pages
    finally:
        doc.close()


def decode_any(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = MAX_PAGES,
) -> list[Page]:
    _check_bytes(data, max_bytes)
    if is_pdf(data):
        return decode_pdf(data, max_bytes=max_bytes, max_pixels=max_pixels, max_pages=max_pages)
    return [decode_image(data, max_bytes=max_bytes, max_pixels=max_pixels)]
