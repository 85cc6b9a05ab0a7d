"""Repairs of a Vietnamese document's MRZ reading that the card's own format justifies."""

from __future__ import annotations

import pytest

from ocr.engine.mrz import parse_mrz
from ocr.engine.pipeline import _citizen_card_mrz, _passport_mrz, _vietnamese_mrz_name


@pytest.mark.parametrize(
    ("lines", "second"),
    [
        (
            ["IDVNM0731890082033073189008<<4", "7301212M3301214VN<<<<K<<<<<<A4",
             "NGUYEN<<TIEN<QUOC<VIET<<<<<<<<"],
            "7301212M3301214VNM<<<<<<<<<<<4",
        ),
        # however many characters, when the composite vouches for fillers
        (
            ["IDVNM0987412207035098741220<<1", "9803259M3803257VNM<<<KNNNA<<N2",
             "NGUYEN<<NGOC<DUNG<<<<<<<<<<<<<"],
            "9803259M3803257VNM<<<<<<<<<<<2",
        ),
    ],
)  # fmt: skip
def test_characters_read_among_a_citizen_cards_optional_data_fillers(lines, second):
    fixed = _citizen_card_mrz(parse_mrz(lines))
    assert fixed.lines[1] == second and fixed.valid


@pytest.mark.parametrize(
    "lines",
    [
        ["IDVNM0731890082033073189008<<4", "7301212M3301214VNM<<<<K<<<<<<7",
         "NGUYEN<<TIEN<QUOC<VIET<<<<<<<<"],
        ["IDVNM0987412207035098741220<<1", "9803259M3803257VNM<<<KNNNA<<N7",
         "NGUYEN<<NGOC<DUNG<<<<<<<<<<<<<"],
    ],
)  # fmt: skip
def test_optional_data_is_left_as_read_when_the_composite_says_otherwise(lines):
    assert _citizen_card_mrz(parse_mrz(lines)).lines[1] == lines[1]


@pytest.mark.parametrize(
    ("lines", "first"),
    [
        # the document number (the 12-digit ID's last nine digits) with a zero read "O"
        (["IDVNMO890052770001089005277<<1", "8902166M2902164VNM<<<<<<<<<<<8",
          "LE<<NGOC<THANH<<<<<<<<<<<<<<<<"],
         "IDVNM0890052770001089005277<<1"),
        (["IDVNMD7318900B2033073189008<<4", "7301212M3301214VNM<<<<<<<<<<<4",
          "NGUYEN<<TIEN<QUOC<VIET<<<<<<<<"],
         "IDVNM0731890082033073189008<<4"),
        # and in the ID after it too
        (["IDVNMO73I89OO82O33O73189008<<4", "7301212M3301214VNM<<<<<<<<<<<4",
          "NGUYEN<<TIEN<QUOC<VIET<<<<<<<<"],
         "IDVNM0731890082033073189008<<4"),
        # a filler after the 12-digit ID read "4" (2024 back, 71000 hard)
        (["IDVNM18277196500681827719654<6", "8210298F4210290VNM<<<<<<<<<<<6",
          "NGUYEN<<DIEU<TRINH<<<<<<<<<<<<"],
         "IDVNM1827719650068182771965<<6"),
    ],
)  # fmt: skip
def test_a_citizen_cards_document_number_read_with_look_alike_letters(lines, first):
    assert not parse_mrz(lines).valid
    fixed = _citizen_card_mrz(parse_mrz(lines))
    assert fixed.lines[0] == first and fixed.valid
    assert fixed.document_number == first[5:14] == fixed.person_number[3:]


def test_a_citizen_cards_composite_check_digit_read_as_a_look_alike():
    lines = [
        "IDVNM3049287274014304928727<<1",
        "0403162F2904168VNM<<<<<<<<<<<0",
        "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
    ]
    want = parse_mrz([lines[0], lines[1][:29] + "6", lines[2]])
    assert want.valid  # (the right digit is 6, read 0)
    assert _citizen_card_mrz(parse_mrz(lines)).lines[1] == lines[1][:29] + "6"
    # and with fillers misread too
    misread = [lines[0], "0403162F2904168VNM<<<L<<<<<<A0", lines[2]]
    assert _citizen_card_mrz(parse_mrz(misread)).lines[1] == lines[1][:29] + "6"
    # not with characters among the second line's fillers (which the composite covers)
    junk = [lines[0], "0403162F2904168VNM<<<<V<<<<<A2", lines[2]]
    assert _citizen_card_mrz(parse_mrz(junk)).lines[1].endswith("2")
    # a digit that does not look like it stays
    unlike = [lines[0], lines[1][:29] + "2", lines[2]]
    assert _citizen_card_mrz(parse_mrz(unlike)).lines[1] == unlike[1]
    # a zero read "O" at the end of the first line: a digit, and the composite agrees
    o_read = parse_mrz(
        [
            "IDVNM1886826319094188682631<<O",
            "8805197F2805195VNM<<<<<<<<<<<8",
            "LE<<LAN<THU<<<<<<<<<<<<<<<<<<<",
        ]
    )
    fixed = _citizen_card_mrz(o_read)
    assert fixed.lines[0].endswith("<<0") and fixed.lines[1].endswith("8") and fixed.valid
    # not when the personal number is not the document number's (a digit misread there
    # is what the composite catches), unless by a look-alike that the ID's own check digit
    # (the first line's last) says is the document number's ("1" for "7")
    other = ["IDVNM3049287274014304928723<<1", lines[1], lines[2]]
    assert _citizen_card_mrz(parse_mrz(other)).lines[1] == lines[1]
    other = ["IDVNM3049287274014304928721<<1", lines[1], lines[2]]
    assert _citizen_card_mrz(parse_mrz(other)).lines[:2] == [lines[0], lines[1][:29] + "6"]


def test_a_vietnamese_passports_issuer_and_composite_digit_read_as_look_alikes():
    lines = [
        "P<VNMTRAN<<QUOC<XUAN<DUC<<<<<<<<<<<<<<<<<<<<",
        "N7735416<4VNM5407143M2805265064054367144<<00",
    ]
    assert parse_mrz(lines).valid
    # the composite digit read "8" for "0", every other check agreeing: the digit
    misread = [lines[0], lines[1][:43] + "8"]
    assert parse_mrz(misread).failed_checks == ["composite"]
    assert _passport_mrz(parse_mrz(misread)).lines == lines
    # a digit unlike it stays (something else was misread)
    unlike = [lines[0], lines[1][:43] + "2"]
    assert _passport_mrz(parse_mrz(unlike)).lines == unlike
    # ... as does a composite failing beside another check
    two = [lines[0], "N7735416<4VNM5407143M2805265064054367144<<18"]
    assert "personal_number" in parse_mrz(two).failed_checks
    assert _passport_mrz(parse_mrz(two)).lines == two
    # the issuing state a letter off VNM, the nationality VNM: VNM
    issuer = ["P<VNNTRAN<<QUOC<XUAN<DUC<<<<<<<<<<<<<<<<<<<<", lines[1]]
    fixed = _passport_mrz(parse_mrz(issuer))
    assert fixed.lines == lines and fixed.issuing_country == "VNM"
    # another state's passport is not made Vietnamese
    other = ["P<USATRAN<<QUOC<XUAN<DUC<<<<<<<<<<<<<<<<<<<<", lines[1]]
    assert _passport_mrz(parse_mrz(other)).lines == other


def test_a_vietnamese_passports_date_digit_read_as_a_look_alike():
    lines = [
        "P<VNMNGUYEN<<XUAN<KHOA<<<<<<<<<<<<<<<<<<<<<<",
        "C8634440<9VNM6610300M3010013044066142349<<34",
    ]
    assert parse_mrz(lines).valid
    # the expiry's "0" read "8" (no 18th month): the one look-alike its check digit agrees with
    misread = [lines[0], lines[1][:24] + "8" + lines[1][25:]]
    assert "expiry_date" in parse_mrz(misread).failed_checks
    assert _passport_mrz(parse_mrz(misread)).lines == lines


def test_characters_read_among_the_fillers_of_a_card_with_no_expiry():
    lines = [
        "IDVNM1689463784087168946378<<5",
        "6808091F44<<<<0VNM<<<<<<<<<<<0",
        "TRINH<<LAN<HIEN<<<<<<<<<<<<<<<",
    ]
    fixed = _citizen_card_mrz(parse_mrz(lines))
    assert fixed.lines[1] == "6808091F<<<<<<0VNM<<<<<<<<<<<0" and fixed.valid


def test_a_card_upside_down_with_its_mrz_is_read_the_other_way_up(synth, ref_date):
    """A hard 2024 back turned about 80 degrees: the direction classifier votes it upside
    down, and the MRZ read that way passes no check; read the other way up, it is a card."""
    from ocr.engine import extract_side

    s = synth.generate_sample(card_type="id_card_2024_back", seed=26000, difficulty="hard")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == "id_card_2024_back"
    assert r.value("mrz") == s.truth["data"]["mrz"]

    lines = [
        "IDVNM1915361703038191536170<<0",
        "9108231F3108239VNM<<<<<<<<<<<0",
        "HO<<BAO<OUYNH<<<<<<<<<<<<<<<<<",
    ]
    assert _vietnamese_mrz_name(parse_mrz(lines)).lines[2] == "HO<<BAO<QUYNH<<<<<<<<<<<<<<<<<"
    blurred = [lines[0], lines[1], "PBAN<<DIEU<NBU<LAN<<<<<<<<<<<<"]
    assert _vietnamese_mrz_name(parse_mrz(blurred)).lines[2] == "PHAN<<DIEU<NHU<LAN<<<<<<<<<<<<"
    # a letter more (2024 back 130004 easy: "HOAIL"), the names moved up a place; not where
    # no letter less makes a syllable ("KSOR", "HLEO": names of the Ê Đê and Gia Rai)
    extra = [lines[0], lines[1], "TO<<HOAIL<NHI<<<<<<<<<<<<<<<<<"]
    assert _vietnamese_mrz_name(parse_mrz(extra)).lines[2] == "TO<<HOAI<NHI<<<<<<<<<<<<<<<<<<"
    ede = [lines[0], lines[1], "KSOR<<HLEO<NHI<<<<<<<<<<<<<<<<"]
    assert _vietnamese_mrz_name(parse_mrz(ede)).lines[2] == ede[2]
    # another country's names are not Vietnamese syllables
    other = [lines[0].replace("VNM", "UTO"), lines[1], lines[2]]
    assert _vietnamese_mrz_name(parse_mrz(other)).lines[2] == lines[2]


def test_fillers_read_as_letters_after_a_vietnamese_mrz_name():
    lines = [
        "P<VNMPHAM<<MINH<OANH<AAMAAAAMAAAAK<<<<<<<<<<",
        "P1062202<4VNM8607210F3602184027186217939<<54",
    ]
    fixed = _vietnamese_mrz_name(parse_mrz(lines))
    assert fixed.lines[0] == "P<VNMPHAM<<MINH<OANH<<<<<<<<<<<<<<<<<<<<<<<<"
    assert fixed.given_names == "MINH OANH"
    # a syllable of a name made of the same letters stays ("KA" is none, "MA" is one)
    kept = "P<VNMTRAN<<THI<MA<<<<<<<<<<<<<<<<<<<<<<<<<<<"
    assert _vietnamese_mrz_name(parse_mrz([kept, lines[1]])).lines[0] == kept


@pytest.mark.parametrize(
    ("names", "rows", "want"),
    [
        # fillers read as a run of one letter glued to the last name ("TRUNGAAA<<<")
        ("TRAN<<DUC<TRUNGAAA", None, "TRAN<<DUC<TRUNG"),
        ("TRAN<<DUC<TRUNGAAA<AA", None, "TRAN<<DUC<TRUNG"),
        ("NGUYEN<<THI<HOAAAA", None, "NGUYEN<<THI<HOA"),
        ("NGUYEN<<VAN<THANHKK", None, "NGUYEN<<VAN<THANH"),
        ("LE<<VAN<HOA<EL", None, "LE<<VAN<HOA"),
        # one letter, or letters of a name, the printed name tells
        ("NGUYEN<<VAN<THANHK", ["Họ và tên/Full name", "NGUYỄN VĂN THÀNH"], "NGUYEN<<VAN<THANH"),
        ("NGUYEN<<THI<MAICC", ["NGUYỄN THỊ MAI"], "NGUYEN<<THI<MAI"),
        # which it does not print, or prints as read: left
        ("NGUYEN<<VAN<THANHK", None, "NGUYEN<<VAN<THANHK"),
        ("NGUYEN<<ANNA<MAICA", None, "NGUYEN<<ANNA<MAICA"),
        ("NGUYEN<<ANNA<MAICC", ["NGUYỄN ANNA MAICC"], "NGUYEN<<ANNA<MAICC"),
        ("LE<<VAN<HOA<EL", ["LÊ VĂN HOA EL"], "LE<<VAN<HOA<EL"),
        # real names
        ("TRAN<<THI<HOA", None, "TRAN<<THI<HOA"),
        ("TRAN<<THI<MA", None, "TRAN<<THI<MA"),
    ],
)
def test_fillers_read_as_letters_glued_to_a_vietnamese_mrz_name(names, rows, want):
    second = "P1062202<4VNM8607210F3602184027186217939<<54"
    first = ("P<VNM" + names + "<" * 44)[:44]
    fixed = _vietnamese_mrz_name(parse_mrz([first, second]), rows)
    assert fixed.lines[0] == ("P<VNM" + want + "<" * 44)[:44]
    assert fixed.lines[1] == second


def test_a_passport_read_through_its_misread_labels(synth, ref_date):
    """A hard photo: the name's label unread, the title "HỘ CHIẾU" is no name; the MRZ's
    fillers read as letters; the place of birth read "HẮC NINH" beside the birth date."""
    from ocr.engine import extract_side

    s = synth.generate_sample(card_type="passport", seed=14003, difficulty="hard")
    r = extract_side(s.image_bytes, today=ref_date)
    want = s.truth["data"]
    got = {k: r.value(k) for k in ("name", "surname", "given_name", "place_of_birth")}
    assert got == {
        "name": want["name"],
        "surname": want["surname"],
        "given_name": want["given_name"],
        "place_of_birth": want["place_of_birth"],
    }


def test_a_passport_name_printed_with_a_space_lost_is_split_as_the_mrz_spells_it():
    from ocr.engine.pipeline import _split_like

    target = ["NGUYEN", "NHU", "ANH"]
    assert _split_like(["NGUYỄNNHƯ", "ÁNH", "VIỆT"], target) == ["NGUYỄN", "NHƯ", "ÁNH"]
    assert _split_like(["NGUYENNHU", "ANH"], target) == target
    assert _split_like(["NGUYENNHU"], target) == []
    assert _split_like(["NGUYENNHI", "ANH"], target) == []


def test_a_vietnamese_passport_number_is_a_letter_and_seven_digits():
    from ocr.engine.pipeline import _positional_fix

    l1 = "P<VNMNGUYEN<<CONG<GIANG<<<<<<<<<<<<<<<<<<<<<"
    l2 = "NO605548<9VNM7312232M3503214052073477552<<98"
    assert _positional_fix([l1, l2])[1].startswith("N0605548<9")
    assert parse_mrz(_positional_fix([l1, l2])).valid
    # another country's number may hold letters anywhere
    other = l1.replace("VNM", "UTO", 1)
    assert _positional_fix([other, l2])[1].startswith("NO605548")


@pytest.mark.parametrize(
    ("card_type", "seed", "keys"),
    [
        # a zero read "O" at the start of the document number
        ("id_card_2024_back", 54003, ("mrz", "document_number", "person_number")),
        # fillers read "AAA" glued to the given names, and the printed name then found
        ("passport", 54002, ("mrz", "given_name", "surname", "name")),
        # the text reader saw no row of the MRZ (a card upside down, its MRZ at the top):
        # the whole page is searched for the MRZ that a passport carries
        ("passport", 54004, ("mrz", "document_number", "sur_name", "person_number")),
    ],
)
def test_mrz_of_medium_synthetic_sides(synth, ref_date, card_type, seed, keys):
    from ocr.engine import extract_side

    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty="medium")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.card_type == card_type
    assert {k: r.value(k) for k in keys} == {k: s.truth["data"][k] for k in keys}


@pytest.mark.parametrize(
    ("lines", "second"),
    [
        # (chip back 71003 hard: "VNM" read "908")
        (
            ["IDVNM1991003377036199100337<<2", "9906208F3906206908<<<<<<<<<<<6",
             "HO<<TUONG<MAI<<<<<<<<<<<<<<<<<"],
            "9906208F3906206VNM<<<<<<<<<<<6",
        ),
        # (2024 back 125001 easy: "<MK", no letter of it in place; the first line says VNM)
        (
            ["IDVNM1984458106034198445810<<9", "9806294F3806292<MK<<<<<<<<<<<4",
             "NGUYEN<<THI<ANH<<<<<<<<<<<<<<<"],
            "9806294F3806292VNM<<<<<<<<<<<4",
        ),
    ],
)  # fmt: skip
def test_a_citizen_cards_nationality_misread_is_vnm(lines, second):
    """No check digit covers the nationality."""
    fixed = _citizen_card_mrz(parse_mrz(lines))
    assert fixed.lines[1] == second and fixed.nationality == "VNM"


def test_a_pages_mrz_is_searched_once_however_often_its_text_is_read_again(monkeypatch):
    """The whole-page MRZ search of a hard photo costs a second: made once per page (and
    hints), and after it read nothing valid, no hinted read of the same page follows."""
    import numpy as np

    from ocr.engine import pipeline
    from ocr.engine.decode import Page

    calls = []
    real = pipeline._read_mrz_of
    monkeypatch.setattr(
        pipeline, "_read_mrz_of", lambda image, **h: calls.append(h) or real(image, **h)
    )
    page = Page(image=np.full((200, 300, 3), 255, np.uint8), scale=1.0)
    assert not pipeline._searched_in_vain(page)
    assert pipeline._dedicated_read(page) is None and pipeline._dedicated_read(page) is None
    assert calls == [{}] and pipeline._searched_in_vain(page)
    pipeline._dedicated_read(page, text_angle=0.1, region=(1.0, 2.0, 30.0, 40.0))
    pipeline._dedicated_read(page, text_angle=0.1001, region=(1.0, 2.0, 30.0, 40.0))
    assert len(calls) == 2  # hints alike to a hundredth are the same


def test_a_citizen_cards_zeros_read_as_eights_are_put_right_by_its_redundancy():
    """(chip back 75000 hard: every "0" of a blurred MRZ read "8".) The 12-digit ID ends
    with the document number its check digit vouches for; the province code, the dates
    and the composite digit are each the one look-alike their check digit agrees with."""
    lines = [
        "IDVNM1918360774880191836877<<8",
        "9187197F3187195VNM<<<<<<<<<<<8",
        "THAI<<PHUONG<HANG<<<<<<<<<<<<<",
    ]
    fixed = _citizen_card_mrz(parse_mrz(lines))
    assert fixed.valid and fixed.lines[:2] == [
        "IDVNM1918360774080191836077<<8",
        "9107197F3107195VNM<<<<<<<<<<<0",
    ]
    # a misread no look-alike explains (the birth date's "3" for "1"): left as read
    other = ["IDVNM1918360774080191836077<<8", "9137197F3107195VNM<<<<<<<<<<<0", lines[2]]
    assert _citizen_card_mrz(parse_mrz(other)).lines == other


@pytest.mark.parametrize(
    ("third", "want"),
    [
        # letters read before the surname (chip backs, 80003 and 76001 medium)
        ("UTATMHEUNGUYEN<<QUOC<CUONG<<<<", "NGUYEN<<QUOC<CUONG<<<<<<<<<<<<"),
        ("YNGUYEN<<NHU<THAO<<<<<<<<<<<<<", "NGUYEN<<NHU<THAO<<<<<<<<<<<<<<"),
        # a surname that merely ends with a short family name is a name of its own
        ("ALANG<<THI<HOA<<<<<<<<<<<<<<<<", "ALANG<<THI<HOA<<<<<<<<<<<<<<<<"),
        ("HOANG<<NHU<THAO<<<<<<<<<<<<<<<", "HOANG<<NHU<THAO<<<<<<<<<<<<<<<"),
    ],
)
def test_letters_read_before_a_vietnamese_mrzs_surname_are_dropped(third, want):
    lines = ["IDVNM0986980828066098698082<<2", "9801174M3801172VNM<<<<<<<<<<<6", third]
    assert _vietnamese_mrz_name(parse_mrz(lines)).lines[2] == want


def test_look_alikes_that_cancel_out_in_the_check_digits_are_put_right_by_the_id():
    """Two digits misread as look-alikes whose errors cancel out in a check digit: the MRZ
    passes ICAO's checks, but the ID says otherwise (its structure, or its own check digit)."""
    # a passport's personal number (the holder's ID) "091304135688" read "891384135688": its
    # check digit is 8 both ways; the birth date (2004, F) says its 4th to 6th digits are
    # "304", and no province has the code 891
    lines = [
        "P<VNMNGUYEN<<HONG<NHI<<<<<<<<<<<<<<<<<<<<<<<",
        "B0618026<6VNM0409256F3011021091304135688<<84",
    ]
    misread = [lines[0], lines[1][:28] + "891384135688" + lines[1][40:]]
    assert parse_mrz(misread).valid
    assert _passport_mrz(parse_mrz(misread)).lines == lines
    assert _passport_mrz(parse_mrz(lines)).lines == lines
    # a citizen card's ID "...796409" read "...796499" and the composite "0" read "9": the
    # composite agrees, the ID's own check digit (the first line's last) does not, and the
    # ID ends with the document number
    lines = [
        "IDVNM1957964098096195796409<<1",
        "9509045F3509043VNM<<<<<<<<<<<0",
        "LE<<NGOC<THU<<<<<<<<<<<<<<<<<<",
    ]
    misread = [lines[0][:25] + "9" + lines[0][26:], lines[1][:29] + "9", lines[2]]
    assert parse_mrz(misread).valid
    assert _citizen_card_mrz(parse_mrz(misread)).lines == lines


def test_another_states_personal_number_is_not_read_as_a_vietnamese_id():
    lines = [
        "P<VNMNGUYEN<<HONG<NHI<<<<<<<<<<<<<<<<<<<<<<<",
        "B0618026<6VNM0409256F3011021891384135688<<84",
    ]
    other = ["P<UTONGUYEN<<HONG<NHI<<<<<<<<<<<<<<<<<<<<<<<", lines[1].replace("VNM", "UTO")]
    assert parse_mrz(other).valid
    assert _passport_mrz(parse_mrz(other)).lines == other


def test_a_vietnamese_passports_state_nationality_date_and_composite_all_misread():
    """(passport 107001 hard: "P<VNN...", "...VNH...2918220...<<18".) The issuing state and
    the nationality each a letter off VNM are VNM; the expiry's "0" read "8" (no 18th month)
    is put right by its check digit, and the composite digit read as a look-alike of the
    one every other check then gives is that one."""
    lines = [
        "P<VNMNGUYEN<<HOANG<THINH<<<<<<<<<<<<<<<<<<<<",
        "C3055962<0VNM7908079M2910220051079217032<<10",
    ]
    assert parse_mrz(lines).valid
    misread = [
        "P<VNNNGUYEN<<HOANG<THINH<<<<<<<<<<<<<<<<<<<<",
        "C3055962<0VNH7908079M2918220051079217032<<18",
    ]
    fixed = _passport_mrz(parse_mrz(misread))
    assert fixed.valid and fixed.lines == lines
    # a composite digit unlike the one the checks give stays, and so does the date
    unlike = [misread[0], misread[1][:43] + "2"]
    assert not _passport_mrz(parse_mrz(unlike)).valid
    # a state two letters off VNM is another state's
    other = ["P<VUTNGUYEN<<HOANG<THINH<<<<<<<<<<<<<<<<<<<<", misread[1]]
    assert _passport_mrz(parse_mrz(other)).lines[0] == other[0]


def test_a_citizen_cards_province_code_and_last_digit_both_misread():
    """(chip back 107004 hard: "...0831088649081<<9" for 0031088649081<<0.) No province's
    code is 831, and the line's last digit fails the ID: the one province code a look-alike
    off whose ID's check digit is a look-alike of the digit read, the composite agreeing."""
    lines = [
        "IDVNM0886490810031088649081<<0",
        "8804307M2804305VNM<<<<<<<<<<<0",
        "LE<<ANH<THE<VU<<<<<<<<<<<<<<<<",
    ]
    assert parse_mrz(lines).valid
    misread = ["IDVNM0886490810831088649081<<9", lines[1], lines[2]]
    fixed = _citizen_card_mrz(parse_mrz(misread))
    assert fixed.valid and fixed.lines == lines
    # a last digit no look-alike of the right one's: left as read
    other = ["IDVNM0886490810831088649081<<2", lines[1], lines[2]]
    assert _citizen_card_mrz(parse_mrz(other)).lines[0] == other[0]
