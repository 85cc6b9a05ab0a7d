"""ICAO 9303 MRZ parsing and check digits (no image work, no Django)."""

import datetime as dt
import json
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr.engine.mrz import (
    MRZParseError,
    MRZResult,
    check_digit,
    mrz_date,
    mrz_to_api_fields,
    parse_mrz,
    repair_lookalikes,
    sex_vi,
)

SPECIMENS = Path(__file__).resolve().parents[3].parent / "shared" / "realdata" / "mrz-specimens"

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]


def test_check_digit_icao_examples():
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("<<<<") == "0"


def test_td3():
    r = parse_mrz(TD3)
    assert r.format == "TD3"
    assert r.document_code == "P"
    assert r.issuing_country == "UTO"
    assert r.document_number == "L898902C3"
    assert r.person_number == "ZE184226B"
    assert r.birth_date == dt.date(1974, 8, 12)
    assert r.expiry_date == dt.date(2012, 4, 15)
    assert r.sex == "F"
    assert r.nationality == "UTO"
    assert (r.surname, r.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert list(r.checks) == [
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
    ]
    assert r.valid and not r.failed_checks


def test_td2_and_td1():
    r2 = parse_mrz(TD2)
    assert r2.format == "TD2" and r2.document_number == "D23145890" and r2.valid
    r1 = parse_mrz(TD1)
    assert r1.format == "TD1" and r1.document_number == "D23145890" and r1.valid
    assert r1.given_names == "ANNA MARIA"


def test_visa_formats_have_no_composite():
    mrva = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    ]
    r = parse_mrz(mrva)
    assert r.format == "MRVA" and "composite" not in r.checks and r.valid
    mrvb = ["VCPOLKOWALSKA<KWIATKOWSKA<<BEATA<<<<", "PL00000008POL6002084F0505011<<<<<<<0"]
    r = parse_mrz(mrvb)
    assert r.format == "MRVB" and "composite" not in r.checks and r.valid


def test_wrong_check_digit_is_flagged_not_corrected():
    bad = [TD3[0], TD3[1][:9] + "7" + TD3[1][10:]]
    r = parse_mrz(bad)
    assert r.lines == bad
    assert r.checks["document_number"].printed == "7"
    assert r.checks["document_number"].computed == "6"
    assert not r.valid
    assert set(r.failed_checks) == {"document_number", "composite"}


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        # a zero read "O" in the document number (both it and the composite check fail)
        ([TD3[0], "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"], TD3),
        ([TD2[0], "D23I458907UTO7408122F1204159<<<<<<<6"], TD2),
        # in the personal number, with its own check digit
        ([TD3[0], "L898902C36UTO7408122F1204159ZE1B4226B<<<<<10"], TD3),
        ([TD3[0], "L898902C36UTO7408122F1204159ZE1842Z6B<<<<<10"], TD3),
        # two letters in one number: every look-alike letter at once
        ([TD3[0], "L89B9O2C36UTO7408122F1204159ZE184226B<<<<<10"], TD3),
        # a Vietnamese passport's number, its letter kept
        (["P<VNMNGUYEN<<DUC<SON<<<<<<<<<<<<<<<<<<<<<<<<",
          "N65777SO<6VNM9211063M3103201048092584206<<20"],
         ["P<VNMNGUYEN<<DUC<SON<<<<<<<<<<<<<<<<<<<<<<<<",
          "N6577750<6VNM9211063M3103201048092584206<<20"]),
    ],
)  # fmt: skip
def test_a_digit_read_as_a_look_alike_letter_is_repaired_when_both_checks_agree(lines, want):
    assert not parse_mrz(lines).valid
    fixed = repair_lookalikes(lines)
    assert fixed == want and parse_mrz(fixed).valid


VN_PASSPORT = [
    "P<VNMPHAM<<MINH<OANH<<<<<<<<<<<<<<<<<<<<<<<<",
    "B1234567<3VNM8607210F3602184<<<<<<<<<<<<<<06",
]


@pytest.mark.parametrize(
    "lines",
    [
        # a letter that begins the number is printed so: another digit misread ("2" read
        # "3") is as likely as "B" for "8", and the checks would agree with either
        [VN_PASSPORT[0], "B1334567<3VNM8607210F3602184<<<<<<<<<<<<<<06"],
        # a letter among the digits whose number's check digit agrees (the composite's
        # misread): printed so
        [VN_PASSPORT[0], "B12S4567<8VNM8607210F3602184<<<<<<<<<<<<<<03"],
        # the composite still fails (another character misread): left as read
        [TD3[0], "L8989O2C36UTO7408122F1204159ZE184226B<<<<<13"],
        # a visa has no composite check digit to confirm it
        ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
         "L89889O1C4XXX4009078F96121096ZE184226B<<<<<<"],
        # already valid
        TD3,
    ],
)  # fmt: skip
def test_look_alike_letters_are_left_when_the_checks_do_not_vouch_for_the_digit(lines):
    assert repair_lookalikes(lines) == lines


def test_a_leading_look_alike_letter_is_repaired_only_when_the_reader_saw_the_digit():
    lines = [
        "IDVNMO890052770001089005277<<1",
        "8902166M2902164VNM<<<<<<<<<<<8",
        "LE<<NGOC<THANH<<<<<<<<<<<<<<<<",
    ]
    assert repair_lookalikes(lines) == lines
    assert repair_lookalikes(lines, lambda li, i, ch: False) == lines
    fixed = repair_lookalikes(lines, lambda li, i, ch: (li, i, ch) == (0, 5, "0"))
    assert fixed[0] == "IDVNM0890052770001089005277<<1" and parse_mrz(fixed).valid
    assert fixed[1:] == lines[1:]
    # a letter after digits needs no more than the checks
    bad = [VN_PASSPORT[0], "B123456T<3VNM8607210F3602184<<<<<<<<<<<<<<06"]
    assert repair_lookalikes(bad) == VN_PASSPORT


def test_vietnamese_cccd_td1_person_number():
    doc = "001201012"  # last 9 digits of the 12-digit ID
    pid = "079201001201"
    l1 = "IDVNM" + doc + check_digit(doc) + pid + "<<" + "1"
    l2 = "900101" + check_digit("900101") + "M" + "300101" + check_digit("300101") + "VNM"
    l2 += "<" * 11
    composite = check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    r = parse_mrz([l1, l2 + composite, "NGUYEN<<VAN<A" + "<" * 17])
    assert r.format == "TD1" and r.issuing_country == "VNM"
    assert r.person_number == pid
    assert r.document_number == doc
    assert r.valid
    fields = mrz_to_api_fields(r)
    assert fields["person_number"] == pid
    assert fields["gender"] == "M" and sex_vi(fields["gender"]) == "Nam"
    assert fields["dob"] == "01/01/1990" and fields["due_date"] == "01/01/2030"
    assert fields["sur_name"] == "NGUYEN" and fields["given_name"] == "VAN A"


def test_td1_long_document_number():
    number = "D23145890123"
    l1 = "I<UTO" + number[:9] + "<" + number[9:] + check_digit(number) + "<" * 11
    l2 = "7408122F1204159UTO<<<<<<<<<<<"
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    r = parse_mrz([l1, l2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"])
    assert r.document_number == number
    assert r.checks["document_number"].valid and r.valid


def test_api_fields_keys():
    f = mrz_to_api_fields(parse_mrz(TD3))
    for key in (
        "mrz",
        "document_number",
        "person_number",
        "dob",
        "gender",
        "due_date",
        "nationality",
        "sur_name",
        "given_name",
        "country",
    ):
        assert key in f
    assert f["mrz"] == TD3
    assert f["dob"] == "12/08/1974" and f["due_date"] == "15/04/2012"
    assert f["document_number_checksum"] == "6"
    assert f["document_number_checksum_validate"] == "True"
    assert f["final_checksum"] == "0" and f["final_checksum_validate"] == "True"
    assert f["person_number_checksum"] == "1"
    assert f["dob_checksum_validate"] == "True" and f["due_date_checksum_validate"] == "True"


def test_dates_centuries():
    today = dt.date(2026, 11, 25)
    assert mrz_date("991231", "birth", today) == dt.date(1999, 12, 31)
    assert mrz_date("200101", "birth", today) == dt.date(2020, 1, 1)
    assert mrz_date("261231", "birth", today) == dt.date(1926, 12, 31)
    assert mrz_date("300101", "expiry", today) == dt.date(2030, 1, 1)
    assert mrz_date("941101", "expiry", today) == dt.date(1994, 11, 1)
    assert mrz_date("991399", "birth", today) is None
    assert mrz_date("<<<<<<", "birth", today) is None


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["ABC"],
        [TD3[0]],
        [TD3[0], TD2[1]],
        [TD3[0].lower(), TD3[1]],
        [TD3[0], TD3[1], TD3[1]],
    ],
)
def test_not_an_mrz(lines):
    with pytest.raises(MRZParseError):
        parse_mrz(lines)


def test_whitespace_is_ignored():
    assert parse_mrz(["  " + TD3[0] + " ", "", TD3[1] + "\n"]).lines == TD3


# ---- specimens' printed check digits ------------------------------------------------

# The specimens sit beside the project (../shared/realdata), as in CI: required.
_TRUTH = json.loads((SPECIMENS / "truth.json").read_text())
_CHECK_NAMES = {
    "number": "document_number",
    "birth": "birth_date",
    "expiry": "expiry_date",
    "composite": "composite",
}


@pytest.mark.parametrize("name", sorted(_TRUTH))
def test_specimen_truth_checks(name):
    t = _TRUTH[name]
    r = parse_mrz(t["lines"])
    assert r.format == t["format"]
    assert r.lines == t["lines"]
    for key, expected in t["checks"].items():
        check = r.checks.get(_CHECK_NAMES[key])
        if expected is None:
            assert check is None
        else:
            assert check.valid is expected, key


def test_specimens_with_wrong_check_digits_are_reported_invalid():
    esp = parse_mrz(_TRUTH["0_id-esp.png"]["lines"])
    assert not esp.valid
    assert set(esp.failed_checks) == {"document_number", "birth_date", "composite"}
    assert (esp.checks["document_number"].printed, esp.checks["document_number"].computed) == (
        "4",
        "8",
    )
    usa = parse_mrz(_TRUTH["33_id-usa.jpg"]["lines"])
    assert set(usa.failed_checks) == {"document_number", "composite"}
    assert (usa.checks["composite"].printed, usa.checks["composite"].computed) == ("0", "4")
    cmw = parse_mrz(_TRUTH["77_card-cmw.png"]["lines"])
    assert cmw.failed_checks == ["composite"]
    assert mrz_to_api_fields(cmw)["final_checksum_validate"] == "False"


# ---- property tests -------------------------------------------------------------------

_ALNUM = string.ascii_uppercase + string.digits
_name_part = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=8)
_field = st.text(alphabet=_ALNUM + "<", min_size=0, max_size=20)


@st.composite
def _yymmdd(draw):
    d = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 12, 31)))
    return d.strftime("%y%m%d")


def _pad(text, n):
    return (text + "<" * n)[:n]


@st.composite
def _fields(draw):
    return {
        "code": draw(st.sampled_from(["P<", "PD", "I<", "ID", "AC", "C1"])),
        "state": draw(st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)),
        "nat": draw(st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)),
        "number": draw(st.text(alphabet=_ALNUM, min_size=1, max_size=9)),
        "birth": draw(_yymmdd()),
        "expiry": draw(_yymmdd()),
        "sex": draw(st.sampled_from("MFX<")),
        "opt": draw(st.text(alphabet=_ALNUM, min_size=0, max_size=11)),
        "surname": draw(_name_part),
        "given": draw(st.lists(_name_part, min_size=0, max_size=2)),  # fits in 30
    }


def _build(fmt, f):
    number = _pad(f["number"], 9)
    name = f["surname"] + ("<<" + "<".join(f["given"]) if f["given"] else "")
    if fmt == "TD1":
        l1 = f["code"] + f["state"] + number + check_digit(number) + _pad(f["opt"], 15)
        l2 = f["birth"] + check_digit(f["birth"]) + f["sex"] + f["expiry"]
        l2 += check_digit(f["expiry"]) + f["nat"] + "<" * 11
        l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        return [l1, l2, _pad(name, 30)]
    n = 44 if fmt == "TD3" else 36
    code = "P<" if fmt == "TD3" else f["code"]
    l1 = code + f["state"] + _pad(name, n - 5)
    l2 = number + check_digit(number) + f["nat"] + f["birth"] + check_digit(f["birth"])
    l2 += f["sex"] + f["expiry"] + check_digit(f["expiry"])
    if fmt == "TD3":
        opt = _pad(f["opt"], 14)
        l2 += opt + check_digit(opt)
        l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    else:
        l2 += _pad(f["opt"], 7)
        l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:35])
    return [l1, l2]


@settings(max_examples=150, deadline=None)
@given(fmt=st.sampled_from(["TD1", "TD2", "TD3"]), f=_fields())
def test_property_valid_mrz_round_trips(fmt, f):
    lines = _build(fmt, f)
    r = parse_mrz(lines)
    assert r.format == fmt
    assert r.lines == lines
    assert r.valid, r.failed_checks
    assert r.document_number == f["number"]
    assert r.birth_date_raw == f["birth"] and r.expiry_date_raw == f["expiry"]
    assert r.sex == ("" if f["sex"] == "<" else f["sex"])
    assert r.nationality == f["nat"] and r.issuing_country == f["state"]
    assert r.surname == f["surname"]
    assert r.given_names.split() == f["given"]
    api = mrz_to_api_fields(r)
    assert all(v == "True" for k, v in api.items() if k.endswith("_validate"))


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(["TD1", "TD2", "TD3"]),
    f=_fields(),
    data=st.data(),
)
def test_property_changed_check_digit_is_detected(fmt, f, data):
    lines = _build(fmt, f)
    # the composite check digit is the last character of the line with it
    li = 1
    pos = len(lines[li]) - 1
    old = lines[li][pos]
    new = data.draw(st.sampled_from([d for d in string.digits if d != old]))
    bad = list(lines)
    bad[li] = bad[li][:pos] + new + bad[li][pos + 1 :]
    r = parse_mrz(bad)
    assert r.lines == bad  # never corrected
    assert not r.valid and "composite" in r.failed_checks


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.text(max_size=50), max_size=4),
        st.lists(st.text(alphabet=_ALNUM + "<", min_size=28, max_size=46), max_size=4),
        st.lists(
            st.sampled_from([30, 36, 44]).flatmap(
                lambda n: st.text(alphabet=_ALNUM + "<", min_size=n, max_size=n)
            ),
            min_size=2,
            max_size=3,
        ),
    )
)
def test_property_garbage_never_crashes(lines):
    try:
        r = parse_mrz(lines)
    except MRZParseError:
        return
    assert isinstance(r, MRZResult)
    assert isinstance(r.valid, bool)
    mrz_to_api_fields(r)
