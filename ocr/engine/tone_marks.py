"""Tone marks told apart by their shape where the line recogniser confuses them.

Tesseract's Vietnamese model reads the grave accent of a capital as a hook above in some
typefaces ("THÙY" read "THỦY", "THÀNH" read "THANH"...). The two are easy to tell apart by
their ink: a grave is one stroke from top left to bottom right, with nothing at its top
right, while a hook curls from its top right down to the middle. On the name lines of
generated fronts (seeds 20000-20014, 25 letters read with a hook), the rule below found 4
of the 7 graves among them and took none of the 18 hooks for a grave."""

from __future__ import annotations

import unicodedata

import cv2
import numpy as np

from .names import base
from .recognizer import Symbol

GRAVE, HOOK = "\u0300", "\u0309"
# letters whose tone mark stands alone above them (a circumflex, a breve or a horn would
# share the space above the letter with it)
_PLAIN_VOWELS = set("AEIOUY")
_CAP_LETTERS = set("BCDGHKLMNPRSTVX")  # capitals with nothing above or below them

MIN_SLOPE = 0.35  # correlation of the ink's x and y: a grave's stroke runs down to the right
MAX_TOP_RIGHT = 0.2  # share of the ink in the mark's top-right quarter: a hook's curl


def tone(letter: str) -> str:
    """The letter's tone mark (GRAVE, HOOK, ...) or ""."""
    marks = unicodedata.normalize("NFD", letter)[1:]
    return next((m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"), "")


def with_tone(letter: str, mark: str) -> str:
    """The letter with its tone mark replaced by `mark`."""
    d = unicodedata.normalize("NFD", letter)
    kept = "".join(m for m in d[1:] if m not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", d[0] + kept + mark)


def _ink(gray: np.ndarray) -> np.ndarray:
    _, th = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return th > 0


def grave_read_as_hook(gray: np.ndarray, symbols: list[Symbol], k: int) -> bool:
    """Whether the mark above symbol k, read as a hook, is shaped like a grave. `gray`: the
    prepared line image the symbols' boxes are in; the line's consonants give the capitals'
    top."""
    letter = symbols[k].text
    if tone(letter) != HOOK or unicodedata.normalize("NFD", letter)[0] not in _PLAIN_VOWELS:
        return False
    ink = _ink(gray)
    tops, bottoms = [], []
    for s in symbols:
        if len(s.text) == 1 and s.text.isupper() and base(s.text) in _CAP_LETTERS:
            x0, _, x1, _ = s.box
            rows = np.flatnonzero(ink[:, x0:x1].any(axis=1))
            if len(rows):
                tops.append(rows[0])
                bottoms.append(rows[-1])
    if len(tops) < 2:
        return False
    cap_top, baseline = float(np.median(tops)), float(np.median(bottoms))
    cap_h = baseline - cap_top
    if cap_h < 8:
        return False
    x0, _, x1, _ = symbols[k].box
    pad = 0.1 * (x1 - x0)
    above = ink[: max(0, int(round(cap_top - 0.06 * cap_h))), max(0, int(x0 - pad)) : int(x1 + pad)]
    ys, xs = np.nonzero(above)
    if len(ys) < 0.015 * cap_h * cap_h or xs.std() == 0 or ys.std() == 0:
        return False
    slope = float(((xs - xs.mean()) * (ys - ys.mean())).mean() / (xs.std() * ys.std()))
    mid_x, mid_y = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    top_right = float(((ys < mid_y) & (xs > mid_x)).mean())
    return slope >= MIN_SLOPE and top_right <= MAX_TOP_RIGHT
