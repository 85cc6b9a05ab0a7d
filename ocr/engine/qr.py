"""QR codes (chip CCCD front, 2024 card back) via zxing-cpp."""

from __future__ import annotations

import cv2
import numpy as np

from . import normalize as nz


def _read(gray: np.ndarray, scale: float = 1.0) -> tuple[str, list[int] | None]:
    """zxing's first QR text in `gray` with its box, times `scale`, or ("", None)."""
    import zxingcpp

    try:
        res = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # noqa: BLE001
        res = []
    for r in res:
        if r.text:
            p = r.position
            xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
            ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
            box = [min(xs), min(ys), max(xs), max(ys)]
            return r.text, [int(v * scale) for v in box]
    return "", None


def _gray(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img


def decode_qr(img: np.ndarray) -> tuple[str, list[int] | None]:
    """(raw text, box in `img` pixels) of the first QR code found, or ("", None)."""
    gray = _gray(img)
    h, w = gray.shape[:2]
    if max(h, w) > 1600:
        f = 1600 / max(h, w)
        small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        text, box = _read(small, w / small.shape[1])
        if text:
            return text, box
    return _read(gray)


def decode_qr_hard(
    img: np.ndarray, line_height: float = 0.0, text_quads: list[np.ndarray] = ()
) -> tuple[str, list[int] | None]:
    """Second try for a side that must carry a QR: enlarged and binarised copies of the
    page, then each square of QR-like texture cut out and enlarged (a small QR's modules
    are 1-2 pixels: zxing needs them bigger, and the page enlarged whole costs too much)."""
    gray = _gray(img)
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
        text, box = _read(g, f)
        if text:
            return text, box

    # smaller squares too: the MRZ's big letters make the 2024 back's median line tall;
    # then thicker strokes dropped too: a QR near the card's edge can touch the band of
    # contrast along it (the card on a dark background) and be one block with it
    def patches():
        seen = []
        for opening in (0.4, 0.8) if line_height else ():
            for p in qr_patches(gray, line_height, text_quads, smallest=1.2, opening=opening):
                if p not in seen:
                    seen.append(p)
                    yield p

    for x0, y0, x1, y1 in patches():
        m = (x1 - x0) * 3 // 20  # the quiet zone round the modules
        x0, y0, x1, y1 = max(0, x0 - m), max(0, y0 - m), min(w, x1 + m), min(h, y1 + m)
        patch = gray[y0:y1, x0:x1]
        # which enlargement gives zxing clean modules depends on how the grid falls on the
        # pixels: a few sizes, each also sharpened
        for side in QR_PATCH_SIDES:
            f = side / max(1, max(patch.shape[:2]))
            big = cv2.resize(patch, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
            sharp = cv2.addWeighted(big, 1.8, cv2.GaussianBlur(big, (0, 0), f * 0.8), -0.8, 0)
            for g in (big, sharp):
                text, box = _read(g, 1 / f)
                if text:
                    return text, [box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0]
    return "", None


QR_PATCH_SIDES = (240, 320, 400)  # pixels a cut-out QR is enlarged to: 5+ per module


def qr_patches(
    img: np.ndarray,
    line_height: float,
    text_quads: list[np.ndarray] = (),
    smallest: float = 2.0,
    opening: float = 0.4,
) -> list[tuple[int, int, int, int]]:
    """Boxes of squares of dense texture the size of a card's QR code (`smallest` to 8 line
    heights wide). Texture = local contrast; text lines are long, photos smooth. The text lines'
    quadrilaterals are left out first: in a small photo the card's lines are as dense as a
    QR and would merge with it into one block. Thin strokes (up to `opening` line heights)
    are dropped."""
    lh = max(4.0, float(line_height))
    g = _gray(img).astype(np.float32)
    k = max(3, int(lh * 0.6)) | 1
    mean = cv2.blur(g, (k, k))
    std = np.sqrt(np.maximum(cv2.blur(g * g, (k, k)) - mean * mean, 0))
    mask = (std > 30).astype(np.uint8)
    if len(text_quads):
        cv2.fillPoly(mask, [np.round(q).astype(np.int32) for q in text_quads], 0)
    ks = max(3, int(lh * opening)) | 1
    # drop thin strokes (text lines, edges): a QR's texture survives as a solid square
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((ks, ks), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    saturation = None
    for c in contours:
        (_cx, _cy), (w, h), _angle = cv2.minAreaRect(c)
        if min(w, h) < smallest * lh or max(w, h) > 8 * lh or max(w, h) > 1.35 * min(w, h):
            continue
        if cv2.contourArea(c) >= 0.8 * w * h:
            if img.ndim == 3:
                # a QR is printed black on white; the emblem's red and gold star, as dense
                # in a small photo, is no QR
                if saturation is None:
                    saturation = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)[..., 1]
                inside = np.zeros(mask.shape, np.uint8)
                cv2.drawContours(inside, [c], -1, 1, -1)
                if np.median(saturation[inside > 0]) > QR_MAX_SATURATION:
                    continue
            x, y, bw, bh = cv2.boundingRect(c)
            out.append((x, y, x + bw, y + bh))
    return out


QR_MAX_SATURATION = 80  # of 255: the median of a QR's pixels is grey (ink, paper, glare)


def qr_like_patch(img: np.ndarray, line_height: float, text_quads: list[np.ndarray] = ()) -> bool:
    """Whether the image shows a square of dense texture the size of a card's QR code: a
    QR too small or blurred to decode still tells a chip card's front from the 2016 card's."""
    return bool(qr_patches(img, line_height, text_quads))


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
