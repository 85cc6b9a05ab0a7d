"""Diacritics told apart by the ink above the letters, where the line recogniser errs.

Tesseract's Vietnamese model reads the grave accent of a capital as a hook above in some
typefaces ("THÙY" read "THỦY"), and drops the marks of a whole syllable now and then
("KHÁNH" read "KHANH"). The ink above the capitals' top tells: a grave is one stroke from
top left to bottom right, with nothing at its top right, while a hook curls from its top
right down to the middle; and a syllable with no mark has no ink above its capitals at all.
Measured on the name lines of generated fronts (seeds 20000-20014 and 21000-21014): of 25
letters read with a hook, the grave rule found 4 of the 7 graves and took none of the 18
hooks for one; of 235 syllables read with no mark, the 222 that have none had no ink
above, 9 of the 13 that have one had (the other 4: dots below, and one blurred)."""

from __future__ import annotations

import unicodedata

import cv2
import numpy as np

from .names import base
from .recognizer import Symbol

GRAVE, HOOK = "\u0300", "\u0309"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# letters whose tone mark stands alone above them (a circumflex, a breve or a horn would
# share the space above the letter with it)
_PLAIN_VOWELS = set("AEIOUY")
_CAP_LETTERS = set("BCDGHKLMNPRSTVX")  # capitals with nothing above or below them

MIN_SLOPE = 0.35  # correlation of the ink's x and y: a grave's stroke runs down to the right
MAX_TOP_RIGHT = 0.2  # share of the ink in the mark's top-right quarter: a hook's curl
MIN_MARK_INK = 0.02  # ink above a syllable's capitals, in squared capital heights


def tone(letter: str) -> str:
    """The letter's tone mark (GRAVE, HOOK, ...) or ""."""
    return next((m for m in unicodedata.normalize("NFD", letter)[1:] if m in _TONES), "")


def with_tone(letter: str, mark: str) -> str:
    """The letter with its tone mark replaced by `mark`."""
    d = unicodedata.normalize("NFD", letter)
    kept = "".join(m for m in d[1:] if m not in _TONES)
    return unicodedata.normalize("NFC", d[0] + kept + mark)


def _ink_above(
    gray: np.ndarray, symbols: list[Symbol], ks: list[int]
) -> tuple[np.ndarray, float] | None:
    """The ink above the capitals' top over symbols `ks`, and the capitals' height (the
    line's consonants give their top and baseline); None when the line has too few."""
    _, th = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = th > 0
    tops, bottoms = [], []
    for s in symbols:
        if len(s.text) == 1 and s.text.isupper() and base(s.text) in _CAP_LETTERS:
            rows = np.flatnonzero(ink[:, s.box[0] : s.box[2]].any(axis=1))
            if len(rows):
                tops.append(rows[0])
                bottoms.append(rows[-1])
    if len(tops) < 2:
        return None
    cap_top, baseline = float(np.median(tops)), float(np.median(bottoms))
    cap_h = baseline - cap_top
    if cap_h < 8:
        return None
    x0, x1 = min(symbols[k].box[0] for k in ks), max(symbols[k].box[2] for k in ks)
    pad = 0.1 * (x1 - x0) if len(ks) == 1 else 0.0
    above = ink[: max(0, int(round(cap_top - 0.06 * cap_h))), max(0, int(x0 - pad)) : int(x1 + pad)]
    return above, cap_h


def grave_read_as_hook(gray: np.ndarray, symbols: list[Symbol], k: int) -> bool:
    """Whether the mark above symbol k, read as a hook, is shaped like a grave. `gray`: the
    prepared line image the symbols' boxes are in."""
    letter = symbols[k].text
    if tone(letter) != HOOK or unicodedata.normalize("NFD", letter)[0] not in _PLAIN_VOWELS:
        return False
    found = _ink_above(gray, symbols, [k])
    if found is None:
        return False
    above, cap_h = found
    ys, xs = np.nonzero(above)
    if len(ys) < 0.015 * cap_h * cap_h or xs.std() == 0 or ys.std() == 0:
        return False
    slope = float(((xs - xs.mean()) * (ys - ys.mean())).mean() / (xs.std() * ys.std()))
    mid_x, mid_y = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    top_right = float(((ys < mid_y) & (xs > mid_x)).mean())
    return slope >= MIN_SLOPE and top_right <= MAX_TOP_RIGHT


def marks_unread(gray: np.ndarray, symbols: list[Symbol], ks: list[int]) -> bool:
    """Whether the syllable of symbols `ks`, read with no mark at all, has ink above its
    vowels' capitals: a mark the reader dropped."""
    if any(unicodedata.normalize("NFD", symbols[k].text)[1:] for k in ks):
        return False
    vowels = [k for k in ks if base(symbols[k].text) in _PLAIN_VOWELS]
    found = _ink_above(gray, symbols, vowels) if vowels else None
    if found is None:
        return False
    above, cap_h = found
    return bool(above.sum() >= MIN_MARK_INK * cap_h * cap_h)
