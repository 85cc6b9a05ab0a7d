"""QR codes (chip CCCD front, 2024 card back) via zxing-cpp."""

from __future__ import annotations

import cv2
import numpy as np

from . import normalize as nz


def decode_qr(img: np.ndarray) -> tuple[str, list[int] | None]:
    """(raw text, box in `img` pixels) of the first QR code found, or ("", None)."""
    try:
        import zxingcpp
    except ImportError:  # pragma: no cover
        return "", None
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    tries = [gray]
    h, w = gray.shape[:2]
    if max(h, w) > 1600:
        f = 1600 / max(h, w)
        tries.insert(0, cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
    for g in tries:
        f = w / g.shape[1]
        try:
            res = zxingcpp.read_barcodes(g, formats=zxingcpp.BarcodeFormat.QRCode)
        except Exception:  # noqa: BLE001
            res = []
        for r in res:
            if r.text:
                p = r.position
                xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
                ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
                box = [int(min(xs) * f), int(min(ys) * f), int(max(xs) * f), int(max(ys) * f)]
                return r.text, box
    return "", None


def decode_qr_hard(img: np.ndarray) -> tuple[str, list[int] | None]:
    """Second try for a side that must carry a QR: enlarged and binarised copies."""
    try:
        import zxingcpp
    except ImportError:  # pragma: no cover
        return "", None
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    h, w = gray.shape[:2]
    tries = []
    if max(h, w) <= 1600:
        tries.append((cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), 0.5))
    tries.append((cv2.GaussianBlur(gray, (3, 3), 0), 1.0))
    tries.append(
        (
            cv2.adaptiveThreshold(
                gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5
            ),
            1.0,
        )
    )
    for g, f in tries:
        try:
            res = zxingcpp.read_barcodes(g, formats=zxingcpp.BarcodeFormat.QRCode)
        except Exception:  # noqa: BLE001
            res = []
        for r in res:
            if r.text:
                p = r.position
                xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
                ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
                return r.text, [
                    int(min(xs) * f),
                    int(min(ys) * f),
                    int(max(xs) * f),
                    int(max(ys) * f),
                ]
    return "", None


def qr_like_patch(img: np.ndarray, line_height: float) -> bool:
    """Whether the image shows a square of dense texture the size of a card's QR code (2-8
    line heights wide): a QR too small or blurred to decode still tells a chip card's front
    from the 2016 card's. Texture = local contrast; text lines are long, photos smooth."""
    lh = max(4.0, float(line_height))
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    g = gray.astype(np.float32)
    k = max(3, int(lh * 0.6)) | 1
    mean = cv2.blur(g, (k, k))
    std = np.sqrt(np.maximum(cv2.blur(g * g, (k, k)) - mean * mean, 0))
    mask = (std > 30).astype(np.uint8)
    ks = max(3, int(lh * 0.4)) | 1
    # drop thin strokes (text lines, edges): a QR's texture survives as a solid square
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((ks, ks), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        (_cx, _cy), (w, h), _angle = cv2.minAreaRect(c)
        if min(w, h) < 2.0 * lh or max(w, h) > 8 * lh or max(w, h) > 1.35 * min(w, h):
            continue
        if cv2.contourArea(c) >= 0.8 * w * h:
            return True
    return False


def parse_cccd_qr(text: str) -> dict:
    """Fields of the CCCD / Căn cước QR: id|old id|name|ddmmyyyy|sex|address|ddmmyyyy[|...]"""
    parts = text.split("|")
    if len(parts) < 6 or not parts[0].strip().isdigit():
        return {}
    out = {"id": parts[0].strip(), "old_id": parts[1].strip(), "name": nz.clean_name(parts[2])}

    def d(s: str) -> str:
        s = s.strip()
        if len(s) == 8 and s.isdigit():
            return f"{s[:2]}/{s[2:4]}/{s[4:]}"
        return nz.parse_date(s)

    out["born"] = d(parts[3])
    out["sex"] = nz.parse_sex(parts[4])
    out["address"] = nz.clean_text(parts[5])
    if len(parts) > 6:
        out["date"] = d(parts[6])
    return out
