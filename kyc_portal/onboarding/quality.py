"""Quick checks of an uploaded document photo, answered at once (before the OCR queue).

Plain functions over pixels: decode and validate the upload, then measure what makes OCR
fail most often (too small, too dark/bright, blurred, no card in view). Thresholds were
calibrated on the synthetic card photos of ``ocr.synth`` (easy, medium and hard) and on
Chromium's camera frames; see tests/onboarding/test_quality.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# magic bytes -> our content type; anything else is refused before decoding.
MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
WEBP_MAGIC = (b"RIFF", b"WEBP")

MIN_SHORT_SIDE = 480
MIN_LONG_SIDE = 640
DARK_MEAN = 55
BRIGHT_MEAN = 250
# Washed out: even the darkest 2% of pixels (the print) are light grey. A scan on white
# paper is bright on average but keeps its dark print, so the mean alone cannot decide.
BRIGHT_DARKEST_P2 = 170
BLUR_LAPLACIAN_VAR = 25.0
CARD_MIN_AREA_SHARE = 0.08
CARD_ASPECT_RANGE = (1.15, 2.1)
CANNY_THRESHOLDS = ((60, 150), (25, 75), (10, 30))
ANALYSIS_LONG_SIDE = 640
STORED_LONG_SIDE = 2400
JPEG_QUALITY = 90

# code -> what the customer should do (shown at once under the photo).
MESSAGES = {
    "empty": _("Chưa có ảnh. Hãy chụp hoặc chọn ảnh giấy tờ."),
    "too_large_file": _("Tệp quá lớn. Hãy chọn ảnh nhỏ hơn 10 MB."),
    "unsupported_type": _("Chỉ nhận ảnh JPEG, PNG hoặc WebP. Hãy chụp lại hoặc chọn ảnh khác."),
    "unreadable": _("Không đọc được ảnh này. Hãy chụp lại hoặc chọn ảnh khác."),
    "too_many_pixels": _("Ảnh có độ phân giải quá lớn. Hãy chọn ảnh nhỏ hơn."),
    "too_small": _("Ảnh quá nhỏ. Hãy chụp gần hơn để giấy tờ chiếm gần hết khung hình."),
    "too_dark": _("Ảnh quá tối. Hãy chụp ở nơi đủ ánh sáng."),
    "too_bright": _("Ảnh quá sáng hoặc bị lóa. Hãy tránh đèn chiếu thẳng vào giấy tờ."),
    "too_blurry": _("Ảnh bị mờ. Hãy giữ máy thật chắc và chạm để lấy nét rồi chụp lại."),
    "no_card": _(
        "Không thấy giấy tờ trong ảnh. Hãy đặt giấy tờ trên nền tối, vừa khung và chụp lại."
    ),
}


class UploadRejected(Exception):
    """The photo cannot be used; ``code`` is one of MESSAGES."""

    def __init__(self, code: str, metrics: dict | None = None):
        super().__init__(code)
        self.code = code
        self.metrics = metrics or {}

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass
class CheckedImage:
    """The photo as we store it: re-encoded JPEG (no EXIF), with its measurements."""

    jpeg_bytes: bytes
    width: int
    height: int
    metrics: dict = field(default_factory=dict)


def sniff_content_type(data: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if data.startswith(magic):
            return content_type
    if data[:4] == WEBP_MAGIC[0] and data[8:12] == WEBP_MAGIC[1]:
        return "image/webp"
    return None


def decode_upload(data: bytes) -> Image.Image:
    """Bytes -> upright RGB image, or UploadRejected (type by content, size, pixels)."""
    if not data:
        raise UploadRejected("empty")
    if len(data) > settings.OCR_MAX_UPLOAD_BYTES:
        raise UploadRejected("too_large_file")
    if sniff_content_type(data) is None:
        raise UploadRejected("unsupported_type")
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size  # header only: refuse pixel bombs before decoding
        if width * height > settings.OCR_MAX_PIXELS:
            raise UploadRejected("too_many_pixels")
        image.load()
        image = ImageOps.exif_transpose(image)
        return image.convert("RGB")
    except UploadRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRejected("unreadable") from exc


def card_area_share(rgb: np.ndarray) -> float:
    """Share of the image covered by the largest card-shaped region (0 when none).

    A card is a bright-edged, roughly rectangular blob with an ID-1 / passport-page aspect
    ratio; edges are closed into blobs so that text inside the card does not split it.
    """
    h, w = rgb.shape[:2]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    channels = [cv2.GaussianBlur(c, (5, 5), 0) for c in cv2.split(rgb)]
    best = 0.0
    # Weak edges find a pale card on a pale table; strong ones ignore a textured table.
    for low, high in CANNY_THRESHOLDS:
        # Edges of every colour channel: a card often differs from the table mostly in hue.
        edges = np.zeros((h, w), np.uint8)
        for channel in channels:
            edges |= cv2.Canny(channel, low, high)
        closed = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, kernel, iterations=2)
        contours, _unused = cv2.findContours(closed, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            (_cx, _cy), (rw, rh), _angle = cv2.minAreaRect(contour)
            if min(rw, rh) < 1:
                continue
            share = (rw * rh) / (w * h)
            if share < CARD_MIN_AREA_SHARE or share > 0.98:
                continue
            aspect = max(rw, rh) / min(rw, rh)
            # the outline must fill its rectangle (a card), not be a scribble
            solidity = cv2.contourArea(cv2.convexHull(contour)) / (rw * rh)
            if CARD_ASPECT_RANGE[0] <= aspect <= CARD_ASPECT_RANGE[1] and solidity > 0.85:
                best = max(best, share)
        if best:
            break
    return round(best, 3)


def measure(image: Image.Image) -> dict:
    """The numbers the quick checks decide on, computed on a downscaled grey copy."""
    small = image.copy()
    small.thumbnail((ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE))
    gray = np.asarray(small.convert("L"))
    return {
        "width": image.width,
        "height": image.height,
        "mean": round(float(gray.mean()), 1),
        "clipped_share": round(float((gray >= 250).mean()), 3),
        "dark_p2": round(float(np.percentile(gray, 2)), 1),
        "laplacian_var": round(float(cv2.Laplacian(gray, cv2.CV_64F).var()), 1),
        "card_share": card_area_share(np.asarray(small)),
    }


def verdict(metrics: dict) -> str | None:
    """The first failed check's code, in the order a customer should fix them."""
    short_side = min(metrics["width"], metrics["height"])
    long_side = max(metrics["width"], metrics["height"])
    if short_side < MIN_SHORT_SIDE or long_side < MIN_LONG_SIDE:
        return "too_small"
    if metrics["mean"] < DARK_MEAN:
        return "too_dark"
    if metrics["mean"] > BRIGHT_MEAN or metrics["dark_p2"] > BRIGHT_DARKEST_P2:
        return "too_bright"
    if metrics["laplacian_var"] < BLUR_LAPLACIAN_VAR:
        return "too_blurry"
    if metrics["card_share"] == 0:
        return "no_card"
    return None


def check_upload(data: bytes) -> CheckedImage:
    """Validate and measure an upload; return the re-encoded photo or raise UploadRejected."""
    image = decode_upload(data)
    metrics = measure(image)
    code = verdict(metrics)
    if code:
        raise UploadRejected(code, metrics)
    # Re-encoding drops EXIF (location, device) and anything hidden after the image data.
    image.thumbnail((STORED_LONG_SIDE, STORED_LONG_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CheckedImage(
        jpeg_bytes=out.getvalue(), width=image.width, height=image.height, metrics=metrics
    )
