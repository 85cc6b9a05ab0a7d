"""Cross-checks, each passing and failing, on SideResults built directly."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr.engine import Check, Field, SideResult, cross_check_sides
from ocr.engine import checks as ck

TODAY = dt.date(2026, 11, 1)


def side(card_type: str, **values) -> SideResult:
    r = SideResult(card_type=card_type)
    for k, v in values.items():
        r.fields[k] = Field(v, 0.9, [0, 0, 10, 10], "ocr")
    return r


def results(checks: list[Check]) -> dict[str, str]:
    return {c.code: c.result for c in checks}


def run_all(r: SideResult, qr: dict | None = None) -> SideResult:
    r.checks = (
        ck.id_checks(r) + ck.qr_checks(r, qr or {}) + ck.mrz_checks(r) + ck.expiry_checks(r, TODAY)
    )
    ck.decide_validity(r)
    return r


GOOD = dict(
    id="001089012345", name="NGUYỄN VĂN AN", born="12/05/1989", sex="Nam", duedate="12/05/2029"
)


def test_consistent_front_passes_everything():
    r = run_all(side("chip_id_card_front", **GOOD))
    res = results(r.checks)
    assert res["id_format"] == "pass"
    assert res["id_province_code"] == "pass"
    assert res["id_matches_sex_century"] == "pass"
    assert res["id_matches_birth_year"] == "pass"
    assert res["expiry_rule"] == "pass"  # 12/05/1989 + 40 years
    assert res["not_expired"] == "pass"
    assert r.valid and r.invalid_code == "0"
    api = r.to_api()
    assert api["valid"] == "True" and api["invalidCode"] == "0" and api["invalidMessage"] == ""


def test_wrong_century_sex_digit_fails_with_code_3():
    r = run_all(side("chip_id_card_front", **{**GOOD, "id": "001189012345"}))
    assert results(r.checks)["id_matches_sex_century"] == "fail"
    assert not r.valid and r.invalid_code == "3"
    assert r.to_api()["valid"] == "False"


def test_birth_year_digits_and_province_code():
    r = run_all(side("cccd_front", **{**GOOD, "id": "001090012345"}))
    assert results(r.checks)["id_matches_birth_year"] == "fail"
    r = run_all(side("cccd_front", **{**GOOD, "id": "003089012345"}))
    assert results(r.checks)["id_province_code"] == "fail"
    assert r.invalid_code == "3"


def test_female_2000s_digit():
    r = run_all(
        side(
            "cccd_front",
            **{
                **GOOD,
                "id": "079303012345",
                "born": "01/01/2003",
                "sex": "Nữ",
                "duedate": "01/01/2028",
            },
        )
    )
    assert results(r.checks)["id_matches_sex_century"] == "pass"
    assert results(r.checks)["expiry_rule"] == "pass"


def test_expiry_rule_and_expired():
    r = run_all(side("chip_id_card_front", **{**GOOD, "duedate": "13/05/2029"}))
    assert results(r.checks)["expiry_rule"] == "fail"
    r = run_all(
        side(
            "chip_id_card_front",
            **{**GOOD, "born": "12/05/1980", "id": "001080012345", "duedate": "12/05/2020"},
        )
    )
    res = results(r.checks)
    assert res["expiry_rule"] == "pass" and res["not_expired"] == "fail"
    assert r.invalid_code == "7"


def test_permanent_card_after_60():
    r = run_all(
        side(
            "chip_id_card_front",
            **{**GOOD, "born": "01/01/1950", "id": "001050012345", "duedate": "Không thời hạn"},
        )
    )
    assert results(r.checks)["expiry_rule"] == "pass"
    assert "not_expired" not in results(r.checks)


def test_qr_matches_text_pass_and_fail():
    qr = {"id": GOOD["id"], "name": GOOD["name"], "born": GOOD["born"], "sex": "Nam", "address": ""}
    r = run_all(side("chip_id_card_front", **GOOD), qr)
    assert results(r.checks)["qr_matches_text"] == "pass"
    r = run_all(side("chip_id_card_front", **GOOD), {**qr, "born": "13/05/1989"})
    assert results(r.checks)["qr_matches_text"] == "fail"
    assert r.invalid_code == "3"


def test_a_2024_backs_printed_issue_date_is_checked_against_its_qr():
    back = dict(date="15/01/2026", address="Thôn Bắc, Xã Nhân Hậu, Tỉnh Ninh Bình")
    qr = {"id": "091082566220", "date": "15/01/2026", "address": back["address"]}
    assert (
        results(run_all(side("id_card_2024_back", **back), qr).checks)["qr_matches_text"] == "pass"
    )
    r = run_all(side("id_card_2024_back", **back), {**qr, "date": "15/02/2025"})
    assert results(r.checks)["qr_matches_text"] == "fail"


def _mrz_side(valid: bool) -> SideResult:
    r = side("chip_id_card_back", date="01/01/2022")
    for k, v in {
        "mrz": [
            "IDVNM0890123458001089012345<<8",
            "8905126M2905122VNM<<<<<<<<<<<4",
            "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
        ],
        "person_number": "001089012345",
        "dob": "12/05/1989",
        "gender": "M",
        "due_date": "12/05/2029",
        "dob_checksum_validate": "True" if valid else "False",
        "final_checksum_validate": "True",
    }.items():
        r.fields[k] = Field(v, 0.9, None, "mrz")
    return r


def test_mrz_check_digits_pass_and_fail():
    r = run_all(_mrz_side(True))
    assert results(r.checks)["mrz_check_digits"] == "pass"
    assert r.valid
    r = run_all(_mrz_side(False))
    assert results(r.checks)["mrz_check_digits"] == "fail"
    assert r.invalid_code == "4"


def test_mrz_matches_printed_text():
    r = _mrz_side(True)
    r.card_type = "passport"
    r.fields["born"] = Field("12/05/1989", 0.9, None, "ocr")
    r.fields["sex"] = Field("Nam", 0.9, None, "ocr")
    assert results(ck.mrz_checks(r))["mrz_matches_text"] == "pass"
    r.fields["born"] = Field("12/06/1989", 0.9, None, "ocr")
    assert results(ck.mrz_checks(r))["mrz_matches_text"] == "fail"


def test_front_back_cross_checks():
    front = side("chip_id_card_front", **GOOD)
    back = _mrz_side(True)
    res = results(cross_check_sides(front, back))
    assert res["sides_same_document"] == "pass"
    assert res["front_back_id"] == "pass"
    assert res["front_back_birth_date"] == "pass"
    assert res["front_back_sex"] == "pass"
    assert res["issue_after_birth"] == "pass"
    other = side("chip_id_card_front", **{**GOOD, "id": "001089099999"})
    assert results(cross_check_sides(other, back))["front_back_id"] == "fail"
    wrong_kind = side("9_id_card_back", date="01/01/2010")
    assert results(cross_check_sides(front, wrong_kind))["sides_same_document"] == "fail"


def test_to_api_has_exactly_the_spec_keys():
    r = run_all(side("chip_id_card_front", **GOOD))
    api = r.to_api()
    assert set(api) == {
        "type",
        "card_type",
        "valid",
        "invalidCode",
        "invalidMessage",
        "data",
        "fields",
        "checks",
    }
    assert api["type"] == "tcc"
    data = api["data"]
    for k in ("id", "name", "born", "sex", "quoctich", "country", "address", "duedate", "qr"):
        assert k in data and isinstance(data[k], str)
    for k in ("diachi_tinh", "diachi_tinh_name", "quequan_phuong_name"):
        assert data[k] == ""
    assert api["fields"]["id"] == {"confidence": 0.9, "box": [0, 0, 10, 10], "source": "ocr"}
    assert all(set(c) == {"code", "result", "message"} for c in api["checks"])
    assert data["id_confidence"] == 0.9


def test_an_expiry_that_breaks_the_age_rule_is_read_again():
    """Tesseract sure of "18/11/2039" for a holder born 18/11/1969 (the card expires at 60,
    in 2029): PP-OCR's reading, which keeps the rule, is asked for and wins the vote."""
    import datetime as dt

    from ocr.engine.checks import expiry_fits_age
    from ocr.engine.layout import Box
    from ocr.engine.pipeline import _box_date
    from ocr.engine.recognizer import Reading

    def box():
        return Box(
            "18/11/2039", 0.94, 0, 0, 100, 20, [0, 0, 100, 20], _second=Reading("18/11/2029", 0.8)
        )

    born = dt.date(1969, 11, 18)
    fits = lambda d: expiry_fits_age("cccd_front", born, d)  # noqa: E731
    assert _box_date(box())[0] == "18/11/2039"  # a clear line stands
    assert _box_date(box(), fits=fits)[0] == "18/11/2029"
    # both readers agree on a date that breaks the rule: it stands (and the check fails)
    agreed = Box(
        "18/11/2039", 0.94, 0, 0, 100, 20, [0, 0, 100, 20], _second=Reading("18/11/2039", 0.9)
    )
    assert _box_date(agreed, fits=fits)[0] == "18/11/2039"


def test_an_issue_date_before_the_kind_of_card_existed_is_read_again():
    """A 2024 card read as issued in 2023 (the law took effect on 1 July 2024): PP-OCR's
    reading, which fits, wins the vote."""
    from ocr.engine.layout import Box
    from ocr.engine.pipeline import _box_date, _issue_rule
    from ocr.engine.recognizer import Reading

    fits = _issue_rule("id_card_2024_back")
    assert fits("02/08/2024") and not fits("02/08/2023") and not fits("01/01/2099")
    assert _issue_rule("9_id_card_back") is None
    box = Box(
        "02/08/2023", 0.95, 0, 0, 100, 20, [0, 0, 100, 20], _second=Reading("02/08/2024", 0.7)
    )
    assert _box_date(box, fits=fits)[0] == "02/08/2024"


def test_the_sex_a_personal_number_gives():
    assert ck.sex_of_id("056062001234") == "Nam"
    assert ck.sex_of_id("056305001234") == "Nữ"  # odd: a woman (born in the 2000s)
    assert ck.sex_of_id("056105001234") == "Nữ"
    assert ck.sex_of_id("123456789") == ""


def test_a_birth_year_that_breaks_the_personal_number_is_read_again():
    """The number's 4th digit (the century) and 5th-6th (the year) say 1962: Tesseract's
    sure '1902' loses to PP-OCR's '1962'. With no reading that fits, the one read stays
    (and the id-vs-birth-year check reports it)."""
    from ocr.engine.checks import birth_year_of_id
    from ocr.engine.layout import Box
    from ocr.engine.pipeline import _born_rule, _box_date
    from ocr.engine.recognizer import Reading
    from ocr.engine.types import SideResult

    assert birth_year_of_id("056062001234") == 1962
    assert birth_year_of_id("056305001234") == 2005  # a woman born in the 2000s
    assert birth_year_of_id("12345") is None
    r = SideResult(card_type="chip_id_card_front")
    r.set("id", "056062001234", 0.9)
    fits = _born_rule(r)
    box = Box(
        "02/11/1902", 0.95, 0, 0, 100, 20, [0, 0, 100, 20], _second=Reading("02/11/1962", 0.7)
    )
    assert _box_date(box, fits=fits)[0] == "02/11/1962"
    box = Box(
        "02/11/1902", 0.95, 0, 0, 100, 20, [0, 0, 100, 20], _second=Reading("02/11/1902", 0.7)
    )
    assert _box_date(box, fits=fits)[0] == "02/11/1902"
    assert _born_rule(SideResult(card_type="9_id_card_front")) is None


def test_no_expiry_found_by_what_it_says_on_a_2024_back(rows_doc):
    from ocr.engine.pipeline import NO_EXPIRY, _no_expiry_by_content

    doc = rows_doc(["/02/11/2025", "May, PÁvg. ti! CEr9 0Vƒ29y- Không thời hạn BG CONG AN"])
    r = SideResult(card_type="id_card_2024_back")
    _no_expiry_by_content(r, doc)
    assert r.value("duedate") == NO_EXPIRY


@pytest.mark.parametrize(
    ("card_type", "born", "due"),
    [
        # the chip card was issued 2021 - mid 2024: whoever was 38 or younger then and
        # born 1982 turns 40 after it, and 60 for those born 1970
        ("chip_id_card_front", dt.date(1982, 2, 6), "06/02/2042"),
        ("chip_id_card_front", dt.date(1970, 5, 13), "13/05/2030"),
        ("chip_id_card_front", dt.date(1960, 1, 1), "Không thời hạn"),  # 58 and over
        # born mid 1997: 23 or older then, within two years of 25 or past it: 40
        ("chip_id_card_front", dt.date(1997, 6, 1), "01/06/2037"),
        # born mid 1999: 21 to 25 then, 25 or 40 by the day of issue
        ("chip_id_card_front", dt.date(1999, 6, 1), None),
        ("cccd_front", dt.date(2000, 3, 3), "03/03/2025"),
        ("12_id_card_front", dt.date(1980, 1, 1), None),  # 15 years from its issue day
    ],
)
def test_an_expiry_unread_is_the_one_the_law_gives_that_birth_date(card_type, born, due):
    assert ck.expiry_by_age(card_type, born) == due


def test_an_expiry_derived_from_the_birth_date_is_said_so_and_not_checked_by_its_rule():
    from ocr.engine.pipeline import _expiry_by_age

    r = side("chip_id_card_front", **{k: v for k, v in GOOD.items() if k != "duedate"})
    _expiry_by_age(r)
    assert r.fields["duedate"].source == "derived"
    assert r.value("duedate") == "12/05/2029"
    assert "expiry_rule" not in results(run_all(r).checks)
    # a date read stays as read
    r = side("chip_id_card_front", **GOOD)
    _expiry_by_age(r)
    assert r.fields["duedate"].source == "ocr"


@pytest.mark.parametrize(
    ("row", "born"),
    [
        ("+08; sinh / fase sý th 26/08/192M", "26/08/1996"),  # the year's last digits lost
        ("Ngày sinh: 26/08/2996", "26/08/1996"),  # one digit off
        ("Ngày sinh: 26/08/1975", ""),  # two digits off: another date, not taken
        ("Giới tính: Nam 26/08/19M6", ""),  # not the birth date's row
        # its label unreadable, its slashes read as ones or lost (chip front 126002 hard)
        ("NoyDo260811996", "26/08/1996"),
        ("NoyDo26081996", "26/08/1996"),
        ("NoyDo260811995", ""),  # another year than the number's
        ("Số: 111111996", "11/11/1996"),  # (one day and month, however the ones are read)
        ("Mã số 1300001996", ""),  # no day and month before the year
    ],
)
def test_a_birth_year_misread_is_the_one_the_12_digit_number_gives(rows_doc, row, born):
    from ocr.engine.pipeline import _born_by_id_year

    r = side("chip_id_card_front", id="068096077700")
    _born_by_id_year(r, rows_doc(["NGUYỄN ĐÌNH QUÂN", row]))
    assert r.value("born") == born
    if born:
        assert r.fields["born"].source == "derived"
        # ... and not checked against the number it came from
        assert results(ck.id_checks(r))["id_matches_birth_year"] == "skip"


def test_the_expirys_label_taken_for_the_issue_dates_on_a_2024_back(rows_doc):
    """The issue date's label misread ("No, tháng, nữm cấp"), the expiry's ("Ngày, thẳng,
    ... hết hạn") looks like it: the expiry is no issue date, the earlier date is."""
    from ocr.engine import fields as fx
    from ocr.engine.pipeline import read_back
    from ocr.engine.types import SideResult

    doc = rows_doc(
        [
            "Nơi cư tró 7 Plạce of residet\\ce",
            "Xóm Bình An, Xã Yên Thắng, Tỉnh Thanh Hóa",
            "No, tháng, nữm cấp / Date of (ssu£ 26/10/2025",
            "Ngày, thẳng, rvWen hết hạn / Dete of expvry. 11/05/2037 BO CONG AN",
        ]
    )
    r = SideResult(card_type="id_card_2024_back")
    read_back(r, doc, fx.analyse(doc))
    assert (r.value("date"), r.value("duedate")) == ("26/10/2025", "11/05/2037")


def test_a_date_after_a_label_read_like_the_numbers_is_no_number(rows_doc):
    """'Sinh ngày' misread 'So:' (like 'Số:'): the birth date after it is no ID number with
    a digit lost; the 9 digits on the row that says 'Số' (read '5Ó') are the number."""
    from ocr.engine import fields as fx
    from ocr.engine.pipeline import _read_id
    from ocr.engine.types import SideResult

    doc = rows_doc(
        ["GIẤY CHỨNG MINH NHĂN ĐÀN", "5Ó 345397584", "Ho tên VÔ MAMH HOA", "So: ngày 29-05-1969"]
    )
    r = SideResult(card_type="9_id_card_front")
    _read_id(r, fx.analyse(doc), (9, 12))
    assert r.value("id") == "345397584"


def test_an_ids_province_code_misread_as_a_look_alike():
    """(chip front 111001 hard: "964176287125" for 064176287125.) No province's code is
    964: the one look-alike that makes one; a reading two look-alikes could mend stays."""
    from ocr.engine.pipeline import _settle_id

    def settled(pid: str, source: str = "ocr") -> str:
        r = SideResult(card_type="chip_id_card_front")
        r.set("id", pid, 0.9, None, source)
        _settle_id(r, {})
        return r.value("id")

    assert settled("964176287125") == "064176287125"
    assert settled("064176287125") == "064176287125"
    assert settled("050176287125") == "050176287125"  # 060 or 080
    assert settled("964176287125", source="qr") == "964176287125"
