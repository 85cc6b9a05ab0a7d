"""The outline of the card around the text lines found on a page: where the card's surface
runs on, unbroken, from its lines to its edges, in a small copy of the page."""

from __future__ import annotations

import cv2
import numpy as np

WORK_SIDE = 400  # the small copy's longer side
SURFACE_STEP = 4  # the largest step in colour between neighbouring pixels of one surface
MAX_SHARE = 0.85  # a surface larger than this share of the page is the background too
MIN_FILL = 0.8  # the surface's share of its smallest enclosing rectangle (a card's is ~1)
MIN_INSIDE = 0.9  # the share of the lines that must lie on the surface


def card_outline(img: np.ndarray, quads: list[np.ndarray]) -> np.ndarray | None:
    """The convex outline (N x 2 float, `img` pixels) of the surface the text lines
    `quads` are printed on, or None when it cannot be told from its surroundings (a card
    on a sheet of paper of its colour) or does not hold the lines (two documents)."""
    if not quads:
        return None
    h, w = img.shape[:2]
    s = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(
        img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA
    )
    sh, sw = small.shape[:2]
    from .layout import _quad_h  # (layout uses this module: imported when first called)

    line_h = float(np.median([_quad_h(q) for q in quads]))
    # the text closed over (dark strokes thinner than the element), the surface left
    k = int(max(3, round(1.5 * line_h * s))) | 1
    surface = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    )
    surface = cv2.GaussianBlur(surface, (0, 0), 1.0)
    # edges bar the fill: a surface fades smoothly into a background of a near colour, but
    # its edge is a line
    edges = cv2.dilate(cv2.Canny(surface, 15, 45), np.ones((2, 2), np.uint8))
    mask = np.zeros((sh + 2, sw + 2), np.uint8)
    mask[1:-1, 1:-1] = edges > 0
    centres = np.array([q.mean(axis=0) for q in quads]) * s
    step = (SURFACE_STEP,) * 3
    for x, y in centres.astype(int):
        x, y = int(min(max(x, 0), sw - 1)), int(min(max(y, 0), sh - 1))
        if mask[y + 1, x + 1] == 0:
            flags = 4 | cv2.FLOODFILL_MASK_ONLY | (255 << 8)
            cv2.floodFill(surface, mask, (x, y), 0, step, step, flags)
    filled = np.where(mask[1:-1, 1:-1] == 255, 255, 0).astype(np.uint8)
    filled = cv2.morphologyEx(
        filled, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    )
    contours, _ = cv2.findContours(filled, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    # the surface that holds the most lines (a sheet of paper beside the card is another)
    best, best_inside = None, -1
    for c in contours:
        if cv2.contourArea(c) < 0.002 * sw * sh:
            continue
        hull = cv2.convexHull(c)
        inside = sum(
            cv2.pointPolygonTest(hull, (float(x), float(y)), True) >= -2 for x, y in centres
        )
        if inside > best_inside:
            best, best_inside = hull, inside
    if best is None or best_inside < MIN_INSIDE * len(centres):
        return None
    area = cv2.contourArea(best)
    (_, _), (rw, rh), _ = cv2.minAreaRect(best)
    if area > MAX_SHARE * sw * sh or area < MIN_FILL * rw * rh:
        return None
    return best.reshape(-1, 2).astype(np.float64) / s
