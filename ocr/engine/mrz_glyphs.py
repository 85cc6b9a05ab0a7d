"""OCR-B glyph matching for MRZ character cells.

MRZ text is printed in OCR-B at a fixed pitch.  Once a line has been rectified and its
character cells are known, each cell is compared (normalised cross-correlation, with a
small shift search) with the 37 MRZ glyphs rendered from the OCR-B font of the Debian
package ``fonts-ocr-b`` (public domain, Matthew Skala).  This is a second opinion beside
the neural recogniser: it is very reliable for the filler '<', which the recogniser, seeing
long runs of it, tends to misread.

If the font is not installed, :func:`available` is False and the reader does without.
"""

from __future__ import annotations

import os
import threading

import cv2
import numpy as np

from ocr.engine.mrz import MRZ_ALPHABET

FONT_PATHS = (
    os.environ.get("MRZ_OCRB_FONT", ""),
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
)

_RENDER_SIZE = 96
_WORK_CAP = 16.0  # glyphs are matched at (at most) this cap height in pixels
_CELL_H = 1.45  # cell height / cap height
_lock = threading.Lock()
_bank: _GlyphBank | None = None
_missing = False


class _GlyphBank:
    """High-resolution renders of the 37 MRZ glyphs, cap-centred in equal cells."""

    def __init__(self, path: str) -> None:
        from PIL import Image, ImageDraw, ImageFont

        font = ImageFont.truetype(path, _RENDER_SIZE)
        l_, t_, r_, b_ = font.getbbox("H")
        self.cap = float(b_ - t_)
        advance = font.getlength("H")
        self.advance = float(advance)
        cap_cy = (t_ + b_) / 2.0
        # each glyph in a canvas 2 advances wide and 2.2 caps high, the cap band centred
        w = int(round(2 * advance))
        h = int(round(2.2 * self.cap))
        self.canvas = (w, h)
        glyphs = []
        for ch in MRZ_ALPHABET:
            im = Image.new("L", (w, h), 255)
            d = ImageDraw.Draw(im)
            d.text((w / 2 - advance / 2, h / 2 - cap_cy), ch, font=font, fill=0)
            glyphs.append(np.asarray(im, dtype=np.float32))
        self.glyphs = np.stack(glyphs)
        self._cache: dict[tuple[int, int, float, float], np.ndarray] = {}

    def templates(self, cap_px: float, pitch_px: float, cell_w: int, cell_h: int, blur: float):
        """(37, cell_h*cell_w) zero-mean unit-norm templates for a given size."""
        key = (cell_w, cell_h, round(cap_px, 1), round(blur, 2))
        got = self._cache.get(key)
        if got is not None:
            return got
        s = cap_px / self.cap
        w, h = self.canvas
        # crop from the canvas the region that maps to the cell, then resize
        src_w, src_h = cell_w / s, cell_h / s
        x0 = int(round(w / 2 - src_w / 2))
        y0 = int(round(h / 2 - src_h / 2))
        x1, y1 = x0 + int(round(src_w)), y0 + int(round(src_h))
        pad = max(0, -x0, -y0, x1 - w, y1 - h)
        g = self.glyphs
        if pad:
            g = np.pad(g, ((0, 0), (pad, pad), (pad, pad)), constant_values=255)
            x0, y0, x1, y1 = x0 + pad, y0 + pad, x1 + pad, y1 + pad
        out = np.empty((len(g), cell_h * cell_w), dtype=np.float32)
        for i in range(len(g)):
            t = cv2.resize(g[i, y0:y1, x0:x1], (cell_w, cell_h), interpolation=cv2.INTER_AREA)
            if blur > 0:
                t = cv2.GaussianBlur(t, (0, 0), blur)
            out[i] = t.ravel()
        out -= out.mean(axis=1, keepdims=True)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[key] = out
        return out


def _get_bank() -> _GlyphBank | None:
    global _bank, _missing
    if _bank is None and not _missing:
        with _lock:
            if _bank is None and not _missing:
                path = next((p for p in FONT_PATHS if p and os.path.exists(p)), None)
                if path is None:
                    _missing = True
                else:
                    _bank = _GlyphBank(path)
    return _bank


def available() -> bool:
    return _get_bank() is not None


def _matmul_t(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b.T on one thread (OpenCV's gemm; multi-threaded BLAS is slow on a busy host)."""
    return cv2.gemm(
        np.ascontiguousarray(a), np.ascontiguousarray(b), 1.0, None, 0.0, flags=cv2.GEMM_2_T
    )


def score_cells(
    gray: np.ndarray,
    centres: np.ndarray,
    centre_y: float,
    pitch: float,
    cap: float,
    shift: int = 3,
) -> tuple[np.ndarray, float, np.ndarray]:
    """NCC of every cell against every glyph.

    ``gray``: the rectified line (float32 or uint8); ``centres``: x of each cell centre.
    Returns (scores (n, 37), quality = mean over cells of the best score, the x offset of
    the best match of each cell).  Two template sizes and two blurs are tried on a sample of
    cells and the one that fits the line best is used for all.
    """
    bank = _get_bank()
    n = len(centres)
    if bank is None or n == 0:
        return np.zeros((n, len(MRZ_ALPHABET))), 0.0, np.zeros(n)
    g = gray.astype(np.float32)
    cell_w = max(8, int(round(pitch)))
    cell_h = max(10, int(round(cap * _CELL_H)))
    pad = cell_w + shift + 2
    g = cv2.copyMakeBorder(g, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    dxs = np.arange(-shift, shift + 1)
    dys = np.arange(-1, 2)
    x0s = np.round(centres + pad - cell_w / 2).astype(int)
    y0 = int(round(centre_y + pad - cell_h / 2))
    win = np.lib.stride_tricks.sliding_window_view(g, (cell_h, cell_w))
    ys = np.clip(y0 + dys, 0, win.shape[0] - 1)
    xs = np.clip(x0s[:, None] + dxs[None, :], 0, win.shape[1] - 1)
    patches = win[ys[None, :, None], xs[:, None, :]]  # (n, dy, dx, ch, cw)
    p = patches.reshape(n * len(dys) * len(dxs), cell_h * cell_w)
    p = p - p.mean(axis=1, keepdims=True)
    p /= np.maximum(np.sqrt(np.einsum("ij,ij->i", p, p))[:, None], 1e-6)
    p = p.reshape(n, len(dys) * len(dxs), -1)
    sample = p[:: max(1, n // 12)].reshape(-1, p.shape[2])
    best_cfg, best_q = None, -2.0
    for capf in (0.9, 1.0):
        for blur in (0.8, 1.8):
            t = bank.templates(cap * capf, pitch, cell_w, cell_h, blur * cap / 25.0)
            prod = _matmul_t(sample, t)
            q = float(prod.reshape(-1, len(dys) * len(dxs), t.shape[0]).max(axis=(1, 2)).mean())
            if q > best_q:
                best_cfg, best_q = t, q
    assert best_cfg is not None
    s = _matmul_t(p.reshape(-1, p.shape[2]), best_cfg).reshape(n, len(dys) * len(dxs), -1)
    sc = s.max(axis=1)
    arg = s.max(axis=2).argmax(axis=1) % len(dxs)
    return sc, float(sc.max(axis=1).mean()), dxs[arg].astype(np.float64)


def _normalise(p: np.ndarray) -> np.ndarray:
    p = p - p.mean(axis=1, keepdims=True)
    return p / np.maximum(np.sqrt(np.einsum("ij,ij->i", p, p))[:, None], 1e-6)


def _robust_smooth(k: np.ndarray, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted robust quadratic fit x(k), evaluated at k."""
    deg = 2 if len(k) >= 10 else 1
    keep = np.ones(len(k), dtype=bool)
    coef = np.polyfit(k, x, deg, w=w)
    for _ in range(3):
        r = x - np.polyval(coef, k)
        lim = max(1.5, 2.5 * float(np.median(np.abs(r[keep]))) * 1.4826)
        keep = np.abs(r) <= lim
        if keep.sum() < deg + 3:
            break
        coef = np.polyfit(k[keep], x[keep], deg, w=w[keep])
    return np.polyval(coef, k)


def track_cells(
    gray: np.ndarray,
    centres: np.ndarray,
    centre_y: float,
    cap: float,
    search: int = 5,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Like :func:`score_cells`, but finds where each character really is.

    ``centres`` is a first guess.  Each cell is looked for within about a third of the pitch
    of its guess; a robust quadratic through the positions found (a line seen at an angle
    has a slowly changing pitch and character size) gives the final centres, where every
    cell is scored at three template sizes.  Returns (scores (n, 37), quality, centres).
    """
    bank = _get_bank()
    n = len(centres)
    if bank is None or n < 2:
        return np.zeros((n, len(MRZ_ALPHABET))), 0.0, np.asarray(centres, dtype=np.float64)
    f = _WORK_CAP / cap if cap > _WORK_CAP else 1.0
    if f < 1.0:
        # match at a reduced size: as discriminating for OCR-B, and 1/f^2 times cheaper
        gray = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        scores, quality, found = track_cells(
            gray, np.asarray(centres) * f, centre_y * f, cap * f, search
        )
        return scores, quality, found / f
    centres = np.asarray(centres, dtype=np.float64)
    pitch0 = float(np.median(np.diff(centres)))
    g = gray.astype(np.float32)
    cell_w = max(8, int(round(pitch0)))
    cell_h = max(10, int(round(cap * _CELL_H)))
    reach = max(2, int(round(0.35 * pitch0)))
    pad = 2 * cell_w + reach + 2
    g = cv2.copyMakeBorder(g, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    win = np.lib.stride_tricks.sliding_window_view(g, (cell_h, cell_w))
    y0 = int(round(centre_y + pad - cell_h / 2))
    dys = np.clip(y0 + np.arange(-1, 2), 0, win.shape[0] - 1)

    def patches(cx: np.ndarray, r: int) -> tuple[np.ndarray, np.ndarray]:
        dxs = np.arange(-r, r + 1)
        x0 = np.round(cx + pad - cell_w / 2).astype(int)
        xs = np.clip(x0[:, None] + dxs[None, :], 0, win.shape[1] - 1)  # (n, dx)
        p = win[dys[None, :, None], xs[:, None, :]]  # (n, dy, dx, ch, cw)
        return _normalise(p.reshape(-1, cell_h * cell_w)), dxs

    def best_over(p: np.ndarray, t: np.ndarray, n_pos: int) -> np.ndarray:
        return _matmul_t(p, t).reshape(len(centres), n_pos, -1)  # (n, pos, 37)

    # 1. template size and blur, on a sample of cells around the first guess
    p1, dxs1 = patches(centres, reach)
    n_pos1 = len(dys) * len(dxs1)
    idx = np.arange(0, n, max(1, n // 8))
    sample = p1.reshape(n, n_pos1, -1)[idx].reshape(-1, p1.shape[1])
    best_cfg, best_q = (1.0, 0.8), -2.0
    for capf in (0.9, 1.0):
        for blur in (0.8, 1.8):
            t = bank.templates(cap * capf, pitch0, cell_w, cell_h, blur * cap / 25.0)
            q = float(_matmul_t(sample, t).reshape(len(idx), -1).max(axis=1).mean())
            if q > best_q:
                best_cfg, best_q = (capf, blur), q
    capf, blur = best_cfg
    sizes = (0.84, 0.92, 1.0, 1.08, 1.16)
    tsets = [
        bank.templates(cap * capf * sz, pitch0, cell_w, cell_h, blur * cap / 25.0) for sz in sizes
    ]
    # 2. where is each character? (best glyph, any size, within reach of the guess)
    s1 = np.max([best_over(p1, t, n_pos1).max(axis=2) for t in tsets], axis=0)  # (n, pos)
    pos = s1.argmax(axis=1) % len(dxs1)
    x_found = centres + dxs1[pos]
    k = np.arange(n, dtype=np.float64)
    smooth = _robust_smooth(k, x_found, np.clip(s1.max(axis=1), 0.05, 1.0))
    # 3. score every cell near the smoothed centre, at each size
    p2, dxs2 = patches(smooth, 2)
    n_pos2 = len(dys) * len(dxs2)
    s2 = np.max([best_over(p2, t, n_pos2) for t in tsets], axis=0)  # (n, pos, 37)
    scores = s2.max(axis=1)
    pos2 = s2.max(axis=2).argmax(axis=1) % len(dxs2)
    return scores, float(scores.max(axis=1).mean()), smooth + dxs2[pos2]
