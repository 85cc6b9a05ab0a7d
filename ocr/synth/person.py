"""Synthetic people and the card data derived from them (ID numbers, dates, MRZ, QR)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from ocr.engine.mrz import check_digit
from ocr.synth import data as D

# Fixed "today" of the generator so that output never depends on the wall clock.
REF_DATE = date(2026, 11, 1)

KINDS = ("cmnd9", "cmnd12", "cccd", "chip", "cc2024", "passport")

NO_EXPIRY = "Không thời hạn"

# Two-digit prefixes of 9-digit CMND numbers by old province (issuing police).
CMND9_PREFIX = {
    1: "01",
    79: "02",
    31: "03",
    48: "20",
    92: "36",
    38: "17",
    40: "18",
    42: "18",
    36: "16",
    34: "15",
    30: "14",
    27: "12",
    24: "12",
    25: "13",
    37: "16",
    35: "16",
    33: "14",
    22: "10",
    19: "09",
    46: "19",
    44: "19",
    49: "20",
    51: "21",
    52: "21",
    56: "22",
    66: "24",
    64: "23",
    68: "25",
    74: "28",
    75: "27",
    77: "27",
    80: "30",
    82: "31",
    83: "32",
    87: "34",
    89: "35",
    91: "37",
    94: "36",
    96: "38",
    14: "05",
    10: "06",
    4: "08",
    17: "11",
}


def fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def rand_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def ascii_upper(text: str) -> str:
    """Vietnamese text as the MRZ writes it: no diacritics, Đ -> D, upper case."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def nfc_upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def id_number(province: int, birth: date, sex: str, rng: random.Random) -> str:
    """A 12-digit personal ID number: province, century/sex code, birth year, random."""
    century = (birth.year // 100) - 19  # 0 for 1900s, 1 for 2000s
    code = century * 2 + (1 if sex == "Nữ" else 0)
    return f"{province:03d}{code}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"


def expiry_milestone(birth: date, issue: date, milestones=(25, 40, 60)) -> date | None:
    """Expiry by the CCCD rule: next milestone birthday, unless issued within 2 years of it."""
    age = age_on(birth, issue)
    for m in milestones:
        if age < m - 2:
            return add_years(birth, m)
    return None


@dataclass
class Person:
    family: str
    middle: str
    given: str
    sex: str
    birth: date
    birth_province: int  # old GSO province code of birth registration
    ethnic: str
    religion: str
    marks: str
    hometown: D.Address
    residence: D.Address
    id12: str
    cmnd9: str
    passport_no: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return nfc_upper(" ".join(p for p in (self.family, self.middle, self.given) if p))

    @property
    def surname(self) -> str:
        return nfc_upper(self.family)

    @property
    def given_names(self) -> str:
        return nfc_upper(" ".join(p for p in (self.middle, self.given) if p))


def make_marks(rng: random.Random) -> str:
    kind = rng.choice(D.MARK_KINDS)
    cm = rng.choice(["0,5", "1", "1,5", "2", "2,5", "3", "1cm", "2cm"])
    cm = cm if cm.endswith("cm") else cm + "cm"
    return f"{kind} C:{cm} {rng.choice(D.MARK_PLACES)}"


@dataclass
class Card:
    """Everything printed on one document (both sides)."""

    kind: str
    person: Person
    issue: date
    expiry: date | None  # None: no expiry
    noicap: str
    address: D.Address  # residence as printed on this card
    hometown: D.Address
    birth_reg: D.Address  # nơi đăng ký khai sinh (2024 card)
    qr_payload: str = ""
    mrz: list[str] = field(default_factory=list)
    defect: str | None = None

    @property
    def duedate(self) -> str:
        return fmt(self.expiry) if self.expiry else NO_EXPIRY


ISSUE_WINDOWS = {
    # 9-digit CMND are valid 15 years from issue (not printed): still valid at REF_DATE
    "cmnd9": (date(2011, 6, 1), date(2015, 12, 31)),
    "cmnd12": (date(2012, 6, 1), date(2016, 6, 30)),
    "cccd": (date(2016, 1, 1), date(2020, 12, 31)),
    "chip": (date(2021, 1, 15), date(2024, 6, 30)),
    "cc2024": (date(2024, 7, 1), date(2026, 10, 15)),
    "passport": (date(2017, 1, 1), date(2026, 10, 15)),
}

NEW_UNITS_FROM = date(2025, 7, 1)


def make_person(rng: random.Random, birth_min: date, birth_max: date) -> Person:
    """A person born between the two dates (ages skewed towards young adults)."""
    sex = "Nam" if rng.random() < 0.5 else "Nữ"
    family = D.weighted(rng, D.FAMILY_NAMES)
    if sex == "Nam":
        middle = rng.choice(D.MIDDLE_MALE)
        given = rng.choice(D.GIVEN_MALE)
        if rng.random() < 0.2:
            given = rng.choice(D.MIDDLE_MALE[3:]) + " " + given
    else:
        middle = rng.choice(D.MIDDLE_FEMALE)
        given = rng.choice(D.GIVEN_FEMALE)
        if rng.random() < 0.15:
            given = rng.choice(D.MIDDLE_FEMALE[3:]) + " " + given
    span = (birth_max - birth_min).days
    birth = birth_max - timedelta(days=int(rng.triangular(0, span, span * 0.2)))
    hometown = D.old_address(rng, short=rng.random() < 0.6)
    if rng.random() < 0.55:
        residence = D.old_address(rng, province=hometown.province_code_old)
    else:
        residence = D.old_address(rng)
    birth_province = (
        hometown.province_code_old if rng.random() < 0.7 else residence.province_code_old
    )
    id12 = id_number(birth_province, birth, sex, rng)
    prefix = CMND9_PREFIX.get(residence.province_code_old, "0" + str(rng.randint(1, 9)))
    cmnd9 = prefix + f"{rng.randint(0, 10**7 - 1):07d}"
    letter = rng.choice("CCCBNP")
    passport_no = letter + f"{rng.randint(0, 9999999):07d}"
    return Person(
        family=family,
        middle=middle,
        given=given,
        sex=sex,
        birth=birth,
        birth_province=birth_province,
        ethnic=D.weighted(rng, D.ETHNIC_GROUPS),
        religion=D.weighted(rng, D.RELIGIONS),
        marks=make_marks(rng),
        hometown=hometown,
        residence=residence,
        id12=id12,
        cmnd9=cmnd9,
        passport_no=passport_no,
    )


def make_card(kind: str, rng: random.Random, defect: str | None = None) -> Card:
    """A consistent person and card of ``kind``; ``defect`` makes it deliberately inconsistent."""
    if kind not in KINDS:
        raise ValueError(f"unknown card kind {kind!r}")
    lo, hi = ISSUE_WINDOWS[kind]
    if defect == "expired":
        if kind == "cmnd12":
            raise ValueError("no expired 12-digit CMND: issued 2012-2016, valid 15 years")
        if kind == "passport":
            lo, hi = date(2010, 1, 1), date(2016, 9, 30)
        if kind == "cmnd9":  # 15 years after an issue date before late 2011
            issue = rand_date(rng, date(1996, 1, 1), date(2010, 12, 31))
            person = make_person(rng, add_years(issue, -70), add_years(issue, -14))
            expiry = _expiry(kind, person.birth, issue)
        else:
            issue, person, expiry = _expired(kind, rng, lo, hi)
    else:
        for _ in range(500):
            issue = rand_date(rng, lo, hi)
            min_age = 14
            if kind == "cc2024" and rng.random() < 0.1:
                min_age = 6
            if kind == "passport" and rng.random() < 0.1:
                min_age = 1
            person = make_person(rng, add_years(issue, -80), add_years(issue, -min_age))
            expiry = _expiry(kind, person.birth, issue)
            if expiry is None or expiry > REF_DATE + timedelta(days=365):
                break
        else:  # pragma: no cover - the windows above always find a match
            raise RuntimeError("could not make a consistent card")

    new_units = issue >= NEW_UNITS_FROM
    address = person.residence
    if new_units:
        address = D.new_address(rng)
    birth_reg = D.old_address(rng, province=person.birth_province, short=True)
    if kind == "cc2024" and rng.random() < 0.5:
        birth_reg = D.new_address(rng, short=True) if new_units else birth_reg
    noicap = _noicap(kind, person, rng)
    card = Card(
        kind=kind,
        person=person,
        issue=issue,
        expiry=expiry,
        noicap=noicap,
        address=address,
        hometown=person.hometown,
        birth_reg=birth_reg,
        defect=defect,
    )
    if defect == "wrong_century":
        pid = person.id12
        wrong = {"0": "2", "1": "3", "2": "0", "3": "1"}[pid[3]]
        person.id12 = pid[:3] + wrong + pid[4:]
    if kind in ("chip", "cc2024"):
        old = person.cmnd9 if rng.random() < 0.75 else ""
        card.qr_payload = qr_payload(card, old)
        if defect == "qr_mismatch":
            # The QR disagrees with what is printed beside it: the birth date on the chip
            # card's front, the issue date on the 2024 card's back.
            shift = timedelta(days=rng.choice([-400, -31, 1, 30, 365]))
            if kind == "chip":
                card.qr_payload = qr_payload(card, old, birth=person.birth + shift)
            else:
                card.qr_payload = qr_payload(card, old, issue=card.issue + shift)
    if kind in ("chip", "cc2024"):
        card.mrz = td1(card)
    elif kind == "passport":
        card.mrz = td3(card)
    if defect == "bad_checksum" and card.mrz:
        card.mrz = corrupt_check_digit(card.mrz, rng)
    return card


def _expired(kind: str, rng: random.Random, lo: date, hi: date):
    """Issue date and person such that the card expired (by its own rule) before REF_DATE."""
    for _ in range(2000):
        issue = rand_date(rng, lo, hi)
        first = issue + timedelta(days=800)
        last = REF_DATE - timedelta(days=30)
        if first > last:
            continue
        exp = rand_date(rng, first, last)
        if kind == "passport":
            person = make_person(rng, add_years(issue, -70), add_years(issue, -16))
            return issue, person, _expiry(kind, person.birth, issue)
        m = rng.choice((25, 40, 60) if kind != "cc2024" else (14, 25, 40, 60))
        birth = add_years(exp, -m)
        if age_on(birth, issue) < 14 and kind != "cc2024":
            continue
        if _expiry(kind, birth, issue) != exp:
            continue
        person = make_person(rng, birth, birth)
        return issue, person, exp
    raise RuntimeError(f"could not make an expired {kind}")


def _expiry(kind: str, birth: date, issue: date) -> date | None:
    if kind == "cmnd9":
        return add_years(issue, 15)  # not printed
    if kind == "cmnd12":
        return add_years(issue, 15) - timedelta(days=0)
    if kind in ("cccd", "chip"):
        return expiry_milestone(birth, issue)
    if kind == "cc2024":
        return expiry_milestone(birth, issue, (14, 25, 40, 60))
    if kind == "passport":
        years = 5 if age_on(birth, issue) < 14 else 10
        return add_years(issue, years) - timedelta(days=0)
    raise ValueError(kind)


def _noicap(kind: str, person: Person, rng: random.Random) -> str:
    if kind in ("cmnd9", "cmnd12"):
        prov = D.OLD_PROVINCES[person.residence.province_code_old]
        if prov.startswith("Thành phố "):
            return "CA THÀNH PHỐ " + nfc_upper(prov[len("Thành phố ") :])
        return "CA TỈNH " + nfc_upper(prov[len("Tỉnh ") :])
    if kind == "cccd":
        return "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ"
    if kind == "chip":
        return "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"
    if kind == "cc2024":
        return "BỘ CÔNG AN"
    return "CỤC QUẢN LÝ XUẤT NHẬP CẢNH"


def qr_payload(
    card: Card, old_id: str, birth: date | None = None, issue: date | None = None
) -> str:
    p = card.person
    b = birth or p.birth
    return "|".join(
        [
            p.id12,
            old_id,
            p.name,
            b.strftime("%d%m%Y"),
            p.sex,
            card.address.text,
            (issue or card.issue).strftime("%d%m%Y"),
        ]
    )


def _yymmdd(d: date | None) -> str:
    return d.strftime("%y%m%d") if d else "<<<<<<"


def mrz_name(person: Person, width: int) -> str:
    sur = ascii_upper(person.family).replace(" ", "<")
    given = ascii_upper(" ".join(p for p in (person.middle, person.given) if p)).replace(" ", "<")
    return (sur + "<<" + given).ljust(width, "<")[:width]


def td1(card: Card) -> list[str]:
    """Three 30-character lines as on Vietnamese chip cards."""
    p = card.person
    doc = p.id12[3:]  # last 9 digits
    opt = p.id12 + "<<" + check_digit(p.id12)
    l1 = ("IDVNM" + doc + check_digit(doc) + opt).ljust(30, "<")[:30]
    dob = _yymmdd(p.birth)
    exp = _yymmdd(card.expiry)
    exp_cd = check_digit(exp)  # "<<<<<<" (no expiry) has check digit 0
    sex = "M" if p.sex == "Nam" else "F"
    l2 = dob + check_digit(dob) + sex + exp + exp_cd + "VNM"
    l2 = l2.ljust(29, "<")
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 = l2 + check_digit(composite)
    l3 = mrz_name(p, 30)
    return [l1, l2, l3]


def td3(card: Card) -> list[str]:
    """Two 44-character lines of a passport."""
    p = card.person
    l1 = ("P<VNM" + mrz_name(p, 39))[:44]
    num = p.passport_no.ljust(9, "<")
    dob = _yymmdd(p.birth)
    exp = _yymmdd(card.expiry)
    sex = "M" if p.sex == "Nam" else "F"
    personal = p.id12.ljust(14, "<")
    l2 = (
        num
        + check_digit(num)
        + "VNM"
        + dob
        + check_digit(dob)
        + sex
        + exp
        + check_digit(exp)
        + personal
        + check_digit(personal)
    )
    composite = l2[0:10] + l2[13:20] + l2[21:43]
    l2 = l2 + check_digit(composite)
    return [l1, l2]


def corrupt_check_digit(lines: list[str], rng: random.Random) -> list[str]:
    """Change one check digit (the date-of-birth one) so that validation fails."""
    lines = list(lines)
    if len(lines) == 3:
        idx_line, pos = 1, 6
    else:
        idx_line, pos = 1, 19
    line = lines[idx_line]
    old = line[pos]
    new = str((int(old) + rng.randint(1, 9)) % 10)
    lines[idx_line] = line[:pos] + new + line[pos + 1 :]
    return lines


def mrz_fields(card: Card) -> dict[str, str]:
    """The MRZ keys of the API (values as the printed MRZ gives them)."""
    lines = card.mrz
    p = card.person
    out: dict[str, str] = {"mrz": list(lines)}  # type: ignore[dict-item]
    exp = fmt(card.expiry) if card.expiry else ""
    if len(lines) == 3:
        l1, l2, l3 = lines
        checks = {
            "document_number": (l1[5:14], l1[14]),
            "dob": (l2[0:6], l2[6]),
            "due_date": (l2[8:14], l2[14]),
            "final": (l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
        }
        out.update(document_number=l1[5:14], person_number=p.id12)
    else:
        l1, l2 = lines
        checks = {
            "document_number": (l2[0:9], l2[9]),
            "dob": (l2[13:19], l2[19]),
            "due_date": (l2[21:27], l2[27]),
            "person_number": (l2[28:42], l2[42]),
            "final": (l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
        }
        out.update(document_number=p.passport_no, person_number=p.id12)
    sur = ascii_upper(p.family)
    given = ascii_upper(" ".join(x for x in (p.middle, p.given) if x))
    out.update(
        dob=fmt(p.birth),
        gender="M" if p.sex == "Nam" else "F",  # the MRZ code, as ocr.engine.mrz reports it
        due_date=exp,
        nationality="VNM",
        sur_name=sur,
        given_name=given,
        country="VNM",
    )
    for key, (text, cd) in checks.items():
        out[f"{key}_checksum"] = cd
        out[f"{key}_checksum_validate"] = "True" if check_digit(text) == cd else "False"
    return out
