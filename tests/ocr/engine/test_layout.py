"""Finding the card's text lines and putting them upright: steeply turned cards, and a
direction classifier voting the wrong way up."""

from __future__ import annotations

import math
import re

import cv2
import numpy as np
import pytest

from ocr.engine import extract_side
from ocr.engine import layout as lay
from ocr.engine import recognizer as rz
from ocr.engine.decode import decode_image


def _turned_card_photo(document, degrees: float, card_width: int = 430) -> bytes:
    """The clean card turned by `degrees`, `card_width` pixels wide, on a plain 480x640
    photo (as a phone held at an angle shows it)."""
    card = cv2.cvtColor(np.asarray(document.convert("RGB")), cv2.COLOR_RGB2BGR)
    f = card_width / card.shape[1]
    card = cv2.resize(card, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    h, w = card.shape[:2]
    canvas = np.full((640, 480, 3), (120, 150, 40), np.uint8)
    M = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    M[:, 2] += (240 - w / 2, 320 - h / 2)
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), M, (480, 640))
    turned = cv2.warpAffine(card, M, (480, 640), flags=cv2.INTER_AREA)
    canvas[mask > 0] = turned[mask > 0]
    ok, buf = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes()


@pytest.mark.parametrize("degrees", [62, -58])
def test_every_line_of_a_steeply_turned_card_is_found(synth, ref_date, degrees):
    s = synth.generate_sample(card_type="12_id_card_back", seed=5004, difficulty="easy")
    data = _turned_card_photo(s.document, degrees)
    frame = lay.find_frame(decode_image(data))
    # the frame holds the whole text block: the marks, the issue date, the signer
    assert len(frame.quads) >= 6
    r = extract_side(data, today=ref_date)
    assert r.card_type == "12_id_card_back"
    assert r.value("date") == s.truth["data"]["date"]


def test_level_quads_are_in_the_pixels_of_the_image_they_were_found_in(synth):
    s = synth.generate_sample(card_type="cccd_front", seed=3, difficulty="easy")
    img = decode_image(_turned_card_photo(s.document, 20)).image
    level = lay._level_quads(img, math.radians(-20))
    direct = rz.detect_quads(img, max_side=lay.DET_SIDE)
    assert len(level) >= len(direct) >= 5
    # each line the detector finds in the photo as it is was found again, in its place
    centres = np.array([q.mean(axis=0) for q in level])
    for q in direct:
        assert np.linalg.norm(centres - q.mean(axis=0), axis=1).min() < 12


def test_a_side_read_the_wrong_way_up_is_read_again_the_other_way(synth, ref_date):
    """A blurred 2024 front turned about 190 degrees: the direction classifier votes for
    the upright reading, which says nothing; read the other way up, it is the card."""
    s = synth.generate_sample(card_type="id_card_2024_front", seed=5000, difficulty="hard")
    page = decode_image(s.image_bytes)
    one, other = lay.read_document(page, flip=False), lay.read_document(page, flip=True)
    assert one.flipped is False and other.flipped is True
    assert [r.text for r in one.rows] != [r.text for r in other.rows]
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "id_card_2024_front"
    assert r.value("id") == s.truth["data"]["id"]


def _line(cx: float, cy: float, length: float, degrees: float) -> np.ndarray:
    """A text line's quad (tl, tr, br, bl), `length` long, 10 high, turned by `degrees`."""
    a = math.radians(degrees)
    u, v = np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])
    c = np.array([cx, cy])
    half = u * length / 2
    return np.array([c - half - 5 * v, c + half - 5 * v, c + half + 5 * v, c - half + 5 * v])


def test_the_dominant_direction_is_one_documents_not_an_average():
    sheet = [_line(300, 100 + 30 * i, 400, 15) for i in range(8)]
    card = [_line(100 + 30 * i, 400, 200, 88) for i in range(7)]
    theta = math.degrees(lay._dominant_angle(sheet + card))
    assert abs(theta - 15) < 1  # the long lines' direction, not somewhere between
    others = lay._other_direction(sheet + card, math.radians(theta))
    assert len(others) == 7
    assert abs(abs(math.degrees(lay._dominant_angle(others))) - 88) < 1


def test_the_bulk_of_the_text_is_by_length_not_by_the_number_of_detections():
    """A card's few long lines above many short words of a sheet under it (a CMND back,
    107002 medium: its marks and their caption were dropped as far from the words)."""
    card = [_line(300, 100 + 30 * i, 300, 0) for i in range(4)]
    sheet = [_line(250 + 20 * (i % 10), 420 + 20 * (i // 10), 30, 30) for i in range(30)]
    speck = [_line(3000, 3000, 20, 0)]  # clutter far from any text
    kept = lay._main_cluster(card + sheet + speck)
    assert all(any(k is q for k in kept) for q in card + sheet)
    assert not any(k is speck[0] for k in kept)


def test_a_backs_marks_above_the_short_words_of_a_sheet_are_read(synth, ref_date):
    s = synth.generate_sample(card_type="12_id_card_back", seed=107002, difficulty="medium")
    assert "distractor" in s.plan
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("dauvet") == s.truth["data"]["dauvet"]


def test_a_sheet_at_a_small_angle_beside_the_card_neither_tilts_nor_joins_it():
    card = [_line(200, 100 + 30 * i, 300, 8) for i in range(8)]
    sheet = [_line(600, 100 + 25 * i, 200, -5) for i in range(6)]
    assert abs(math.degrees(lay._dominant_angle(card + sheet)) - 8) < 0.5
    # in the upright frame, the sheet's long lines 13 degrees off level are dropped
    level = [_line(200, 100 + 30 * i, 300, 0) for i in range(8)]
    tilted = [_line(600, 100 + 25 * i, 200, -13) for i in range(6)]
    short = [_line(600, 300, 30, -13)]  # too short for its direction to be measured
    kept = lay._one_direction(level + tilted + short)
    assert len(kept) == 9 and all(any(k is q for q in level + short) for k in kept)


def test_a_sheets_text_on_the_row_of_an_address_is_not_part_of_it(synth, ref_date):
    """A 2016 front with a sheet of paper at 13 degrees under its right edge: its lines were
    joined to the address rows ("..., Huyện Giồng Trôm, I Nghị Tiên Kinh Đề 986.463")."""
    s = synth.generate_sample(card_type="cccd_front", seed=17003, difficulty="medium")
    assert "distractor" in s.plan
    r = extract_side(s.image_bytes, today=ref_date)
    assert (r.value("country"), r.value("address")) == (
        s.truth["data"]["country"],
        s.truth["data"]["address"],
    )


def test_a_card_under_the_longer_lines_of_a_sheet_beside_it(synth, ref_date):
    """A 2016 back turned 90 degrees, a printed sheet lying level beside it: the sheet's
    lines set the direction and say no card; the lines written the other way are it."""
    s = synth.generate_sample(card_type="cccd_back", seed=12000, difficulty="medium")
    assert "distractor" in s.plan
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "cccd_back"
    assert r.value("date") == s.truth["data"]["date"]


@pytest.mark.parametrize(
    ("card_type", "seed", "difficulty", "field"),
    [
        # the frame of the card's lines takes in the sheet, whose lines outnumber the
        # card's there: the level ones are the card's
        ("cccd_back", 32001, "medium", "dauvet"),
        # the card's lines found at the coarse scale are only its MRZ's, outside the
        # sheet's cluster
        ("chip_id_card_back", 32000, "hard", "mrz"),
        # found again in the page turned level, with the sheet's: the card's only
        ("id_card_2024_front", 32000, "hard", "name"),
        # the sheet read upside down is no card by its text, though the MRZ found
        # beside it is the card's: the card's own lines, written the other way, are it
        ("chip_id_card_back", 34003, "medium", "dauvet"),
    ],
)
def test_a_card_beside_a_sheet_with_more_lines_at_another_angle(
    synth, ref_date, card_type, seed, difficulty, field
):
    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty=difficulty)
    assert "distractor" in s.plan
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == card_type
    assert r.value(field) == s.truth["data"][field]


def test_lines_the_coarse_pass_missed_beyond_the_frames_edge_are_looked_for(synth, ref_date):
    """A chip back photographed upside down: the coarse pass sees the MRZ and the
    authority, not the small marks line beyond the issue date, which the frame's margin
    cut off; the fine pass, finding lines at that edge, looks again with more room."""
    s = synth.generate_sample(card_type="chip_id_card_back", seed=37002, difficulty="medium")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("dauvet") == s.truth["data"]["dauvet"]
    square = np.array([[10, 10], [50, 10], [50, 20], [10, 20]], dtype=np.float32)
    assert lay._sides_cut([square], (100, 100)) == set()
    assert lay._sides_cut([square + [0, 79.5]], (100, 100)) == {3}  # the bottom
    assert lay._sides_cut([square - [9.5, 0]], (100, 100)) == {0}  # the left


def test_a_line_cut_at_the_frames_edge_is_read_whole_in_a_wider_frame(synth, ref_date):
    """A 2024 front upside down: the coarse pass cut the name's last letters ("NGUYỄN QUANG
    QUANG LO"); the wider frame finds no new line there, but the name running on beyond
    the old frame by more than a letter, and is kept."""
    s = synth.generate_sample(card_type="id_card_2024_front", seed=73004, difficulty="medium")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("name") == s.truth["data"]["name"] == "NGUYỄN QUANG QUANG LONG"


def test_a_card_whose_coarse_pass_saw_only_its_mrz_is_looked_at_twice_the_size(synth, ref_date):
    """A chip back in a large photo: at the coarse scale only the MRZ's long lines show, the
    rest of its text too small to see; looked at twice the size, the whole side is read."""
    s = synth.generate_sample(card_type="chip_id_card_back", seed=53004, difficulty="medium")
    r = extract_side(s.image_bytes, today=ref_date)
    for key in ("dauvet", "date", "noicap"):
        assert r.value(key) == s.truth["data"][key]


def test_a_small_photos_few_lines_are_looked_for_again_in_it_enlarged(synth, ref_date):
    """A 640x480 photo of a turned CMND back: at its own size the detector sees two blobs
    of its small text; enlarged twice, every line, and the side is read. (Its ethnicity is
    not: with the int8 detector the row's words and the fingerprint labels beside them are
    one box, read as "XMỚN TRÍ ERÁUC 7 - %©Z TW HA".)"""
    s = synth.generate_sample(card_type="9_id_card_back", seed=66004, difficulty="hard")
    r = extract_side(s.image_bytes, today=ref_date)
    for key in ("tongiao", "dauvet", "date", "noicap"):
        assert r.value(key) == s.truth["data"][key]


def test_a_card_whose_lines_seen_cover_little_of_it_is_framed_whole(synth, ref_date):
    """A chip back in a small photo: the first looks see its MRZ and little else, at the
    card's bottom; the frame takes in the whole card (its outline), where the fine pass
    finds the authority and, above it, the issue date's line (its tiny digits, "23/11/2023",
    read right on one CPU and "3223" on another)."""
    s = synth.generate_sample(card_type="chip_id_card_back", seed=66002, difficulty="hard")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("noicap") == s.truth["data"]["noicap"]
    authority = next(i for i, line in enumerate(r.lines) if "TRẬT TỰ" in line)
    assert any(re.search(r"\d{4}", line) for line in r.lines[:authority])


def test_lines_the_fine_pass_lost_at_its_input_size_are_looked_for_at_another(synth, ref_date):
    """A citizen card on a textured ground: at the fine pass's input size the detector loses
    the card's bottom line ("Không thời hạn  Tỉnh Hà Tĩnh"), which the coarse pass saw;
    fewer lines than that, it looks again at another size and adds what it finds; and at a
    larger one when that loses them too (85004's card: its residence line and expiry lost
    at 800 and 896 pixels)."""
    for seed in (57004, 85004):
        s = synth.generate_sample(card_type="cccd_front", seed=seed, difficulty="easy")
        r = extract_side(s.image_bytes, today=ref_date)
        assert r.value("address") == s.truth["data"]["address"]
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], dtype=np.float32)
    assert lay._overlap(square, square + [5, 0]) == 0.5
    assert lay._overlap(square, square + [20, 0]) == 0.0


def test_a_card_outnumbered_by_a_sheets_askew_lines_in_its_frame(synth, ref_date):
    """A CMND back upside down, half under a sheet of text at a small angle: the coarse
    pass sets the frame level with the card, but in the frame the sheet's lines outnumber
    the card's and set the direction; read again, the frame's level lines are the card's."""
    s = synth.generate_sample(card_type="9_id_card_back", seed=84003, difficulty="medium")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "9_id_card_back"
    for key in ("dantoc", "tongiao", "date", "noicap"):
        assert r.value(key) == s.truth["data"][key]


def test_a_small_card_askew_beside_a_level_sheet_named_only_by_a_few_words(synth, ref_date):
    """A CMND back, small and turned 60 degrees, beside a level sheet of large text: the
    page is read in the sheet's direction, the card's fingerprint labels among its lines
    name a back, but no field of it is read; the card is found apart from the sheet."""
    s = synth.generate_sample(card_type="12_id_card_back", seed=96001, difficulty="medium")
    assert "distractor" in s.plan
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "12_id_card_back"
    for key in ("dauvet", "date", "noicap"):
        assert r.value(key) == s.truth["data"][key]


def test_a_card_running_on_above_its_lines_seen_is_framed_to_its_top(synth, ref_date):
    """A CMND front in a small photo: the coarse pass misses its title and number (small red
    type) and sees the labelled lines only, which name no side; read again, the frame's top
    taken to the card's outline, where the fine pass finds them, the side is named and
    read."""
    s = synth.generate_sample(card_type="12_id_card_front", seed=125004, difficulty="hard")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "12_id_card_front"
    for key in ("id", "name", "born", "dantoc"):
        assert r.value(key) == s.truth["data"][key]
    text = (0.0, 100.0, 300.0, 200.0)  # x0, y0, x1, y1: the lines seen, turned level
    card = np.array([[-10, 40], [320, 40], [320, 215], [-10, 215]], dtype=np.float64)
    margins = lay._margins_to_card_above_and_below([36.0] * 4, text, card)
    assert margins[0] == margins[2] == 36.0  # (the sides as they were)
    assert margins[1] == pytest.approx(60 + 6.6) and margins[3] == 36.0
    # not where the frame would then be taller than wide (the text would show smaller)
    tall = card + np.array([[0, -200], [0, -200], [0, 0], [0, 0]])
    assert lay._margins_to_card_above_and_below([36.0] * 4, text, tall) == [36.0] * 4


def test_an_mrz_the_detector_missed_beside_a_sheet_names_the_side(synth, ref_date):
    """A chip back turned in a small photo, half on a sheet of text: the coarse pass sees
    the sheet's lines and none of the MRZ's (long, close and steep), no text names a card;
    the whole page searched for an MRZ finds it, and it names the side."""
    s = synth.generate_sample(card_type="chip_id_card_back", seed=124003, difficulty="hard")
    assert "distractor" in s.plan
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "chip_id_card_back"
    assert r.value("mrz") == s.truth["data"]["mrz"]
    assert r.value("person_number") == s.truth["data"]["person_number"]
