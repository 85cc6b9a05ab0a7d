"""Tone marks by their shape: a grave that Tesseract read as a hook above."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.engine import extract_side
from ocr.engine import tone_marks as tm
from ocr.engine.recognizer import Symbol

CAP_TOP, BASELINE = 20, 52  # a capital 32 px high, its mark above it


def _line(mark: str) -> tuple[np.ndarray, list[Symbol]]:
    """'T H U' drawn as a line image: two consonant blocks and a vowel with `mark` above."""
    img = np.full((64, 140), 255, np.uint8)
    symbols = []
    for i, text in enumerate(("T", "H", "Ủ")):
        x0 = 10 + 42 * i
        cv2.rectangle(img, (x0 + 4, CAP_TOP), (x0 + 30, BASELINE), 0, 4)
        symbols.append(
            Symbol(text, [(text, 90.0)], (x0, 0 if i == 2 else CAP_TOP, x0 + 34, BASELINE))
        )
    x0 = 10 + 42 * 2
    if mark == "grave":  # one stroke down to the right
        cv2.line(img, (x0 + 10, 3), (x0 + 20, 14), 0, 3)
    elif mark == "hook":  # a curl from the top right down to the middle
        cv2.ellipse(img, (x0 + 16, 8), (6, 5), 0, -160, 90, 0, 3)
        cv2.line(img, (x0 + 16, 13), (x0 + 16, 16), 0, 3)
    elif mark == "acute":
        cv2.line(img, (x0 + 20, 3), (x0 + 10, 14), 0, 3)
    return img, symbols


@pytest.mark.parametrize(
    ("mark", "grave"), [("grave", True), ("hook", False), ("acute", False), ("", False)]
)
def test_a_hook_above_shaped_like_a_grave_is_one(mark, grave):
    img, symbols = _line(mark)
    assert tm.grave_read_as_hook(img, symbols, 2) is grave


def test_only_a_letter_read_with_a_hook_is_looked_at():
    img, symbols = _line("grave")
    symbols[2] = Symbol("Ù", [("Ù", 90.0)], symbols[2].box)
    assert not tm.grave_read_as_hook(img, symbols, 2)
    assert tm.with_tone("Ủ", tm.GRAVE) == "Ù" and tm.with_tone("Ở", tm.GRAVE) == "Ờ"


@pytest.mark.parametrize(
    ("card_type", "seed", "difficulty"),
    [("cccd_front", 20010, "medium"), ("id_card_2024_front", 20014, "medium")],
)
def test_a_name_whose_grave_tesseract_read_as_a_hook(synth, ref_date, card_type, seed, difficulty):
    """ "THÙY" read "THỦY" by Tesseract, with no other choice for the letter."""
    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty=difficulty)
    assert "THÙY" in s.truth["data"]["name"]
    assert extract_side(s.image_bytes, today=ref_date).value("name") == s.truth["data"]["name"]


def test_a_syllable_read_with_no_mark_but_ink_above_it():
    img, symbols = _line("acute")
    symbols[2] = Symbol("U", [("U", 90.0)], symbols[2].box)
    assert tm.marks_unread(img, symbols, [0, 1, 2])
    img, symbols = _line("")
    symbols[2] = Symbol("U", [("U", 90.0)], symbols[2].box)
    assert not tm.marks_unread(img, symbols, [0, 1, 2])


@pytest.mark.parametrize(
    ("card_type", "seed", "difficulty"),
    [
        ("id_card_2024_front", 14001, "easy"),
        # (not passport 16003 medium, "MỸ" read "MY": whether Tesseract's choices give the
        # marks any confidence there depends on the CPU's float arithmetic)
        # the printed name unread: the MRZ's letters, each syllable spelled the commonest way
        ("passport", 54000, "easy"),
    ],
)
def test_a_name_syllable_whose_marks_tesseract_dropped(
    synth, ref_date, card_type, seed, difficulty
):
    """ "THÀNH" read "THANH" (AsterNet's reading has the mark), "MỸ" read "MY" on a
    passport (Tesseract's own choices have it): both are names, the ink above says which."""
    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty=difficulty)
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("name") == s.truth["data"]["name"]
    if card_type == "passport":  # and the given names, kept with their marks
        assert r.value("given_name") == s.truth["data"]["given_name"]


def test_a_line_cut_with_headroom_keeps_its_marks_not_the_line_above():
    """The detector's box ends at the capitals' top: the crop with headroom takes in the
    mark above a capital, and leaves out the line above that comes down into it."""
    from ocr.engine.layout import _crop_with_headroom

    frame = np.full((100, 300, 3), 255, np.uint8)
    cv2.rectangle(frame, (20, 5), (120, 32), (0, 0, 0), -1)  # the label above, tails and all
    cv2.rectangle(frame, (20, 40), (200, 75), (0, 0, 0), 4)  # the line's capitals
    cv2.line(frame, (150, 25), (156, 36), (0, 0, 0), 3)  # a grave crossing the box's top
    quad = np.float32([[10, 30], [290, 30], [290, 80], [10, 80]])
    crop = _crop_with_headroom(frame, quad)
    assert crop.shape[0] == 65  # 30 % of the box's height above it
    ink = crop.min(axis=2) < 128  # (crop pixels: the frame's less 10 in x, 15 in y)
    assert ink[10:15, 136:150].sum() > 8  # the mark, above the box's top too
    assert not ink[:18, 5:115].any()  # not the label
    assert ink[25:60, 10:190].any()  # the capitals


@pytest.mark.parametrize(
    ("card_type", "seed", "difficulty", "name"),
    [
        # the grave and the acute cut to stubs ("LÊ THỦY ẢNH")
        ("id_card_2024_front", 96000, "easy", "LÊ THÙY ÁNH"),
        # the label right above: "TRẤN TIỀN" in the box, Tesseract's choices then "TIÊN"
        ("passport", 99002, "easy", "TRẦN TIẾN BẢO GIANG"),
        # and no mark made of the label's tails ("MỸ")
        ("passport", 99001, "medium", "TRẦN LAN MY"),
    ],
)
def test_a_name_read_with_room_for_its_capitals_marks(
    synth, ref_date, card_type, seed, difficulty, name
):
    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty=difficulty)
    assert s.truth["data"]["name"] == name
    assert extract_side(s.image_bytes, today=ref_date).value("name") == name
