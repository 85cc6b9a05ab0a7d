"""Property tests (hypothesis) of the engine's text parsers: dates, QR payloads, 12-digit
ID numbers. Whatever the text, they never raise, and they round-trip what cards print."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ocr.engine.checks import OLD_PROVINCE_CODES, id_checks
from ocr.engine.normalize import parse_date, parse_sex
from ocr.engine.qr import parse_cccd_qr
from ocr.engine.types import Field, SideResult

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
vietnamese_letters = st.sampled_from(list("ABCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÀÁẢÃẠẮẰẤẦẾỀỐỒỚỜỨỪ"))
name_words = st.text(vietnamese_letters, min_size=1, max_size=7)
names = st.lists(name_words, min_size=2, max_size=5).map(" ".join)
sexes = st.sampled_from(["Nam", "Nữ"])


@given(dates, st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}-{m}-{y}", "{d:02d}.{m:02d}.{y}",
                               "Ngày {d:02d} tháng {m:02d} năm {y}", "{d:02d}{m:02d}{y}",
                               "Ngày sinh / Date of birth: {d:02d}/{m:02d}/{y}"]))  # fmt: skip
def test_parse_date_reads_every_printed_form(date, template):
    text = template.format(d=date.day, m=date.month, y=date.year)
    assert parse_date(text) == f"{date.day:02d}/{date.month:02d}/{date.year}"


@given(st.text(max_size=200))
def test_parse_date_never_raises_and_returns_a_real_date_or_nothing(text):
    result = parse_date(text)
    if result:
        day, month, year = map(int, result.split("/"))
        assert dt.date(year, month, day)


@given(st.text(max_size=60))
def test_parse_sex_answers_nam_nu_or_nothing(text):
    assert parse_sex(text) in {"Nam", "Nữ", ""}


def qr_payload(id_number, old_id, name, born, sex, address, issued) -> str:
    return "|".join(
        [id_number, old_id, name, born.strftime("%d%m%Y"), sex, address, issued.strftime("%d%m%Y")]
    )


@given(
    st.text("0123456789", min_size=12, max_size=12),
    st.one_of(st.just(""), st.text("0123456789", min_size=9, max_size=9)),
    names,
    dates,
    sexes,
    st.lists(name_words, min_size=1, max_size=6).map(", ".join),
    dates,
)
def test_cccd_qr_payload_round_trips(id_number, old_id, name, born, sex, address, issued):
    parsed = parse_cccd_qr(qr_payload(id_number, old_id, name, born, sex, address, issued))
    assert parsed["id"] == id_number
    assert parsed["old_id"] == old_id
    assert parsed["name"] == name
    assert parsed["born"] == born.strftime("%d/%m/%Y")
    assert parsed["sex"] == sex
    assert parsed["address"] == address
    assert parsed["date"] == issued.strftime("%d/%m/%Y")


@given(st.text(max_size=300))
def test_cccd_qr_parser_never_raises_on_any_text(text):
    assert isinstance(parse_cccd_qr(text), dict)


def side_with(id_number: str, born: dt.date, sex: str) -> SideResult:
    side = SideResult(card_type="chip_id_card_front")
    side.fields["id"] = Field(id_number, 0.99)
    side.fields["born"] = Field(born.strftime("%d/%m/%Y"), 0.99)
    side.fields["sex"] = Field(sex, 0.99)
    return side


def consistent_id(province: int, born: dt.date, sex: str, tail: str) -> str:
    century_sex = (born.year // 100 - 19) * 2 + (1 if sex == "Nữ" else 0)
    return f"{province:03d}{century_sex}{born.year % 100:02d}{tail}"


births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
tails = st.text("0123456789", min_size=6, max_size=6)


@settings(max_examples=200)
@given(st.sampled_from(sorted(OLD_PROVINCE_CODES)), births, sexes, tails)
def test_consistent_id_numbers_pass_every_check(province, born, sex, tail):
    checks = {
        c.code: c.result
        for c in id_checks(side_with(consistent_id(province, born, sex, tail), born, sex))
    }
    assert checks == {
        "id_format": "pass",
        "id_province_code": "pass",
        "id_matches_sex_century": "pass",
        "id_matches_birth_year": "pass",
    }


@given(st.sampled_from(sorted(OLD_PROVINCE_CODES)), births, sexes, tails, st.integers(1, 9))
def test_a_wrong_century_sex_digit_fails(province, born, sex, tail, shift):
    good = consistent_id(province, born, sex, tail)
    bad = good[:3] + str((int(good[3]) + shift) % 10) + good[4:]
    checks = {c.code: c.result for c in id_checks(side_with(bad, born, sex))}
    assert checks["id_matches_sex_century"] == "fail"


@given(st.text(max_size=20), dates, st.sampled_from(["Nam", "Nữ", ""]))
def test_id_checks_never_raise_on_any_id_text(id_text, born, sex):
    for check in id_checks(side_with(id_text, born, sex)):
        assert check.result in {"pass", "fail", "skip"}


def test_two_dates_on_a_line_with_their_separators_misread():
    from ocr.engine.normalize import all_dates

    assert all_dates("13/07I2022 13/07I2032") == ["13/07/2022", "13/07/2032"]
    assert all_dates("28I03I1988 QUẢNG NGÃI") == ["28/03/1988"]


address_words = st.sampled_from(
    ["Xã", "Xa", "Phường", "Huyện", "Huyen", "Quận", "Quan", "Thị", "xã", "Thành", "phố",
     "Tỉnh", "Tịnh", "Tình", "An", "Hòa", "Bình", "12", ",", "Đông", "Thôn"]
)  # fmt: skip


@given(st.lists(address_words, max_size=14).map(" ".join))
@settings(max_examples=300)
def test_address_cleaning_ends_and_keeps_the_units_it_splits(text):
    """The address cleaner (commas put back between units run together, parts dropped)
    ends on any words, and every unit word it keeps was there."""
    from ocr.engine.pipeline import _commas_between_units, _strip_label

    split = _commas_between_units(text)
    assert split.replace(",", "").split() == text.replace(",", "").split()
    _strip_label(text)
