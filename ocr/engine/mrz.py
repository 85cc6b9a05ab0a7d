"""ICAO 9303 machine readable zones: check digits, parsing, reading from images.

Public API
----------
``check_digit(text) -> str``
    The ICAO 9303 check digit (weights 7, 3, 1) of a string of ``0-9``, ``A-Z`` and ``<``.
``parse_mrz(lines) -> MRZResult``
    Parse the lines of a TD1 (3x30), TD2 (2x36), TD3 (2x44), MRV-A (2x44) or MRV-B (2x36)
    zone.  The text is reported exactly as given: a wrong check digit is *flagged* (see
    ``MRZResult.checks`` and ``MRZResult.valid``), never corrected.  Raises
    :class:`MRZParseError` (a ``ValueError``) when the lines do not form an MRZ.
``mrz_to_api_fields(result) -> dict``
    The ``data`` keys of the OCR API contract for a side with an MRZ: ``mrz`` (list of
    lines), ``document_number``, ``person_number``, ``dob``, ``gender``, ``due_date``,
    ``nationality``, ``sur_name``, ``given_name``, ``country`` (issuing state), and per
    check ``<key>_checksum`` (digit printed) / ``<key>_checksum_validate`` ("True"/"False")
    for key ``document_number``, ``dob``, ``due_date``, ``person_number`` (TD3) and
    ``final`` (composite; none on visas); plus ``mrz_format``, ``document_code``,
    ``mrz_valid`` and, for image reads, ``mrz_confidence`` (float).  Dates dd/mm/yyyy.
``repair_lookalikes(lines, support=None) -> list[str]``
    Lines with a digit read as a look-alike letter ("O" for "0") in a document or personal
    number made that digit, when that field's check digit and the composite one then agree
    (the one repair here; ``parse_mrz`` itself never alters the text).
``mrz_date(yymmdd, kind)``, ``sex_vi(code)``
    Century rules (birth: not in the future; expiry: 2000s unless > 50 years ahead) and
    M/F -> Nam/Nữ.
``read_mrz(image) -> MRZResult | None``
    Locate, rectify and recognise an MRZ in a photo (numpy BGR/gray array or PIL image).
    Implemented in :mod:`ocr.engine.mrz_reader`; imported lazily so that parsing needs
    neither OpenCV nor ONNX Runtime.  Needs the PyPI package ``rapidocr-onnxruntime`` (its
    PP-OCRv4 recogniser ONNX) and, for full accuracy and speed, the Debian package
    ``fonts-ocr-b`` (OCR-B glyphs; without it the reader falls back to the recogniser).

Person number: TD1 -> first field of the optional data (the 12-digit ID of a Vietnamese
CCCD); TD3 -> the personal number field; TD2/MRV -> the optional data; fillers stripped.

``gender``: the API's MRZ ``gender`` key keeps the MRZ code as printed (``M``, ``F``, ``X``,
``""`` for ``<``) because it is machine-readable data of any country; callers that fill the
Vietnamese ``sex`` key use :func:`sex_vi` (``M`` -> ``Nam``, ``F`` -> ``Nữ``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_CHAR_VALUES = {
    **{str(d): d for d in range(10)},
    **{chr(ord("A") + i): 10 + i for i in range(26)},
    "<": 0,
}
_WEIGHTS = (7, 3, 1)

MRZ_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
_VALID_LINE = re.compile(r"^[0-9A-Z<]*$")

# Format name -> (number of lines, line length)
FORMATS: dict[str, tuple[int, int]] = {
    "TD1": (3, 30),
    "TD2": (2, 36),
    "TD3": (2, 44),
    "MRVA": (2, 44),
    "MRVB": (2, 36),
}


def check_digit(text: str) -> str:
    """The ICAO 9303 check digit of ``text`` (digits, A-Z and '<')."""
    total = sum(_CHAR_VALUES[ch] * _WEIGHTS[i % 3] for i, ch in enumerate(text))
    return str(total % 10)


class MRZParseError(ValueError):
    """The lines given do not form a machine readable zone of a known format."""


@dataclass(frozen=True)
class CheckDigit:
    """One check digit: the data it covers, the digit printed and the digit computed."""

    name: str
    data: str
    printed: str
    computed: str

    @property
    def valid(self) -> bool:
        if self.printed == self.computed:
            return True
        # An empty optional field may carry '<' instead of a check digit (ICAO 9303-4 4.2.2).
        return self.printed == "<" and set(self.data) <= {"<"}


@dataclass
class MRZResult:
    """A parsed MRZ.  String fields are as printed, with '<' fillers removed where noted."""

    format: str
    lines: list[str]
    document_code: str  # e.g. "P", "ID", "I", "AC", "V" (trailing '<' removed)
    issuing_country: str  # as printed, fillers removed ("D" for Germany, "UTO", ...)
    document_number: str  # fillers stripped at both ends; long TD1/TD2 numbers joined
    optional_data: str  # raw optional data field (line 1 of TD1; personal number of TD3)
    optional_data_2: str  # raw second optional field (TD1 line 2), "" otherwise
    person_number: str  # national ID / personal number derived from the optional data
    birth_date_raw: str  # YYMMDD as printed
    sex: str  # "M", "F", "X" or "" (for '<')
    expiry_date_raw: str  # YYMMDD as printed
    nationality: str  # as printed, fillers removed
    surname: str  # '<' -> ' '
    given_names: str  # '<' -> ' '
    checks: dict[str, CheckDigit] = field(default_factory=dict)
    # Filled by the image reader: mean per-character confidence (0-1) and per-line values.
    confidence: float | None = None
    char_confidences: list[list[float]] | None = None

    @property
    def valid(self) -> bool:
        """True when every check digit printed equals the one computed."""
        return all(c.valid for c in self.checks.values())

    @property
    def failed_checks(self) -> list[str]:
        return [name for name, c in self.checks.items() if not c.valid]

    @property
    def birth_date(self) -> _dt.date | None:
        return mrz_date(self.birth_date_raw, kind="birth")

    @property
    def expiry_date(self) -> _dt.date | None:
        return mrz_date(self.expiry_date_raw, kind="expiry")


def mrz_date(yymmdd: str, kind: str = "birth", today: _dt.date | None = None) -> _dt.date | None:
    """Convert an MRZ ``YYMMDD`` to a date, or None when it is not a valid date.

    Century: a birth date that would lie in the future is in the 1900s; expiry dates are in
    the 2000s unless that puts them more than 50 years ahead (then 1900s).
    """
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return None
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    today = today or _dt.date.today()
    if kind == "expiry":
        year = 2000 + yy
        if year > today.year + 50:  # e.g. a card that expired in 1994
            year -= 100
    else:
        year = 2000 + yy
        if year > today.year:
            year -= 100
    try:
        d = _dt.date(year, mm, dd)
    except ValueError:
        return None
    if kind != "expiry" and d > today:
        try:
            d = d.replace(year=year - 100)
        except ValueError:
            return None
    return d


def _filler(text: str) -> str:
    return text.strip("<")


def _names(field_text: str) -> tuple[str, str]:
    text = field_text.rstrip("<")
    if "<<" in text:
        surname, given = text.split("<<", 1)
    else:
        surname, given = text, ""
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _check(name: str, data: str, printed: str) -> CheckDigit:
    return CheckDigit(name=name, data=data, printed=printed, computed=check_digit(data))


def _document_number(number: str, check: str, overflow: str) -> tuple[str, CheckDigit]:
    """Document number and its check; handles long numbers continued in the optional data."""
    if check == "<" and overflow and overflow[0] != "<":
        ext = overflow.split("<", 1)[0]
        full = number + ext[:-1]
        return _filler(full), _check("document_number", full, ext[-1])
    return _filler(number), _check("document_number", number, check)


def detect_format(lines: list[str]) -> str:
    """Name the format of normalised lines (see FORMATS) or raise MRZParseError."""
    shape = (len(lines), {len(line) for line in lines})
    if shape == (3, {30}):
        return "TD1"
    if len(lines) == 2 and shape[1] in ({36}, {44}):
        visa = lines[0][0] == "V"
        if shape[1] == {36}:
            return "MRVB" if visa else "TD2"
        return "MRVA" if visa else "TD3"
    raise MRZParseError(
        f"not an MRZ shape: {len(lines)} lines of lengths {[len(x) for x in lines]}"
    )


def normalise_lines(lines: list[str] | tuple[str, ...] | str) -> list[str]:
    """Strip whitespace around and inside lines and drop empty lines (no other change)."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, list | tuple):
        raise MRZParseError("lines must be a list of strings")
    out = []
    for line in lines:
        if not isinstance(line, str):
            raise MRZParseError("lines must be strings")
        line = re.sub(r"\s+", "", line)
        if line:
            out.append(line)
    return out


def parse_mrz(lines: list[str] | tuple[str, ...] | str) -> MRZResult:
    """Parse MRZ lines; see the module docstring.  Never alters the characters."""
    lines = normalise_lines(lines)
    for line in lines:
        if not _VALID_LINE.match(line):
            raise MRZParseError(f"characters outside 0-9 A-Z '<' in {line!r}")
    fmt = detect_format(lines)
    checks: dict[str, CheckDigit] = {}
    opt2 = ""
    if fmt == "TD1":
        l1, l2, l3 = lines
        code, issuer = l1[0:2], l1[2:5]
        number, checks["document_number"] = _document_number(l1[5:14], l1[14], l1[15:30])
        opt1 = l1[15:30]
        birth, sex, expiry, nat = l2[0:6], l2[7], l2[8:14], l2[15:18]
        checks["birth_date"] = _check("birth_date", birth, l2[6])
        checks["expiry_date"] = _check("expiry_date", expiry, l2[14])
        opt2 = l2[18:29]
        checks["composite"] = _check("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
        surname, given = _names(l3)
        if checks["document_number"].data != l1[5:14]:
            # long number: the optional data after the number's overflow and its check
            rest = l1[15:30].split("<", 1)[1] if "<" in l1[15:30] else ""
            tokens = [t for t in rest.split("<") if t]
        else:
            tokens = [t for t in opt1.split("<") if t]
        person = tokens[0] if tokens else ""
    else:
        l1, l2 = lines
        code, issuer = l1[0:2], l1[2:5]
        surname, given = _names(l1[5:])
        birth, sex, expiry, nat = l2[13:19], l2[20], l2[21:27], l2[10:13]
        checks["birth_date"] = _check("birth_date", birth, l2[19])
        checks["expiry_date"] = _check("expiry_date", expiry, l2[27])
        if fmt in ("TD2", "MRVB"):
            opt1 = l2[28:35] if fmt == "TD2" else l2[28:36]
            if fmt == "TD2":
                number, checks["document_number"] = _document_number(l2[0:9], l2[9], opt1)
                checks["composite"] = _check("composite", l2[0:10] + l2[13:20] + l2[21:35], l2[35])
            else:
                number, checks["document_number"] = _document_number(l2[0:9], l2[9], "")
            person = _filler(opt1)
        elif fmt == "TD3":
            number, checks["document_number"] = _document_number(l2[0:9], l2[9], "")
            opt1 = l2[28:42]
            checks["personal_number"] = _check("personal_number", opt1, l2[42])
            checks["composite"] = _check("composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43])
            person = _filler(opt1)
        else:  # MRVA
            number, checks["document_number"] = _document_number(l2[0:9], l2[9], "")
            opt1 = l2[28:44]
            person = _filler(opt1)
        # keep the checks in the order they are printed
        order = ["document_number", "birth_date", "expiry_date", "personal_number", "composite"]
        checks = {k: checks[k] for k in order if k in checks}
    return MRZResult(
        format=fmt,
        lines=list(lines),
        document_code=code.rstrip("<"),
        issuing_country=_filler(issuer),
        document_number=number,
        optional_data=opt1,
        optional_data_2=opt2,
        person_number=person,
        birth_date_raw=birth,
        sex="" if sex == "<" else sex,
        expiry_date_raw=expiry,
        nationality=_filler(nat),
        surname=surname,
        given_names=given,
        checks=checks,
    )


# Letters OCR-B's shapes make a reader take for a digit, and that digit; not G for 6 nor
# L for 1, whose values differ by 10 or 20 (no check digit tells them apart).
_LETTER_AS_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "Z": "2", "S": "5", "T": "7",
                    "B": "8"}  # fmt: skip

# (line, first, end) of the fields that may hold letters and have a check digit of their
# own, per format; only formats whose composite check digit covers them too
_OWN_CHECK_FIELDS = {
    "TD1": {"document_number": (0, 5, 14)},
    "TD2": {"document_number": (1, 0, 9)},
    "TD3": {"document_number": (1, 0, 9), "personal_number": (1, 28, 42)},
}


def repair_lookalikes(
    lines: list[str], support: Callable[[int, int, str], bool] | None = None
) -> list[str]:
    """A digit read as a look-alike letter ("O" for "0", "B" for "8") in a document or
    personal number whose check digit fails, as is the composite one: the letter made its
    digit when that makes both agree (and no other check fails that did not before), and
    exactly one such change does (one letter, or every look-alike letter of the field at
    once).  ``support(line, position, digit)``, when given, says whether the reader saw
    that digit there at all; letters it does not are left.

    A check digit cannot tell where in its field a misread is (any misread of the same
    weight and difference makes it agree as well), so only a letter, out of place among
    the digits most numbers are made of, is changed, and a digit is never made a letter.
    Letters that begin a field before any digit are often printed so (a passport's
    "B1234567"): they are changed only when ``support`` vouches for their digit.  Formats
    with no composite check digit (visas) are left as they are.  Returns the lines,
    repaired or not."""
    try:
        res = parse_mrz(lines)
    except MRZParseError:
        return list(lines)
    lines = list(res.lines)
    for name, (li, a, b) in _OWN_CHECK_FIELDS.get(res.format, {}).items():
        failed = set(res.failed_checks)
        if name not in failed or "composite" not in failed:
            continue
        line = lines[li]
        swaps = []
        for i in range(a, b):
            digit = _LETTER_AS_DIGIT.get(line[i])
            if digit is None:
                continue
            leading = not any(ch.isdigit() for ch in line[a:i])
            if support(li, i, digit) if support is not None else not leading:
                swaps.append((i, digit))
        trials = [line[:i] + d + line[i + 1 :] for i, d in swaps]
        if len(swaps) > 1:
            every = list(line)
            for i, d in swaps:
                every[i] = d
            trials.append("".join(every))
        fixes = []
        for trial in trials:
            other = lines[:li] + [trial] + lines[li + 1 :]
            after = set(parse_mrz(other).failed_checks)
            if name not in after and "composite" not in after and after <= failed:
                fixes.append(other)
        if len(fixes) == 1:
            lines = fixes[0]
            res = parse_mrz(lines)
    return lines


def sex_vi(code: str) -> str:
    """The API's Vietnamese ``sex`` value for an MRZ sex code: M -> Nam, F -> Nữ, else ""."""
    return {"M": "Nam", "F": "Nữ"}.get(code, "")


def _fmt_date(d: _dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


# API key prefix for each check
_API_CHECK_KEYS = {
    "document_number": "document_number",
    "birth_date": "dob",
    "expiry_date": "due_date",
    "personal_number": "person_number",
    "composite": "final",
}


def mrz_to_api_fields(result: MRZResult) -> dict[str, Any]:
    """The OCR API ``data`` keys for an MRZ (spec: /shared/spec/ocr-api.md).

    Values are strings except ``mrz`` (list of lines).  For each check digit the result has
    ``<key>_checksum`` (the digit printed) and ``<key>_checksum_validate`` (``"True"`` or
    ``"False"``), with key ``document_number``, ``dob``, ``due_date``, ``person_number``
    (TD3 only) and ``final`` (the composite check, absent for visas).
    """
    data: dict[str, Any] = {
        "mrz": list(result.lines),
        "mrz_format": result.format,
        "document_code": result.document_code,
        "document_number": result.document_number,
        "person_number": result.person_number,
        "dob": _fmt_date(result.birth_date),
        "gender": result.sex,
        "due_date": _fmt_date(result.expiry_date),
        "nationality": result.nationality,
        "sur_name": result.surname,
        "given_name": result.given_names,
        "country": result.issuing_country,
        "mrz_valid": str(result.valid),
    }
    for name, check in result.checks.items():
        key = _API_CHECK_KEYS[name]
        data[f"{key}_checksum"] = check.printed
        data[f"{key}_checksum_validate"] = str(check.valid)
    if result.confidence is not None:
        data["mrz_confidence"] = round(float(result.confidence), 4)
    return data


def read_mrz(image: Any, **hints) -> MRZResult | None:
    """Find and read the MRZ in an image; None when no MRZ is found. ``hints``
    (``text_angle``, ``region``) and the rest: see mrz_reader.read_mrz."""
    from ocr.engine.mrz_reader import read_mrz as _read

    return _read(image, **hints)
