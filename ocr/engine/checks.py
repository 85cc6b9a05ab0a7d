"""Consistency checks reported in `checks`, and the resulting valid / invalidCode."""

from __future__ import annotations

import datetime as dt

from . import normalize as nz
from .address import key as addr_key
from .types import Check, SideResult

OLD_PROVINCE_CODES = {
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36,
    37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74,
    75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
}  # fmt: skip
NO_EXPIRY = "Không thời hạn"


def _sex_vi(code: str) -> str:
    return {"M": "Nam", "F": "Nữ"}.get(code, code)


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def id_checks(r: SideResult) -> list[Check]:
    pid = r.value("id")
    if r.card_type in ("passport", "mrz_document"):
        pid = r.value("person_number")
    if not pid or len(pid) != 12 or not pid.isdigit():
        if pid and r.card_type in ("9_id_card_front",) and len(pid) == 9 and pid.isdigit():
            return [Check("id_format", "pass", "")]
        if pid and r.card_type not in ("passport", "mrz_document"):
            return [Check("id_format", "fail", f"số không đúng định dạng: {pid}")]
        return []
    out = [Check("id_format", "pass", "")]
    prov = int(pid[:3])
    out.append(
        Check(
            "id_province_code",
            "pass" if prov in OLD_PROVINCE_CODES else "fail",
            "" if prov in OLD_PROVINCE_CODES else f"mã tỉnh {pid[:3]} không tồn tại",
        )
    )
    born = nz.date_obj(r.value("born") or r.value("dob"))
    bornf = r.fields.get("born")
    if bornf is not None and bornf.source == "derived":
        born = None  # its year came from this number: comparing them proves nothing
    sexf = r.fields.get("sex")
    sex = r.value("sex") if sexf is not None and sexf.source != "derived" else ""
    sex = sex or _sex_vi(r.value("gender"))
    code = int(pid[3])
    if born:
        century = (born.year // 100) - 19
        want = id_century_sex_digit(born.year, sex)
        if sex:
            ok = code == want
            out.append(
                Check(
                    "id_matches_sex_century",
                    "pass" if ok else "fail",
                    "" if ok else "mã thế kỷ/giới tính không khớp ngày sinh và giới tính",
                )
            )
        else:
            ok = code // 2 == century
            out.append(Check("id_matches_sex_century", "pass" if ok else "fail", ""))
        ok = pid[4:6] == f"{born.year % 100:02d}"
        out.append(
            Check(
                "id_matches_birth_year",
                "pass" if ok else "fail",
                "" if ok else "năm sinh trong số định danh không khớp ngày sinh",
            )
        )
    else:
        out.append(Check("id_matches_birth_year", "skip", "không đọc được ngày sinh"))
    return out


def id_century_sex_digit(year: int, sex: str) -> int:
    """The 4th digit of the 12-digit personal number of someone born in `year`, of `sex`
    ("Nam"/"Nữ"): 0/1 for a man/woman born in the 1900s, 2/3 in the 2000s, ... (Circular
    07/2016/TT-BCA)."""
    return ((year // 100) - 19) * 2 + (1 if sex == "Nữ" else 0)


def birth_year_of_id(pid: str) -> int | None:
    """The birth year a 12-digit personal number gives: its 4th digit says the century
    (0/1: 1900s, 2/3: 2000s, ...; Circular 07/2016/TT-BCA), the 5th and 6th the year."""
    if len(pid or "") != 12 or not pid.isdigit():
        return None
    return 1900 + 100 * (int(pid[3]) // 2) + int(pid[4:6])


def sex_of_id(pid: str) -> str:
    """The sex a 12-digit personal number gives: its 4th digit is even for a man, odd for
    a woman (Circular 07/2016/TT-BCA); "" for any other number."""
    if len(pid or "") != 12 or not pid.isdigit():
        return ""
    return "Nữ" if int(pid[3]) % 2 else "Nam"


def expiry_fits_age(card_type: str, born: dt.date, due: str) -> bool:
    """A citizen card expires on the birthday its holder turns 25, 40 or 60 (a 2024 card
    also at 14)."""
    d = nz.date_obj(due)
    ages = (14, 25, 40, 60) if card_type.startswith("id_card_2024") else (25, 40, 60)
    return d is not None and any(_add_years(born, a) == d for a in ages)


# when each kind of citizen card was issued: the 2016 card until the chip card took its
# place in 2021, the chip card until the "Căn cước" of the 2023 law from 1 July 2024
ISSUED_BETWEEN = {
    "cccd_front": (dt.date(2016, 1, 1), dt.date(2021, 6, 30)),
    "chip_id_card_front": (dt.date(2021, 1, 1), dt.date(2024, 6, 30)),
}


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _milestone_expiry(born: dt.date, issued: dt.date) -> str:
    """Law on Citizen Identification (2014), art. 21: a card is renewed at 25, 40 and 60;
    one issued within the two years before such an age is valid until the next one, and
    from 58 on it has no expiry."""
    for age in (25, 40, 60):
        if age_on(born, issued) < age - 2:
            return _add_years(born, age).strftime("%d/%m/%Y")
    return NO_EXPIRY


def expiry_by_age(card_type: str, born: dt.date) -> str | None:
    """The expiry a card of this kind carries for a holder born on `born`, the same on
    whichever day of its issue years it was issued; None when that day decides it."""
    window = ISSUED_BETWEEN.get(card_type)
    if window is None:
        return None
    first, last = (_milestone_expiry(born, day) for day in window)
    return first if first == last else None


def expiry_checks(r: SideResult, today: dt.date) -> list[Check]:
    due = r.value("duedate")
    if not due and r.value("due_date"):
        due = r.value("due_date")
    out = []
    derived = due and r.fields["duedate" if r.value("duedate") else "due_date"].source == "derived"
    if (
        r.card_type in ("cccd_front", "chip_id_card_front", "id_card_2024_back")
        and due
        and not derived
    ):
        born = nz.date_obj(r.value("born") or r.value("dob"))
        if born and due != NO_EXPIRY:
            ok = expiry_fits_age(r.card_type, born, due)
            out.append(
                Check(
                    "expiry_rule",
                    "pass" if ok else "fail",
                    "" if ok else "ngày hết hạn không đúng mốc tuổi 25/40/60",
                )
            )
        elif born and due == NO_EXPIRY:
            issue = nz.date_obj(r.value("date"))
            ref = issue or today
            ok = (ref - born).days >= 58 * 365
            out.append(Check("expiry_rule", "pass" if ok else "fail", ""))
    if due and due != NO_EXPIRY:
        d = nz.date_obj(due)
        if d is not None:
            ok = d >= today
            out.append(Check("not_expired", "pass" if ok else "fail", "" if ok else "hết hạn"))
    return out


def _same_text(a: str, b: str) -> bool:
    return addr_key(a) == addr_key(b)


def _close(a: str, b: str) -> bool:
    """Equal but for OCR slips (diacritics, a letter or two)."""
    from .address import _fold, _ratio

    return _ratio(_fold(a), _fold(b)) >= 0.9


def qr_checks(r: SideResult, qr: dict) -> list[Check]:
    if not qr:
        return []
    out = []
    mism = []
    for k in ("id", "name", "born", "sex", "address", "date"):
        printed = r.value(k)
        if not printed or not qr.get(k):
            continue
        if k in ("name", "address"):
            same = _same_text(printed, qr[k]) or _close(printed, qr[k])
        else:
            same = printed == qr[k]
        if not same:
            mism.append(k)
    out.append(
        Check(
            "qr_matches_text",
            "fail" if mism else "pass",
            ("QR khác chữ in: " + ", ".join(mism)) if mism else "",
        )
    )
    return out


def mrz_checks(r: SideResult) -> list[Check]:
    if "mrz" not in r.fields:
        return []
    out = []
    fails = [
        k[: -len("_checksum_validate")]
        for k, f in r.fields.items()
        if k.endswith("_checksum_validate") and str(f.value) == "False"
    ]
    out.append(
        Check(
            "mrz_check_digits",
            "fail" if fails else "pass",
            ("sai số kiểm tra: " + ", ".join(fails)) if fails else "",
        )
    )
    mism = []
    pairs = [("born", "dob"), ("sex", "gender"), ("duedate", "due_date")]
    for printed_k, mrz_k in pairs:
        a, b = r.value(printed_k), r.value(mrz_k)
        if mrz_k == "gender":
            b = _sex_vi(b)
        f = r.fields.get(printed_k)
        if a and b and f is not None and f.source == "ocr" and a != b and a != NO_EXPIRY:
            mism.append(printed_k)
    pid = r.value("id")
    pn = r.value("person_number")
    if pid and pn and r.fields["id"].source == "ocr" and pid != pn and r.card_type != "passport":
        mism.append("id")
    if r.card_type == "passport":
        dn = r.value("document_number")
        if pid and dn and r.fields["id"].source == "ocr" and pid != dn:
            mism.append("id")
    out.append(
        Check(
            "mrz_matches_text",
            "fail" if mism else "pass",
            ("MRZ khác chữ in: " + ", ".join(mism)) if mism else "",
        )
    )
    return out


def cross_check_sides(front: SideResult, back: SideResult) -> list[Check]:
    """Front vs back of one card (get_haimat)."""
    out = []
    fam = {
        "9_id_card": "cmnd",
        "12_id_card": "cmnd",
        "cccd": "cccd",
        "chip_id_card": "chip",
        "id_card_2024": "cc2024",
    }

    def family(ct: str) -> str:
        for p, f in fam.items():
            if ct.startswith(p):
                return f
        return ct

    ok = (
        family(front.card_type) == family(back.card_type)
        and front.side == "front"
        and back.side == "back"
    )
    out.append(
        Check(
            "sides_same_document",
            "pass" if ok else "fail",
            "" if ok else f"mặt trước {front.card_type}, mặt sau {back.card_type}",
        )
    )
    # ID from the back's MRZ / QR vs the front's printed number
    fid = front.value("id")
    bid = back.value("person_number") or back.value("id")
    if fid and bid:
        same = fid == bid
        out.append(
            Check("front_back_id", "pass" if same else "fail", "" if same else "số khác nhau")
        )
    else:
        out.append(Check("front_back_id", "skip", ""))
    fb, bb = front.value("born"), back.value("dob")
    if fb and bb:
        out.append(Check("front_back_birth_date", "pass" if fb == bb else "fail", ""))
    fs, bs = front.value("sex"), _sex_vi(back.value("gender"))
    if fs and bs:
        out.append(Check("front_back_sex", "pass" if fs == bs else "fail", ""))
    fd, bd = front.value("duedate"), back.value("due_date")
    if fd and bd and fd != NO_EXPIRY:
        out.append(Check("front_back_expiry", "pass" if fd == bd else "fail", ""))
    # issue date after birth
    born = nz.date_obj(fb)
    issued = nz.date_obj(back.value("date"))
    if born and issued:
        ok = issued > born
        out.append(Check("issue_after_birth", "pass" if ok else "fail", ""))
    return out


def decide_validity(r: SideResult) -> None:
    failed = {c.code for c in r.checks if c.result == "fail"}
    code = "0"
    if failed & {
        "id_format",
        "id_province_code",
        "id_matches_sex_century",
        "id_matches_birth_year",
        "qr_matches_text",
        "mrz_matches_text",
        "expiry_rule",
    }:
        code = "3"
    elif "mrz_check_digits" in failed:
        code = "4"
    elif "not_expired" in failed:
        code = "7"
    if (
        "mrz_check_digits" in failed
        and code == "3"
        and not (
            failed
            & {
                "id_format",
                "id_province_code",
                "id_matches_sex_century",
                "id_matches_birth_year",
                "qr_matches_text",
            }
        )
    ):
        code = "4"
    r.invalid_code = code
    r.valid = code == "0"
