"""Find the document's text lines, put them upright and read them.

No fixed positions: text lines are found by a detector, the dominant text direction gives
the rotation (any angle, incl. 90/180/270), a direction classifier votes upright vs 180°,
and each line is cut out through its own quadrilateral (which absorbs perspective)."""

from __future__ import annotations

import math
import os
import re
import time
import unicodedata
from dataclasses import dataclass, field

import cv2
import numpy as np

from . import recognizer as rz
from .decode import Page
from .outline import card_outline

_NOT_READ = rz.Reading("", 0.0)  # a second reading not made (the first looked sure)


@dataclass
class Box:
    text: str
    conf: float
    x0: float  # upright-frame coordinates (for layout)
    y0: float
    x1: float
    y1: float
    obox: list[int]  # axis-aligned box in uploaded-image pixels
    crop: np.ndarray | None = None
    norm: str = ""
    _second: rz.Reading | None = field(default=None, repr=False)
    # the line's quad (tl, tr, br, bl) in the pixels of `frame`, the upright frame image
    quad: np.ndarray | None = field(default=None, repr=False)
    frame: np.ndarray | None = field(default=None, repr=False)

    def crop_with_headroom(self) -> np.ndarray | None:
        """The line cut out with room above its capitals' tone marks (see
        _crop_with_headroom); the crop itself when the frame is not known."""
        if self.quad is None or self.frame is None:
            return self.crop
        return _crop_with_headroom(self.frame, self.quad)

    # PP-OCR's accent-free reading of the same crop, made when first asked for and only for
    # lines with digits or that Tesseract read poorly: digits, dates and labels survive
    # blur better there
    @property
    def alt(self) -> str:
        return self._second_reading().text

    @property
    def alt_conf(self) -> float:
        return self._second_reading().confidence

    def _second_reading(self) -> rz.Reading:
        if self._second is None:
            wanted = self.crop is not None and (
                sum(c.isdigit() for c in self.text) >= 2
                or self.conf < 0.6
                or len(self.text.strip()) < 3
            )
            self._second = rz.read_line_pp(self.crop) if wanted else _NOT_READ
        return self._second

    def alt_whatever_read(self) -> str:
        """PP-OCR's reading, made however well Tesseract seemed to read the line (a field
        looked for by what it says, when all else failed)."""
        if self._second_reading() is _NOT_READ and self.crop is not None:
            self._second = rz.read_line_pp(self.crop)
        return self._second_reading().text

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Row:
    boxes: list[Box]

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.boxes if b.text)

    @property
    def norm(self) -> str:
        return " ".join(b.norm for b in self.boxes if b.norm)

    @property
    def y0(self):
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self):
        return max(b.y1 for b in self.boxes)

    @property
    def x0(self):
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self):
        return max(b.x1 for b in self.boxes)


@dataclass
class Document:
    boxes: list[Box]
    rows: list[Row]
    image: np.ndarray  # the (possibly downscaled) page image
    page: Page
    frame: np.ndarray | None = None  # upright text block; Box x0..y1 are in its pixels
    angle: float = 0.0  # degrees the content was rotated to be upright
    frame_scale: float = 1.0  # frame pixels per page-image pixel
    frame_to_page: np.ndarray | None = None  # 2x3 affine, frame pixels -> page-image pixels
    flipped: bool = False  # the frame was turned 180 degrees to be upright
    timings: dict = field(default_factory=dict)
    askew_lines: int = 0  # lines left out as another document's (see Frame.askew)

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.rows)

    @property
    def line_height(self) -> float:
        """Median text-line height in page-image pixels: of each line's quadrilateral where
        it is known (a frame left askew holds lines whose upright boxes are twice as tall)."""

        def height(b: Box) -> float:
            if b.quad is None:
                return min(b.h, b.x1 - b.x0)
            q = np.asarray(b.quad, np.float64)
            return float(np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2

        hs = sorted(height(b) for b in self.boxes)
        return hs[len(hs) // 2] / self.frame_scale if hs else 0.0

    @property
    def norm(self) -> str:
        return "\n".join(r.norm for r in self.rows)

    def text_quads(self) -> list[np.ndarray]:
        """Each text line's quadrilateral (4x2, page-image pixels)."""
        if self.frame_to_page is None:
            return []
        out = []
        for b in self.boxes:
            corners = np.array(
                [[b.x0, b.y0, 1], [b.x1, b.y0, 1], [b.x1, b.y1, 1], [b.x0, b.y1, 1]], np.float64
            )
            out.append(corners @ self.frame_to_page.T)
        return out


def strip_accents(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def mrz_like(t: str, share: float = 0.85, min_len: int = 20) -> bool:
    """Mostly the MRZ's alphabet (upper-case ASCII letters, digits, fillers)."""
    t = t.replace(" ", "")
    if len(t) < min_len:
        return False
    ok = sum(1 for c in t if c.isascii() and (c.isupper() or c.isdigit() or c in "<«"))
    return ok >= share * len(t)


def mrz_row_like(t: str) -> bool:
    """A reading of an MRZ line: its alphabet and two fillers at least."""
    return t.replace(" ", "").replace("«", "<").count("<") >= 2 and mrz_like(t)


def norm_text(s: str) -> str:
    s = strip_accents(s).lower()
    s = re.sub(r"\s+", " ", s)
    return s.strip()


def _order(pts: np.ndarray) -> np.ndarray:
    """Indices ordering 4 points as tl, tr, br, bl (image y down)."""
    idx = np.argsort(pts[:, 0])
    left, right = idx[:2], idx[2:]
    left = left[np.argsort(pts[left, 1])]
    right = right[np.argsort(pts[right, 1])]
    return np.array([left[0], right[0], right[1], left[1]])


def _quad_angle(q: np.ndarray) -> tuple[float, float]:
    """(direction in radians, length) of a quad's longer edge: the way its text runs."""
    e1 = q[1] - q[0]
    e2 = q[3] - q[0]
    v = e1 if np.linalg.norm(e1) >= np.linalg.norm(e2) else e2
    return math.atan2(float(v[1]), float(v[0])), float(np.linalg.norm(v))


def _angle_gap(a: float, b: float) -> float:
    """How far apart two text directions are (radians, 0..pi/2; a line has no arrow)."""
    return abs((a - b + math.pi / 2) % math.pi - math.pi / 2)


def _dominant_angle(quads: list[np.ndarray]) -> float:
    """Angle (radians, in (-pi/2, pi/2]) of the dominant text direction: the mean direction
    of the lines (long lines count more); when some are written in another direction (a
    sheet of text at another angle beside the card, more than OFF_LEVEL_DEG off), of the
    direction the most line length is written in only, not an average of the two."""
    lines = [(ang, ln * ln) for ang, ln in map(_quad_angle, quads) if ln >= 1]
    if not lines:
        return 0.0
    off = math.radians(OFF_LEVEL_DEG)
    # the densest direction (a few degrees wide: a wider window can take in two documents
    # 14 degrees apart and land between them), then the centre of the lines near it
    peak = max(lines, key=lambda c: sum(w for a, w in lines if _angle_gap(a, c[0]) <= off / 2))[0]
    for _ in range(2):
        peak = _mean_angle([(a, w) for a, w in lines if _angle_gap(a, peak) <= off])
    if sum(1 for a, _ in lines if _angle_gap(a, peak) > off) >= OTHER_LINES:
        lines = [(a, w) for a, w in lines if _angle_gap(a, peak) <= off]
    return _mean_angle(lines)


def _mean_angle(lines: list[tuple[float, float]]) -> float:
    """The weighted mean of line directions (a line has no arrow: angles doubled)."""
    cs = sum(w * math.cos(2 * a) for a, w in lines)
    sn = sum(w * math.sin(2 * a) for a, w in lines)
    return 0.5 * math.atan2(sn, cs)


OTHER_LINES = 4  # lines written in another direction that make another document
# a line this far off the dominant direction is another document's (a sheet of text at a
# small angle beside the card): a keystoned card's own lines differ by up to some 6 degrees
OFF_LEVEL_DEG = 9


def _other_direction(quads: list[np.ndarray], theta: float) -> list[np.ndarray]:
    """The lines not written in direction `theta` (more than 15 degrees off): another
    document's, lying at another angle beside the card (a sheet of paper under it)."""
    return [q for q in quads if _angle_gap(_quad_angle(q)[0], theta) > math.radians(15)]


def _rot(theta: float) -> np.ndarray:
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, s], [-s, c]], dtype=np.float64)  # rotates by -theta


def _text_region(quads: list[np.ndarray], shape) -> tuple[int, int, int, int]:
    pts = np.concatenate(quads)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    m = 0.08 * max(x1 - x0, y1 - y0)
    h, w = shape[:2]
    return (
        int(max(0, x0 - m)),
        int(max(0, y0 - m)),
        int(min(w, x1 + m)),
        int(min(h, y1 + m)),
    )


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])


def _main_cluster(quads: list[np.ndarray]) -> list[np.ndarray]:
    """Drop isolated detections far from the bulk of the text (background clutter); the
    bulk is the text's, by length: not the many short words of a sheet beside a card with
    fewer, longer lines."""
    if len(quads) < 5:
        return quads
    centers = np.array([q.mean(axis=0) for q in quads])
    heights = np.array(
        [min(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[0] - q[1])) for q in quads]
    )
    lengths = np.array(
        [max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[0] - q[1])) for q in quads]
    )
    med = np.array([_weighted_median(centers[:, k], lengths) for k in (0, 1)])
    hmed = float(np.median(heights))
    d = np.linalg.norm(centers - med, axis=1)
    lim = max(np.percentile(d, 75) * 2.5, 12 * hmed)
    return [q for q, dd in zip(quads, d, strict=False) if dd <= lim]


DET_SIDE = int(os.environ.get("OCR_DET_SIDE", "640"))  # detector input, coarse first pass
TARGET_W = 960  # longer side of the rectified text block (second pass, line crops)
FRAME_DET_SIDE = int(os.environ.get("OCR_FRAME_DET_SIDE", "800"))  # detector input on it


def _quad_h(q: np.ndarray) -> float:
    return float(min(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[0] - q[1])))


@dataclass
class Frame:
    """The rectified text block: `image` = warpAffine(page image, M)."""

    image: np.ndarray
    M: np.ndarray  # 2x3, page image -> frame
    Minv: np.ndarray  # 2x3, frame -> page image
    quads: list[np.ndarray]
    askew: int = 0  # lines left out as written in another direction than the frame's text


def _affine_apply(M: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return pts @ M[:, :2].T + M[:, 2]


def split_documents(page: Page, min_lines: int = 5, det_side: int = DET_SIDE) -> list[Page]:
    """Parts of a page that hold separate documents (a scan of a front and a back side by
    side): groups of text lines with a wide empty gap between them. [] when only one."""
    quads = rz.detect_quads(page.image, max_side=det_side)
    if len(quads) < 2 * min_lines:
        return []
    boxes = np.array([[q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()] for q in quads])
    hmed = float(np.median([_quad_h(q) for q in quads]))
    gap = 5 * hmed
    n = len(boxes)
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(n):
        for b in range(a + 1, n):
            dx = max(0.0, max(boxes[a, 0], boxes[b, 0]) - min(boxes[a, 2], boxes[b, 2]))
            dy = max(0.0, max(boxes[a, 1], boxes[b, 1]) - min(boxes[a, 3], boxes[b, 3]))
            if dx < gap and dy < gap:
                parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for a in range(n):
        groups.setdefault(find(a), []).append(a)
    big = [g for g in groups.values() if len(g) >= min_lines]
    if len(big) < 2:
        return []
    h, w = page.image.shape[:2]
    parts = []
    for g in sorted(big, key=lambda g: (boxes[g, 1].min(), boxes[g, 0].min())):
        x0, y0 = boxes[g, 0].min(), boxes[g, 1].min()
        x1, y1 = boxes[g, 2].max(), boxes[g, 3].max()
        m = 2 * hmed
        x0, y0 = int(max(0, x0 - m)), int(max(0, y0 - m))
        x1, y1 = int(min(w, x1 + m)), int(min(h, y1 + m))
        parts.append(
            Page(
                image=np.ascontiguousarray(page.image[y0:y1, x0:x1]),
                scale=page.scale,
                page=page.page,
                width=page.width,
                height=page.height,
                ox=page.ox + x0 * page.scale,
                oy=page.oy + y0 * page.scale,
            )
        )
    return parts


# text turned further than this from the image axes, in fewer lines than a card holds, is
# looked for again in the page turned level
STEEP_DEG = 8
FEW_LINES = 12


def _level_quads(img: np.ndarray, theta: float, det_side: int = DET_SIDE) -> list[np.ndarray]:
    """Text-line quads found in `img` turned by -theta (its text level), in `img` pixels;
    the turned image is seen `det_side` pixels long (enlarged if smaller)."""
    h, w = img.shape[:2]
    R = _rot(theta)
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64) @ R.T
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    f = max(1.0, det_side / max(hi - lo))
    M = np.zeros((2, 3), dtype=np.float64)
    M[:, :2] = f * R
    M[:, 2] = -f * lo
    size = (int(math.ceil(f * (hi[0] - lo[0]))), int(math.ceil(f * (hi[1] - lo[1]))))
    flags = cv2.INTER_LINEAR if f == 1.0 else cv2.INTER_CUBIC
    level = cv2.warpAffine(img, M, size, flags=flags, borderMode=cv2.BORDER_REPLICATE)
    back = cv2.invertAffineTransform(M)
    return [
        _affine_apply(back, q.astype(np.float64)).astype(np.float32)
        for q in rz.detect_quads(level, max_side=det_side)
    ]


def _quads_at_twice_the_size(img: np.ndarray, det_scale: float) -> list[np.ndarray]:
    """Text-line quads (in `img` pixels) seen at twice the coarse pass's scale: at twice
    its input size, or, for an image no larger than that, in the image enlarged twice."""
    if det_scale < 1.0:
        return rz.detect_quads(img, max_side=2 * DET_SIDE)
    big = cv2.resize(img, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
    return [q / 2.0 for q in rz.detect_quads(big, max_side=max(big.shape[:2]))]


# lines covering less of their card than this leave some of it unseen (its lines cover
# 0.4 of a 9-digit CMND front, its photo and emblem the rest)
TEXT_SHARE = 0.3


def _share_of(outline: np.ndarray, extent) -> float:
    """The share of the bounding box of `outline` that the box `extent` covers."""
    (x0, y0), (x1, y1) = outline.min(axis=0), outline.max(axis=0)
    w = max(0.0, min(x1, extent[2]) - max(x0, extent[0]))
    h = max(0.0, min(y1, extent[3]) - max(y0, extent[1]))
    return float(w * h / max((x1 - x0) * (y1 - y0), 1e-6))


def _coarse_quads(page: Page) -> tuple[list[np.ndarray], int]:
    """(the coarse pass's text lines, the detector input side they were found at), once per
    page however often it is read again."""
    if "coarse" not in page.memo:
        img = page.image
        quads = rz.detect_quads(img, max_side=DET_SIDE)
        det_scale = min(1.0, DET_SIDE / max(img.shape[:2]))
        hs = sorted(_quad_h(q) * det_scale for q in quads)
        short = [q for q in quads if _quad_angle(q)[1] < 8 * _quad_h(q)]
        det_side = DET_SIDE
        if len(quads) < 4 or hs[len(hs) // 2] < 7 or len(short) < 3:
            # text too small to see at the coarse scale (all of it, or all but an MRZ's long
            # lines): look again at twice the size (a small photo's enlarged)
            quads = _quads_at_twice_the_size(img, det_scale)
            det_side = 2 * DET_SIDE
        page.memo["coarse"] = (quads, det_side)
    quads, det_side = page.memo["coarse"]
    return list(quads), det_side


def find_frame(
    page: Page, other_direction: bool = False, level_only: bool = False, to_card: bool = False
) -> Frame | None:
    """Coarse detection -> text direction and extent -> an upright, normalised crop of the
    text block -> fine detection on it. `other_direction`: of the lines not written in the
    dominant direction instead (the card's, when longer lines of a sheet of text beside it
    set the direction); `level_only`: of the frame's level lines only (the card's, whose lines
    set the frame's direction, when more lines of a sheet beside it lie askew there);
    `to_card`: its top and bottom taken to the card's outline (see
    _margins_to_card_above_and_below; None when that changes nothing)."""
    img = page.image
    quads, det_side = _coarse_quads(page)
    if not quads:
        return None
    found = quads
    quads = _main_cluster(quads)
    theta = _dominant_angle(quads)
    if other_direction:
        # of all the lines found: the bulk of the text, the other document's, may have
        # left the card's out of its cluster
        quads = _main_cluster(_other_direction(found, theta))
        if not quads:
            return None
        theta = _dominant_angle(quads)
    off = abs(theta) % (math.pi / 2)
    steep = min(off, math.pi / 2 - off) > math.radians(STEEP_DEG)
    if len(quads) < FEW_LINES and (steep or other_direction):
        # the detector, trained on level text, misses many lines of a steeply turned card
        # (and the small lines of a card a quarter turn from the sheet beside it): look
        # again at the page turned level (the lines it found give the angle)
        level = _level_quads(img, theta, det_side)
        if other_direction:  # not the other document's lines, found again with them
            level = [q for q in level if _angle_gap(_quad_angle(q)[0], theta) <= math.radians(15)]
        if len(level) > len(quads):
            quads = _main_cluster(level)
            theta = _dominant_angle(quads)
        elif level and det_side > DET_SIDE:
            # (the enlarged first look cut lines into words: the text block is where
            # either look found it)
            quads = _main_cluster(quads + level)
    if other_direction:
        long_lines = [q for q in quads if _quad_angle(q)[1] >= 8 * _quad_h(q)]
        if len(quads) < OTHER_LINES and len(long_lines) < 2:
            return None  # (an MRZ's long lines alone may be all that was seen of a card)
    R = _rot(theta)
    pts = np.concatenate(quads).astype(np.float64)
    up = pts @ R.T
    ux0, uy0 = up.min(axis=0)
    ux1, uy1 = up.max(axis=0)
    if ux1 - ux0 < 4 or uy1 - uy0 < 4:
        return None
    long_side = max(ux1 - ux0, uy1 - uy0)
    margins = [0.12 * long_side] * 4  # left, top, right, bottom
    card = card_outline(img, quads)
    cu = card @ R.T if card is not None else None
    if cu is not None and _share_of(cu, (ux0, uy0, ux1, uy1)) < TEXT_SHARE:
        # the lines seen cover a small part of the card: the frame takes in the whole
        # card, where the fine pass looks for those the coarse pass did not see (a back's
        # small marks far from its issue date); (not for a card whose lines cover it: a
        # larger frame would show them smaller)
        (cx0, cy0), (cx1, cy1) = cu.min(axis=0), cu.max(axis=0)
        pad = 0.02 * max(cx1 - cx0, cy1 - cy0)
        beyond = (ux0 - cx0, uy0 - cy0, cx1 - ux1, cy1 - uy1)
        margins = [max(m, b + pad) for m, b in zip(margins, beyond, strict=True)]
    elif to_card:
        if cu is None:
            return None
        taken = _margins_to_card_above_and_below(margins, (ux0, uy0, ux1, uy1), cu)
        if taken == margins:
            return None
        margins = taken
    frame, M, q2 = _warp_frame(img, R, (ux0, uy0, ux1, uy1), margins, coarse=quads)
    cut = _sides_cut(q2, frame.shape) if q2 else set()
    if cut and _angle_gap(_dominant_angle(q2), 0.0) <= math.radians(STEEP_DEG / 2):
        # lines at the frame's edge, level in it: the coarse pass missed some of the card's
        # small ones beyond it (a back's marks above its issue date): look again with more
        # room there (not when they run askew: the coarse pass got the angle wrong)
        # (kept only when it finds a line there: the wider frame shows the text smaller)
        old = (ux0 - margins[0], uy0 - margins[1], ux1 + margins[2], uy1 + margins[3])
        margins = [m + (0.15 * long_side if side in cut else 0.0) for side, m in enumerate(margins)]
        wider, M_wider, q_wider = _warp_frame(img, R, (ux0, uy0, ux1, uy1), margins)
        back = cv2.invertAffineTransform(M_wider)
        turned = [_affine_apply(back, q.astype(np.float64)) @ R.T for q in q_wider]
        centres = [t.mean(axis=0) for t in turned]
        # (or a line there runs on beyond the old frame by a letter or more: the end of a
        # long name the coarse pass cut, "NGUYỄN QUANG QUANG LO|NG")
        run_on = [
            t
            for t in turned
            if (t[:, 0].min() < old[0] - _quad_h(t) and 0 in cut)
            or (t[:, 0].max() > old[2] + _quad_h(t) and 2 in cut)
        ]
        if run_on or any(not (old[0] <= x <= old[2] and old[1] <= y <= old[3]) for x, y in centres):
            frame, M, q2 = wider, M_wider, q_wider
    if not q2:
        return None
    Minv = cv2.invertAffineTransform(M)
    # the lines written another way are the frame's level ones, though fewer than those
    # of the sheet beside them (which the frame may take in)
    kept = _one_direction(q2, level=other_direction or level_only)
    return Frame(frame, M, Minv, _main_cluster(kept), askew=len(q2) - len(kept))


def _margins_to_card_above_and_below(margins: list[float], extent, card: np.ndarray) -> list[float]:
    """The frame's margins (left, top, right, bottom) around the text's `extent` (x0, y0,
    x1, y1, turned level), its top and bottom taken to the `card`'s outline (turned level)
    where the card runs on beyond them: lines the coarse pass missed there (a front's title
    and number in small red type). Only while the frame stays longer along the lines than
    across them: it is scaled by its longer side, so the text then shows as large as
    before. (Not for every frame: any other frame reads the lines a little otherwise, and
    on the benchmark's hard photos, as often worse as better.)"""
    ux0, uy0, ux1, uy1 = extent
    (cx0, cy0), (cx1, cy1) = card.min(axis=0), card.max(axis=0)
    pad = 0.02 * max(cx1 - cx0, cy1 - cy0)
    top = max(margins[1], uy0 - cy0 + pad)
    bottom = max(margins[3], cy1 - uy1 + pad)
    if (uy1 - uy0) + top + bottom > (ux1 - ux0) + margins[0] + margins[2]:
        return margins
    return [margins[0], top, margins[2], bottom]


def _warp_frame(img: np.ndarray, R: np.ndarray, extent, margins, coarse=()):
    """(frame, page -> frame transform, the text lines the fine pass finds in it): the page
    turned by R, cut to the text's `extent` (x0, y0, x1, y1 turned) with `margins` (left,
    top, right, bottom) around it, scaled to TARGET_W on its longer side; `coarse`: the
    lines the coarse pass saw in it (page quads)."""
    ux0, uy0, ux1, uy1 = extent
    left, top, right, bottom = margins
    w, h = (ux1 - ux0) + (left + right), (uy1 - uy0) + (top + bottom)
    s = min(TARGET_W / max(w, h), 4.0)
    M = np.zeros((2, 3), dtype=np.float64)
    M[:, :2] = s * R  # page -> frame: scale * (R @ p - (ox, oy))
    M[:, 2] = -s * np.array([ux0 - left, uy0 - top])
    frame = cv2.warpAffine(
        img,
        M,
        (max(int(w * s), 8), max(int(h * s), 8)),
        flags=cv2.INTER_LINEAR if s < 1.2 else cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )
    quads = rz.detect_quads(frame, max_side=min(FRAME_DET_SIDE, max(frame.shape[:2])))
    seen = [_affine_apply(M, q.astype(np.float64)) for q in coarse]
    line_h = float(np.median([_quad_h(q) for q in quads])) if quads else 0.0
    # (lines of text: long for their height, no taller than the others; not a signature's
    # scribble, which the detector sees at one size and not at another)
    lost = [
        c
        for c in seen
        if not any(_overlap(c, q) > 0.3 for q in quads)
        and _quad_angle(c)[1] >= 4 * _quad_h(c)
        and _quad_h(c) <= 1.5 * line_h
    ]
    if lost and len(quads) < len(coarse) and max(frame.shape[:2]) > FRAME_DET_SIDE:
        # lines the coarse pass saw, fewer found: the detector, at this one input size,
        # lost some in its map (a card's bottom lines on a textured ground); where they
        # were, what another size finds is added (only there: elsewhere it may cut a sheet
        # of text beside the card into other lines); a larger size still when that one
        # loses them too (an easy photo's residence line and expiry, lost at 800 and 896)
        for factor in LOST_LINE_SIZES:
            more = rz.detect_quads(frame, max_side=int(FRAME_DET_SIDE * factor))
            quads += [
                q
                for q in more
                if any(_overlap(q, c) > 0.3 for c in lost)
                and not any(_overlap(q, k) > 0.3 for k in quads)
            ]
            lost = [c for c in lost if not any(_overlap(c, q) > 0.3 for q in quads)]
            if not lost:
                break
    return frame, M, quads


LOST_LINE_SIZES = (1.12, 1.25)  # the fine pass's input sizes tried for lines it lost


HEADROOM = 0.3  # of a line's box height, above it: room for the capitals' tone marks


def _crop_with_headroom(image: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The line's crop (quad tl, tr, br, bl) with HEADROOM of its height above it, where
    only the ink that reaches down into the line, and not up to the crop's top, is kept:
    the detector's box ends at the capitals' top, cutting a capital's tone mark ("THÙY",
    "ÁNH") to a stub that Tesseract reads as a hook above; the line above's dots and tails
    are left out."""
    h = _quad_h(q)
    raise_by = HEADROOM * h
    if raise_by < 2:
        return rz.crop_quad(image, q)
    up = q[0] - q[3]
    up = up / max(float(np.linalg.norm(up)), 1e-6)
    tall = q.astype(np.float32).copy()
    tall[0] += up * raise_by
    tall[1] += up * raise_by
    crop = rz.crop_quad(image, tall)
    strip = int(round(crop.shape[0] * raise_by / (h + raise_by)))
    if strip < 1 or strip >= crop.shape[0] - 2:
        return crop
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels = cv2.connectedComponents(ink, connectivity=8)
    if n <= 1:
        return crop
    # ink that comes down from the line above starts high in the headroom: gone, and
    # where it was cut by the line's box too (unless it runs on into the line's letters)
    height = crop.shape[0]
    ids = np.arange(n)
    in_strip = np.isin(ids, labels[:strip])
    in_line = np.isin(ids, labels[strip:])
    high = np.isin(ids, labels[: max(1, int(0.4 * strip))])
    low = np.isin(ids, labels[height // 2 :])
    gone = (in_strip & ~in_line) | (high & ~low)
    cut = in_strip & high & low  # (merged with a letter: its headroom part only)
    gone[0] = cut[0] = False
    wipe = gone[labels]
    wipe[:strip] |= cut[labels[:strip]]
    if wipe.any():
        paper = np.median(crop[ink == 0], axis=0) if (ink == 0).any() else 255
        crop = crop.copy()
        crop[wipe] = paper
    return crop


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over the smaller of two quads' bounding boxes."""
    (ax0, ay0), (ax1, ay1) = a.min(axis=0), a.max(axis=0)
    (bx0, by0), (bx1, by1) = b.min(axis=0), b.max(axis=0)
    w = min(ax1, bx1) - max(ax0, bx0)
    h = min(ay1, by1) - max(ay0, by0)
    small = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return float(max(0.0, w) * max(0.0, h) / max(small, 1e-6))


def _sides_cut(quads: list[np.ndarray], shape) -> set[int]:
    """The frame's sides (0 left, 1 top, 2 right, 3 bottom) that a line touches."""
    h, w = shape[:2]
    pad = 0.01 * max(w, h)
    cut = set()
    for q in quads:
        x0, y0 = q.min(axis=0)
        x1, y1 = q.max(axis=0)
        cut |= {
            side for side, hit in enumerate((x0 < pad, y0 < pad, x1 > w - pad, y1 > h - pad)) if hit
        }
    return cut


def _one_direction(quads: list[np.ndarray], level: bool = False) -> list[np.ndarray]:
    """The lines written in the frame's dominant direction (`level`: the level ones): long
    lines (whose direction can be measured) more than OFF_LEVEL_DEG off it are dropped."""
    theta = 0.0 if level else _dominant_angle(quads)
    keep = []
    for q in quads:
        angle, length = _quad_angle(q)
        off = _angle_gap(angle, theta) > math.radians(OFF_LEVEL_DEG)
        if not (off and length >= 4 * _quad_h(q)):
            keep.append(q)
    return keep


def read_document(
    page: Page,
    flip: bool | None = None,
    other_direction: bool = False,
    level_only: bool = False,
    to_card: bool = False,
) -> Document:
    """The page's text lines, read upright; `flip` overrides the direction classifier's
    vote on whether the text is upside down; `other_direction`, `level_only`, `to_card`:
    see find_frame."""
    t0 = time.perf_counter()
    # (the same frame for a reading the other way up: once per page)
    key = ("frame", other_direction, level_only, to_card)
    if key not in page.memo:
        page.memo[key] = find_frame(
            page, other_direction=other_direction, level_only=level_only, to_card=to_card
        )
    fr = page.memo[key]
    t1 = time.perf_counter()
    if fr is None:
        return Document([], [], page.image, page, timings={"det": t1 - t0})
    items = []
    for q in fr.quads:
        order = _order(q)
        items.append(q[order])
    crops = [rz.crop_quad(fr.image, q) for q in items]
    keep = [i for i, c in enumerate(crops) if c.shape[1] >= 0.9 * c.shape[0]]
    items = [items[i] for i in keep]
    crops = [crops[i] for i in keep]
    # upright vs 180: vote over the longest lines
    order_w = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1])[:8]
    if flip is None:
        up_w, down_w = rz.upside_down_votes([crops[i] for i in order_w])
        flipped = down_w > up_w
    else:
        flipped = flip
    fh, fw = fr.image.shape[:2]
    t2 = time.perf_counter()
    frame_img = fr.image
    if flipped:
        frame_img = cv2.rotate(fr.image, cv2.ROTATE_180)
        crops = [cv2.rotate(c, cv2.ROTATE_180) for c in crops]
        items = [np.array([fw, fh], dtype=np.float32) - q for q in items]
        Minv = fr.Minv @ np.array([[-1, 0, fw], [0, -1, fh], [0, 0, 1]], dtype=np.float64)
    else:
        Minv = fr.Minv
    boxes = []
    for u, crop in zip(items, crops, strict=False):
        if crop.shape[0] < 5 or crop.shape[1] < 8:
            continue
        r = rz.read_line(crop, "text")
        second = None
        if (len(r.text.strip()) < 2 or r.confidence < 0.35) and not mrz_row_like(r.text):
            # Tesseract gave up on the line: take PP-OCR's (accent-free) reading (not of
            # an MRZ's line, which the MRZ reader reads; Tesseract's fillers tell where)
            second = rz.read_line_pp(crop)
            if len(second.text) >= 2:
                r = rz.Reading(second.text, min(0.5, second.confidence))
        pq = _affine_apply(Minv, u.astype(np.float64)) * page.scale + np.array([page.ox, page.oy])
        ob = [
            max(0, int(pq[:, 0].min())),
            max(0, int(pq[:, 1].min())),
            min(page.width, int(math.ceil(pq[:, 0].max()))),
            min(page.height, int(math.ceil(pq[:, 1].max()))),
        ]
        boxes.append(
            Box(
                text=r.text,
                conf=r.confidence,
                x0=float(u[:, 0].min()),
                y0=float(u[:, 1].min()),
                x1=float(u[:, 0].max()),
                y1=float(u[:, 1].max()),
                obox=ob,
                crop=crop,
                norm=norm_text(r.text),
                _second=second,
                quad=u,
                frame=frame_img,
            )
        )
    t3 = time.perf_counter()
    rows = group_rows(boxes)
    return Document(
        boxes,
        rows,
        page.image,
        page,
        frame=frame_img,
        angle=0.0,
        frame_scale=float(math.sqrt(abs(np.linalg.det(fr.M[:, :2])))),
        frame_to_page=Minv,
        flipped=flipped,
        timings={"det": t1 - t0, "cls": t2 - t1, "rec": t3 - t2},
        askew_lines=fr.askew,
    )


def group_rows(boxes: list[Box]) -> list[Row]:
    rows: list[Row] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        best = None
        for r in rows:
            ry0, ry1 = r.y0, r.y1
            ov = min(ry1, b.y1) - max(ry0, b.y0)
            if ov > 0.5 * min(b.h, ry1 - ry0):
                # no horizontal overlap with boxes already in the row
                if all(
                    min(b.x1, o.x1) - max(b.x0, o.x0) < 0.3 * min(b.x1 - b.x0, o.x1 - o.x0)
                    for o in r.boxes
                ):
                    best = r
                    break
        if best is None:
            rows.append(Row([b]))
        else:
            best.boxes.append(b)
            best.boxes.sort(key=lambda o: o.x0)
    rows.sort(key=lambda r: (r.y0 + r.y1) / 2)
    return rows
