"""Read an ICAO 9303 MRZ from an image.

Pipeline
1. *Locate*: dark strokes (black-hat), connected components of character size; the
   dominant writing direction (nearest neighbours of similar size) deskews the search, so
   any rotation (90/180/270 and skew) is handled; each component is smeared sideways by its
   own height so that a text line becomes one blob; two or three parallel, equally long,
   evenly spaced lines form a candidate MRZ.  Lines cut by the photo's edge are refused.
2. *Rectify*: each line is cut out along its fitted direction with an affine warp from the
   full-resolution image, 48 px high; printed rules (an MRZ frame) are painted out.
3. *Read, fast path*: the characters are at a fixed pitch in OCR-B; cells are located
   (robust quadratic through the best matches, for photos taken at an angle) and each is
   matched against the 37 OCR-B glyphs rendered from the Debian ``fonts-ocr-b`` font
   (:mod:`ocr.engine.mrz_glyphs`).  Characters the glyphs leave uncertain, and every
   letter/digit where both are allowed (O/0, I/1, B/8, ...: check digits cannot tell all
   of these apart), are re-read by the PP-OCRv4 text recogniser shipped in the
   ``rapidocr-onnxruntime`` wheel (Apache-2.0), on short windows only, and both opinions
   are combined.  Each position is restricted to its ICAO character class.
4. *Read, full path* (non-OCR-B print, poor glyph match, or failing checks): the recogniser
   reads whole lines in overlapping chunks; a constrained CTC decoder finds the best
   reading with exactly the format's line length and character classes; glyph scores are
   combined in.  Upside-down lines are retried at 180 degrees.
5. *Check digits* are never forced: where one fails, a recogniser's real second choice
   may be taken if it alone makes the check pass; otherwise the text stays as read and the
   failing checks are reported.  Readings of text that is not an MRZ are refused.

Models are loaded once per process (lazy, thread-safe singletons).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np

from ocr.engine import mrz_glyphs
from ocr.engine.mrz import (
    FORMATS,
    MRZ_ALPHABET,
    MRZParseError,
    MRZResult,
    parse_mrz,
    repair_lookalikes,
)

# --------------------------------------------------------------------------------------
# Recogniser (lazy singleton)

_REC_HEIGHT = 48
_NCLS = len(MRZ_ALPHABET) + 1  # index 0 = CTC blank, then MRZ_ALPHABET
_lock = threading.Lock()
_recogniser: _Recogniser | None = None


class _Recogniser:
    def __init__(self) -> None:
        from ocr.engine.recognizer import pp_session

        self.session, vocab = pp_session()  # one PP-OCR session per process
        self.input_name = self.session.get_inputs()[0].name
        # model classes: 0 = blank, 1..len(vocab) = vocab, last = space
        index = {ch: i for i, ch in enumerate(vocab)}
        variants = {ch: [ch] for ch in MRZ_ALPHABET}
        for ch in MRZ_ALPHABET:
            if ch.isalpha():
                variants[ch].append(ch.lower())
            # full-width forms
            if ch != "<":
                variants[ch].append(chr(ord(ch) + 0xFEE0))
        variants["<"] += ["＜", "〈", "‹"]
        self.groups: list[list[int]] = [[0]]
        for ch in MRZ_ALPHABET:
            self.groups.append([index[v] for v in variants[ch] if v in index])
        # model classes -> MRZ classes: gather the columns, then sum each group
        self.cols = np.array([i for g in self.groups for i in g], dtype=np.int64)
        self.starts = np.cumsum([0] + [len(g) for g in self.groups[:-1]])

    def probs(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        """Per-frame probabilities over [blank] + MRZ_ALPHABET for each crop (3ch, h=48)."""
        # one crop a call, each padded to the widest as a batch would be (the same
        # output): onnxruntime takes a third longer over a batch of nine than over its
        # crops one by one (312 against 234 ms on this project's CPU)
        width = max(c.shape[1] for c in crops)
        res = []
        for c in crops:
            x = np.zeros((1, 3, _REC_HEIGHT, width), dtype=np.float32)
            x[0, :, :, : c.shape[1]] = c.astype(np.float32).transpose(2, 0, 1) / 127.5 - 1.0
            out = self.session.run(None, {self.input_name: x})[0][0]  # (T, V)
            t = int(math.ceil(c.shape[1] / 8))
            p = np.add.reduceat(out[:t][:, self.cols], self.starts, axis=1)
            p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-9)
            res.append(p)
        return res


_CHUNK = 320  # pixels (= the recogniser's native width); long lines are read in chunks
_OVERLAP = 96  # pixels shared by neighbouring chunks (multiple of 8)


def _line_probs(rec: _Recogniser, crops: list[np.ndarray]) -> list[np.ndarray]:
    """Per-frame probabilities of whole lines, reading each in overlapping chunks.

    The recogniser loses characters in long runs of '<' when it sees a whole 44-character
    line at once, but reads 15-character pieces well.  Chunks start at multiples of 8 px so
    that their frames (8 px each) line up; neighbouring chunks are joined at the frame of
    their overlap where both see a blank most surely.
    """
    pieces: list[np.ndarray] = []
    layout: list[list[int]] = []
    stride = _CHUNK - _OVERLAP
    for c in crops:
        w = c.shape[1]
        starts = [0]
        while starts[-1] + _CHUNK < w:
            starts.append(starts[-1] + stride)
        layout.append(starts)
        for s0 in starts:
            piece = c[:, s0 : s0 + _CHUNK]
            pieces.append(piece)
    probs = rec.probs(pieces)
    out = []
    k = 0
    for starts in layout:
        parts = probs[k : k + len(starts)]
        k += len(starts)
        cur = parts[0]
        cur_start = 0  # global frame index of cur[0]
        for s0, nxt in zip(starts[1:], parts[1:], strict=True):
            g0 = s0 // 8  # global frame of nxt[0]
            end = cur_start + cur.shape[0]  # global frame after cur's last
            lo, hi = g0 + 2, end - 2
            if hi <= lo:
                cut = (g0 + end) // 2
            else:
                f = np.arange(lo, hi)
                both = np.minimum(cur[f - cur_start, 0], nxt[f - g0, 0])
                mid = (lo + hi) / 2
                both = both - 0.002 * np.abs(f - mid)
                cut = int(f[int(np.argmax(both))])
            cur = np.concatenate([cur[: cut - cur_start], nxt[cut - g0 :]])
        out.append(cur)
    return out


def _get_recogniser() -> _Recogniser:
    global _recogniser
    if _recogniser is None:
        with _lock:
            if _recogniser is None:
                _recogniser = _Recogniser()
    return _recogniser


# --------------------------------------------------------------------------------------
# Character classes per position

_DIGITS = set("0123456789")
_LETTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NEG = -1e9


def _mask(allowed: set[str]) -> np.ndarray:
    """Penalty vector over MRZ_ALPHABET: 0 allowed, -inf forbidden."""
    m = np.full(len(MRZ_ALPHABET), _NEG, dtype=np.float64)
    for i, ch in enumerate(MRZ_ALPHABET):
        if ch in allowed:
            m[i] = 0.0
    return m


_M_DIGIT = _mask(_DIGITS)
_M_DIGIT_F = _mask(_DIGITS | {"<"})
_M_ALNUM = _mask(_DIGITS | _LETTERS | {"<"})
_M_ALPHA = _mask(_LETTERS | {"<"})
_M_LETTER = _mask(_LETTERS)
_M_COUNTRY = _mask(_LETTERS | _DIGITS | {"<"})
_M_SEX = _mask({"M", "F", "X", "<"})


def _line_masks(fmt: str, line_no: int) -> np.ndarray:
    """(N, 37) penalties for line ``line_no`` of format ``fmt``."""
    n = FORMATS[fmt][1]
    spec: list[np.ndarray] = [_M_ALNUM] * n

    def put(a: int, b: int, m: np.ndarray) -> None:
        for i in range(a, b):
            spec[i] = m

    if fmt == "TD1":
        if line_no == 0:
            put(0, 1, _M_LETTER)
            put(2, 5, _M_COUNTRY)
            put(14, 15, _M_DIGIT_F)
        elif line_no == 1:
            put(0, 7, _M_DIGIT)
            put(7, 8, _M_SEX)
            # an ID card with no expiry ("Không thời hạn") has fillers for its date
            put(8, 14, _M_DIGIT_F)
            put(14, 15, _M_DIGIT)
            put(15, 18, _M_COUNTRY)
            put(29, 30, _M_DIGIT)
        else:
            put(0, 30, _M_ALPHA)
    else:
        if line_no == 0:
            put(0, 1, _M_LETTER)
            put(2, 5, _M_COUNTRY)
            put(5, n, _M_ALPHA)
        else:
            put(9, 10, _M_DIGIT_F)
            put(10, 13, _M_COUNTRY)
            put(13, 20, _M_DIGIT)
            put(20, 21, _M_SEX)
            put(21, 28, _M_DIGIT)
            if fmt == "TD3":
                put(42, 43, _M_DIGIT_F)
                put(43, 44, _M_DIGIT)
            elif fmt == "TD2":
                put(35, 36, _M_DIGIT)
    return np.stack(spec)


# --------------------------------------------------------------------------------------
# Constrained CTC decoding


@dataclass
class _Decoded:
    text: str
    score: float  # total log probability of the best path
    conf: list[float]  # per character: probability of the chosen character at its peak
    alts: list[list[tuple[str, float]]]  # per character: other characters with probability
    peaks: list[np.ndarray]  # per character: probabilities over MRZ_ALPHABET at its peak frame
    frames: list[int]  # per character: its peak frame (frame t covers pixels 8t..8t+7)


def _ctc_decode_fixed(probs: np.ndarray, masks: np.ndarray) -> _Decoded | None:
    """Best CTC path emitting exactly len(masks) characters, each within its class."""
    n = masks.shape[0]
    t_len = probs.shape[0]
    if t_len < n:
        return None
    lp = np.log(np.maximum(probs, 1e-12))
    blank = lp[:, 0]
    chars = lp[:, 1:]  # (T, C)
    c_n = chars.shape[1]
    neg = -1e18
    rows = np.arange(n + 1)
    ar = np.arange(c_n)
    # b[k]: k labels emitted, now in a blank; lab[k, c]: k labels emitted, the last is c and
    # the current frame emits it.  pen[k] is the class of label number k (0-based).
    b = np.full(n + 1, neg)
    lab = np.full((n + 1, c_n), neg)
    b[0] = blank[0]
    lab[1] = chars[0] + masks[0]
    pen = masks
    bp_b = np.full((t_len, n + 1), -1, dtype=np.int16)  # -1: from blank, else from lab[k, c]
    bp_l = np.zeros((t_len, n + 1, c_n), dtype=np.int16)  # -2 stay, -1 from blank, c' from lab
    for t in range(1, t_len):
        srt = np.argsort(lab, axis=1)
        top1 = srt[:, -1]
        top2 = srt[:, -2]
        top1v = lab[rows, top1]
        top2v = lab[rows, top2]
        from_lab = top1v > b
        nb = np.where(from_lab, top1v, b) + blank[t]
        bp_b[t] = np.where(from_lab, top1, -1)
        same = top1[:-1, None] == ar[None, :]
        prev_v = np.where(same, top2v[:-1, None], top1v[:-1, None]) + pen
        prev_c = np.where(same, top2[:-1, None], top1[:-1, None])
        from_b = b[:-1, None] + pen
        stay = lab[1:]
        best = stay
        which = np.full(stay.shape, -2, dtype=np.int16)
        m1 = from_b > best
        best = np.where(m1, from_b, best)
        which = np.where(m1, -1, which)
        m2 = prev_v > best
        best = np.where(m2, prev_v, best)
        which = np.where(m2, prev_c, which)
        new_l = np.full((n + 1, c_n), neg)
        new_l[1:] = best + chars[t]
        bp_l[t, 1:] = which
        b = nb
        lab = new_l
    end_l = float(lab[n].max())
    end_b = float(b[n])
    score = max(end_b, end_l)
    if score < -1e17:
        return None
    frames: list[list[int]] = [[] for _ in range(n)]
    labels = [0] * n
    k = n
    if end_l >= end_b:
        in_lab, c = True, int(lab[n].argmax())
    else:
        in_lab, c = False, -1
    for t in range(t_len - 1, -1, -1):
        if in_lab:
            labels[k - 1] = c
            frames[k - 1].append(t)
            w = int(bp_l[t, k, c])
            if w == -2:
                continue
            k -= 1
            if w == -1:
                in_lab = False
            else:
                c = w
        else:
            w = int(bp_b[t, k])
            if w >= 0:
                in_lab, c = True, w
    return _finish(probs, masks, labels, frames, score)


def _finish(
    probs: np.ndarray, masks: np.ndarray, labels: list[int], frames: list[list[int]], score: float
) -> _Decoded:
    text, conf, alts, peaks, tpeak = [], [], [], [], []
    for k, c in enumerate(labels):
        text.append(MRZ_ALPHABET[c])
        fr = frames[k]
        t = max(fr, key=lambda tt: probs[tt, 1 + c]) if fr else 0
        raw = probs[t, 1:].astype(np.float64)
        raw = raw / max(raw.sum(), 1e-12)
        peaks.append(raw)
        tpeak.append(t)
        p = raw * (masks[k] > -1e8)
        p = p / max(p.sum(), 1e-12)
        conf.append(float(p[c]) if fr else 0.0)
        order = np.argsort(-p)
        alts.append([(MRZ_ALPHABET[j], float(p[j])) for j in order[:3] if j != c and p[j] > 0.01])
    return _Decoded("".join(text), score, conf, alts, peaks, tpeak)


# --------------------------------------------------------------------------------------
# Locating the MRZ


@dataclass
class _Line:
    cx: float  # centre of the fitted line (work-image coordinates)
    cy: float
    angle: float  # radians, direction of writing
    length: float  # from first to last character edge
    height: float  # median character height
    n: int  # number of character components

    @property
    def aspect(self) -> float:
        return self.length / max(self.height, 1e-6)


def _to_gray(image: Any) -> np.ndarray:
    if not isinstance(image, np.ndarray):
        # PIL image
        image = np.asarray(image.convert("L"))
    if image.ndim == 3:
        if image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
        elif image.shape[2] == 3:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        else:
            image = image[:, :, 0]
    if image.dtype != np.uint8:
        image = cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return image


def _char_components(work: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stats (x, y, w, h, area) and centres of dark components of character size."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    bh = cv2.morphologyEx(work, cv2.MORPH_BLACKHAT, kernel)
    thr, _ = cv2.threshold(bh, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, ink = cv2.threshold(bh, max(thr, 25), 255, cv2.THRESH_BINARY)
    _, _, stats, cents = cv2.connectedComponentsWithStats(ink, connectivity=8)
    stats, cents = stats[1:], cents[1:]
    h_img = work.shape[0]
    x, y, w, h, area = stats.T
    ok = (h >= 5) & (h <= max(h_img, work.shape[1]) * 0.12) & (area >= 8)
    ok &= ~((w > 3 * h) & (w > 40) & (area < 0.15 * w * h))
    return stats[ok], cents[ok]


def _dominant_angle(stats: np.ndarray) -> float:
    """Direction of writing (degrees, -90..90) from nearest neighbours of similar size."""
    sel = stats[(stats[:, 2] <= 1.6 * stats[:, 3]) & (stats[:, 2] >= 0.15 * stats[:, 3])]
    if len(sel) < 10:
        return 0.0
    if len(sel) > 900:
        sel = sel[np.argsort(-sel[:, 4])[:900]]
    c = sel[:, :2] + sel[:, 2:4] / 2.0
    h = sel[:, 3].astype(np.float64)
    d = c[:, None, :] - c[None, :, :]
    dist = np.hypot(d[..., 0], d[..., 1])
    ratio = h[:, None] / h[None, :]
    bad = (ratio < 0.7) | (ratio > 1.45) | (dist < 0.3 * h[:, None]) | (dist > 2.0 * h[:, None])
    dist = np.where(bad, np.inf, dist)
    j = dist.argmin(axis=1)
    ok = np.isfinite(dist[np.arange(len(sel)), j])
    if ok.sum() < 10:
        return 0.0
    v = -d[np.arange(len(sel)), j][ok]
    ang = np.degrees(np.arctan2(v[:, 1], v[:, 0])) % 180.0
    hist, _ = np.histogram(ang, bins=90, range=(0, 180))
    hist = hist.astype(np.float64)
    sm = hist + 0.5 * (np.roll(hist, 1) + np.roll(hist, -1))
    k = int(sm.argmax())
    # refine with the mean of the angles in the peak's neighbourhood (circular)
    centre = k * 2 + 1.0
    diff = (ang - centre + 90) % 180 - 90
    near = np.abs(diff) <= 3
    est = centre + (diff[near].mean() if near.any() else 0.0)
    if est > 90:
        est -= 180
    return float(est)


def _find_lines(work: np.ndarray, deskew: bool = True) -> list[_Line]:
    """Candidate text lines at any orientation (in ``work`` coordinates)."""
    stats, cents = _char_components(work)
    angle = _dominant_angle(stats) if deskew else 0.0
    if abs(angle) < 2:
        return _horizontal_lines(work, stats, cents)
    h, w = work.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    ca, sa = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sa + w * ca), int(h * ca + w * sa)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    rot = cv2.warpAffine(work, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    stats2, cents2 = _char_components(rot)
    lines = _horizontal_lines(rot, stats2, cents2)
    mi = cv2.invertAffineTransform(m)
    out = []
    for ln in lines:
        cx, cy = mi @ np.array([ln.cx, ln.cy, 1.0])
        dx, dy = mi[:, :2] @ np.array([math.cos(ln.angle), math.sin(ln.angle)])
        out.append(_Line(float(cx), float(cy), math.atan2(dy, dx), ln.length, ln.height, ln.n))
    return out


def _horizontal_lines(work: np.ndarray, stats: np.ndarray, cents: np.ndarray) -> list[_Line]:
    """Text lines within ~25 degrees of horizontal."""
    h_img, w_img = work.shape
    smear = np.zeros(work.shape, dtype=np.uint8)
    keep = []
    for i in range(len(stats)):
        x, y, w, h, area = stats[i]
        cy = y + h / 2
        dx = int(round(0.55 * h))
        dy = max(1, int(round(0.28 * h)))
        cv2.rectangle(
            smear,
            (max(0, x - dx), int(cy - dy)),
            (min(w_img - 1, x + w + dx), int(cy + dy)),
            255,
            -1,
        )
        keep.append(i)
    if not keep:
        return []
    n_ln, ln_labels = cv2.connectedComponents(smear, connectivity=8)
    members: dict[int, list[int]] = {}
    for i in keep:
        cx, cy = cents[i]
        x, y, w, h, _ = stats[i]
        lab = ln_labels[int(y + h / 2), min(w_img - 1, int(x + w / 2))]
        if lab:
            members.setdefault(int(lab), []).append(i)
    lines = []
    for idx in members.values():
        if len(idx) < 4:
            continue
        st = stats[idx]
        xs = st[:, 0] + st[:, 2] / 2.0
        ys = st[:, 1] + st[:, 3] / 2.0
        hs = st[:, 3].astype(np.float64)
        total_w = st[:, 0].min(), (st[:, 0] + st[:, 2]).max()
        span = total_w[1] - total_w[0]
        hm = float(np.median(hs))
        if span < 8 * hm:
            continue
        # fit y = a x + b weighted by component width (merged runs count more)
        wts = st[:, 2].astype(np.float64)
        a, bb = np.polyfit(xs, ys, 1, w=np.sqrt(wts)) if len(idx) >= 2 else (0.0, ys.mean())
        ang = math.atan(a)
        # extents along the direction, using box corners
        x0 = float(total_w[0])
        x1 = float(total_w[1])
        length = (x1 - x0) / math.cos(ang)
        # character height perpendicular to the line
        height = hm * math.cos(ang)
        cx = (x0 + x1) / 2
        cy = a * cx + bb
        lines.append(_Line(cx, cy, ang, length, height, len(idx)))
    return lines


@dataclass
class _Group:
    lines: list[_Line]
    score: float
    fmt_hint: str


# expected length/height of a line (measured on OCR-B MRZs; wide tolerance)
_ASPECT = {3: (14.0, 40.0), 2: (17.0, 55.0)}


# a line's height is its components' median: a filler's ('<', 0.6 of a capital's height in
# OCR-B) on a line of mostly fillers, a capital's on one of mostly digits ("IDVNM1628..."
# above "TRAN<<QUYNH<LE<<<..."): lines of one MRZ differ in height by up to 1 / 0.6
_LIKE_HEIGHT = (0.57, 1.75)


def _angle_diff(a: float, b: float) -> float:
    return (a - b + math.pi) % (2 * math.pi) - math.pi


def _group_lines(lines: list[_Line]) -> list[_Group]:
    cands = [ln for ln in lines if ln.aspect >= 12 and ln.n >= 6]
    groups: list[_Group] = []
    for i, a in enumerate(cands):
        for j, b2 in enumerate(cands):
            if j == i:
                continue
            if abs(_angle_diff(a.angle, b2.angle)) > math.radians(4):
                continue
            if not _LIKE_HEIGHT[0] < b2.height / a.height < _LIKE_HEIGHT[1]:
                continue
            if not 0.8 < b2.length / a.length < 1.25:
                continue
            # b2 must be below a (in the rotated frame)
            dx, dy = b2.cx - a.cx, b2.cy - a.cy
            ca, sa = math.cos(a.angle), math.sin(a.angle)
            along = dx * ca + dy * sa
            perp = -dx * sa + dy * ca
            h = (a.height + b2.height) / 2
            if not 1.15 * h < perp < 3.2 * h:
                continue
            if abs(along) > 0.12 * a.length + 2 * h:
                continue
            pair = [a, b2]
            # a third line below?
            third = None
            for k, c in enumerate(cands):
                if k in (i, j):
                    continue
                if abs(_angle_diff(c.angle, a.angle)) > math.radians(4):
                    continue
                if (
                    not 0.8 < c.length / a.length < 1.25
                    or not _LIKE_HEIGHT[0] < c.height / h < _LIKE_HEIGHT[1]
                ):
                    continue
                dx2, dy2 = c.cx - b2.cx, c.cy - b2.cy
                along2 = dx2 * ca + dy2 * sa
                perp2 = -dx2 * sa + dy2 * ca
                if abs(perp2 - perp) < 0.35 * perp and abs(along2) < 0.12 * a.length + 2 * h:
                    third = c
                    break
            if third is not None:
                pair.append(third)
            nl = len(pair)
            asp = sum(x.aspect for x in pair) / nl
            lo, hi = _ASPECT[nl]
            fit = 1.0 if lo <= asp <= hi else 0.3
            score = fit * sum(x.n for x in pair) * (1.6 if nl == 3 else 1.0)
            groups.append(_Group(pair, score, "TD1" if nl == 3 else "2"))
    groups.sort(key=lambda g: -g.score)
    return groups


_BOX_FACTOR = 1.9  # crop height / character height


def _rectify(gray: np.ndarray, ln: _Line, scale: float) -> np.ndarray:
    """Cut the line out of the full-resolution image, 48 px high, 3 channels."""
    src = gray
    h = ln.height / scale
    box_h = _BOX_FACTOR * h
    if box_h / _REC_HEIGHT > 1.6:
        # shrink the source first so that the warp does not alias
        f = 1.2 * _REC_HEIGHT / box_h
        src = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        scale = scale / f
        h = ln.height / scale
    cx, cy = ln.cx / scale, ln.cy / scale
    length = ln.length / scale + 1.6 * h
    box_h = _BOX_FACTOR * h
    out_h = _REC_HEIGHT
    out_w = max(out_h, int(round(length * out_h / box_h)))
    ca, sa = math.cos(ln.angle), math.sin(ln.angle)
    # map output (u, v) -> input: x = cx + (u - out_w/2) * s * ca - (v - out_h/2) * s * sa
    s = box_h / out_h
    m = np.array(
        [
            [s * ca, -s * sa, cx - (out_w / 2) * s * ca + (out_h / 2) * s * sa],
            [s * sa, s * ca, cy - (out_w / 2) * s * sa - (out_h / 2) * s * ca],
        ]
    )
    crop = cv2.warpAffine(
        src,
        m,
        (out_w, out_h),
        flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return cv2.cvtColor(_remove_rules(crop, out_h / _BOX_FACTOR), cv2.COLOR_GRAY2BGR)


def _remove_rules(crop: np.ndarray, cap: float) -> np.ndarray:
    """Paint out printed rules (a frame around the MRZ, table lines) crossing a line crop:
    dark runs longer than eight characters horizontally or taller than a character."""
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (int(8 * cap), 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(1.5 * cap)))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, hk) | cv2.morphologyEx(ink, cv2.MORPH_OPEN, vk)
    if not rules.any():
        return crop
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    background = cv2.dilate(crop, np.ones((7, 7), np.uint8))
    out = crop.copy()
    out[rules > 0] = background[rules > 0]
    return out


def _work_image(gray: np.ndarray) -> tuple[np.ndarray, float]:
    h, w = gray.shape
    side = max(h, w)
    if side > 1200:
        scale = 1200 / side
    elif side < 800:
        scale = 800 / side
    else:
        return gray, 1.0
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interp), scale


# --------------------------------------------------------------------------------------
# Reading


@dataclass
class _Reading:
    fmt: str
    decoded: list[_Decoded]

    @property
    def lines(self) -> list[str]:
        return [d.text for d in self.decoded]

    @property
    def mean_conf(self) -> float:
        c = [x for d in self.decoded for x in d.conf]
        return float(np.mean(c)) if c else 0.0


# (line, first, end) of the three-letter country codes of each format
_COUNTRY_FIELDS = {
    "TD1": [(0, 2, 5), (1, 15, 18)],
    "TD2": [(0, 2, 5), (1, 10, 13)],
    "TD3": [(0, 2, 5), (1, 10, 13)],
    "MRVA": [(0, 2, 5), (1, 10, 13)],
    "MRVB": [(0, 2, 5), (1, 10, 13)],
}
_LETTER_IDX = np.array([ch not in _DIGITS for ch in MRZ_ALPHABET])


def _fix_country_codes(reading: _Reading) -> None:
    """Country codes are letters (or '<'): a digit read in a code that is not all digits
    becomes the most probable letter at that character.  (A code printed as three digits,
    as on some specimens, is left as read.)"""
    for line, a, b in _COUNTRY_FIELDS[reading.fmt]:
        dec = reading.decoded[line]
        code = dec.text[a:b]
        if code.isdigit() or not any(ch in _DIGITS for ch in code):
            continue
        chars = list(dec.text)
        for i in range(a, b):
            if chars[i] in _DIGITS:
                p = dec.peaks[i] * _LETTER_IDX
                j = int(np.argmax(p))
                chars[i] = MRZ_ALPHABET[j]
                tot = dec.peaks[i].sum()
                dec.conf[i] = float(p[j] / tot) if tot > 0 else 0.0
        dec.text = "".join(chars)


def _fit_centres(x: np.ndarray) -> np.ndarray:
    """Smooth cell centres from noisy ones: a robust quadratic in the character index
    (a line seen in perspective has a slowly changing pitch)."""
    k = np.arange(len(x), dtype=np.float64)
    deg = 2 if len(x) >= 10 else 1
    keep = np.ones(len(x), dtype=bool)
    coef = np.polyfit(k, x, deg)
    for _ in range(3):
        r = x - np.polyval(coef, k)
        keep = np.abs(r) <= max(4.0, 2.0 * float(np.std(r[keep])))
        if keep.sum() < deg + 3:
            break
        coef = np.polyfit(k[keep], x[keep], deg)
    return np.polyval(coef, k)


_GLYPH_WEIGHT = 25.0  # nats per unit of correlation when the line is clean OCR-B
_LT = MRZ_ALPHABET.index("<")
_FILLER_GAP = 0.1  # a glyph correlation this much clearer decides filler or not by itself


def _combine(rec: np.ndarray, glyph: np.ndarray, beta: float) -> np.ndarray:
    """Probabilities over MRZ_ALPHABET from the recogniser's and the glyph match's.

    The glyph match is trusted on its own for "filler '<' or not" when it is clear (the
    recogniser misreads runs of '<'); which letter or digit it is, both decide together.
    """
    logit = np.log(np.maximum(rec, 1e-4)) + beta * glyph
    other = float(np.delete(glyph, _LT).max())
    if glyph[_LT] - other > _FILLER_GAP:
        logit[np.arange(len(logit)) != _LT] -= 30.0
    elif other - glyph[_LT] > 2 * _FILLER_GAP:
        # (a stricter test: a filler printed in another design can look like a letter)
        logit[_LT] -= 30.0
    raw = np.exp(logit - logit.max())
    return raw / raw.sum()


def _refine_with_glyphs(crop: np.ndarray, dec: _Decoded, masks: np.ndarray) -> None:
    """Decide every character from the recogniser and the OCR-B glyph match together."""
    n = len(dec.text)
    centres = _fit_centres((np.asarray(dec.frames, dtype=np.float64) + 0.5) * 8)
    pitch = float(np.median(np.diff(centres)))
    if not 8 < pitch < 80:
        return
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    cap = _REC_HEIGHT / _BOX_FACTOR
    mid = _REC_HEIGHT / 2
    scores, quality, _ = mrz_glyphs.track_cells(gray, centres, mid, cap)
    beta = _GLYPH_WEIGHT * float(np.clip((quality - 0.55) / 0.3, 0.0, 1.0))
    if beta <= 0:
        return
    text = []
    for i in range(n):
        raw = _combine(dec.peaks[i], scores[i], beta)
        p = raw * (masks[i] > -1e8)
        p = p / max(p.sum(), 1e-12)
        c = int(np.argmax(p))
        text.append(MRZ_ALPHABET[c])
        dec.conf[i] = float(p[c])
        order = np.argsort(-p)
        dec.alts[i] = [(MRZ_ALPHABET[j], float(p[j])) for j in order[:3] if j != c and p[j] > 0.01]
        dec.peaks[i] = raw
    dec.text = "".join(text)


def _decode_lines(probs: list[np.ndarray], crops: list[np.ndarray]) -> _Reading | None:
    if len(probs) == 3:
        candidates = ["TD1"]
    else:
        candidates = ["TD3", "TD2"]
    best: _Reading | None = None
    best_score = -math.inf
    readings: dict[str, _Reading] = {}
    for fmt in candidates:
        dec = [_ctc_decode_fixed(p, _line_masks(fmt, i)) for i, p in enumerate(probs)]
        if any(d is None for d in dec):
            continue
        readings[fmt] = _Reading(fmt, dec)  # type: ignore[arg-type]
        score = sum(d.score for d in dec)  # type: ignore[union-attr]
        if score > best_score:
            best, best_score = readings[fmt], score
    if best is None:
        return None
    if best.fmt == "TD2" and best.decoded[0].text[:1] == "P" and "TD3" in readings:
        # a passport's MRZ is two lines of 44 (ICAO 9303-4; a TD2's document code is A, C
        # or I): widely spaced letters squeezed into 36 read better so
        best = readings["TD3"]
    if best.fmt != "TD1" and best.decoded[0].text[0] == "V":
        fmt = "MRVA" if best.fmt == "TD3" else "MRVB"
        d2 = _ctc_decode_fixed(probs[1], _line_masks(fmt, 1))
        if d2 is not None:
            best = _Reading(fmt, [best.decoded[0], d2])
    if mrz_glyphs.available():
        for i, (crop, dec) in enumerate(zip(crops, best.decoded, strict=True)):
            _refine_with_glyphs(crop, dec, _line_masks(best.fmt, i))
    _fix_country_codes(best)
    return best


# which (line, position) characters each check covers, including the check digit itself
def _check_positions(fmt: str) -> dict[str, list[tuple[int, int]]]:
    def rng(line: int, a: int, b: int) -> list[tuple[int, int]]:
        return [(line, i) for i in range(a, b)]

    if fmt == "TD1":
        return {
            "document_number": rng(0, 5, 15),
            "birth_date": rng(1, 0, 7),
            "expiry_date": rng(1, 8, 15),
            "composite": rng(0, 5, 30) + rng(1, 0, 7) + rng(1, 8, 15) + rng(1, 18, 30),
        }
    out = {
        "document_number": rng(1, 0, 10),
        "birth_date": rng(1, 13, 20),
        "expiry_date": rng(1, 21, 28),
    }
    if fmt == "TD3":
        out["personal_number"] = rng(1, 28, 43)
        out["composite"] = rng(1, 0, 10) + rng(1, 13, 20) + rng(1, 21, 44)
    elif fmt == "TD2":
        out["composite"] = rng(1, 0, 10) + rng(1, 13, 20) + rng(1, 21, 36)
    return out


_ALT_MIN = 0.12  # a second choice must have at least this probability to be considered


def _choose_alternatives(reading: _Reading) -> list[str]:
    """Where a check fails, take one second-choice character that makes it pass.

    Only characters for which the recogniser itself gave a real second candidate are
    considered, and only when exactly one such substitution repairs the failing check
    without breaking another one.  Otherwise the text stays as recognised.
    """
    lines = reading.lines
    try:
        res = parse_mrz(lines)
    except MRZParseError:
        return lines
    positions = _check_positions(reading.fmt)
    for name in list(res.failed_checks):
        if name == "composite":
            continue
        fixes = []
        for li, pos in positions.get(name, []):
            for alt, p in reading.decoded[li].alts[pos]:
                if p < _ALT_MIN:
                    continue
                trial = list(lines)
                trial[li] = trial[li][:pos] + alt + trial[li][pos + 1 :]
                try:
                    r2 = parse_mrz(trial)
                except MRZParseError:
                    continue
                before = set(res.failed_checks)
                after = set(r2.failed_checks)
                if name not in after and after <= before:
                    fixes.append((p, trial, after))
        if len(fixes) == 1:
            lines = fixes[0][1]
            res = parse_mrz(lines)
    return lines


def _ink_extent(gray: np.ndarray, cap: float) -> tuple[float, float] | None:
    """Left edge of the first and right edge of the last character in a rectified line."""
    mid = gray.shape[0] / 2
    band = gray[int(mid - 0.75 * cap) : int(mid + 0.75 * cap) + 1]
    _, ink = cv2.threshold(band, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    st = stats[1:]
    ok = (st[:, 3] >= 0.35 * cap) & (st[:, 3] <= 1.3 * cap) & (st[:, 4] >= 0.02 * cap * cap)
    ok &= st[:, 2] >= 0.2 * cap  # no glyph is a bare bar: remnants of rules
    st = st[ok]
    if len(st) < 3:
        return None
    st = st[np.argsort(st[:, 0])]
    # drop stray marks set apart from the line at either end
    while len(st) > 3 and st[1, 0] - (st[0, 0] + st[0, 2]) > 0.9 * cap:
        st = st[1:]
    while len(st) > 3 and st[-1, 0] - (st[-2, 0] + st[-2, 2]) > 0.9 * cap:
        st = st[:-1]
    return float(st[:, 0].min()), float((st[:, 0] + st[:, 2]).max())


def _glyph_decode(scores: np.ndarray, masks: np.ndarray, frames: list[int]) -> _Decoded:
    logit = _GLYPH_WEIGHT * scores + masks
    p = np.exp(logit - logit.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    raw = np.exp(_GLYPH_WEIGHT * (scores - scores.max(axis=1, keepdims=True)))
    raw /= raw.sum(axis=1, keepdims=True)
    text, conf, alts = [], [], []
    for i in range(len(scores)):
        c = int(np.argmax(p[i]))
        text.append(MRZ_ALPHABET[c])
        conf.append(float(p[i, c]))
        order = np.argsort(-p[i])
        alts.append(
            [(MRZ_ALPHABET[j], float(p[i, j])) for j in order[:3] if j != c and p[i, j] > 0.01]
        )
    return _Decoded("".join(text), 0.0, conf, alts, list(raw), frames)


_FAST_QUALITY = 0.9  # mean best correlation for a glyph-only reading to be trusted
_SECOND_QUALITY = 0.84  # ... to be kept in reserve should the recogniser's checks fail


@dataclass
class _GlyphLine:
    scores: np.ndarray  # (n, 37) correlations
    margins: np.ndarray  # (n,) best allowed minus second-best allowed correlation
    centres: np.ndarray  # (n,) x of each character in the crop


def _glyph_read(crops: list[np.ndarray]) -> tuple[_Reading, float, list[_GlyphLine]] | None:
    """Read the lines from the OCR-B glyphs alone (no neural network).

    Returns the reading, its quality (the worst line's mean best correlation) and, per
    line, the scores, margins and character centres; or None.
    """
    cap = _REC_HEIGHT / _BOX_FACTOR
    grays = [cv2.cvtColor(c, cv2.COLOR_BGR2GRAY) for c in crops]
    extents = [_ink_extent(g, cap) for g in grays]
    if any(e is None for e in extents):
        return None
    if len(crops) == 3:
        fmts = ["TD1"]
    else:
        # the number of characters from the line length and the OCR-B pitch (~0.89 cap);
        # when that is not clear, both lengths are tried
        width = float(np.mean([e[1] - e[0] for e in extents]))  # type: ignore[index]
        n_est = width / (0.89 * cap) + 0.35
        if 38 <= n_est <= 43.5:
            fmts = ["TD3", "TD2"]
        else:
            fmts = ["TD3"] if n_est > 40 else ["TD2"]
    best = None
    for fmt in fmts:
        got = _glyph_read_as(fmt, grays, extents, cap)  # type: ignore[arg-type]
        if got is not None and (best is None or got[1] > best[1]):
            best = got
    return best


def _glyph_read_as(
    fmt: str, grays: list[np.ndarray], extents: list[tuple[float, float]], cap: float
) -> tuple[_Reading, float, list[_GlyphLine]] | None:
    n = FORMATS[fmt][1]
    decoded = []
    qualities = []
    glines = []
    for i, (g, ext) in enumerate(zip(grays, extents, strict=True)):
        x_l, x_r = ext
        pitch = (x_r - x_l) / (n - 1 + 0.65)
        if not 8 < pitch < 80:
            return None
        centres = x_l + 0.33 * pitch + np.arange(n) * pitch
        scores, quality, found = mrz_glyphs.track_cells(g, centres, _REC_HEIGHT / 2, cap)
        qualities.append(quality)
        if fmt in ("TD2", "TD3") and i == 0 and scores[0].argmax() == MRZ_ALPHABET.index("V"):
            fmt = "MRVA" if fmt == "TD3" else "MRVB"
        masks = _line_masks(fmt, i)
        masked = scores + np.where(masks > -1e8, 0.0, -10.0)
        top2 = np.sort(masked, axis=1)[:, -2:]
        glines.append(_GlyphLine(scores, top2[:, 1] - top2[:, 0], found))
        frames = [int(x // 8) for x in found]
        decoded.append(_glyph_decode(scores, masks, frames))
    reading = _Reading(fmt, decoded)
    return reading, float(np.mean(qualities)), glines


_VERIFY_MARGIN = 0.06  # glyph decisions closer than this are checked by the recogniser


def _verify_uncertain(crops: list[np.ndarray], reading: _Reading, glines: list[_GlyphLine]) -> bool:
    """Let the recogniser weigh in on the characters the glyphs alone leave uncertain.

    The recogniser reads only windows (its native 320 px) around those characters; its
    probabilities at each character's position are combined with the glyph scores.
    Returns False when there are too many uncertain characters for this to be worth it.
    """
    pieces: list[np.ndarray] = []
    jobs: list[tuple[int, int, list[int]]] = []  # (line, window start, cells)
    for li, (crop, gl) in enumerate(zip(crops, glines, strict=True)):
        # uncertain: a close call, or a letter/digit where both are allowed (O/0, I/1, B/8,
        # S/5, Z/2, T/7: the check digits cannot tell all of these apart)
        masks = _line_masks(reading.fmt, li)
        both = (masks[:, :10] > -1e8).any(axis=1) & (masks[:, 10:36] > -1e8).any(axis=1)
        text = reading.decoded[li].text
        unsure = [
            i
            for i in range(len(text))
            if gl.margins[i] < _VERIFY_MARGIN or (both[i] and text[i] != "<")
        ]
        if len(unsure) > 30:
            return False
        w = crop.shape[1]
        pitch = float(np.median(np.diff(gl.centres)))
        # windows around runs of uncertain cells, with two cells of context each side
        runs: list[list[int]] = []
        for i in unsure:
            if runs and i - runs[-1][-1] <= 4:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            a = int(max(0, gl.centres[run[0]] - 2.5 * pitch) // 8 * 8)
            b = int(min(w, gl.centres[run[-1]] + 2.5 * pitch))
            b = min(w, max(b, a + 96))
            pieces.append(crop[:, a:b])
            jobs.append((li, a, run))
    if not pieces:
        return True
    rec = _get_recogniser()
    probs = [rec.probs([piece])[0] for piece in pieces]  # one by one: no padding
    for (li, start, cells), p in zip(jobs, probs, strict=True):
        gl = glines[li]
        dec = reading.decoded[li]
        masks = _line_masks(reading.fmt, li)
        pitch = float(np.median(np.diff(gl.centres)))
        for i in cells:
            a = int((gl.centres[i] - 0.45 * pitch - start) // 8)
            b = int((gl.centres[i] + 0.45 * pitch - start) // 8) + 1
            a, b = max(0, a), min(p.shape[0], b)
            if b <= a:
                continue
            rec = p[a:b, 1:].max(axis=0)
            rec = rec / max(rec.sum(), 1e-9)
            raw = _combine(rec, gl.scores[i], _GLYPH_WEIGHT)
            q = raw * (masks[i] > -1e8)
            q /= max(q.sum(), 1e-12)
            c = int(np.argmax(q))
            dec.text = dec.text[:i] + MRZ_ALPHABET[c] + dec.text[i + 1 :]
            dec.conf[i] = float(q[c])
            order = np.argsort(-q)
            dec.alts[i] = [
                (MRZ_ALPHABET[j], float(q[j])) for j in order[:3] if j != c and q[j] > 0.01
            ]
            dec.peaks[i] = raw
    return True


def _name_field_fillers(reading: _Reading) -> None:
    """In the name field, '<<<' can only be trailing filler: what follows is '<' too.

    (Names are separated by '<', surname and given names by '<<'; a third '<' starts the
    filler.)  A letter read after it is a misread filler, as O read in a date is a 0; so is
    a run of one letter.
    """
    line, start = (2, 0) if reading.fmt == "TD1" else (0, 5)
    dec = reading.decoded[line]
    starts = []  # where the filler starts
    k = dec.text.find("<<<", start)
    if k >= 0:
        starts.append(k + 3)
    # five of one letter in a row: no name has that, a misread filler ("NGUYEN<AAAAAAAAAA")
    run = re.search(r"([A-Z])\1{4,}", dec.text[start:])
    if run:
        starts.append(start + run.start())
    if not starts:
        return
    _make_fillers(dec, range(min(starts), len(dec.text)))


def _optional_data_fillers(reading: _Reading) -> None:
    """A TD1's second optional-data field read as letters where the recogniser also saw
    '<', or as a run of one letter ("AAAAAAAA6K<"): all fillers, when that makes the
    composite check pass.

    (The recogniser loses long runs of '<'; the composite check digit covers the field.)
    """
    if reading.fmt != "TD1" or len(reading.decoded) != 3:
        return
    dec = reading.decoded[1]
    field = range(18, 29)
    if len(dec.text) < 30 or all(dec.text[i] == "<" for i in field):
        return
    # a long run of one letter is a run of fillers misread as well
    common, times = Counter(dec.text[i] for i in field).most_common(1)[0]
    filler_like = sum(
        1
        for i in field
        if dec.text[i] == "<"
        or any(a == "<" for a, _ in dec.alts[i])
        or (times >= 5 and dec.text[i] == common)
    )
    if filler_like < 0.7 * len(field):
        return
    lines = reading.lines
    trial = list(lines)
    trial[1] = lines[1][:18] + "<" * 11 + lines[1][29:]
    try:
        before, after = parse_mrz(lines), parse_mrz(trial)
    except MRZParseError:
        return
    if "composite" in before.failed_checks and not after.failed_checks:
        _make_fillers(dec, field)


def _make_fillers(dec: _Decoded, positions: range) -> None:
    """'<' at these positions, each with the recogniser's probability of '<' there."""
    chars = list(dec.text)
    for i in positions:
        if chars[i] != "<":
            chars[i] = "<"
            dec.conf[i] = float(dec.peaks[i][_LT] / max(dec.peaks[i].sum(), 1e-12))
    dec.text = "".join(chars)


_LOOKALIKE_MIN = 0.05  # a look-alike digit the recogniser gave this much is a candidate


def _finish_reading(reading: _Reading) -> MRZResult | None:
    _name_field_fillers(reading)
    _optional_data_fillers(reading)
    lines = _choose_alternatives(reading)

    # a digit read as a look-alike letter ("O" for "0") that the recogniser saw but gave
    # too little weight for _choose_alternatives, that both the field's check digit and
    # the composite one say is the digit
    def share(dec: _Decoded, i: int, ch: str) -> float:
        peaks = dec.peaks[i]
        return float(peaks[MRZ_ALPHABET.index(ch)] / max(peaks.sum(), 1e-12))

    fixed = repair_lookalikes(
        lines, lambda li, i, ch: share(reading.decoded[li], i, ch) >= _LOOKALIKE_MIN
    )
    for dec, line, new in zip(reading.decoded, lines, fixed, strict=True):
        for i, (a, b) in enumerate(zip(line, new, strict=True)):
            if a != b:
                dec.conf[i] = share(dec, i, b)
    lines = fixed
    try:
        res = parse_mrz(lines)
    except MRZParseError:
        return None
    res.confidence = reading.mean_conf
    res.char_confidences = [d.conf for d in reading.decoded]
    return res


def _inside(gray: np.ndarray, ln: _Line, scale: float) -> bool:
    """Both ends of the line, plus half a character, lie inside the image."""
    h, w = gray.shape[:2]
    half = ln.length / 2 + 0.5 * ln.height
    ca, sa = math.cos(ln.angle), math.sin(ln.angle)
    for sgn in (-1, 1):
        x = (ln.cx + sgn * half * ca) / scale
        y = (ln.cy + sgn * half * sa) / scale
        if not (0 <= x < w and 0 <= y < h):
            return False
    return True


def _read_group(
    gray: np.ndarray, group: _Group, scale: float, text_angle: float | None = None
) -> tuple[MRZResult, float] | None:
    if not all(_inside(gray, ln, scale) for ln in group.lines):
        return None  # an MRZ cut by the edge of the photo cannot be read exactly
    height = max(ln.height for ln in group.lines)
    crops = [_rectify(gray, replace(ln, height=height), scale) for ln in group.lines]
    flipped = [cv2.rotate(c, cv2.ROTATE_180) for c in reversed(crops)]
    # 1. glyphs alone: fast, and enough for a clean OCR-B line whose checks all pass
    order = [crops, flipped]
    if text_angle is not None:
        # the caller knows which way the text runs: read that way up only
        along = math.cos(_angle_diff(group.lines[0].angle, text_angle)) >= 0
        order = [crops if along else flipped]
    fallback: tuple[MRZResult, float] | None = None
    # a less clean glyph reading, checked by the recogniser where unsure only if the
    # recogniser's own reading fails (that check costs as much as a third of it)
    reserve: tuple[list[np.ndarray], _Reading, list[_GlyphLine]] | None = None
    if mrz_glyphs.available():
        quick = []
        fillers = []
        for cs in order:
            got = _glyph_read(cs)
            if got is None:
                quick.append(-1.0)
                fillers.append(0)
                continue
            reading, quality, glines = got
            quick.append(quality)
            fillers.append(sum(_count_fillers(gl) for gl in glines))
            if quality >= _FAST_QUALITY and _verify_uncertain(cs, reading, glines):
                _fix_country_codes(reading)
                res = _finish_reading(reading)
                if res is not None and res.valid:
                    return res, res.confidence or 0.0
                if res is not None:
                    fallback = (res, res.confidence or 0.0)
            elif quality >= _SECOND_QUALITY and reserve is None:
                reserve = (cs, reading, glines)
            if quality >= _FAST_QUALITY:
                order = [cs]  # right way up: no need to look at the other orientation
                break
        if fallback is None and max(fillers) < 2:
            # every MRZ has fillers ('<<' at least between surname and given names): these
            # lines are other text; do not spend the recogniser on them
            return None
        if len(quick) == 2:
            if quick[1] > quick[0]:
                order = order[::-1]
            if abs(quick[1] - quick[0]) > 0.05:
                order = order[:1]
    # 2. the recogniser together with the glyphs
    rec = _get_recogniser()
    best: tuple[MRZResult, float] | None = None
    for cs in order:
        reading = _decode_lines(_line_probs(rec, cs), cs)
        if reading is None:
            continue
        res = _finish_reading(reading)
        if res is None:
            continue
        conf = res.confidence or 0.0
        if best is None or (res.valid, conf) > (best[0].valid, best[1]):
            best = (res, conf)
        if conf >= _GOOD_CONF:
            break
    if fallback is not None and (best is None or not best[0].valid):
        # a clean glyph reading whose printed check digits fail: the recogniser did not
        # find a reading whose checks pass either, so report the glyph reading as it is
        return fallback
    if (best is None or not best[0].valid) and reserve is not None:
        # a less clean glyph reading (checked by the recogniser where unsure) whose
        # checks pass beats a recogniser reading whose checks fail
        cs, reading, glines = reserve
        if _verify_uncertain(cs, reading, glines):
            _fix_country_codes(reading)
            res = _finish_reading(reading)
            if res is not None and res.valid:
                return res, res.confidence or 0.0
    return best


_GOOD_CONF = 0.8  # mean character confidence above which a reading is taken as it is


def _count_fillers(gl: _GlyphLine) -> int:
    """Cells that are clearly a '<' by the glyph match."""
    best = gl.scores.argmax(axis=1)
    return int(((best == _LT) & (gl.scores[:, _LT] >= 0.7)).sum())


def _plausible(res: MRZResult, conf: float) -> bool:
    """False for text that is not an MRZ (e.g. other printed lines read as one).

    A reading whose checks fail must be confident, and with only one check passing its dates
    must be real dates (a wrong text passes a check by chance one time in ten).
    """
    if res.valid:
        return True
    passed = sum(c.valid for c in res.checks.values())
    if passed >= 2:
        return conf >= 0.8
    dates_ok = res.birth_date is not None and res.expiry_date is not None
    return passed == 1 and dates_ok and conf >= 0.9


def _centre_in(group: _Group, region: tuple[float, float, float, float], scale: float) -> bool:
    x = sum(ln.cx for ln in group.lines) / len(group.lines) / scale
    y = sum(ln.cy for ln in group.lines) / len(group.lines) / scale
    return region[0] <= x <= region[2] and region[1] <= y <= region[3]


def _rank(got: tuple[MRZResult, float]) -> tuple[bool, float]:
    res, conf = got
    return res.valid, conf


def read_mrz(
    image: Any,
    *,
    text_angle: float | None = None,
    region: tuple[float, float, float, float] | None = None,
    n_lines: int | None = None,
) -> MRZResult | None:
    """Find and read the MRZ in ``image`` (numpy BGR/gray array or PIL image).

    What the caller may already know, to save work: ``text_angle``, the direction of
    writing (radians, image coordinates, y down), so that lines are read that way up only;
    ``region`` (x0, y0, x1, y1 in image pixels), where the MRZ is, so that line groups
    elsewhere are not read; ``n_lines``, how many lines it has (2 or 3), so that groups of
    that many lines are read first. Returns None when no MRZ is found. The lines are reported as
    read: failing check digits are flagged in the result (``valid``, ``failed_checks``),
    never corrected.
    """
    gray = _to_gray(image)
    if gray.size == 0 or min(gray.shape[:2]) < 16:
        return None
    work, scale = _work_image(gray)
    best: tuple[MRZResult, float] | None = None
    for deskew in (True, False):
        groups = _group_lines(_find_lines(work, deskew=deskew))
        if region is not None:
            groups = [g for g in groups if _centre_in(g, region, scale)]
        if n_lines is not None:
            groups.sort(key=lambda g: len(g.lines) != n_lines)  # stable: keeps the ranking
        tried = groups[:3]
        # the best group of three lines too: letter-spaced lines are long for their
        # height, which makes a TD1's look like two lines of a TD3 and rank it low
        tried += [g for g in groups[3:] if len(g.lines) == 3][:1]
        for group in tried:
            got = _read_group(gray, group, scale, text_angle)
            if got is None or not _plausible(*got):
                continue
            if best is None or _rank(got) > _rank(best):
                best = got
            if got[1] >= (_GOOD_CONF if got[0].valid else 0.9):
                # valid, or a confident reading whose printed check digits fail
                return got[0]
        if groups:
            break  # the image was searched; without deskewing only if nothing was found
    return best[0] if best else None
