"""Repairs of a Vietnamese document's MRZ reading that the card's own format justifies."""

from __future__ import annotations

from ocr.engine.mrz import parse_mrz
from ocr.engine.pipeline import _citizen_card_mrz, _vietnamese_mrz_name


def test_characters_read_among_a_citizen_cards_optional_data_fillers():
    read = parse_mrz(
        [
            "IDVNM0731890082033073189008<<4",
            "7301212M3301214VN<<<<K<<<<<<A4",
            "NGUYEN<<TIEN<QUOC<VIET<<<<<<<<",
        ]
    )
    fixed = _citizen_card_mrz(read)
    assert fixed.lines[1] == "7301212M3301214VNM<<<<<<<<<<<4" and fixed.valid


def test_optional_data_is_left_as_read_when_the_composite_says_otherwise():
    lines = [
        "IDVNM0731890082033073189008<<4",
        "7301212M3301214VNM<<<<K<<<<<<7",
        "NGUYEN<<TIEN<QUOC<VIET<<<<<<<<",
    ]
    assert _citizen_card_mrz(parse_mrz(lines)).lines[1] == lines[1]


def test_a_vietnamese_mrz_name_word_one_look_alike_letter_off():
    lines = [
        "IDVNM1915361703038191536170<<0",
        "9108231F3108239VNM<<<<<<<<<<<0",
        "HO<<BAO<OUYNH<<<<<<<<<<<<<<<<<",
    ]
    assert _vietnamese_mrz_name(parse_mrz(lines)).lines[2] == "HO<<BAO<QUYNH<<<<<<<<<<<<<<<<<"
    # another country's names are not Vietnamese syllables
    other = [lines[0].replace("VNM", "UTO"), lines[1], lines[2]]
    assert _vietnamese_mrz_name(parse_mrz(other)).lines[2] == lines[2]


def test_a_passport_name_printed_with_a_space_lost_is_split_as_the_mrz_spells_it():
    from ocr.engine.pipeline import _split_like

    target = ["NGUYEN", "NHU", "ANH"]
    assert _split_like(["NGUYỄNNHƯ", "ÁNH", "VIỆT"], target) == ["NGUYỄN", "NHƯ", "ÁNH"]
    assert _split_like(["NGUYENNHU", "ANH"], target) == target
    assert _split_like(["NGUYENNHU"], target) == []
    assert _split_like(["NGUYENNHI", "ANH"], target) == []
