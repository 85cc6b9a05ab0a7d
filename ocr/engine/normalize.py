"""Normalisation of read values: dates, sex, names, digit fields."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_DIGIT_FIX = str.maketrans(
    {
        "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "ơ": "0", "ô": "0", "ó": "0", "ò": "0",
        "I": "1", "l": "1", "|": "1", "i": "1", "!": "1", "]": "1", "[": "1", "J": "1", "í": "1",
        "ì": "1", "L": "1", "t": "1",
        "Z": "2", "z": "2",
        "S": "5", "s": "5", "$": "5",
        "B": "8", "&": "8",
        "G": "6", "b": "6",
        "T": "7",
        "g": "9", "q": "9",
        "A": "4",
    }
)  # fmt: skip


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s or "")


def fix_digits(s: str) -> str:
    """Map letters that OCR confuses with digits back to digits."""
    return s.translate(_DIGIT_FIX)


def digit_runs(s: str, fix: bool = True) -> list[str]:
    """Runs of digits; tokens that are mostly digits get confusable letters fixed."""
    out = []
    for tok in re.split(r"[\s:;,/.\-]+", s):
        if not tok:
            continue
        nd = sum(c.isdigit() for c in tok)
        if fix and nd >= max(1, 0.6 * len(tok)):
            tok = fix_digits(tok)
        out += re.findall(r"\d+", tok)
    return out


# "Số" read as letters and glued to the number after it ("SỐ242945827", "SE035088199376")
_SO_GLUED = re.compile(r"^[Ss][^\W\d_]?(?=\d{9})")


def find_id(s: str, lengths=(12, 9), glued_label: bool = False) -> str:
    """A 12- or 9-digit ID number in a text (joined runs tolerate one split); with
    `glued_label`, also one after "Số" read as digits and glued to it ("50257848903")."""
    cand = []
    joined = re.sub(r"(?<=\d)[ .](?=\d)", "", s)
    # runs joined across a space first ("0331 8785 5710"), then as printed ("S9 207719495":
    # a misread "Số" before the number)
    for text in (joined, s) if joined != s else (s,):
        # a label read onto the number with a full stop ("S.0311...", "No.0920...") is cut
        for tok in re.split(r"[\s:;,/]+|(?<=[^\W\d_])\.(?=\d)", text):
            tok = _SO_GLUED.sub("", tok)
            nd = sum(c.isdigit() for c in tok)
            if nd >= 6 and nd >= 0.7 * len(tok):
                cand.append(re.sub(r"\D", "", fix_digits(tok)))
    for n in lengths:
        for t in cand:
            if len(t) == n:
                return t
    # "Số" glued to the number and read as digits ("50257848903"): no ID starts with 5
    for n in lengths if glued_label else ():
        for t in cand:
            if len(t) == n + 2 and t[:2] in ("50", "56", "58"):
                return t[2:]
    return ""


def valid_date(d: int, m: int, y: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def parse_date(s: str) -> str:
    """First plausible date in `s` as dd/mm/yyyy, or ""."""
    if not s:
        return ""
    d = _parse_date(s)
    if not d:
        # digits split by a stray space: "18/08/200 1"
        d = _parse_date(re.sub(r"(?<=[\d/])\s+(?=[\d/])", "", s))
    if not d:
        # a separator read as a space: "23 08/ 1993"
        m = re.search(r"(?<!\d)(\d{1,2})[\s/.\-]+(\d{1,2})[\s/.\-]+(\d{4})(?!\d)", s)
        if m:
            dd, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if valid_date(dd, mo, y):
                d = f"{dd:02d}/{mo:02d}/{y:04d}"
    return d


def _parse_date(s: str) -> str:
    t = s
    # fix digit confusions in date-like tokens
    t = re.sub(
        r"[0-9OoIlSBZ|]{1,2}\s*[/\-.]\s*[0-9OoIlSBZ|]{1,2}\s*[/\-.]\s*[0-9OoIlSBZ|]{2,4}",
        lambda m: fix_digits(m.group(0)),
        t,
    )
    for m in re.finditer(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})", t):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid_date(d, mo, y):
            return f"{d:02d}/{mo:02d}/{y:04d}"
    # a separator read as I, l, j, | or 1: "22/12I2034", "22l12/2034", "20j07/1962"
    for m in re.finditer(r"(?<!\d)(\d{2})[/Ilij|1\\]{1,2}(\d{2})[/Ilij|1\\]{1,2}(\d{4})(?!\d)", s):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid_date(d, mo, y):
            return f"{d:02d}/{mo:02d}/{y:04d}"
    # "Ngày 12 tháng 05 năm 2010" (also with the words misread: "Ngy13 hng08nn2020")
    n = _strip(t).lower()
    m = re.search(
        r"ng[a-z]{0,3}\s*(\d{1,2})\D{1,12}?(\d{1,2})\D{1,12}?(\d{4})(?!\d)",
        n,
    )
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid_date(d, mo, y):
            return f"{d:02d}/{mo:02d}/{y:04d}"
    # and its year's last digit read apart as a look-alike letter ("năm 201 s", "201s")
    m = re.search(
        r"ng[a-z]{0,3}\s*(\d{1,2})\D{1,12}?(\d{1,2})\D{1,12}?(?<!\d)(\d{3}) ?([a-z$|!])(?![a-z])",
        n,
    )
    if m and fix_digits(m.group(4)).isdigit():
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3) + fix_digits(m.group(4)))
        if valid_date(d, mo, y):
            return f"{d:02d}/{mo:02d}/{y:04d}"
    # digits only, or one separator lost: ddmmyyyy, ddmm/yyyy, dd/mmyyyy
    for m in re.finditer(r"(?<!\d)(\d{2})/?(\d{2})/?(\d{4})(?!\d)", re.sub(r"[\s]", "", t)):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid_date(d, mo, y):
            return f"{d:02d}/{mo:02d}/{y:04d}"
    return ""


_DATE_PARTS = re.compile(r"(?<!\d)(\d{1,2})\D{1,12}?(\d{1,2})\D{1,12}?(\d{4})(?!\d)")


def date_from_parts(readings: list[str], latest_year: int | None = None) -> str:
    """A date put together from several readings of one line when none gives a possible
    date by itself, each having some of the day, month and year right ("13 tháng Q6 năm
    2020" and "13 hng08 nn2029" make 13/08/2020 when the year cannot be after 2026): the
    possible date that takes the most parts from the earliest readings."""
    import itertools

    parts = []
    for r in readings:
        m = _DATE_PARTS.search(r or "")
        if not m and re.search(r"ng[aà]y|sinh|date|birth", _strip(r or "").lower()):
            # after a date's label, its digits with the separators lost or one read as a
            # digit ("ngày 200711962")
            m = re.search(r"(?<!\d)(\d{2})(\d{2})\d?(\d{4})(?!\d)", r)
        if m:
            parts.append(m.groups())
    best, best_key = "", None
    for pick in itertools.product(range(len(parts)), repeat=3):
        d, mo, y = (int(parts[k][i]) for i, k in enumerate(pick))
        if not valid_date(d, mo, y) or (latest_year is not None and y > latest_year):
            continue
        key = (sum(pick), pick)
        if best_key is None or key < best_key:
            best, best_key = f"{d:02d}/{mo:02d}/{y:04d}", key
    return best


# a date's separator read as I, l, j, | or a backslash ("13/07I2022")
_MISREAD_SEPARATORS = re.compile(r"(?<!\d)\d{2}[/Ilij|\\]\d{2}[/Ilij|\\]\d{4}(?!\d)")


def all_dates(s: str) -> list[str]:
    out = []
    t = _MISREAD_SEPARATORS.sub(lambda m: re.sub(r"[Ilij|\\]", "/", m.group(0)), s)
    t = re.sub(
        r"[0-9OoIlSBZ|]{1,2}\s*[/\-.]\s*[0-9OoIlSBZ|]{1,2}\s*[/\-.]\s*[0-9OoIlSBZ|]{2,4}",
        lambda m: fix_digits(m.group(0)),
        t,
    )
    for m in re.finditer(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})", t):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid_date(d, mo, y):
            out.append(f"{d:02d}/{mo:02d}/{y:04d}")
    return out


def _strip(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def parse_sex(s: str) -> str:
    n = _strip(s).lower()
    n = re.sub(r"[^a-z ]", " ", n)
    # not the nationality's "Nam" beside it ("Giới tính: Nr Quốc tịch: Việt Nam")
    n = re.split(r"\b(?:quoc|qu c|nation|viet)", n)[0]
    toks = n.split()
    for t in toks:
        if t in ("nu", "nur", "nuu", "nr", "f", "female", "nü"):
            return "Nữ"
        if t in ("nam", "m", "male", "narn"):
            return "Nam"
    if re.search(r"\bn[uư]\b", n) or "nu" in toks:
        return "Nữ"
    if "nam" in n:
        return "Nam"
    return ""


_NAME_JUNK = re.compile(r"[^A-Za-zÀ-ỹĐđ\s]")


def clean_name(s: str) -> str:
    s = nfc(s)
    s = _NAME_JUNK.sub(" ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return nfc(s.upper())


def clean_text(s: str) -> str:
    s = nfc(s)
    s = s.replace("„", ",").replace("‚", ",")
    s = s.replace("|", " ").replace("“", "").replace("”", "").replace("‘", "").replace("’", "")
    s = re.sub(r"\s+", " ", s).strip(" .:;,-_/—")
    s = re.sub(r"\s+,", ",", s)
    s = re.sub(r",(\s*,)+", ",", s)
    s = re.sub(r",(?=[^\s\d])", ", ", s)
    s = re.sub(r"(?<=\d), (?=\d+\s?cm)", ",", s)
    return s


def date_obj(s: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", s or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def one_letter_apart(a: str, b: str) -> bool:
    """Same length, one letter different (an OCR substitution)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
