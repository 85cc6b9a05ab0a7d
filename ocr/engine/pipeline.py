"""extract_side / extract_file: the engine's entry points."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time

import numpy as np

from . import checks as ck
from . import fields as fx
from . import normalize as nz
from .address import _fix_unit_prefix, parse_address
from .decode import MAX_BYTES, MAX_PAGES, MAX_PIXELS, Page, decode_any, decode_image
from .errors import NoDocumentFound
from .layout import (
    OTHER_LINES,
    Document,
    mrz_like,
    mrz_row_like,
    norm_text,
    read_document,
    strip_accents,
)
from .qr import decode_qr, parse_cccd_qr, qr_like_patch
from .types import SideResult
from .vocab import MARK_WORDS

NO_EXPIRY = "Không thời hạn"
SURE = 0.9  # Tesseract's line confidence above which no second reading is asked for


def _scale_box(box, scale: float):
    if not box:
        return None
    return [int(round(v * scale)) for v in box]


# ------------------------------------------------------------------ MRZ


def _mrz_rows(doc: Document) -> list[int]:
    rows = doc.rows
    core = [i for i, r in enumerate(rows) if mrz_row_like(r.text)]
    if not core:
        return []
    idx = set(core)
    for i in core:
        for j in (i - 1, i + 1):
            if 0 <= j < len(rows) and j not in idx and mrz_like(rows[j].text, 0.6, 15):
                idx.add(j)
    out = sorted(idx)[-3:]
    # a TD1 zone (ID cards) has three lines: take the row below when one is missing
    first = rows[out[0]].text.replace(" ", "").upper()
    if len(out) == 2 and first[:1] in "I1LTAC" and len(first) <= 34:
        nxt = out[-1] + 1
        if nxt < len(rows) and len(rows[nxt].text.replace(" ", "")) >= 12:
            out.append(nxt)
    return out


def _fix_mrz_line(t: str) -> str:
    t = t.upper().replace(" ", "").replace("«", "<").replace("‹", "<")
    t = re.sub(r"[^A-Z0-9<]", "<", t)
    return t


def _fix_name_filler(line: str, start: int) -> str:
    """After the names, only '<' can follow: '<<<AAAA' / '<<KK<' runs are fillers."""
    m = re.search(r"<<<", line[start:])
    if m:
        cut = start + m.start()
        return line[:cut] + "<" * (len(line) - cut)
    return line


def _shape(lines: list[str]) -> list[str]:
    n = len(lines)
    longest = max(len(x) for x in lines)
    if n >= 3:
        width = 30
        lines = lines[-3:]
    elif longest >= 40:
        width = 44
        lines = lines[-2:]
    else:
        width = 36 if longest > 32 else 30
        lines = lines[-2:]
    out = []
    for x in lines:
        if len(x) > width:
            # OCR added characters: drop trailing fillers first
            x = x[:width] if x[width:].strip("<") == "" or len(x) - width > 2 else x[:width]
        out.append((x + "<" * width)[:width])
    if width == 30 and len(out) == 3:
        out[2] = _fix_name_filler(out[2], 0)
    elif len(out) == 2 and out[0][:1] in ("P", "V"):
        out[0] = _fix_name_filler(out[0], 5)
    return out


def _repair_lengths(lines: list[str], parse_mrz) -> list[str]:
    """A line one character too long or too short: delete / insert a filler where that makes
    the most check digits agree (OCR often doubles or drops one character)."""
    n = len(lines)
    if n >= 3:
        width = 30
    elif max(len(x) for x in lines) >= 40:
        width = 44
    else:
        width = 36
    lines = list(lines[-3:] if n >= 3 else lines[-2:])

    def score(ls):
        try:
            return _score(parse_mrz(_shape(ls)))
        except Exception:  # noqa: BLE001
            return -1

    for i, line in enumerate(lines):
        if len(line) == width + 1:
            variants = [line[:k] + line[k + 1 :] for k in range(len(line))]
        elif len(line) == width - 1:
            variants = [line[:k] + "<" + line[k:] for k in range(len(line) + 1)]
        else:
            continue
        best, best_s = line, score(lines)
        for v in dict.fromkeys(variants):
            trial = lines[:i] + [v] + lines[i + 1 :]
            sc = score(trial)
            if sc > best_s:
                best, best_s = v, sc
        lines[i] = best
    return lines


def _score(result) -> int:
    if result is None:
        return -1
    return sum(1 for c in result.checks.values() if c.valid)


def _dedicated_read(page: Page, **hints):
    """ocr.engine.mrz.read_mrz on the page image; None when it finds nothing (or faults).
    Once per page and hints, however often the page's text is read again (a whole-page
    search of a hard photo costs a second)."""
    # (hints alike to a hundredth, of a pixel or a radian, are the same)
    key = (
        "mrz",
        *sorted(
            (k, *np.round(np.atleast_1d(v).astype(float), 2).tolist()) for k, v in hints.items()
        ),
    )
    if key not in page.memo:
        page.memo[key] = _read_mrz_of(page.image, **hints)
    return page.memo[key]


def _searched_in_vain(page: Page) -> bool:
    """The whole page was searched for an MRZ (see _dedicated_read) and none valid read."""
    whole = page.memo.get(("mrz",), False)
    return whole is not False and (whole is None or not whole.valid)


def _read_mrz_of(image, **hints):
    if image is None or image.size == 0 or min(image.shape[:2]) < 16:
        return None
    try:
        from .mrz import read_mrz
    except ImportError:  # pragma: no cover
        return None
    try:
        return read_mrz(image, **hints)
    except Exception:  # noqa: BLE001 - a reader fault must not fail the whole side
        return None


def _mrz_hints(doc: Document, rows: list[int]) -> dict:
    """What the engine already knows for the MRZ reader: where the MRZ-like rows are (in
    page-image pixels, with a margin), how many there are and which way their text runs.
    The reader then reads one line group, one way up, instead of every group both ways
    up."""
    if doc.frame_to_page is None:
        return {}
    page = doc.page
    boxes = [b for i in rows for b in doc.rows[i].boxes]
    pad = 4 * float(np.median([b.h for b in boxes])) / max(doc.frame_scale, 1e-6)
    # obox is in uploaded-image pixels
    xs = [(v - page.ox) / page.scale for b in boxes for v in (b.obox[0], b.obox[2])]
    ys = [(v - page.oy) / page.scale for b in boxes for v in (b.obox[1], b.obox[3])]
    ax, ay = doc.frame_to_page[:, 0]  # the frame's x axis, its direction of writing
    return {
        "region": (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad),
        "text_angle": float(np.arctan2(ay, ax)),
        "n_lines": 3 if len(rows) >= 3 else 2,
    }


def _better_mrz(a, b):
    """The reading with more check digits agreeing (a when tied)."""
    if b is None:
        return a
    if a is None:
        return b
    return b if (b.valid, _score(b)) > (a.valid, _score(a)) else a


def _read_mrz(doc: Document, page: Page):
    """(MRZResult or None, box). The dedicated reader (ocr.engine.mrz.read_mrz) first: told
    where the MRZ-like rows are and which way up, else (no such rows, or nothing valid read
    there) on the whole page. The engine's own reading of the rows (Tesseract, MRZ
    alphabet, field-position fixes) only when the reader finds nothing."""
    rows = _mrz_rows(doc)
    box = None
    result = None
    if rows:
        box = fx.union_box([b.obox for i in rows for b in doc.rows[i].boxes])
        hints = _mrz_hints(doc, rows)
        if hints and not _searched_in_vain(page):
            # (not when the page's text is read again after a whole-page search read no
            # valid MRZ: the rows' group was among those it read, both ways up)
            result = _dedicated_read(page, **hints)
    if (result is None or not result.valid) and _may_hold_mrz(doc, rows):
        # the whole page image, as the reader is built for (it finds, deskews and turns)
        whole = _dedicated_read(page)
        if (
            whole is not None
            and not rows
            and (_score(whole) < 1 or sum(x.count("<") for x in whole.lines) < 3)
        ):
            whole = None  # no MRZ-like text, no check digit or filler: not an MRZ
        result = _better_mrz(result, whole)
    if result is None:
        return (_mrz_from_rows(doc, rows), box) if rows else (None, None)
    if box is None:
        h, w = page.image.shape[:2]
        box = _scale_box([0, 0, w, h], page.scale)
    if rows:
        ni = 2 if len(result.lines) == 3 else 0
        if (
            not result.valid
            or _known_names(result.lines[ni], ni)[0] < _known_names(result.lines[ni], ni)[1]
        ):
            # a second opinion from the engine's own reading of the rows: all its check
            # digits agreeing where the reader's do not, or a name line of known words
            # (names carry no check digit)
            mine = _mrz_from_rows(doc, rows)
            if mine is not None and mine.valid and not result.valid:
                return mine, box
            if (
                mine is not None
                and len(mine.lines) == len(result.lines)
                and mine.lines[ni] != result.lines[ni]
                and _plausible_names(mine.lines[ni], ni)
                and _known_names(mine.lines[ni], ni)[0] > _known_names(result.lines[ni], ni)[0]
            ):
                try:
                    from .mrz import parse_mrz

                    lines = list(result.lines)
                    lines[ni] = mine.lines[ni]
                    other = parse_mrz(lines)
                    other.confidence = result.confidence
                    other.char_confidences = result.char_confidences
                    if _score(other) >= _score(result):
                        result = other
                except Exception:  # noqa: BLE001
                    pass
    if not result.valid and rows:
        result = _passport_mrz_of_44(result, doc, rows)
    return result, box


# the sides that carry an MRZ, and the kind of document it then is (see _mrz_kind)
_MRZ_SIDES = {"passport": "P", "chip_id_card_back": "I", "id_card_2024_back": "I"}


def _mrz_the_rows_missed(doc: Document, page: Page, card_type: str):
    """(MRZResult or None, box): the MRZ of a side that carries one, whose rows the text
    reader did not see at all (no row like an MRZ, none with fillers: nothing for
    _read_mrz to go on), read from the whole page; when it is of the side's kind, with a
    check digit agreeing and fillers."""
    if _may_hold_mrz(doc, _mrz_rows(doc)):
        return None, None  # the whole page was read already
    whole, box = _mrz_of_whole_page(page)
    if whole is None or (_mrz_kind(whole) == "P") != (_MRZ_SIDES[card_type] == "P"):
        return None, None
    return whole, box


def _mrz_of_whole_page(page: Page):
    """(MRZResult or None, box): the dedicated reader's search of the whole page, taken when
    it reads fillers and a check digit agreeing (an MRZ, not a line of capitals)."""
    whole = _dedicated_read(page)
    if whole is None or _score(whole) < 1 or sum(x.count("<") for x in whole.lines) < 3:
        return None, None
    h, w = page.image.shape[:2]
    return whole, _scale_box([0, 0, w, h], page.scale)


def _passport_mrz_of_44(result, doc: Document, rows: list[int]):
    """A passport's MRZ that the reader took for two lines of 36 characters (TD2) where it
    has two of 44 (TD3, widely spaced letters): the reader's first line, whose names end
    in fillers, padded with fillers, and the line reader's reading of a row that is a whole
    TD3 second line, all of whose check digits agree (they cover all of it)."""
    from . import recognizer as rz
    from .mrz import parse_mrz

    first = result.lines[0]
    if len(result.lines) != 2 or len(first) != 36 or first[:1] != "P" or not first.endswith("<<"):
        return result
    for i in rows:
        read = "".join(
            rz.read_line(b.crop, "mrz").text for b in doc.rows[i].boxes if b.crop is not None
        )
        second = _fix_mrz_line(read)
        if len(second) != 44:
            continue
        try:
            other = parse_mrz([first + "<" * 8, second])
        except Exception:  # noqa: BLE001 - not an MRZ after all
            continue
        if other.valid:
            other.confidence = result.confidence
            return other
    return result


def _may_hold_mrz(doc: Document, rows: list[int]) -> bool:
    """Worth a whole-image MRZ search: MRZ-like rows were seen, or some row has '<'
    fillers or a long run of capitals and digits (an MRZ the line reader garbled)."""
    if rows:
        return True
    for r in doc.rows:
        t = r.text.replace(" ", "")
        if t.count("<") >= 2 or t.count("«") >= 2:
            return True
        digits = sum(c.isdigit() for c in t)
        if len(t) >= 20 and mrz_like(t, 0.8, 20) and digits >= 5 and len(t) - digits >= 5:
            return True  # capitals and digits run together (not a title in capitals)
    return not doc.rows


def _known_names(line: str, index: int) -> tuple[int, int]:
    """(name words found in the name tables, name words) on an MRZ name line."""
    from .names import _tables

    _, allw, _ = _tables()
    body = (line[5:] if index == 0 else line).rstrip("<")
    words = [w for w in re.split(r"<+", body) if w]
    return sum(1 for w in words if w in allw), len(words)


def _plausible_names(line: str, index: int) -> bool:
    from .names import _tables

    _, allw, _ = _tables()
    body = line[5:] if index == 0 else line
    body = body.rstrip("<")
    if not re.fullmatch(r"[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?", body or "-"):
        return False
    words = [w for w in re.split(r"<+", body) if w]
    known = sum(1 for w in words if w in allw)
    return known >= max(1, len(words) - 1)


def _refill(res):
    """Re-parse a reader's lines after the filler fix of the name line."""
    try:
        from .mrz import parse_mrz

        conf = res.confidence
        lines = _shape(list(res.lines))
        out = parse_mrz(lines)
        out.confidence = conf
        return out
    except Exception:  # noqa: BLE001
        return res


_TO_DIGIT = str.maketrans("OQDUILZSBGTA", "000011258674")
_TO_LETTER = str.maketrans("0125864", "OIZSBGA")


def _positional_fix(lines: list[str]) -> list[str]:
    """Digits where ICAO 9303 puts digits, letters where it puts letters."""

    def fix(line: str, spans: list[tuple[int, int, str]]) -> str:
        chars = list(line)
        for a, b, kind in spans:
            seg = "".join(chars[a:b])
            seg = seg.translate(_TO_DIGIT if kind == "d" else _TO_LETTER)
            chars[a:b] = list(seg)
        return "".join(chars)

    if len(lines) == 3 and all(len(x) == 30 for x in lines):
        l1, l2, l3 = lines
        if l1[0] in "T1L|" and l1[1] == "D":
            l1 = "I" + l1[1:]
        l1 = fix(l1, [(0, 5, "a"), (14, 15, "d")])
        if l1[2:5] == "VNM":
            # Vietnamese cards: number, check digit and the 12-digit ID are digits
            l1 = fix(l1, [(5, 27, "d"), (29, 30, "d")])
        l2 = fix(l2, [(0, 7, "d"), (8, 15, "d"), (15, 18, "a"), (29, 30, "d")])
        l3 = fix(l3, [(0, 30, "a")])
        return [l1, l2, l3]
    if len(lines) == 2 and all(len(x) == 44 for x in lines):
        l1, l2 = lines
        l1 = fix(l1, [(0, 44, "a")])
        l2 = fix(l2, [(9, 10, "d"), (10, 13, "a"), (13, 20, "d"), (21, 28, "d"), (43, 44, "d")])
        if l1[2:5] == "VNM" and l2[8] == "<":
            # a Vietnamese passport's number: a letter and seven digits ("N0605548")
            l2 = fix(l2, [(0, 1, "a"), (1, 8, "d")])
        return [l1, l2]
    return lines


def _mrz_from_rows(doc: Document, rows: list[int]):
    from . import recognizer as rz

    try:
        from .mrz import parse_mrz
    except ImportError:  # pragma: no cover
        return None
    lines = []
    confs = []
    for i in rows:
        parts = []
        for b in doc.rows[i].boxes:
            if b.crop is not None:
                rd = rz.read_line(b.crop, "mrz")
                parts.append(rd.text)
                confs.append(rd.confidence)
        t = _fix_mrz_line("".join(parts))
        if len(t) >= 20:
            lines.append(t)
    if not lines:
        return None
    lines = _repair_lengths(lines, parse_mrz)
    try:
        shaped = _shape(lines)
        res = parse_mrz(shaped)
        fixed = _positional_fix(shaped)
        if fixed != shaped:
            res2 = parse_mrz(fixed)
            if _score(res2) >= _score(res):
                res = res2
    except Exception:  # noqa: BLE001
        return None
    res.confidence = sum(confs) / len(confs) if confs else None
    return res


def _apply_mrz(r: SideResult, result, box) -> None:
    from .mrz import mrz_to_api_fields

    data = mrz_to_api_fields(result)
    conf = result.confidence if result.confidence is not None else 0.9
    for k, v in data.items():
        if k in ("mrz_confidence",):
            continue
        if k == "mrz":
            r.set(k, list(v), conf, box, "mrz")
        elif (
            k in ("given_name", "nationality", "country")
            and r.value(k)
            and (r.fields[k].source in ("ocr", "derived") or strip_accents(r.value(k)) == v)
        ):
            # the printed value, or the MRZ's given its diacritics, stays; the MRZ's own
            # spelling is in sur_name etc.
            continue
        else:
            r.set(k, "" if v is None else str(v), conf, box, "mrz")


# ------------------------------------------------------------------ field reading


def _val(r: SideResult, key: str, v, conf=None, source="ocr", overwrite=True):
    if v is None:
        return
    r.set(
        key,
        v.text if hasattr(v, "text") else v,
        conf if conf is not None else v.conf,
        v.box,
        source,
        overwrite,
    )


def _reread_digits(tok, want) -> str:
    """Read the digits of a token again with a digits-only recogniser."""
    from . import recognizer as rz

    b = tok.box
    if b.crop is None:
        return ""
    text = b.text
    pos = text.find(tok.text)
    w = b.crop.shape[1]
    x0 = 0
    if pos > 0 and len(text) > 0:
        x0 = max(0, int((pos / len(text) - 0.04) * w))
    crop = b.crop[:, x0:]
    if crop.shape[1] < 10:
        return ""
    rd = rz.read_line(crop, "digits")
    return nz.find_id(rd.text, want)


def _id_votes(tok, want) -> dict[str, float]:
    """Readings of the ID number on a token's line, weighted by how well each recogniser
    reads small digits (PP-OCR best, then Tesseract's text and digits-only passes;
    AsterNet only breaks a tie)."""
    from . import recognizer as rz

    votes: dict[str, float] = {}

    def add(pid: str, w: float) -> None:
        if pid:
            votes[pid] = votes.get(pid, 0.0) + w

    add(nz.find_id(tok.text, want), 1.0)
    add(_reread_digits(tok, want), 1.0)
    if len(votes) == 1 and tok.box.conf >= SURE:
        return votes  # a clear line read alike twice: no second recogniser needed
    # (PP-OCR reads the label "Số" as digits glued to the number, "50257848903")
    add(nz.find_id(tok.box.alt, want, glued_label=True), 1.5 if tok.box.alt_conf >= 0.8 else 0.9)
    ranked = sorted(votes.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] - ranked[1] < 1.0 and tok.box.crop is not None:
        add(nz.find_id(rz.read_line_aster(tok.box.crop) or "", want), 1.0)
    return votes


def _read_id(r: SideResult, infos, want=(12, 9)):
    cands = []
    near = []  # tokens that look like a number with a digit lost or added

    def consider(tok):
        if nz.find_id(tok.text, want) or nz.find_id(tok.box.alt, want):
            cands.append(tok)
            return True
        nd = sum(c.isdigit() for c in nz.fix_digits(tok.text))
        if nd >= 8 and not nz.parse_date(tok.text):
            near.append(tok)  # (a date is no number: "Sinh ngày" misread "So:", "Số")
        return False

    for i, info in enumerate(infos):
        for m in info.labels:
            if m.field == "id":
                for tok in fx._after_label(info, m):
                    consider(tok)
                if not cands:
                    # value on the row below the label
                    for nxt in infos[i + 1 : i + 3]:
                        for tok in nxt.toks:
                            consider(tok)
                        if cands or near:
                            break
    if not cands and not near:
        for info in infos:
            for tok in info.toks:
                if consider(tok):
                    break
            if cands:
                break
    tok = cands[0] if cands else (near[0] if near else None)
    if tok is None:
        return
    votes = _id_votes(tok, want)
    if not votes:
        return
    ranked = sorted(votes, key=lambda k: -votes[k])
    conf = tok.box.conf if cands else tok.box.conf * 0.8
    # the recognisers' agreement scales the confidence; a disagreement is settled later by
    # the ID's own checks against birth date and sex (and by the QR code)
    share = votes[ranked[0]] / sum(votes.values())
    r.set("id", ranked[0], max(conf, tok.box.alt_conf) * share, tok.box.obox, "ocr")
    if len(ranked) > 1:
        r._id_alternatives = ranked


def _settle_id(r: SideResult, qr: dict) -> None:
    alts = getattr(r, "_id_alternatives", None)
    if alts and qr.get("id") in alts:
        r.fields["id"].value = qr["id"]
        return
    if alts:
        best = None
        for pid in alts:
            r.fields["id"].value = pid
            fails = [c for c in ck.id_checks(r) if c.result == "fail"]
            if best is None or len(fails) < best[0]:
                best = (len(fails), pid)
        r.fields["id"].value = best[1]
    _province_code_misread(r)


def _province_code_misread(r: SideResult) -> None:
    """A 12-digit ID read whose first three digits are no province's code, a digit read
    as a look-alike ("964..." for 064...): the one look-alike that makes one."""
    f = r.fields.get("id")
    pid = f.value if f is not None and f.source == "ocr" else ""
    if len(pid) != 12 or not pid.isdigit() or int(pid[:3]) in ck.OLD_PROVINCE_CODES:
        return
    fixes = _look_alike_fixes(pid[:3], lambda code: int(code) in ck.OLD_PROVINCE_CODES)
    if len(fixes) == 1:
        f.value, f.confidence = fixes[0] + pid[3:], min(f.confidence, 0.6)


def _upperish(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _name_by_content(infos):
    """No name label read: the first run of upper-case words made of known name syllables
    (after a misread label, before a neighbouring field)."""
    from .names import MOTTO, _tables, base, fix_name, is_no_name, name_from_skeleton

    fam, allw, _ = _tables()

    def is_upper_word(t) -> bool:
        return _upperish(t.text) and not any(c.isdigit() for c in t.text)

    def is_motto(text: str) -> bool:
        # (its words misread, but for the first two: "CÔNG HÓA * tội CHỦ NGIHTA VIỆT NAM";
        # no name starts so: "Công" is no family name)
        b = base(text)
        return any(t in b for t in MOTTO) or bool(re.match(r"\W*C[O0]NG\s+H[O0]A\b", b))

    for i, info in enumerate(infos):
        if is_motto(info.row.text):
            continue
        toks = [t for t in info.toks if t.text.strip(".,:;")]
        runs, run = [], []
        for t in toks + [None]:
            if t is not None and is_upper_word(t):
                run.append(t)
            elif run:
                runs.append(run)
                run = []
        for words in runs:
            if not 2 <= len(words) <= 7:
                continue
            bs = [base(w.text.strip("\"'.,:;")) for w in words]
            if is_no_name(" ".join(bs)):
                continue
            if bs[0] in fam and sum(1 for b in bs if b in allw) >= len(bs) - 1:
                return fx.Value(" ".join(w.text for w in words), words, i)
    # Tesseract's reading too garbled: the name in PP-OCR's accent-free reading of a line
    # (of those it was made for, then of lines of upper-case words Tesseract seemed sure of:
    # "Ho ti VR”NH ANH VINH")
    for whatever_read in (False, True):
        for i, info in enumerate(infos):
            if is_motto(info.row.text):
                continue
            for b in info.row.boxes:
                if not whatever_read:
                    skeleton = name_from_skeleton(b.alt)
                elif len(re.findall(r"\b[^\W\d_a-z]{2,}\b", b.text)) >= 2:
                    skeleton = name_from_skeleton(b.alt_whatever_read())
                else:
                    continue
                if skeleton:
                    toks = [t for t in info.toks if t.box is b]
                    return fx.Value(fix_name(skeleton, nz.clean_name(b.text)), toks, i)
    return None


_NAME_LABEL_WORDS = frozenset({"HỌ", "VÀ", "TÊN", "CHỮ", "ĐỆM", "FULL", "NAME"})


def _read_name(r: SideResult, infos):
    from . import recognizer as rz
    from .names import _tables, fix_name, is_no_name

    def is_name(s: str) -> bool:
        n = norm_text(s)
        if is_no_name(s) or "identity" in n:
            return False
        return _upperish(s) and len(s) >= 4

    v = fx.find_field(infos, "name", max_follow=2, accept=is_name)
    if v and not is_name(v.text):
        v = None
    if not v:
        v = _name_by_content(infos)
    if not v:
        return
    name = nz.clean_name(v.text)
    if len(name) < 3:
        return
    n = len(name.split())
    seen = fx.unique_boxes(v.toks)
    name, seen, tall = _name_with_headroom(name, seen)
    known = _tables()[2]
    if min(b.conf for b in seen) >= SURE and all(w in known for w in name.split()):
        if fix_name(name) == name:  # clearly read, each syllable known in its place
            r.set("name", name, v.conf, v.box)
            return
    # second opinion from the Vietnamese line recogniser on the same boxes
    alt_words: list[str] = []
    for b in seen:
        if b.crop is None:
            continue
        a = rz.read_line_aster(b.crop)
        if a:
            alt_words += nz.clean_name(a).split()
    # (the label's words read into the box: no name has them, and a syllable the line
    # reader split in two, "T,Ê" for LÊ, must not take one of them into the name; as
    # many as Tesseract read before the name, when the second reading begins with one:
    # "Họ tôn LÊ BẢO UYÊN", its "tôn" the label's "tên")
    label_words = 0
    for w in nz.clean_name(seen[0].text).split() if seen else ():
        if w not in _NAME_LABEL_WORDS:
            break
        label_words += 1
    if alt_words and alt_words[0] in _NAME_LABEL_WORDS:
        del alt_words[:label_words]
    while alt_words and alt_words[0] in _NAME_LABEL_WORDS:
        alt_words.pop(0)
    # the name's last words (a label read into the box comes first); all of them when the
    # line reader split a syllable in two ("VI T" for "VIỆT")
    alt = " ".join(alt_words[-n:])
    fixed = fix_name(name, alt) if alt else fix_name(name)
    r.set("name", _name_by_choices(fixed or name, seen, alt, marks_whole=tall), v.conf, v.box)


def _name_with_headroom(name: str, boxes) -> tuple[str, list, bool]:
    """The name read again from its lines cut with room above the capitals (the line's
    box ends at their top, cutting a capital's tone mark to a stub: "THÙY" read "THỦY",
    "ÁNH" "ẢNH"), and the boxes with those crops; the reading only when it spells the
    same letters, marks aside."""
    from . import recognizer as rz
    from .names import base

    tall = [dataclasses.replace(b, crop=b.crop_with_headroom()) for b in boxes]
    words = []
    for b in tall:
        if b.crop is not None:
            words += nz.clean_name(rz.read_line(b.crop, "text").text).split()
    again = " ".join(words[-len(name.split()) :])
    if base(again) != base(name):
        return name, boxes, False
    return again, tall, True


# how sure Tesseract must be of its second choice of a letter for it to spell the name:
# at 60, on 510 given and middle name syllables of generated fronts (seeds 9000-9029), 4
# readings right that were wrong and none wrong that were right (at 40: 4 and 7)
CHOICE_CONF = 60.0


def _name_by_choices(name: str, boxes, other: str = "", marks_whole: bool = False) -> str:
    """The given and middle names as Tesseract's own choices spell them: a syllable one of
    whose letters it also read, with confidence CHOICE_CONF or more, as the letter with
    other marks that make another name ("THỦY": "Ủ" or "Ù" 94 -> THÙY). By the ink above
    the letters (tone_marks): a hook shaped like a grave is one; a syllable read with no
    mark that has ink above it takes the marks of `other` (the other reader's reading of
    the name), else Tesseract's surest choice with a mark, when they make a name.
    `marks_whole`: the boxes were cut with room for the marks (_name_with_headroom), so
    that Tesseract saw them whole: its first choice stands, and no hook is taken for a
    grave by its shape (measured on 360 fronts and passports of seeds 96000-99004: the
    two rules on such crops made two "THỦY" read right "THÙY"; without them, 5 names put
    right and none made wrong)."""
    from . import recognizer as rz
    from . import tone_marks as tm
    from .names import _tables, base

    _, _, known = _tables()
    words = name.split()
    try:
        lines = [
            (rz.prepare_line(b.crop), [w for w in rz.read_line_choices(b.crop) if w])
            for b in boxes
            if b.crop is not None
        ]
    except RuntimeError:  # Tesseract read nothing it could iterate over
        return name
    read = [
        (gray, line, w)
        for gray, line in lines
        for w in line
        if all(s.text.isalpha() and s.text.isupper() for s in w)
    ][-len(words) :]
    if len(read) != len(words) or [base("".join(s.text for s in w)) for _, _, w in read] != [
        base(w) for w in words
    ]:
        return name
    others = other.split() if len(other.split()) == len(words) else [""] * len(words)
    out = [words[0]]
    for word, (gray, line, syms), alt in zip(words[1:], read[1:], others[1:], strict=True):
        best, best_conf = word, CHOICE_CONF
        line_syms = [s for w in line for s in w]
        ks = [line_syms.index(s) for s in syms]
        for i, (sym, k) in enumerate(zip(syms, ks, strict=True)):
            for c, conf in sym.choices:
                cand = word[:i] + c.upper() + word[i + 1 :]
                if (
                    not marks_whole
                    and cand != word
                    and sym.text == word[i]
                    and base(c) == base(word[i])
                    and cand in known
                    and conf >= best_conf
                ):
                    best, best_conf = cand, conf
            if (
                not marks_whole
                and sym.text == word[i]
                and tm.grave_read_as_hook(gray, line_syms, k)
            ):
                cand = word[:i] + tm.with_tone(word[i], tm.GRAVE) + word[i + 1 :]
                if cand in known:
                    best, best_conf = cand, 100.0
        if best == word == base(word) and tm.marks_unread(gray, line_syms, ks):
            if alt != base(alt) and base(alt) == word and alt in known:
                best = alt
            else:
                marked = [
                    (conf, word[:i] + c.upper() + word[i + 1 :])
                    for i, sym in enumerate(syms)
                    for c, conf in sym.choices
                    if base(c) == word[i] and c.upper() != word[i]
                ]
                marked = [(conf, cand) for conf, cand in marked if cand in known and conf > 0]
                if marked:
                    best = max(marked)[1]
        out.append(best)
    return " ".join(out)


def _no_expiry(s: str) -> bool:
    n = norm_text(s)
    return bool(re.search(r"(khong|kh[o0]ng)\s*th[o0]i\s*h|th[o0]i\s*han", n))


_WHOLE_DATE = re.compile(r"(?<!\d)\d{2}[/.\-]\d{2}[/.\-]\d{4}(?!\d)")


def _box_date(b, latest_year: int | None = None, fits=None, year_slip=False) -> tuple[str, float]:
    """The date on a line box and its confidence. A clear line read by Tesseract stands
    (unless it breaks a rule the date has, `fits`); else Tesseract's and PP-OCR's readings
    vote (PP-OCR's counts more when it is sure: it reads small blurred digits better),
    AsterNet's breaks a tie and a reading that keeps the rule counts half a vote more. When
    neither gives a possible date (`latest_year`: the latest year the field can have), the
    day, month and year are put together from both, PP-OCR's first."""
    from . import recognizer as rz

    def possible(d: str) -> bool:
        return bool(d) and (latest_year is None or _year(d) <= latest_year)

    def printed(text: str) -> float:
        # dates are printed dd/mm/yyyy: a reading that needed a separator or a digit put
        # back ("10/092023", "† 1/06/2025") counts less
        return 1.0 if _WHOLE_DATE.search(text) else 0.6

    t = nz.parse_date(b.text)
    if possible(t) and b.conf >= SURE and printed(b.text) == 1.0 and (fits is None or fits(t)):
        return t, b.conf  # a clear line: no second reading
    p = nz.parse_date(b.alt)
    votes: dict[str, float] = {}
    if possible(t):
        votes[t] = printed(b.text)
    if possible(p):
        votes[p] = votes.get(p, 0.0) + (1.5 if b.alt_conf >= 0.85 else 0.9) * printed(b.alt)
    unfit = fits is not None and not any(fits(d) for d in votes)
    a = ""
    if (len(votes) == 2 or unfit) and b.crop is not None:
        # two readings disagree, or none keeps the rule: AsterNet's too
        a = nz.parse_date(rz.read_line_aster(b.crop) or "")
        if possible(a):
            votes[a] = votes.get(a, 0.0) + 1.0
    if fits is not None:
        votes = {d: v + (0.5 if fits(d) else 0.0) for d, v in votes.items()}
        if year_slip and not any(fits(d) for d in votes):
            # every reading breaks the rule, a year's digit misread ("22032074" for
            # 22/03/2024): the one year a digit away that keeps it, when only one does
            # (`year_slip`: for an issue date; a birth year that breaks the ID's is kept,
            # for the check to report)
            near = {
                f"{d[:6]}{y}"
                for d in (t, p, a)
                if d
                for y in _years_one_digit_off(d[6:])
                if fits(f"{d[:6]}{y}")
            }
            if len(near) == 1:
                return near.pop(), min(b.conf, b.alt_conf) * 0.5
    if votes:
        best = max(votes, key=votes.__getitem__)
        conf = b.alt_conf if best == p else b.conf
        return best, conf * votes[best] / sum(votes.values())
    mixed = nz.date_from_parts([b.alt, b.text], latest_year)
    return mixed, (min(b.conf, b.alt_conf) * 0.7 if mixed else 0.0)


def _years_one_digit_off(year: str) -> list[str]:
    """Every year one digit away from `year` as read (the misread digit's alternatives)."""
    return [
        year[:i] + c + year[i + 1 :] for i in range(len(year)) for c in "0123456789" if c != year[i]
    ]


def _read_date_field(r: SideResult, infos, field: str, key: str, allow_no_expiry=False, fits=None):
    def ok(s: str) -> bool:
        if nz.parse_date(s):
            return True
        return allow_no_expiry and _no_expiry(s)

    v = fx.find_field(infos, field, max_follow=3, accept=ok, skip_fields=(field,))
    if v:
        d = nz.parse_date(v.text)
        conf = v.conf
        for b in fx.unique_boxes(v.toks):
            bd, bc = _box_date(b, fits=fits)
            if bd and d and bd != d:
                d, conf = bd, bc
        if not d and allow_no_expiry and _no_expiry(v.text):
            d = NO_EXPIRY
        if d:
            r.set(key, d, conf, v.box)
            return
    _date_second_opinion(r, infos, field, key)


def _date_second_opinion(r: SideResult, infos, field: str, key: str) -> None:
    """Tesseract read no date near the label: PP-OCR's reading of the label's row and the
    two rows below, then AsterNet's (blurred, low-resolution photos)."""
    from . import recognizer as rz

    for i, info in enumerate(infos):
        if not any(m.field == field for m in info.labels):
            continue
        near = [b for nxt in infos[i : i + 3] for b in nxt.row.boxes]
        for b in near:
            d = nz.parse_date(b.alt)
            if d:
                r.set(key, d, b.alt_conf * 0.8, b.obox)
                return
        for b in near:
            if b.crop is None or sum(c.isdigit() for c in nz.fix_digits(b.text)) < 4:
                continue
            d = nz.parse_date(rz.read_line_aster(b.crop) or "")
            if d:
                r.set(key, d, b.conf * 0.7, b.obox)
                return
        return


def _year(d: str) -> int:
    return int(d[-4:])


_BIRTH_LABEL = re.compile(r"\b(?:sinh|birth)\b")


def _dates_by_content(r: SideResult, doc: Document, keys: tuple[str, ...]) -> None:
    """Dates whose labels could not be read, told apart by what they are: the birth date is
    the earliest on a front, the issue date the earliest on a back, the expiry the latest
    (at least 14 years after birth)."""
    missing = [k for k in keys if not r.value(k)]
    if not missing:
        return
    taken = {r.value(k) for k in keys if r.value(k)}
    # with no expiry among them, none of the dates can be in the future
    latest = None if "duedate" in keys else dt.date.today().year
    # a back's issue date alone: the kind of card's rule for it, on lines with a date's
    # digits (a third reader is asked where no reading keeps it: "83/2023", "08032023")
    fits = _issue_rule(r.card_type) if keys == ("date",) else None
    found: dict[str, tuple[float, list]] = {}
    of_birth: set[str] = set()  # dates on the birth date's row
    for row in doc.rows:
        for b in row.boxes:
            digits = sum(c.isdigit() for c in b.text) >= 4
            d, conf = _box_date(b, latest, fits=fits if digits else None, year_slip=True)
            if d and d not in taken and d not in found:
                found[d] = (conf, b.obox)
                if _BIRTH_LABEL.search(norm_text(row.text)):
                    of_birth.add(d)
    if "born" in missing:
        # a birth date is not in the future: a lone later date is the expiry
        this_year = dt.date.today().year
        if not any(_year(d) <= this_year for d in found):
            missing.remove("born")
    if not found:
        return
    by_age = sorted(found, key=lambda d: (_year(d), d[3:5], d[:2]))
    for k in missing:
        pick = by_age[-1] if k == "duedate" else by_age[0]
        if k == "born" and _year(pick) > dt.date.today().year:
            continue
        if pick in {r.value(x) for x in keys}:
            continue  # that date is another field's
        born = r.value("born")
        if k == "duedate" and born and born != NO_EXPIRY and _year(pick) < _year(born) + 14:
            continue
        if k == "duedate" and pick in of_birth:
            # the birth date misread ("29/08/1981" beside "Date of birth", the QR's 1961)
            continue
        conf, box = found[pick]
        r.set(k, pick, conf * 0.7, box)


def _read_simple(r: SideResult, infos, field: str, key: str | None = None, clean=nz.clean_text):
    v = fx.find_field(infos, field, max_follow=1)
    if v:
        t = clean(v.text)
        if t:
            r.set(key or field, t, v.conf, v.box)


def _ends_with_province(text: str) -> bool:
    """The address already ends with a province (nothing more to read below)."""
    from .address import is_province, province_by_district

    if text.rstrip().endswith(","):
        return False  # the line was printed ending with a comma: the address goes on below
    # a comma read as a full stop before the province's unit word ("... Lac SZn. Tỉnh Hòa")
    text = re.sub(r"\.\s+(?=(?i:t[iỉĩí]nh|th[aàá]nh ph[oốồ])\s)", ", ", nz.clean_text(text))
    segs = [x.strip() for x in re.split(r"[,;]", text) if x.strip()]
    if not segs:
        return False
    last = segs[-1]
    if re.match(
        r"(?i)(x[aã]|ph[uư][oờ]ng|huy[eệ]n|qu[aậ]n|th[iị] (tr[aấ]n|x[aã]))\b", norm_text(last)
    ):
        return False
    # a province named with its unit word ("Thành phố Đà Wáng") may have a letter misread
    named = re.match(r"(tinh|thanh pho)\s+\S", norm_text(last))
    return is_province(last, 0.8 if named else 0.92) or province_by_district(segs) >= 0


def _province_below(text: str, next_row: str) -> bool:
    """The row below an address that seemed to end at a province is its province after
    all: the address's last unit was a city of it ("..., Thành phố Huế," / "Tỉnh Thừa
    Thiên Huế" on a card printed before Huế became a province of its own); or the end of
    the province's name, which its district named ("..., Quận Thanh Khê, Thành phố Đà" /
    "Nẵng")."""
    from .address import is_province, parse_address

    nxt = nz.clean_text(next_row).strip(" ,.")
    if not nxt or "," in nxt:
        return False
    last = nz.clean_text(text).rsplit(",", 1)[-1].strip(" .")
    if len(nxt.split()) <= 2 and is_province(f"{last} {nxt}", 0.92) and not is_province(last, 0.8):
        return True  # the province's name broken across the lines ("Thành phố Đà" / "Nẵng")
    if not is_province(nxt, 0.85):
        return False
    return bool(parse_address(f"{text}, {nxt}").get("huyen"))


def _read_multiline(r: SideResult, infos, field: str, key: str | None = None, max_follow=2):
    v = fx.find_field(
        infos,
        field,
        max_follow=max_follow,
        follow_when_found=True,
        complete=_ends_with_province,
        tail=_province_below,
    )
    if v:
        t = re.sub(r"\s*,\s*,", ",", _strip_label(v.text))
        if t and v.toks:
            t = _house_number_by_second_reading(t, v.toks[0].box)
        if t:
            r.set(key or field, t, v.conf, v.box)


# how sure PP-OCR must be of its reading of an address's first line for its digits to stand
# over Tesseract's (which reads a bold "1" as "4": "234 Hoàng Hoa Thám" for 231)
HOUSE_NUMBER_CONF = 0.95


def _house_number_by_second_reading(address: str, box) -> str:
    """The address with its house number's digits as PP-OCR read them on its first line,
    where the two readings have as many runs of digits of the same lengths, PP-OCR is sure,
    and Tesseract less so; a digit Tesseract read as a sign no address has at the end of
    the first part ("Khu phố §,"), where PP-OCR reads one there, however sure."""
    address = _house_number_slash(address, box)
    head, sep, tail = address.partition(",")  # the house number is in the first part
    if head.endswith(" §") and box.crop is not None:
        digit = re.search(r"(?<!\d)(\d)\s*,", box.alt_whatever_read())
        return head[:-1] + digit.group(1) + sep + tail if digit else address
    runs = re.findall(r"\d+", box.text)
    if not runs or box.conf >= HOUSE_NUMBER_CONF:
        return address
    second = box.alt_whatever_read() if box.crop is not None else ""
    other = re.findall(r"\d+", second)
    if (
        len(other) != len(runs)
        or any(len(a) != len(b) for a, b in zip(runs, other, strict=True))
        or box.alt_conf < HOUSE_NUMBER_CONF
    ):
        return address
    for a, b in zip(runs, other, strict=True):
        if a != b and re.search(rf"(?<!\d){a}(?!\d)", head):
            head = re.sub(rf"(?<!\d){a}(?!\d)", b, head, count=1)
    return head + sep + tail


def _house_number_slash(address: str, box) -> str:
    """A house number's slash read as "1" or lost by Tesseract ("Số 309114 Pasteur",
    "Số 23743 Quang Trung") where PP-OCR, whose digits agree, reads it ("309/14")."""
    head, sep, tail = address.partition(",")  # the house number is in the first part
    if box.crop is None or not re.search(r"(?<![\d/])\d{4,}(?![\d/])", head):
        return address
    for read in re.findall(r"\d+(?:/\d+)+", box.alt_whatever_read()):
        # (from any of its first digits: "Số" read glued to it, "S6237/43")
        for number in (read[k:] for k in range(read.index("/"))):
            for as_read in (number.replace("/", "1"), number.replace("/", "")):
                spot = re.compile(rf"(?<![\d/]){as_read}(?![\d/])")
                if spot.search(head):
                    return spot.sub(number, head, count=1) + sep + tail
    return address


_ABBREVIATIONS = {"TP", "Q", "P", "H", "TX", "TT", "T", "X", "F", "KP", "KV"}
_A_DATE = re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(?:19|20)\d\d")
_A_DATE_IN_ADDRESS = re.compile(
    r"(?<=[,;]\s)\s*(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d\s+(?=[^\W\d_])"
)
_A_DATE_IN_A_NAME = re.compile(
    r"([^\W\d_]+)\s+(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d\s+(?=[^\W\d_])"
)


def _date_in_a_name(m: re.Match) -> str:
    from .vocab import is_place_word

    return m.group(0) if is_place_word(m.group(1)) else m.group(1) + " "


_UNIT_WORD = re.compile(r"\b(xa|phuong|thi tran|huyen|quan|thi xa|tinh|thanh pho|tp)\b")
_NOT_ADDRESS = ("cong hoa", "chu nghia", "doc lap", "cuc truong", "canh sat", "bo cong an")
_ADDRESS_LABELS = (
    "que quan", "nguyen quan", "noi thuong tru", "noi dkhk thuong tru", "noi cu tru",
    "noi dang ky khai sinh",
    "place of origin", "place of residence", "place of birth",
)  # fmt: skip


def _strip_label(text: str) -> str:
    """Drop what precedes an address on its line: a date (a neighbouring field), a misread
    label up to a colon near the start, else the leading words most like an address label."""
    from .vocab import undouble

    text = re.sub(r"^\W*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}\b", "", text)  # a date before
    # a date in it: a neighbouring field's, printed at the start of an address's second
    # line ("Xã Yên Lộc, 30/03/2031 Huyện Kim Sơn": the expiry under its label); not a
    # house number's ("Số 12/5/1975", "Kiệt 3/12/2001")
    text = _A_DATE_IN_ADDRESS.sub("", text)
    # or between two words of a unit's name ("Phường Phước 06/12/2030 Hải"): a date after a
    # word that is no place word ("Số", "Kiệt"), before another word
    text = _A_DATE_IN_A_NAME.sub(_date_in_a_name, text)
    # a quote read before a word ("'Thôn Tân Lập", "Số 99/17 'Pasteur", '"Tỉnh Quảng Ninh');
    # none of them starts one ("Cư M'gar" has one inside)
    text = re.sub(r"(?:^|(?<=\s))['\"`‘’“”]+(?=[^\W\d_])", "", text).lstrip("'\"` ")
    text = re.sub(r"[^\W\d_]+", lambda m: undouble(m.group(0)), text)  # "Phong Nẵẫm"
    text = re.sub(r"(?<=\d)[Il|](?=\d)", "/", text)  # a house number's slash misread: "83I7"
    # "Số" misread with a sign and a digit before a house number and its street ("%6 35/40
    # Tôn Đức Thắng"), or its "S" lost ("ố 138/53 Nguyễn Văn Cừ"), which the junk cut would
    # drop
    text = re.sub(
        r"(?:^|(?<=\s))(?:[S$§%][o0ôốó6]|[ôốó])(?=\s+\d+[A-Z]?(?:/\d+)*\s+[^\W\d_])", "Số", text
    )
    text = re.sub(r"(?<=[^\W\d_])\.(?=\s*,)", "", text)  # a speck before a comma: "Lộc.,"
    text = re.sub(r"(?<=\d):(?=\d)", "", text)  # a speck in a house number ("2:37")
    head, sep, tail = text.partition(":")
    # (or a neighbouring field's label, whatever its length: "Có giá trị đến: Hồ Chí Minh",
    # an address's last line printed beside the expiry's label)
    other_label = sep and max(fx._sim(norm_text(head), lab) for lab in _OTHER_LABELS) >= 0.8
    if (
        sep
        and (len(head) <= 0.4 * len(text) or other_label)
        and not _UNIT_WORD.search(norm_text(head))
    ):
        text = tail
    words = text.split()
    best, cut = 0.0, 0
    for n in range(1, min(6, len(words) - 1) + 1):
        prefix = norm_text(" ".join(words[:n]))
        sim = max(fx._sim(prefix, lab) for lab in _ADDRESS_LABELS)
        if sim > best:
            best, cut = sim, n
        if _UNIT_WORD.search(prefix):
            break  # the address has begun ("Nguyên quán" ends here too: "quan")
    if best >= 0.75:
        words = words[cut:]
    else:
        words = words[_label_before_place_word(words) :]
    # junk cut before clean_text turns its signs ("14„;0-") into commas
    text = _fix_place_word(nz.clean_text(_from_place_word(" ".join(words))).strip(" ,.;:"))
    # the street quarter's words with the marks of its first misread ("Tố dân phố 1")
    text = re.sub(r"(?i)\bT[oôốồổỗộ]\s+d[aâấầẩẫậ]n\s+ph[oôốồổỗộ]\b", "Tổ dân phố", text)
    # a comma lost between two units ("Xã Giao Thiện Huyện Giao Thủy")
    text = _commas_between_units(text)
    # unit words misread by a letter, spelled right before the parts are judged readable
    # ("Phurong 8")
    text = ", ".join(_fix_unit_prefix(p.strip()) for p in text.split(","))
    # a comma read as a full stop before a unit ("Huyện Phú Vang. Tỉnh Thừa Thiên Huế",
    # its mark misread too: "Thành phố Vĩnh. Tính Nghệ An")
    text = re.sub(
        r"\.\s*(?=(?:T[iỉĩíìị]nh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Xa|Phường)\s+\w)",
        ", ",
        text,
    )
    text = re.sub(r"(\w+)\.\s+(?=[^\W\d_])", _full_stop_read, text)
    text = _drop_junk_before_units(_drop_what_precedes_address(text))
    text = _drop_what_follows_province(_drop_parts_between_units(text))
    # once more where a label's remains hid the first word ("Placeœ of ;eel@rxce, Bán Nam")
    return _fix_place_word(text)


def _drop_what_follows_province(text: str) -> str:
    """Without parts after a province named with its unit word that name no unit
    ("..., Tỉnh Hải Dương, ngHaDieuv": a neighbouring line's words): an address ends at its
    province."""
    from .address import is_province

    parts = [x.strip() for x in text.split(",")]
    for k in range(len(parts) - 1):
        if re.match(r"(tinh|thanh pho) \w", norm_text(parts[k])) and is_province(parts[k], 0.8):
            if not any(_UNIT_WORD.search(norm_text(x)) for x in parts[k + 1 :]):
                return ", ".join(parts[: k + 1])
    return text


_WARD_START = re.compile(r"(xa|phuong|thi tran) \w")
_DISTRICT_START = re.compile(r"(huyen|quan|thi xa|thanh pho) \w")


def _drop_parts_between_units(text: str) -> str:
    """Without a part between a commune and its district that names no unit ("Xã Bảo Lý,
    Giá nhân, Huyện Phú Bình": a neighbouring label's words read into the line): a
    commune's part is followed by its district's, nothing between."""
    parts = [x.strip() for x in text.split(",")]
    starts = [norm_text(x) for x in parts]
    keep = [
        x
        for k, x in enumerate(parts)
        if not (
            0 < k < len(parts) - 1
            and _WARD_START.match(starts[k - 1])
            and _DISTRICT_START.match(starts[k + 1])
            and not _UNIT_WORD.search(starts[k])
        )
    ]
    return ", ".join(keep)


# a part that starts with a commune's or a district's word, and a larger unit's word and
# name inside it (on the text without marks, lower case)
_PART_OF_UNIT = re.compile(r"(?:xa|phuong|thi tran|huyen|quan|thi xa) \S")
_LARGER_UNIT = re.compile(r" (?=(?:huyen|quan|thi xa|thanh pho|tinh) [a-z])")
# the larger unit's word as read: "Quận" and "Tỉnh" with their marks only (names have
# "Quan", "Tịnh", "Tĩnh": "Xã An Tịnh"), misread ones of the others
_UNIT_WORD_AS_READ = re.compile(r"(?:Huy\w?\w?n|Th\w x\w|Th\w\w?nh ph\w|Quận|Tỉnh|Tinh|Tình|Tính) ")


# a commune after a hamlet or a house's part with no comma between ("Bản 1 Xã Hồng Dụ"):
# the commune's word spelled right, a capital after it
_WARD_RUN_ON = re.compile(r"(?<=[^\W_])\s+(?=(?:Xã|Phường|Thị trấn)\s+[^\W_a-z])")


def _commas_between_units(text: str) -> str:
    """A comma put back between two units run together, their words misread or not ("Xã
    Giao Thiện Huyện Giao Thủy", "Xã Nghin An Huyen Ninh Giang Tình Hải Dương"), and
    between a hamlet and its commune ("Bản 1 Xã Hồng Dụ"), named without its unit word
    ("Thôn 12 Kim Chính, Kim Sơn, Ninh Bình": the hamlet's number, then a name in the
    units' words, two parts at least after it)."""
    from .vocab import HAMLET_WORDS, is_known_word

    parts = text.split(",")
    numbered = re.match(rf"\s*(?:{'|'.join(HAMLET_WORDS)})\s+\d+[A-Z]?(?=\s)", parts[0])
    if numbered and len(parts) >= 3:
        rest = parts[0][numbered.end() :].split()
        if rest and all(w[:1].isupper() and w.isalpha() and is_known_word(w) for w in rest):
            parts[:1] = [numbered.group(0), " " + " ".join(rest)]
    out = []
    for part in parts:
        first = part.split()[0] if part.split() else ""
        run_on = _WARD_RUN_ON.search(part)
        if (
            run_on
            and first not in ("Xã", "Phường", "Thị", "Quận", "Huyện")
            and _starts_with_place_word(part)
            and len(part[: run_on.start()].split()) >= 2  # (a hamlet "Xã Đoài": "Thôn Xã Đoài")
        ):
            part = part[: run_on.start()] + "," + part[run_on.end() - 1 :]
        while True:
            # (the same length as the part, letter for letter, but for stray marks)
            folded = strip_accents(part).lower()
            if len(folded) != len(part) or not _PART_OF_UNIT.match(folded.strip()):
                break
            cut = next(
                (
                    m.start()
                    for m in _LARGER_UNIT.finditer(folded)
                    # not the part's own unit word at its start
                    if folded[: m.start()].strip() and _UNIT_WORD_AS_READ.match(part, m.start() + 1)
                ),
                None,
            )
            if cut is None:
                break
            # (a comma read as a full stop there is no part of the unit's name: "Phong.")
            out.append(re.sub(r"(?<=[^\W\d_])\.\s*$", "", part[:cut]))
            part = " " + part[cut + 1 :]
        out.append(part)
    return ",".join(out)


def _full_stop_read(m: re.Match) -> str:
    """A full stop read after a word, before a capital: an abbreviation's own ("TP. Hồ Chí
    Minh"); a speck inside a unit's name after its first word ("Xã Long. Đức"); else a
    comma ("Thôn Hòa Bình. Lạc Sơn", "Lạc Sơn. Đô Lương", "Phường 8. Đà Lạt")."""
    word, after = m.group(1), m.string[m.end()]
    if word.upper() in _ABBREVIATIONS or not after.isupper():
        return m.group(0)
    from .address import _split_prefix

    part = m.string[: m.start()].rsplit(",", 1)[-1] + word
    name = _split_prefix(part)[1]  # without its unit word ("Xã Long" -> "Long")
    return f"{word} " if len(name.split()) == 1 and not word.isdigit() else f"{word}, "


_GLUED_TO_UNIT = re.compile(
    r"^(?:Kh\S*ng\s+th\S*i\s+)?(\S+?)(?=(?:Tỉnh|Thành phố|Huyện|Quận|Xã|Phường)\b)"
)


def _drop_junk_before_units(text: str) -> str:
    """Without a word or two of junk at the start of a part, before its unit word
    ("..., CAuc Tinh Thữa Thiên Huế", "..., hán Tỉnh Thừa Thiên Huế": a neighbouring
    field's word read into the line) or the province's name."""
    from .address import is_province

    parts = [x.strip() for x in text.split(",")]
    for k in range(len(parts)):
        # the end of a neighbouring value glued to the unit word (the expiry's "Không thời
        # hạnTỉnh Gia Lai", its last word alone in the label's column: "hạnTỉnh")
        glued = _GLUED_TO_UNIT.match(parts[k])
        if glued and glued.group(1)[:1].islower():
            parts[k] = parts[k][glued.end() :]
        words = parts[k].split()
        for n in (1, 2):
            rest = _fix_unit_prefix(" ".join(words[n:]))  # "hán! Hành phố"
            if re.match(r"(tinh|thanh pho)\s", norm_text(rest)):
                # a province's unit word read in lower case ("中业 tĩnh Khánh Hòa"; not
                # "quán", a label's word, like "Quận" but for its marks)
                rest = rest[:1].upper() + rest[1:]
            if (
                len(words) > n + 1
                # junk, or lower-case words no part begins with ("hán Tỉnh": the end of
                # "Không thời hạn" beside it)
                and all(_junk(w) or w[:1].islower() for w in words[:n])
                and rest[:1].isupper()
                and (
                    _UNIT_WORD.match(norm_text(rest))
                    # or the province's name without its unit word, last ("munia Kiên
                    # Giang": "Tỉnh" misread)
                    # (junk only: not its unit word, "TP. Hồ Chí Minh", "tỉnh Kiên Giang")
                    or (
                        k == len(parts) - 1
                        and all(
                            _junk(w) and w.rstrip(".").upper() not in _ABBREVIATIONS
                            for w in words[:n]
                        )
                        and is_province(rest, 0.92)
                    )
                )
            ):
                parts[k] = rest
                break
    return ", ".join(parts)


def _label_before_place_word(words: list[str]) -> int:
    """How many leading words are a badly misread label ("Xa ĐK thường u", "NA Ế VY Vhườwg
    trú", "Mơ O1 trường xá") before a word that starts an address ("Bản 11", "Thủn Bình
    An"): somewhat like a label, with a word no address has or a label's lower-case one,
    no comma, and followed by a place word (or one letter from one), then a number or a
    name. 0 if none."""
    from .vocab import PLACE_WORDS, base

    for n in range(2, min(8, len(words) - 2) + 1):
        if any("," in w for w in words[:n]):
            return 0
        w, nxt = words[n], words[n + 1]
        place = _starts_with_place_word(w) or (
            _junk(w) and any(nz.one_letter_apart(base(p), base(w)) for p in PLACE_WORDS)
        )
        if not place or not (nxt[:1].isdigit() or nxt[:1].isupper()):
            continue
        if not any(_junk(w) or w[:1].islower() for w in words[:n]):
            continue  # the capitalised words of a unit's name, not a misread label
        # the label, or its last words after a neighbouring field's value ("Khổng Thời
        # hán - Ni Thường Trì Ấp 11": "Không thời hạn", then "Nơi thường trú")
        prefixes = [norm_text(" ".join(words[k:n])) for k in range(0, max(1, n - 2))]
        if max(fx._sim(x, lab) for x in prefixes for lab in _ADDRESS_LABELS) >= 0.55:
            return n
    return 0


_YEAR = re.compile(r"(?:19|20)\d\d")  # a year, of a neighbouring date read into the line
# other fields' labels read into an address's line ("Giới tính: Nữ Quốc tịch: Việt Nam, ...")
_OTHER_LABELS = ("gioi tinh", "quoc tich", "ngay sinh", "dan toc", "ho va ten", "co gia tri den")


def _drop_what_precedes_address(text: str) -> str:
    """Without what precedes an address that is not of it: a first part that is an English
    label half ("Piace 6i reskldenee, Số 282"); leading parts that hold another field's
    label or are mostly unreadable, before a part that starts like an address ("( Quán
    ⁄Gín ý 09467, Thôn Tây", "0£ O/, £c64efscếc, Thôn 9"); signs read before its first
    word ("(l2 @⁄ø ® #* Ngọc Hà, ..."): what is left of a misread label or line; the
    nationality's value with its label."""
    from .vocab import is_known_word

    parts = [x.strip() for x in text.split(",")]
    letters = re.sub(r"[^a-z ]", "", norm_text(parts[0])).strip()
    english = [lab for lab in _ADDRESS_LABELS if lab.startswith("place")]
    if len(parts) > 1 and parts[1] and max(fx._sim(letters, lab) for lab in english) >= 0.6:
        parts = parts[1:]
    if len(parts) >= 4 and letters.endswith("viet nam"):
        parts = parts[1:]  # the nationality above, read into the line ("Quế. Tịch: Việt Nam")
    elif len(parts) >= 4 and letters == "nam" and _WARD_START.match(norm_text(parts[1])):
        parts = parts[1:]  # ... its last word only, or the sex's ("Nam, Xã Phước Lý, ...")
    if len(parts) >= 4 and _label_remains(parts[0]):
        parts = parts[1:]
    short = re.sub(r"\W", "", parts[0])
    if len(parts) >= 4 and len(short) <= 2 and not re.fullmatch(r"\d{1,2}|\d?[A-Z]", short):
        # a sign or two of a label read as a part ("2x, Chánh Nghĩa, ..."; not a house
        # number: "12, Lê Lợi, ...")
        parts = parts[1:]
    # the first words signs, then the first parts unreadable or labelled, before a part
    # that starts like an address (two parts of it at least staying)
    for k in range(min(4, len(parts) - 2) + 1):
        words = parts[k].split()
        if len(words) > 1 and _YEAR.fullmatch(words[0]) and _starts_with_place_word(words[1]):
            words = words[1:]  # a neighbouring date's year before "Bản 1"
            parts[k] = " ".join(words)
        lead = 0
        while (
            lead < len(words) - 1
            and (
                _junk(words[lead])
                # a lower-case word after junk, the rest of a label ("%gusác quai Tân Kim")
                or (lead and words[lead][:1].islower() and not _starts_with_place_word(words[lead]))
            )
        ):
            bare = re.sub(r"\W", "", words[lead])
            if _UNIT_WORD.fullmatch(norm_text(bare)) or _starts_with_place_word(bare):
                break  # a unit or place word with a sign read into it ("“Tinh", '"Tổ')
            if len(bare) > 2 and _starts_with_place_word(bare[1:]) and not is_known_word(bare):
                words[lead] = bare[1:]  # ... or a letter ("FẤp")
                parts[k] = " ".join(words)
                break
            lead += 1
        rest = words[lead:]
        if (
            lead
            and (
                any(_unreadable_signs(w) for w in words[:lead])
                # a place word after a misread label ('Cogacon "Tổ dân phố 35')
                or _starts_with_place_word(re.sub(r"^\W+", "", rest[0]))
                # a unit's name after a misread label ("Nay quýa Hiệp Thạnh")
                or (
                    len(rest) >= 2
                    and all(len(w) > 1 for w in words[:lead])  # not "Ô Chợ Dừa"
                    and all(w[:1].isupper() and not _junk(w) for w in rest)
                )
            )
        ):
            parts[k] = " ".join([re.sub(r"^\W+", "", rest[0]), *rest[1:]])
        head = parts[k].split()
        if k and head and (_starts_with_place_word(parts[k]) or not _junk(head[0])):
            return ", ".join(parts[k:])
        if not words or not (
            _unreadable(parts[k]) or _labelled(parts[k]) or _YEAR.fullmatch(parts[k])
        ):
            break
    return ", ".join(parts)


def _label_remains(part: str) -> bool:
    """A first part of an address that is what is left of its label: the label's last
    letters ("sê" of "Quê quán", "Ve") or last word ("Nơi 14/014 trụ"), or words with none
    capitalised as a part's first word is ("1é V sê sê"), no house number of their own and
    no word before a number (a place word in lower case or a letter lost: "số 12", "hôn 9")."""
    words = part.split()
    letters = re.sub(r"[^a-z ]", "", norm_text(part)).split()
    if len(words) == 1 and len("".join(letters)) <= 2:
        return not re.search(r"\d", part) and not _starts_with_place_word(part)
    if len(words) >= 2 and letters[-1:] == ["tru"]:
        return True
    if len(letters) == 2 and all(_like_label_word(w, ("que", "quan")) for w in letters):
        # "Quê quán" itself, its letters misread ("Quả quế"; not a place's name spelled
        # as places are: "Quý Quân", "Xuân Quan")
        from .address import _spelled_as_places

        return not _spelled_as_places(part, min_count=5)
    return not (
        any(w[:1].isupper() and len(w) >= 2 for w in words)
        or re.fullmatch(r"\d[\w/\-]{0,5}", part)
        or _starts_with_place_word(part[:1].upper() + part[1:])
        or (len(words) == 2 and words[1][:1].isdigit() and words[0].isalpha())
    )


def _like_label_word(word: str, label_words: tuple[str, ...]) -> bool:
    return any(word == w or nz.one_letter_apart(word, w) for w in label_words)


def _unreadable(part: str) -> bool:
    words = part.split()
    return bool(words) and 2 * sum(map(_junk, words)) >= len(words)


def _labelled(part: str) -> bool:
    """Whether the part holds another field's label (accent-free, a letter or two off)."""
    ws = re.sub(r"[^a-z ]", " ", norm_text(part)).split()
    for lab in _OTHER_LABELS:
        n = len(lab.split())
        if any(fx._sim(" ".join(ws[i : i + n]), lab) >= 0.8 for i in range(len(ws) - n + 1)):
            return True
    return False


def _unreadable_signs(word: str) -> bool:
    """Signs or digits inside letters: no word of an address looks so ("@⁄ø", "Agry2é")."""
    w = word.strip(",.;:")
    if re.fullmatch(r"[A-Z]?\d[\d/\-]*[A-Za-z]?", w):
        return False  # a number ("9/4", "12A", "K20")
    return bool(re.search(r"[^\w/\-]", w) or (re.search(r"\d", w) and re.search(r"[^\W\d_]", w)))


def _starts_with_place_word(text: str) -> bool:
    from .vocab import is_place_word

    first = text.split()[0] if text.split() else ""
    return first[:1].isupper() and is_place_word(first)


def _junk(word: str) -> bool:
    """Not a word of an address: signs no address has, or letters no known word has."""
    from .vocab import is_known_word

    w = word.strip(",.;:")
    if re.fullmatch(r"[A-Z]?\d[\d/\-]*[A-Za-z]?", w):
        return False  # a number ("9/4", "12A", "K20")
    if re.search(r"[^\w/\-]", w) or re.search(r"\d", w):
        return True
    if len(w) < 2:
        # no word of an address is a single letter, but for a capital vowel with marks
        # ("Chư Á", "Ô Chợ Dừa")
        return not (w.isupper() and not w.isascii() and is_known_word(w))
    return not is_known_word(w)


def _from_place_word(text: str) -> str:
    """An address starts at its first place word ("Xóm", "Phường", "Số", ...) when what
    precedes it is unreadable ("Øu£ quaa Phường 17" -> "Phường 17")."""
    words = text.split()
    for k, w in enumerate(words[:7]):
        if _starts_with_place_word(w):
            lead = words[:k]
            # (or in lower case, a label's or a neighbouring value's remains: "hán Thôn 6"
            # after "Không thời hạn"; not a place word read in lower case: "số 12")
            lower = all(x[:1].islower() for x in lead) and not any(
                _starts_with_place_word(x.capitalize()) for x in lead
            )
            # (or the expiry's value beside it, "Khổng Thời hán Xóm 2")
            expiry = fx._sim(norm_text(" ".join(lead)), "khong thoi han") >= 0.75
            if k and (any(_junk(x) for x in lead) or lower or expiry):
                words = words[k:]
            break
        if w.endswith(","):
            break  # only within the first part
    return " ".join(words)


def _fix_place_word(text: str) -> str:
    """A first word one letter from a place word and known to no vocabulary is that word
    ("Kóm Bình An" -> "Xóm Bình An", "Ñp 10" -> "Ấp 10"); so is one with a place word's
    letters, or one letter from them, before a number, and one with its letters and no
    name's before a name, or one letter from them and hardly a unit's word before the
    commune ("Phôn Hạ, Tứ Xã" -> "Thôn Hạ")."""
    from .vocab import PLACE_WORDS, letters_count

    words = text.split()
    if len(words) > 1 and _junk(words[0]) and not re.search(r"\d", words[0]):
        # (an S read as "§": "§ô 132"; a comma read as a full stop: "XÓN. Nam")
        near = _place_words_like(re.sub(r"^[§$]", "S", words[0]).rstrip("."))
        if len(near) == 1:
            words[0] = near[0]
    elif (
        len(words) > 1
        and re.fullmatch(r"\d+[A-Z]?(?:/\d+)?,?", words[1])  # a number, not "1lyường"
        and words[0] not in PLACE_WORDS
    ):
        # before a number, a place word's letters with other marks are that word ("Tố 27",
        # "Bán 12" -> "Tổ 27", "Bản 12"), else the one place word one letter from them
        # ("Tuôn 1" -> "Thôn 1")
        same = _place_words_like(words[0])
        if len(same) == 1:
            words[0] = same[0]
    elif (
        len(words) > 1
        and words[0][:1].isupper()  # not "phố Đà Nẵng", the end of "Thành phố"
        and words[1][:1].isupper()
        and words[0] not in PLACE_WORDS
    ):
        # before a name, a place word's letters with other marks that no name has ("Bán
        # Tây" -> "Bản Tây"; "Tô Hiến Thành" is a street)
        from .names import _tables, base

        same = [w for w in PLACE_WORDS if base(w) == base(words[0])]
        if not same and _below_commune(text) and letters_count(words[0]) <= RARE_WORD:
            # a word one letter from a place word, which the units' names hardly know,
            # before the commune ("Phôn Hạ, Tứ Xã, ..." -> "Thôn Hạ")
            same = [w for w in PLACE_WORDS if nz.one_letter_apart(base(w), base(words[0]))]
        if len(same) == 1 and words[0].upper() not in _tables()[2]:
            words[0] = same[0]
    return " ".join(words)


RARE_WORD = 2  # occurrences in the units' names: "Phòn", "Phồn" once each; "Kho" 4


def _below_commune(address: str) -> bool:
    """The address's first part is a hamlet or a street's, below the commune: four parts
    or more, or a commune named with its unit word next ("Bản Thượng, Xã Lạng Giang")."""
    parts = address.split(",")
    return len(parts) >= 4 or (
        len(parts) >= 2 and re.match(r"\s*(?:Xã|Phường|Thị trấn)\s", parts[1]) is not None
    )


def _place_words_like(word: str) -> list[str]:
    """The place words with the word's letters, whatever its marks; else those one letter
    from them; else those with one letter more ("hôn" for "Thôn") or, of three letters
    or more, one less ("Cụma" for "Cụm"); else those whose "m" was read as two letters
    ("Xótn", "Xóra" for "Xóm")."""
    from .address import _one_letter_more
    from .vocab import PLACE_WORDS, base

    b = base(word)
    m_read = re.sub(r"(?<=.)(RN|TN|IN|NN|RA)$", "M", b)  # an "m" read as two letters: "Xótn"
    return (
        [w for w in PLACE_WORDS if base(w) == b]
        or [w for w in PLACE_WORDS if nz.one_letter_apart(base(w), b)]
        or [w for w in PLACE_WORDS if _one_letter_more(base(w), b)]
        or [w for w in PLACE_WORDS if len(base(w)) >= 3 and _one_letter_more(b, base(w))]
        or [w for w in PLACE_WORDS if m_read != b and base(w) == m_read]
    )


def _address_groups(doc: Document) -> list[tuple[str, list[int], float, int]]:
    """Rows that read as addresses (unit words, a province at the end), a line that does not
    end with a province joined with the next: [(text, box, confidence, index of the first
    row)] top to bottom."""
    out = []
    pending: list = []
    taken = -1
    for i, row in enumerate(doc.rows):
        if i == taken:
            continue
        text = _strip_label(row.text)  # without a label or a neighbouring field's date
        n = norm_text(row.text)
        if (
            any(t in n for t in _NOT_ADDRESS)
            or sum(c.isdigit() for c in text) > 8
            or _A_DATE.search(text)  # the birth date's line ("#ính ngày ] 5-14-1993")
            or re.search(r"viet\s*nam\W*$", n)  # the nationality's ("Quế. tịch: Việt Nam")
        ):
            pending = []
            continue
        if not pending and len(_UNIT_WORD.findall(norm_text(text))) < 1:
            # an address starts with a unit, a place word ("Số 41/34 ...", "Thôn Trung"),
            # or is all on one line ending with a province
            if not (_ends_with_province(text) and "," in text) and not (
                _starts_with_place_word(text) and re.search(r"[,\d]", text)
            ):
                continue
        pending.append((text, row, i))
        joined = fx.join_address_lines([t for t, _, _ in pending])
        if _ends_with_province(joined) or len(pending) == 3:
            if _ends_with_province(joined):
                nxt = doc.rows[i + 1].text if i + 1 < len(doc.rows) else ""
                if row.text.rstrip().endswith(",") and _province_below(joined, nxt):
                    # the line was printed ending with a comma: its last unit was a city
                    # of the province below ("..., Nam Định," / "Nam Định")
                    pending.append((nz.clean_text(nxt).strip(" ,."), doc.rows[i + 1], i + 1))
                    joined = fx.join_address_lines([t for t, _, _ in pending])
                    taken = i + 1
                box = fx.union_box([b.obox for _, rw, _ in pending for b in rw.boxes])
                conf = min(b.conf for _, rw, _ in pending for b in rw.boxes)
                joined = _drop_what_precedes_address(re.sub(r"\s*,\s*,", ",", joined))
                # (the box the address starts in: not a date left of it)
                start = norm_text(joined.split(",")[0])[:4]
                first_box = next(
                    (b for b in pending[0][1].boxes if start and start in b.norm), None
                )
                if first_box is not None and first_box.crop is not None:
                    joined = _house_number_by_second_reading(joined, first_box)
                out.append((joined, box, conf, pending[0][2]))
            pending = []
    return out


def _addresses_by_content(r: SideResult, doc: Document, keys: tuple[str, str]) -> None:
    """Addresses whose labels could not be read: the address-like lines in reading order
    (front: place of origin, then residence; 2024 back: residence, then place of birth).
    An address read after its label that is only the end of such lines (the label's column
    cut the rest off) becomes the whole of them."""
    found = _address_groups(doc)
    for k in keys:
        v = norm_text(r.value(k))
        for text, box, conf, _ in found:
            longer = norm_text(text)
            if v and longer != v and longer.endswith(v) and "," not in v:
                r.set(k, text, min(conf, r.fields[k].confidence), box)
                break
    if all(r.value(k) for k in keys):
        return
    known = [norm_text(r.value(k)) for k in keys if r.value(k)]

    # not the address already read (two addresses in one district are alike, not the same:
    # a hamlet before the same commune makes another) nor a part of it (its last line,
    # found alone: "Huyện Chợ Gạo, Tỉnh Tiền Giang"); of the groups like it, only the
    # likest is it (the place of origin "Xã Sen Thủy, ..." is a part of the residence
    # "Ấp Quyết Thắng, Xã Sen Thủy, ..." printed below it)
    def letters(text: str) -> str:
        return re.sub(r"[^a-z]", "", norm_text(text))

    def same(group: str, text: str) -> bool:
        if letters(group) in letters(text):
            return True
        first = [t.split(",")[0] for t in (norm_text(group), text)]
        return fx._sim(norm_text(group), text) >= 0.8 and fx._sim(*first) >= 0.7

    groups = list(found)
    for text in known:
        alike = [g for g in groups if same(g[0], text)]
        if alike:
            groups.remove(max(alike, key=lambda g: fx._sim(norm_text(g[0]), text)))
    if all(not r.value(k) for k in keys):
        pairs = list(zip(keys, groups, strict=False))
        if len(groups) == 1 and "address" in keys and _after_residence_label(doc, groups[0][3]):
            pairs = [("address", groups[0])]
    else:
        missing = keys[0] if not r.value(keys[0]) else keys[1]
        pairs = [(missing, groups[0 if missing == keys[0] else -1])] if groups else []
    for k, (text, box, conf, _) in pairs:
        r.set(k, text, conf * 0.7, box)


def _after_residence_label(doc: Document, first_row: int) -> bool:
    """The address lines from `first_row` follow what is left of a residence label
    ("thường trì ( Ÿf0e tế"), or start with it."""
    rows = doc.rows[max(0, first_row - 1) : first_row + 1]
    return any(re.search(r"thuong\s*tr|cu\s*tru|residence|dkhk", norm_text(r.text)) for r in rows)


def _canon_choice(r: SideResult, key: str) -> None:
    from .vocab import ETHNIC_GROUPS, RELIGIONS, closest_choice

    f = r.fields.get(key)
    if f is None or not isinstance(f.value, str):
        return
    opts = ETHNIC_GROUPS if key == "dantoc" else RELIGIONS
    f.value = closest_choice(f.value, opts)


# a mark's size, "C:1cm", "C: 2,5 cm" (also misread: "C-1cm", "C:2,Scm", "C:2cmn", "C:1em")
_MARK = re.compile(r"\bc\s*[:;.\-¿]?\s*\d+(?:[.,\s][\dso])?\s*z?[ceos]{1,2}[mn]{1,2}a?\b")


def _marks_by_content(r: SideResult, doc: Document) -> None:
    """Identifying marks when their caption was unreadable: the rows that give a size
    ("C:1cm", "C: 2,5 cm") the way every mark on these cards is described."""
    from .vocab import fit_mark

    picked = [row for row in doc.rows if _MARK.search(norm_text(row.text))]
    if not picked:
        # the size misread too ("Czcm"): a row that reads as a mark's whole description
        picked = [row for row in doc.rows if fit_mark(row.text)][:1]
    if not picked:
        _mark_by_second_reading(r, doc)
        return
    picked = picked[:2]
    below = doc.rows.index(picked[-1]) + 1
    if below < len(doc.rows) and _is_side_word(doc.rows[below].text):
        picked.append(doc.rows[below])  # the description's side, wrapped onto a line
    text = _clean_marks(" ".join(row.text for row in picked))
    box = fx.union_box([b.obox for row in picked for b in row.boxes])
    conf = min((b.conf for row in picked for b in row.boxes), default=0.5) * 0.8
    r.set("dauvet", text, conf, box)


def _mark_by_second_reading(r: SideResult, doc: Document) -> None:
    """A mark whose size Tesseract lost ("Nột ruôi €:2.Wcm trước tai trái"), fitted with
    PP-OCR's reading of the same line ("N6truoic2.5cm truoc tal trai"), which keeps digits:
    of the first few rows with a digit that are no date nor MRZ."""
    from . import recognizer as rz
    from .vocab import fit_mark

    rows = [
        row
        for row in doc.rows
        # (or a size's shape with no digit left: "Nết ruối C:Ìcm cạnh múi phải")
        if (
            re.search(r"\d", row.text)
            or re.search(r"\bc\s*[:;.]\s*\S{1,3}cm\b", norm_text(row.text))
        )
        and "<" not in row.text
        and not nz.parse_date(row.text)
    ]
    for row in rows[:MARK_ROWS_READ_AGAIN]:
        second = " ".join(rz.read_line_pp(b.crop).text for b in row.boxes if b.crop is not None)
        fitted = fit_mark(row.text, second)
        if fitted:
            box = fx.union_box([b.obox for b in row.boxes])
            conf = min((b.conf for b in row.boxes), default=0.5) * 0.7
            r.set("dauvet", fitted, conf, box)
            return


MARK_ROWS_READ_AGAIN = 3  # PP-OCR costs ~35 ms a line: a back's first rows with digits


def _is_side_word(text: str) -> bool:
    """A line that is only a side, "trái" or "phải" (or one letter off one of them: "phat")."""
    w = norm_text(text).strip(" .,")
    sides = [s for s in ("trai", "phai") if w == s or nz.one_letter_apart(w, s)]
    return len(sides) == 1


def _choice_by_content(r: SideResult, doc: Document, key: str) -> None:
    """Ethnicity / religion when the label was unreadable: a row whose value is one."""
    from .vocab import ETHNIC_GROUPS, RELIGIONS, choice_in_rows

    if r.value(key):
        return
    i, v = choice_in_rows(
        [row.text for row in doc.rows], ETHNIC_GROUPS if key == "dantoc" else RELIGIONS
    )
    if not v:
        # PP-OCR's accent-free reading ("Dan roe Kinh" where Tesseract read "8đn róc: Rình")
        i, v = choice_in_rows(
            [" ".join(b.alt for b in row.boxes) for row in doc.rows],
            ETHNIC_GROUPS if key == "dantoc" else RELIGIONS,
        )
    if v:
        row = doc.rows[i]
        box = fx.union_box([b.obox for b in row.boxes])
        r.set(key, v, min((b.conf for b in row.boxes), default=0.5) * 0.8, box)


def _read_sex(r: SideResult, infos) -> None:
    from . import recognizer as rz

    v = fx.find_field(infos, "sex", max_follow=1, accept=lambda s: bool(nz.parse_sex(s)))
    if v and nz.parse_sex(v.text):
        r.set("sex", nz.parse_sex(v.text), v.conf, v.box)
        return
    # second opinion: the Vietnamese line recogniser on the label's box
    for info in infos:
        for m in info.labels:
            if m.field != "sex":
                continue
            b = info.toks[m.start].box
            if b.crop is None:
                continue
            a = rz.read_line_aster(b.crop) or ""
            n = norm_text(a)
            k = max(n.rfind("sex"), n.rfind("tinh"))
            seg = a[k + 3 :] if k >= 0 else a
            seg = re.split(r"(?i)qu[oố]c|nation", seg)[0]
            sx = nz.parse_sex(seg)
            if sx:
                r.set("sex", sx, b.conf * 0.8, b.obox)
                return


def _first_reading(doc: Document, test):
    """(text, confidence, box) of the first line reading that passes `test`: Tesseract's
    readings of every line first, then PP-OCR's (made only when they are needed)."""
    boxes = [b for row in doc.rows for b in row.boxes]
    for second in (False, True):
        for b in boxes:
            text, conf = (b.alt, b.alt_conf) if second else (b.text, b.conf)
            if text and test(text):
                return text, conf, b
    return None


def _is_issue_date_line(text: str) -> bool:
    """ "Ngày 10 tháng 09 năm 2019" (not a birth date)."""
    n = norm_text(text)
    # "Ngày" also misread ("Ngy13")
    dated = "ngay" in n or re.search(r"\bng[a-z]{0,2}\s*\d|th[a-z]{2,4}\s*\d", n)
    return bool(dated) and "sinh" not in n and bool(nz.parse_date(text))


def _is_nationality(text: str) -> bool:
    """ "Việt Nam" on a line other than the national motto."""
    n = norm_text(text)
    if any(t in n for t in ("cong hoa", "chu nghia", "socialist", "republic")):
        return False
    return re.search(r"viet\s*nam\b", n) is not None


def _fix_quoctich(s: str) -> str:
    n = norm_text(s)
    if "viet" in n or "nam" in n:
        return "Việt Nam"
    return nz.clean_text(s)


def _fix_sex_value(s: str) -> str:
    return nz.parse_sex(s)


def read_front(r: SideResult, doc: Document, infos) -> None:
    if not r.value("id"):
        _read_id(r, infos, (9, 12) if r.card_type == "9_id_card_front" else (12, 9))
    _read_name(r, infos)
    _read_date_field(r, infos, "born", "born", fits=_born_rule(r))
    _read_sex(r, infos)
    v = fx.find_field(infos, "quoctich", max_follow=1)
    if v:
        r.set("quoctich", _fix_quoctich(v.text), v.conf, v.box)
    elif r.card_type in ("cccd_front", "chip_id_card_front", "id_card_2024_front"):
        # the label unreadable: the value is all but always "Việt Nam"
        found = _first_reading(doc, _is_nationality)
        if found:
            r.set("quoctich", "Việt Nam", found[1] * 0.8, found[2].obox)
    if (
        r.card_type in ("cccd_front", "chip_id_card_front", "id_card_2024_front")
        and r.value("quoctich") != "Việt Nam"
    ):
        # a citizen identity card is a Vietnamese citizen's (Law on Identification): its
        # nationality unread or garbled ("Nationatity. VÌ€") is Việt Nam, said to be derived
        f = r.fields.get("quoctich")
        r.set("quoctich", "Việt Nam", 0.5, f.box if f else None, "derived")
    if r.card_type in ("9_id_card_front", "12_id_card_front"):
        _read_simple(r, infos, "dantoc")
        _canon_choice(r, "dantoc")
        _choice_by_content(r, doc, "dantoc")
    if r.card_type != "id_card_2024_front":
        _read_multiline(r, infos, "country")
        _read_multiline(r, infos, "address")
        _read_date_field(r, infos, "duedate", "duedate", allow_no_expiry=True, fits=_expiry_rule(r))
    if r.card_type == "id_card_2024_front":
        for k in ("country", "address"):
            r.fields.pop(k, None)
    with_expiry = r.card_type not in ("9_id_card_front", "id_card_2024_front")
    if r.card_type != "id_card_2024_front":
        _addresses_by_content(r, doc, ("country", "address"))
    _dates_by_content(r, doc, ("born", "duedate") if with_expiry else ("born",))
    _born_by_id_year(r, doc)
    _born_year_one_digit_off(r, doc)
    if with_expiry:
        _no_expiry_by_content(r, doc)
        _expiry_by_age(r)
        _expiry_year_by_age(r)


# a date's day and month, then what was read of its year ("26/08/192M")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\w{3,4})(?!\w)")


def _born_by_id_year(r: SideResult, doc: Document) -> None:
    """No birth date read, its year misread ("26/08/192M") on the birth date's row: the day
    and month read with the year the 12-digit number gives (its century digit and the
    year's last two digits), when of the year's digits read two agree with it and at most
    one does not. Said to be derived."""
    year = ck.birth_year_of_id(r.value("id"))
    if r.value("born") or year is None:
        return
    for b, d, mo, read in _birth_row_dates(doc, r"sinh|birth"):
        read = read.rjust(4)
        pairs = [(x, y) for x, y in zip(read, str(year), strict=True) if x.isdigit()]
        off = sum(x != y for x, y in pairs)
        if len(pairs) - off >= 2 and off <= 1 and nz.valid_date(d, mo, year):
            r.set("born", f"{d:02d}/{mo:02d}/{year}", 0.5 * b.conf, b.obox, "derived")
            return
    # its label unreadable too: the digits of a date whose slashes were read as ones or
    # lost ("NoyDo051021985" for Ngày sinh: 05/02/1985), ending in that year
    for row in doc.rows:
        for b in row.boxes:
            for text in (b.text, b.alt):
                for run in re.findall(r"(?<!\d)\d{8,10}(?!\d)", text or ""):
                    day_month = _day_month_before(run, year)
                    if day_month:
                        born = f"{day_month[0]:02d}/{day_month[1]:02d}/{year}"
                        r.set("born", born, 0.4 * b.conf, b.obox, "derived")
                        return


def _born_year_one_digit_off(r: SideResult, doc: Document) -> None:
    """No birth date read, one on the birth date's row with an impossible year ("Sinh ngày
    20/07/1062"): the day and month with the one year a digit away that a holder can have
    been born in (1900 to 14 years ago, the age a card is first issued at). Derived."""
    if r.value("born"):
        return
    latest = dt.date.today().year - 14
    # ("Xinh ngay": the label misread too)
    for b, d, mo, read in _birth_row_dates(doc, r"sinh|birth|ngay"):
        if not read.isdigit() or len(read) != 4 or 1900 <= int(read) <= latest:
            continue
        years = [int(y) for y in _years_one_digit_off(read)]
        years = [y for y in years if 1900 <= y <= latest and nz.valid_date(d, mo, y)]
        if len(years) == 1:
            r.set("born", f"{d:02d}/{mo:02d}/{years[0]}", 0.4 * b.conf, b.obox, "derived")
            return


def _birth_row_dates(doc: Document, label: str):
    """(box, day, month, the year as read) of each date on a row whose text matches
    `label` (accent-free), in both recognisers' readings."""
    for row in doc.rows:
        if not re.search(label, norm_text(row.text)):
            continue
        for b in row.boxes:
            for text in (b.text, b.alt):
                m = _DAY_MONTH.search(text or "")
                if m:
                    yield b, int(m.group(1)), int(m.group(2)), m.group(3)


def _day_month_before(digits: str, year: int) -> tuple[int, int] | None:
    """(day, month) of a date read as digits alone, its slashes read as "1" or "7" or lost
    ("051021985": 05/02/1985), when `digits` end in `year` and only one day and month can
    be read before it; else None."""
    if not digits.endswith(str(year)):
        return None
    head, found = digits[:-4], set()
    for first in ("", "1", "7"):
        for second in ("", "1", "7"):
            if len(head) != 4 + len(first) + len(second):
                continue
            if head[2 : 2 + len(first)] != first or not head.endswith(second):
                continue
            d, mo = int(head[:2]), int(head[2 + len(first) : 4 + len(first)])
            if nz.valid_date(d, mo, year):
                found.add((d, mo))
    return found.pop() if len(found) == 1 else None


def _expiry_by_age(r: SideResult) -> None:
    """No expiry read on a citizen card: the one the law gives a holder of that birth date
    (the birthday at 25, 40 or 60), when it is the same on any day of the years that kind
    of card was issued. Said to be derived; it is not checked against the rule it came
    from."""
    born = nz.date_obj(r.value("born"))
    if r.value("duedate") or born is None:
        return
    due = ck.expiry_by_age(r.card_type, born)
    if due:
        r.set("duedate", due, 0.5 * r.fields["born"].confidence, None, "derived")


def _expiry_year_by_age(r: SideResult) -> None:
    """An expiry read with the birth date's day and month but a year one digit off the one
    the law gives (the birthday at 25, 40 or 60, the same on any day of the years that
    kind of card was issued: "31/07/2033" for 31/07/2039, born in 1999): that year, when
    the birth year is the 12-digit number's. Said to be derived."""
    born, due = nz.date_obj(r.value("born")), nz.date_obj(r.value("duedate"))
    if born is None or due is None or (due.day, due.month) != (born.day, born.month):
        return
    if ck.birth_year_of_id(r.value("id")) != born.year:
        return  # (the birth year misread, its day and month as likely: no telling)
    want = ck.expiry_by_age(r.card_type, born)
    if want and nz.one_letter_apart(want, r.value("duedate")):
        f = r.fields["duedate"]
        r.set("duedate", want, 0.5 * f.confidence, f.box, "derived")


def _no_expiry_by_content(r: SideResult, doc: Document) -> None:
    """No expiry read, its label unreadable: "Không thời hạn" printed on some line."""
    if not r.value("duedate"):
        found = _first_reading(doc, _no_expiry)
        if found:
            r.set("duedate", NO_EXPIRY, 0.6, found[2].obox)


def _born_rule(r: SideResult):
    """What the birth date's year must be, given the 12-digit number read (its century
    digit and the year's last two digits): `fits(date)`, or None."""
    year = ck.birth_year_of_id(r.value("id"))
    if year is None:
        return None
    return lambda d: _year(d) == year


def _expiry_rule(r: SideResult):
    """What a citizen card's expiry must be, given the birth date read: `fits(date)`, or
    None (no birth date, or a card without the rule)."""
    born = nz.date_obj(r.value("born"))
    if born is None or r.card_type not in ("cccd_front", "chip_id_card_front"):
        return None
    return lambda d: ck.expiry_fits_age(r.card_type, born, d)


def _names_province(authority: str) -> bool:
    """ "CA TỈNH X" / "CA THÀNH PHỐ X": whether X is a whole province's name."""
    from .address import is_province

    place = re.sub(r"^C\s*A\b\W*", "", authority.strip())
    return bool(place) and is_province(place, 0.85)


def _noicap_rows(doc: Document) -> tuple[str, list[int] | None, float]:
    from .vocab import canonical_authority

    rows = doc.rows
    for i, row in enumerate(rows):
        n = norm_text(row.text)
        if "cuc truong" in n or re.search(r"\bcuc (canh sat|quan ly)", n):
            parts = [row]
            j = i + 1
            while j < len(rows) and len(parts) < 3:
                nn = norm_text(rows[j].text)
                if _upperish(rows[j].text) and not re.search(r"\d", rows[j].text) and len(nn) > 3:
                    parts.append(rows[j])
                    j += 1
                else:
                    break
            text = " ".join(p.text for p in parts)
            text = re.sub(r"^.*?(C[ỤU]C\s+TR)", r"\1", text)
            box = fx.union_box([b.obox for p in parts for b in p.boxes])
            return (
                nz.clean_text(text).upper(),
                box,
                sum(b.conf for p in parts for b in p.boxes)
                / max(1, sum(len(p.boxes) for p in parts)),
            )
        m = re.search(r"giam\s*doc", n)
        if m or re.search(r"ca[\s\-.:]*(tinh|thanh pho|tp)\b", n) or fx.names_cmnd_signer([n]):
            # "GIÁM ĐỐC CA TỈNH X" -> "CA TỈNH X"
            t = row.text
            mm = re.search(r"C\s*A[\s\-.:]*(T[ỈIÍĨ]NH|TH[ÀA]NH PH[ỐO]|TP)", t.upper())
            t2 = t.upper()[mm.start() :] if mm else re.sub(r"^.*?\bC\s*A\b", "CA", t, flags=re.S)
            t2 = nz.clean_text(t2).upper()
            if i + 1 < len(rows) and not _names_province(t2):
                # the province wrapped to the next line ("CA THÀNH / PHỐ HỒ CHÍ MINH")
                joined = (t2 + " " + nz.clean_text(rows[i + 1].text).upper()).strip()
                # (or "CA THÀNH" whose "PHỐ" begins the next line, misread: "PHỔÔ-HÁI")
                if (
                    len(norm_text(t2)) < 8
                    or norm_text(t2).endswith("thanh")
                    or _names_province(joined)
                ):
                    t2 = joined
            return t2, row.boxes[0].obox, row.boxes[0].conf
        if re.search(r"\bdoc\s+ca\b", n):
            # the signer's title half read, "TỈNH" too: "AM ĐÓC CA TM HÀ NAM"
            t = canonical_authority(row.text)
            if _names_province(t):
                return t, row.boxes[0].obox, row.boxes[0].conf
        if "bo cong an" in n:
            b = row.boxes[0]
            return "BỘ CÔNG AN", b.obox, b.conf
    return "", None, 0.0


_FINGER = re.compile(
    r"(ng[oóô]n\s*tr[oỏô]\s*(tr[aá]i|ph[aả]i)|left index finger|right index finger)", re.I
)


def _clean_marks(text: str) -> str:
    from .vocab import MARK_SIZE, fit_mark, fix_mark_words, fix_words, mark_well_read

    t = _drop_finger_captions(text)
    # the issue-date line below, read into the marks ("... trái gáy 19 thắng 10 nânn 2013"):
    # no mark has a year; the word before the date is its "Ngày" misread, unless a word a
    # mark ends with ("... bên trái 14 tháng 06 năm 2019": "Ngày" lost)
    t = re.sub(
        r"(?:(\S+)\s+)?\d{1,2}\D{1,12}?\d{1,2}\D{1,12}?\d{4}.*$",
        lambda m: m.group(1) if m.group(1) and m.group(1).lower() in _MARK_ENDS else "",
        t,
    )
    t = nz.clean_text(t)
    # the issue date's label below, read into the marks ("... trải Ngây, Thắng, TRÀ ¿ Date,
    # mvonnth"): no mark has it (the text is NFC: one letter folds to one letter)
    label = re.search(r"\bngay\W+thang\b|\bdate\W+month", strip_accents(t).lower())
    t = t[: label.start()].rstrip(" ,") if label else t
    t = re.sub(r"([C€]):\s*[Zz](?=\s*[,.]?\d*\s*cm)", r"\1:2", t)  # "C:Zcm"
    # the unit misread: "1em", "2cem", "5Sem", "2zcm", "1ơm", "2cmn", "1cma", "5crm", "2On"
    t = re.sub(r"(\d)\s*z?[ecéơSr]{1,2}[mn]{1,2}a?\b|(?<=C:)(\d(?:,\d)?)On\b", r"\1\2cm", t)
    t = re.sub(r"C[:;]\s*[Ll1I|†]\s*[ecé]m\b", "C:1cm", t)  # "C: Lem", "C;†em"
    t = re.sub(r"\bC[zZ](?=\d[\d,.]*\s*cm)", "C:", t)  # the colon read "z": "Cz1cm"
    t = re.sub(r"[C€©Ç]\s*[:;]\s*[lI|](?=\s*cm)", "C:1", t)  # "€:lcm"
    t = re.sub(r"C:\s*[†tiI|l](?=\s*[,.]?\d*\s*cm)", "C:1", t)  # "C:icm"
    t = re.sub(r"\bC(?=\d[\d,.]*\s*cm)", "C:", t)  # the colon lost: "C2,5cm"
    # "€C:", "©:", "C-", "c:", "C:;", "C¡"
    t = re.sub(r"(?:€C|[C€©Çc])\s*[:;\-¿¡]{1,2}\s*(?=\d)", "C:", t)
    # "C:0 5cm", "C:0.5cm", "C:0/5cm", "C:1, /5cm", "C:2.,5cm"
    t = re.sub(r"C:\s*(\d)\s*(?:,\s*/|[.,]{2}|[\s./])\s*(\d)\s*cm", r"C:\1,\2cm", t)
    t = re.sub(r"C:(\d),\s*[^\d\s,](\d)cm", r"C:\1,\2cm", t)  # "C:0, Š5cm", "C:1,'5cm"
    t = re.sub(r"C:(\d),\s?[Ss%][cé]?[ce]m\b", r"C:\1,5cm", t)  # "2,Scm", "0, %cm", "0,Sem"
    t = re.sub(r"C:(\d)5cm", r"C:\1,5cm", t)  # the comma lost: no mark is 25 cm from anything
    t = t.lstrip("⁄/\\|-_. ")
    t = _from_mark_head(t)
    fixed = fix_mark_words(fix_words(t))
    if not mark_well_read(fixed) and len(MARK_SIZE.findall(fixed)) == 1:
        # (before the word fixes too: they cut a description at the first word they
        # cannot place, "Notruoi C:2cm duroimep phal")
        fixed = fit_mark(fixed) or fit_mark(t) or fixed
    return fixed


# words a mark's description ends with, but "gáy" (the nape): "Ngày" misread, more often
_MARK_ENDS = frozenset(w.lower() for w in MARK_WORDS) - {"gáy", "cm", "ở", "và", "có"}
_MARK_HEADS = ("not ruoi", "vet bot", "vet seo", "vet thuong", "seo", "tan nhang", "khong")
_MARK_SPELLING = {
    "not ruoi": "Nốt ruồi",
    "vet bot": "Vết bớt",
    "vet seo": "Vết sẹo",
    "seo cham": "Sẹo chấm",
}


def _from_mark_head(text: str) -> str:
    """A label misread in front of the marks ("Ngóna Nốt ruồi ..."): the description starts
    at its first mark word (mole, birthmark, scar, ...) within the first few words; a
    misread two-word mark ("Nết Cuối") takes its spelling."""
    words = text.split()
    for i in range(0, min(8, len(words))):
        rest = re.sub(r"[^a-z ]", "", norm_text(" ".join(words[i : i + 2])))
        if any(rest == h or rest.startswith(h + " ") for h in _MARK_HEADS):
            # without signs read before its first letter ("'Nốt ruồi")
            return " ".join([re.sub(r"^[^\w]+", "", words[i]), *words[i + 1 :]])
    for i in range(0, min(4, len(words) - 2)):
        head = re.sub(r"[^a-z ]", "", norm_text(" ".join(words[i : i + 2])))
        for key, spelling in _MARK_SPELLING.items():
            if fx._sim(head, key) >= 0.75:
                return " ".join([spelling, *words[i + 2 :]])
    return text


def _drop_finger_captions(text: str) -> str:
    """Remove "Ngón trỏ trái / Ngón trỏ phải" captions, whatever diacritics OCR gave them."""
    words = text.split()
    norms = [re.sub(r"[^a-z]", "", norm_text(w)) for w in words]
    out = []
    i = 0
    while i < len(words):
        if (
            i + 2 < len(words)
            and fx._sim(norms[i], "ngon") >= 0.6
            and fx._sim(norms[i + 1], "tro") >= 0.5
            and max(fx._sim(norms[i + 2], "trai"), fx._sim(norms[i + 2], "phai")) >= 0.6
        ):
            i += 3
            continue
        if i + 1 < len(words) and (
            fx._sim(" ".join(norms[i : i + 2]), "personal identification") >= 0.75
        ):
            i += 2
            continue
        out.append(words[i])
        i += 1
    return _FINGER.sub(" ", " ".join(out))


def _authority(text: str, card_type: str) -> str:
    """The issuing authority a back's text names, spelled officially."""
    from .vocab import AUTHORITIES, canonical_authority

    authority = canonical_authority(text)
    if card_type == "chip_id_card_back" and authority == AUTHORITIES[0]:
        # the chip card (from 2021) is signed by the department's head under its name since
        # 2019 only: its former name's letters are a misreading
        return AUTHORITIES[1]
    return authority


def _weak_authority(r: SideResult, doc: Document) -> None:
    """A garbled "CỤC TRƯỞNG CỤC CẢNH SÁT ..." line: the closest of the two authorities."""
    from .address import _ratio
    from .names import base
    from .vocab import AUTHORITIES

    rows = doc.rows
    for i, row in enumerate(rows):
        n = norm_text(row.text)
        words = ("sat", "canh", "truong", "dkql", "quan ly", "hanh chinh", "trat tu")
        # ("CỤC" read "CÁC", "CC": two of the title's other words then)
        named = "cuc" in n or (re.search(r"\bc[ua]?c\b", n) and sum(w in n for w in words) >= 2)
        # (or the line read with its spaces lost: "CCTRUDNGCECCANHSATDKOL")
        squashed = " " not in n.strip() and "canhsat" in n
        if (named and any(w in n for w in words)) or squashed:
            text = row.text + (" " + rows[i + 1].text if i + 1 < len(rows) else "")
            want = AUTHORITIES[1] if r.card_type == "chip_id_card_back" else AUTHORITIES[0]
            read, spelled = base(text), base(want)
            if squashed:
                read, spelled = read.replace(" ", ""), spelled.replace(" ", "")
            if _ratio(read, spelled) >= 0.55:
                b = row.boxes[0]
                r.set("noicap", want, b.conf * 0.7, b.obox)
            return


# the first day each card was issued (12-digit CMND from 2012, the citizen identity card
# from 2016, its chip version from 2021, the "Căn cước" under the law of 2023 from 1 July
# 2024): no card of the kind was issued before
FIRST_ISSUED = {
    "12_id_card_back": dt.date(2012, 1, 1),
    "cccd_back": dt.date(2016, 1, 1),
    "chip_id_card_back": dt.date(2021, 1, 1),
    "id_card_2024_back": dt.date(2024, 7, 1),
}


def _issue_rule(card_type: str):
    """What a back's issue date must be: `fits(date)` (not before the kind of card was
    first issued, not in the future), or None."""
    first = FIRST_ISSUED.get(card_type)
    if first is None:
        return None

    def fits(d: str) -> bool:
        day = nz.date_obj(d)
        return day is not None and first <= day <= dt.date.today()

    return fits


def read_back(r: SideResult, doc: Document, infos) -> None:
    ct = r.card_type
    # issue date: the "Ngày, tháng, năm" label, else a "Ngày .. tháng .. năm .." line
    _read_date_field(r, infos, "date", "date", fits=_issue_rule(ct))
    if not r.value("date"):
        found = _first_reading(doc, _is_issue_date_line)
        if found:
            # the line found, read again with both recognisers' votes
            d, conf = _box_date(found[2], dt.date.today().year, fits=_issue_rule(ct))
            r.set("date", d or nz.parse_date(found[0]), conf if d else found[1], found[2].obox)
    if ct == "id_card_2024_back":
        _read_multiline(r, infos, "address")
        _read_multiline(r, infos, "noidangkykhaisinh", max_follow=2)
        _read_date_field(r, infos, "duedate", "duedate", allow_no_expiry=True)
        if r.value("date") and r.value("date") == r.value("duedate"):
            # the expiry's label, also "Ngày, tháng, năm ...", taken for the issue date's
            # (its own misread): no card is issued on the day it expires
            del r.fields["date"]
        _dates_by_content(r, doc, ("date", "duedate"))
        _no_expiry_by_content(r, doc)
        _addresses_by_content(r, doc, ("address", "noidangkykhaisinh"))
    else:
        _dates_by_content(r, doc, ("date",))
        v = fx.find_field(infos, "dauvet", max_follow=2, follow_when_found=True)
        if v:
            r.set("dauvet", _clean_marks(v.text), v.conf, v.box)
        else:
            _marks_by_content(r, doc)
    if ct == "9_id_card_back":
        _read_simple(r, infos, "dantoc")
        _read_simple(r, infos, "tongiao")
        _canon_choice(r, "dantoc")
        _canon_choice(r, "tongiao")
        _choice_by_content(r, doc, "dantoc")
        _choice_by_content(r, doc, "tongiao")
    text, box, conf = _noicap_rows(doc)
    if text:
        r.set("noicap", _authority(text, ct), conf, box)
    elif ct in ("cccd_back", "chip_id_card_back"):
        _weak_authority(r, doc)
    elif ct == "id_card_2024_back":
        _read_simple(r, infos, "noicap")
        if not r.value("noicap"):
            # the 2024 card is issued by the Ministry only (Law on Identification 2023)
            r.set("noicap", "BỘ CÔNG AN", 0.5, None, "derived")


def _split_like(words: list[str], target: list[str]) -> list[str]:
    """The leading words that spell `target` (accent-free words) with spaces lost or put
    elsewhere ("NGUYENNHU ANH" for NGUYEN NHU ANH), re-split as `target` is; []."""
    from .names import base

    want = "".join(target)
    letters = ""
    for w in words:
        letters += w
        if len(base(letters)) >= len(want):
            break
    else:
        return []
    if base(letters) != want or len(letters) != len(want):
        return []
    out, at = [], 0
    for t in target:
        out.append(letters[at : at + len(t)])
        at += len(t)
    return out


# a Vietnamese passport is issued for ten years (five under the age of 14), to the day
PASSPORT_TERMS = (10, 5)
CHILD_AGE = 14
_DATE_SHAPE = re.compile(r"(?<!\d)(\d{2})\s*[/\-.]\s*(\d{2})\s*[/\-.]\s*(\d{4})(?!\d)")


def _passport_terms(expiry: dt.date, born: dt.date | None = None) -> list[dt.date]:
    """The issue dates a passport expiring on `expiry` may have, one per term; with the
    holder's birth date, the one the holder's age then allows (five years under 14)."""
    terms = []
    for years in PASSPORT_TERMS:
        try:
            issue = expiry.replace(year=expiry.year - years)
        except ValueError:  # 29 February
            issue = expiry.replace(year=expiry.year - years, day=28)
        if born is None or (ck.age_on(born, issue) < CHILD_AGE) == (years < PASSPORT_TERMS[0]):
            terms.append(issue)
    return terms


def _passport_issue_by_term(r: SideResult, rows, expiry: dt.date, rowbox, skip) -> None:
    """The issue date misread past a date ("18/68/2021" for 10/08/2021): the expiry's day
    a term earlier, when the reading (Tesseract's or PP-OCR's) has six of its eight digits
    and no other term's date fits as well."""
    terms = _passport_terms(expiry)
    for row in rows:
        for b in row.boxes:
            for text in (b.text, b.alt):
                for m in _DATE_SHAPE.finditer(nz.fix_digits(text)):
                    read = "".join(m.groups())
                    if f"{m.group(1)}/{m.group(2)}/{m.group(3)}" in skip:
                        continue
                    agree = [
                        sum(x == y for x, y in zip(read, t.strftime("%d%m%Y"), strict=True))
                        for t in terms
                    ]
                    best = max(agree)
                    if best >= 6 and agree.count(best) == 1:
                        issue = terms[agree.index(best)].strftime("%d/%m/%Y")
                        r.set("date", issue, min(b.conf, 0.6), rowbox(row), "derived")
                        return


def read_passport(r: SideResult, doc: Document, infos, mrz=None) -> None:
    """Passport data page: labels are tiny and bilingual, so values are found by what they
    are (the name that the MRZ spells without diacritics, the dates the MRZ gives, ...)."""
    from .address import old_units
    from .names import _tables, base, fix_name
    from .vocab import canonical_authority

    rows = doc.rows
    sur = given = ""
    if mrz is not None:
        sur, given = mrz.surname.strip(), mrz.given_names.strip()
    # name: the row whose letters are the MRZ name
    target = base(f"{sur} {given}").replace("<", " ").split()
    if target:
        for row in rows:
            words = nz.clean_name(row.text).split()
            for i in range(len(words)):
                seg = words[i : i + len(target)]
                if [base(w) for w in seg] != target:
                    seg = _split_like(words[i:], target)
                if seg:
                    name, boxes, tall = _name_with_headroom(" ".join(seg), row.boxes)
                    name = _name_by_choices(fix_name(name), boxes, marks_whole=tall)
                    box = [b.obox for b in row.boxes]
                    bb = [
                        min(x[0] for x in box),
                        min(x[1] for x in box),
                        max(x[2] for x in box),
                        max(x[3] for x in box),
                    ]
                    conf = sum(b.conf for b in row.boxes) / len(row.boxes)
                    r.set("name", name, conf, bb)
                    ns = len(sur.split())
                    r.set("surname", " ".join(name.split()[:ns]), conf, bb)
                    r.set("given_name", " ".join(name.split()[ns:]), conf, bb)
                    break
            if r.value("name"):
                break
    if not r.value("name"):
        _read_name(r, infos)
        _, allw, _ = _tables()
        if target and base(r.value("name")).split() == target:
            f, ns = r.fields["name"], len(sur.split())
            r.set("surname", " ".join(f.value.split()[:ns]), f.confidence, f.box)
            r.set("given_name", " ".join(f.value.split()[ns:]), f.confidence, f.box)
        elif target and all(w in allw for w in target):
            # the printed name unread: the MRZ's, when made of name syllables (fillers
            # misread as letters are none), given their diacritics
            box = r.fields["mrz"].box if "mrz" in r.fields else None
            name = fix_name(" ".join(target))
            conf = mrz.confidence if mrz.confidence is not None else 0.9
            ns = len(sur.split())
            r.set("name", name, conf, box, "mrz")
            r.set("surname", " ".join(name.split()[:ns]), conf, box, "mrz")
            r.set("given_name", " ".join(name.split()[ns:]), conf, box, "mrz")
    # dates
    found = []
    for row in rows:
        for d in nz.all_dates(row.text):
            found.append((d, row))
    dob = expiry = ""
    if mrz is not None:
        from .mrz import mrz_to_api_fields

        md = mrz_to_api_fields(mrz)
        dob, expiry = md.get("dob", ""), md.get("due_date", "")

    def rowbox(row):
        bs = [b.obox for b in row.boxes]
        return [
            min(x[0] for x in bs),
            min(x[1] for x in bs),
            max(x[2] for x in bs),
            max(x[3] for x in bs),
        ]

    rest = []
    for d, row in found:
        conf = sum(b.conf for b in row.boxes) / len(row.boxes)
        if d == dob and not r.value("born"):
            r.set("born", d, conf, rowbox(row))
        elif d == expiry and not r.value("duedate"):
            r.set("duedate", d, conf, rowbox(row))
        else:
            rest.append((d, row, conf))
    exp_d, dob_d = nz.date_obj(expiry), nz.date_obj(dob)
    terms = _passport_terms(exp_d, dob_d) if exp_d is not None else []
    for d, row, conf in rest:
        dd = nz.date_obj(d)
        if dd is None or d == dob:
            continue
        # a digit misread ("11/04/2025" for 11/04/2023, the expiry 11/04/2033): the one
        # date a term before the expiry one digit off
        near = [t for t in terms if nz.one_letter_apart(d, t.strftime("%d/%m/%Y"))]
        source = "ocr"
        if len(near) == 1 and dd not in terms:
            d, dd, conf, source = near[0].strftime("%d/%m/%Y"), near[0], min(conf, 0.6), "derived"
        if exp_d is not None and dd >= exp_d:
            continue
        # a passport is issued after its holder's birth and for ten years at most (the
        # birth date misread, "10/04/1907" for 1997, is none)
        if (dob_d is not None and dd <= dob_d) or (
            exp_d is not None and (exp_d - dd).days > 10 * 366 + 31
        ):
            continue
        r.set("date", d, conf, rowbox(row), source)
        break
    if not r.value("date") and exp_d is not None:
        _passport_issue_by_term(r, rows, exp_d, rowbox, skip={dob, expiry})
    # place of birth: a province name printed on its own
    provs = []
    for p in old_units():
        bare = re.sub(r"^(Tỉnh|Thành phố) ", "", p["n"])
        provs.append((base(bare), bare))
    provs.append((base("Thừa Thiên Huế"), "Thừa Thiên Huế"))
    for row in rows:
        t = re.sub(r"[\d/]+", " ", row.text)
        words = nz.clean_name(t).split()
        # a letter read twice with two sets of marks ("QUÁẢNG"): no province's name has a
        # letter twice in a row
        bw = [re.sub(r"([A-Z])\1+", r"\1", base(w)) for w in words if base(w).strip("-")]
        hit = None
        # on the birth date's row (the two are printed side by side), one letter may
        # be misread ("HẮC NINH"), when that makes only one province
        slips = dob and dob in nz.all_dates(row.text)
        near = set()
        for pb, bare in provs:
            pw = [w for w in pb.split() if w.strip("-")]  # "BÀ RỊA - VŨNG TÀU"
            for i in range(len(bw) - len(pw) + 1):
                if bw[i : i + len(pw)] == pw:
                    hit = bare
                    break
                if slips and nz.one_letter_apart(" ".join(bw[i : i + len(pw)]), " ".join(pw)):
                    near.add(bare)
            if hit:
                break
        if not hit and len(near) == 1:
            hit = near.pop()
        if hit and base(hit) not in ("VIET NAM",):
            conf = sum(b.conf for b in row.boxes) / len(row.boxes)
            r.set("place_of_birth", hit.upper(), conf, rowbox(row))
            break
    # issuing authority
    for row in rows:
        n = norm_text(row.text)
        if "xuat nhap canh" in n or "quan ly xuat" in n:
            t = canonical_authority(row.text)
            if t.isupper() and not row.text.isupper():
                t = "Cục Quản lý xuất nhập cảnh"
            conf = sum(b.conf for b in row.boxes) / len(row.boxes)
            r.set("noicap", t, conf, rowbox(row))
            break
    v = fx.find_field(infos, "sex", max_follow=1, accept=lambda s: bool(nz.parse_sex(s)))
    if v and nz.parse_sex(v.text):
        r.set("sex", nz.parse_sex(v.text), v.conf, v.box)
    v = fx.find_field(infos, "quoctich", max_follow=1, accept=lambda s: len(norm_text(s)) >= 3)
    if v:
        n = norm_text(v.text)
        if "nam" in n or "viet" in n:
            r.set("nationality", "VIỆT NAM", v.conf, v.box)
    if not r.value("nationality") and mrz is not None and mrz.nationality == "VNM":
        # the page prints the country's name; the MRZ's code says which
        r.set("nationality", "VIỆT NAM", mrz.confidence or 0.9, None, "derived")


# ------------------------------------------------------------------ main


def _apply_qr(r: SideResult, qr_text: str, qr_box) -> dict:
    if not qr_text:
        return {}
    r.set("qr", qr_text, 1.0, qr_box, "qr")
    return parse_cccd_qr(qr_text)


def _addresses(r: SideResult) -> None:
    from .address import canonical_address
    from .vocab import fix_hamlet_names, fix_street_names, fix_words

    parsed: dict[str, tuple[str, dict]] = {}
    for key, prefix in (("address", "diachi"), ("country", "quequan"), ("noidangkykhaisinh", "")):
        v = r.value(key)
        if not v:
            continue
        if r.fields[key].source == "ocr":
            v = fix_hamlet_names(fix_street_names(fix_words(canonical_address(v))))
            r.fields[key].value = v
        if prefix:
            parsed[key] = (v, parse_address(v))
    if len(parsed) == 2:
        _same_unit_words(parsed["address"], parsed["country"])
    for key, (_, units) in parsed.items():
        prefix = "diachi" if key == "address" else "quequan"
        for k, val in units.items():
            if val:
                r.set(f"{prefix}_{k}", val, r.fields[key].confidence, r.fields[key].box, "derived")


def _same_unit_words(a: tuple[str, dict], b: tuple[str, dict]) -> None:
    """One card names one unit one way: a district or commune that one address prints
    without its unit word ("Kinh Môn") takes the word the other address prints ("Huyện
    Kinh Môn"), rather than the data's later one (a Thị xã since 2019)."""
    (text_a, units_a), (text_b, units_b) = a, b
    if not units_a["tinh"] or units_a["tinh"] != units_b["tinh"]:
        return
    for unit in ("huyen", "phuong"):
        if not units_a[unit] or units_a[unit] != units_b[unit] or not units_a["huyen"]:
            continue
        name_a, name_b = units_a[f"{unit}_name"], units_b[f"{unit}_name"]
        if name_a in text_a and name_b not in text_b:
            units_b[f"{unit}_name"] = name_a
        elif name_b in text_b and name_a not in text_a:
            units_a[f"{unit}_name"] = name_b


def _mrz_upside_down(doc: Document) -> bool:
    """An MRZ row read upside down, its fillers '<' turned into '>' (">>>>>>>>>>>>>>TI1Wl>
    VT19>>HNIdG"): the direction classifier voted wrong, and the side's other lines are
    read upside down too. No card prints a run of '>'."""
    return any(row.text.count(">") >= 8 and row.text.count("<") <= 1 for row in doc.rows)


def _classify(doc: Document, infos, seen: dict) -> str:
    card_type = fx.classify(doc, infos, **seen)
    if not card_type:
        # Tesseract's text says too little: add PP-OCR's accent-free reading of the lines
        card_type = fx.classify(doc, infos, **seen, with_second_readings=True)
    return card_type


def process_page(
    page: Page, *, expected_side: str | None = None, today: dt.date | None = None
) -> SideResult:
    t0 = time.perf_counter()
    doc = read_document(page)
    if _mrz_upside_down(doc):
        doc = read_document(page, flip=not doc.flipped)
    t1 = time.perf_counter()
    qr_text, qr_box = decode_qr(page.image)
    qr_box = _scale_box(qr_box, page.scale)
    if qr_box:
        qr_box = [
            qr_box[0] + int(page.ox),
            qr_box[1] + int(page.oy),
            qr_box[2] + int(page.ox),
            qr_box[3] + int(page.oy),
        ]
    t2 = time.perf_counter()
    mrz_result, mrz_box = _read_mrz(doc, page)
    t3 = time.perf_counter()
    if not doc.rows and not qr_text and mrz_result is None:
        raise NoDocumentFound("no text found")
    infos = fx.analyse(doc)
    mrz_kind = _mrz_kind(mrz_result)
    seen = {
        "has_qr": bool(qr_text),
        "qr_seen": not qr_text
        and bool(doc.boxes)
        and qr_like_patch(page.image, doc.line_height, doc.text_quads()),
        "mrz_kind": mrz_kind,
    }
    card_type = _classify(doc, infos, seen)
    if not card_type and (mrz_result is None or _score(mrz_result) < 2) and doc.rows:
        again = _read_again(page, doc, seen, mrz_result, mrz_box)
        if again is not None:
            doc, infos, seen, mrz_result, mrz_box = again
            card_type = _classify(doc, infos, seen)
            mrz_kind = _mrz_kind(mrz_result)
    if not card_type and mrz_result is None and not _may_hold_mrz(doc, _mrz_rows(doc)):
        # no text that names a card, nor any like an MRZ: the detector may have missed an
        # MRZ's lines (long, close and steep in a small photo, beside a sheet of text)
        mrz_result, mrz_box = _mrz_of_whole_page(page)
        if mrz_result is not None:
            seen["mrz_kind"] = mrz_kind = _mrz_kind(mrz_result)
            card_type = _classify(doc, infos, seen)
    if mrz_result is not None and card_type != "passport":
        issuer = (mrz_result.issuing_country or "").upper()
        trusted = mrz_result.valid or _score(mrz_result) >= 2
        # the dedicated reader's lines stand even when printed check digits are wrong
        trusted = trusted or (mrz_result.char_confidences is not None and len(issuer) >= 1)
        # (a Vietnamese back named by its text, its MRZ's "VNM" a letter off: "IDVNHITO...")
        slip = card_type in _MRZ_SIDES and nz.one_letter_apart(issuer, "VNM")
        if issuer and issuer != "VNM" and trusted and not slip:
            # a Vietnamese card's MRZ says VNM; any other ICAO document is read from its MRZ
            card_type = "passport" if mrz_kind == "P" else "mrz_document"
    if not card_type and mrz_result is not None and _score(mrz_result) >= 2:
        card_type = "passport" if mrz_kind == "P" else "mrz_document"
    if not card_type:
        raise NoDocumentFound("no supported document recognised")
    if mrz_result is None and card_type in _MRZ_SIDES:
        mrz_result, mrz_box = _mrz_the_rows_missed(doc, page, card_type)
    if not qr_text and card_type in ("chip_id_card_front", "id_card_2024_back"):
        from .qr import decode_qr_hard

        qr_text, qr_box = decode_qr_hard(page.image, doc.line_height, doc.text_quads())
        qr_box = _scale_box(qr_box, page.scale)
        if qr_box:
            qr_box = [
                qr_box[0] + int(page.ox),
                qr_box[1] + int(page.oy),
                qr_box[2] + int(page.ox),
                qr_box[3] + int(page.oy),
            ]
    r = SideResult(card_type=card_type, page=page.page)
    r.lines = [row.text for row in doc.rows]
    if card_type in ("9_id_card_front", "12_id_card_front"):
        # the two CMND fronts differ by the length of their number
        _read_id(r, infos, (12, 9) if card_type.startswith("12") else (9, 12))
        if len(r.value("id")) in (9, 12):
            card_type = r.card_type = f"{len(r.value('id'))}_id_card_front"
    qr = _apply_qr(r, qr_text, qr_box)
    if mrz_result is not None:
        # repaired by what the card's type says before the side is read against it
        if card_type in ("chip_id_card_back", "id_card_2024_back"):
            mrz_result = _citizen_card_mrz(mrz_result)
        if card_type == "passport":
            mrz_result = _passport_mrz(mrz_result)
        if card_type in ("chip_id_card_back", "id_card_2024_back", "passport"):
            mrz_result = _vietnamese_mrz_name(mrz_result, [row.text for row in doc.rows])
    if card_type.endswith("_front"):
        read_front(r, doc, infos)
    elif card_type.endswith("_back"):
        read_back(r, doc, infos)
    else:
        read_passport(r, doc, infos, mrz_result)
    if mrz_result is not None:
        _apply_mrz(r, mrz_result, mrz_box)
        if card_type in ("passport", "mrz_document"):
            _fill_from_mrz(r, mrz_result)
        elif card_type == "id_card_2024_back":
            _expiry_from_mrz(r)
    _issue_before_expiry(r)
    # QR fills what the print did not give (and is compared with it below); a printed
    # value that differs from the QR's only by OCR slips takes the QR's exact text
    if qr:
        _adopt_qr(r, qr, qr_box)
    if qr:
        for k in ("id", "name", "born", "sex", "address", "date"):
            if k == "address" and card_type not in ("chip_id_card_front", "id_card_2024_back"):
                continue
            if k == "date" and card_type != "id_card_2024_back":
                continue  # the chip front's QR holds the issue date its back prints
            if k in ("id", "name", "born", "sex") and not card_type.endswith("_front"):
                continue
            if not r.value(k) and qr.get(k):
                r.set(k, qr[k], 0.99, qr_box, "qr")
    _addresses(r)
    _settle_id(r, qr)
    id_sex = ck.sex_of_id(r.value("id"))
    if card_type.endswith("_front") and not r.value("sex") and id_sex:
        r.set("sex", id_sex, 0.5, r.fields["id"].box, "derived")
    _given_name_by_sex(r, qr)
    today = today or dt.date.today()
    r.checks += ck.id_checks(r)
    r.checks += ck.qr_checks(r, qr)
    r.checks += ck.mrz_checks(r)
    r.checks += ck.expiry_checks(r, today)
    ck.decide_validity(r)
    _trim_heap()
    r.timings = {
        "read": t1 - t0,
        "qr": t2 - t1,
        "mrz": t3 - t2,
        "total": time.perf_counter() - t0,
        **{f"read_{k}": v for k, v in doc.timings.items()},
    }
    return r


def _read_again(page: Page, doc: Document, seen: dict, mrz_result, mrz_box):
    """The page read again when its text says no card, and no MRZ read from it passes
    its checks: the direction classifier may have voted wrong on a blurred photo (read it
    the other way up; an MRZ read upside down passes no check), or the longer lines of a
    sheet of text beside the card set the direction (read the lines written in another),
    or the coarse pass missed the lines that name the card, above or below those it saw (a
    front's title and number in small red type: frame the card to its top and bottom), or
    more lines of one askew in the card's frame outnumbered the card's (read the level
    ones).
    A reading whose own text says the card wins over one that only its MRZ names (the
    dedicated MRZ reader finds it whichever way the rest was read). (doc, infos, seen,
    mrz, mrz box) of the reading that names a card, or None."""
    by_mrz = None
    retries = (
        {"flip": not doc.flipped},
        {"to_card": True},
        {"other_direction": True},
        {"level_only": True},
    )
    for retry in retries:
        if "level_only" in retry and (by_mrz is not None or doc.askew_lines < OTHER_LINES):
            # (the level lines are the first reading's, but for those it left out askew:
            # without a few of them, the same reading)
            break
        other = read_document(page, **retry)
        if not other.rows:
            continue
        infos = fx.analyse(other)
        mrz, box = _read_mrz(other, page)
        if _score(mrz) <= _score(mrz_result):
            mrz, box = mrz_result, mrz_box
        with_mrz = {**seen, "mrz_kind": _mrz_kind(mrz)}
        if _classify(other, infos, seen):
            return other, infos, with_mrz, mrz, box
        if by_mrz is None and _classify(other, infos, with_mrz):
            by_mrz = other, infos, with_mrz, mrz, box
    return by_mrz


def _mrz_kind(mrz_result) -> str | None:
    """The kind of document an MRZ is of: "P" (a passport), its document code ("I", "ID",
    "V"...), or None without an MRZ."""
    if mrz_result is None:
        return None
    code = (mrz_result.document_code or "").upper()
    return "P" if code.startswith("P") else (code or "I")


def _given_name_by_sex(r: SideResult, qr: dict | None = None) -> None:
    """The read name's last syllable checked against the card's sex (see
    names.given_name_for_sex), in the name and in a passport's given names alike; not a
    name the QR gave or confirmed."""
    from .names import given_name_for_sex

    sex = r.value("sex")
    if ck.sex_of_id(r.value("id")) not in ("", sex):
        return  # the sex read and the ID's sex digit disagree: one of them is misread
    if qr and r.value("name") == qr.get("name"):
        return
    for key in ("name", "given_name"):
        f = r.fields.get(key)
        if f is not None and f.source != "qr":
            f.value = given_name_for_sex(f.value, sex)


def _adopt_qr(r: SideResult, qr: dict, qr_box) -> None:
    from .address import _fold, _ratio

    for k, thr in (("name", 0.85), ("address", 0.85)):
        f = r.fields.get(k)
        if f is None or f.source != "ocr" or not qr.get(k):
            continue
        a, b = _fold(f.value), _fold(qr[k])
        if a != b and _ratio(a, b) >= thr:
            f.value = qr[k]
            f.confidence = max(f.confidence, 0.95)
        elif a == b:
            f.value = qr[k]
    for k in ("born", "date"):
        f = r.fields.get(k)
        if f is None or f.source != "ocr" or not qr.get(k) or len(f.value) != len(qr[k]):
            continue
        if sum(x != y for x, y in zip(f.value, qr[k], strict=True)) == 1:
            # one digit misread ("05/01/2026" for 15/01/2026): the QR's error correction
            # makes its digits the surer; more than one apart is left for the check to flag
            f.value = qr[k]
            f.confidence = max(f.confidence, 0.95)


_libc = None


def _trim_heap() -> None:
    """Give freed image buffers back to the OS (glibc keeps them otherwise, and a
    long-lived worker's RSS creeps up)."""
    global _libc
    try:
        if _libc is None:
            import ctypes

            _libc = ctypes.CDLL("libc.so.6")
        _libc.malloc_trim(0)
    except (OSError, AttributeError):
        _libc = False


def _citizen_card_mrz(result):
    """A Vietnamese ID card is a citizen's, and its MRZ's second line ends in fillers:
    - a filler after the first line's 12-digit ID read as a character, when the ID ends in
      the document number and its check digit (the line's last) agrees;
    - the first line's digits, the document number (the ID's last nine digits: "O89005277"
      for 089005277) and those after it (the 12-digit ID, then "<<" and a digit), read as
      look-alike letters are digits ("...<<O");
    - its nationality misread from VNM ("VML", two of its letters in order; "908", digits
      where a code has letters; "<MK", no state's, on a card Vietnam issued) is VNM (no
      check digit covers it);
    - a character or two read among the fillers of a card with no expiry ("44<<<<") are
      fillers when the check digits agree;
    - characters read among the fillers of its optional data ("VNM<<<K<<<<<<A4",
      "VNM<<<KNNNA<<N2") are fillers when the composite check digit agrees with fillers
      there (a few of them also when it is misread: see below);
    - the composite check digit read as a look-alike of the right one: see
      _composite_digit_misread.
    """
    from .address import _ratio
    from .mrz import check_digit, parse_mrz

    lines = list(result.lines)
    if len(lines) != 3 or len(lines[1]) != 30 or len(lines[0]) != 30:
        return result
    first = lines[0]
    if (
        first[27:29] != "<<"
        and first[15:27].isdigit()
        and first[15:27].endswith(first[5:14])
        and check_digit(first[15:27]) == first[29]
    ):
        # a filler after the 12-digit ID read as a character ("...771965" "4<" "6"): the ID
        # (ending in the document number) and its check digit say where it ends
        first = first[:27] + "<<" + first[29]
    if first[27:29] == "<<":
        # the document number (the ID's last nine digits), its check digit, the 12-digit ID
        # and a final digit: all digits on a citizen's card
        first = first[:5] + first[5:27].translate(_TO_DIGIT) + "<<" + first[29].translate(_TO_DIGIT)
    second = lines[1]
    if (
        second[15:18] != "VNM"
        and (
            _ratio(second[15:18], "VNM") >= 0.6
            or any(c.isdigit() for c in second[15:18])
            # (a code no state has, a filler first: "<MK", on a card Vietnam issued, in a line
            # read in its places, the birth date's digits and the sex where they belong)
            or (
                first[2:5] == "VNM"
                and second[15] == "<"
                and second[:7].isdigit()
                and second[7] in "MF<"
            )
        )
    ):
        second = second[:15] + "VNM" + second[18:]
    expiry = second[8:14]
    if "<" in expiry and expiry != "<" * 6:
        # no expiry (fillers) with a character or two read among them ("44<<<<"), when
        # the checks agree with fillers there
        unexpiring = second[:8] + "<" * 6 + second[14:]
        try:
            failed = parse_mrz([first, unexpiring, lines[2]]).failed_checks
            if "expiry_date" not in failed and "composite" not in failed:
                second = unexpiring
        except Exception:  # noqa: BLE001 - keep the reading as it was
            pass
    optional = second[18:29]
    if optional != "<" * 11:
        filled = second[:18] + "<" * 11 + second[29:]
        try:
            if "composite" not in parse_mrz([first, filled, lines[2]]).failed_checks:
                second = filled  # the check digit vouches for fillers, however many misread
            elif (
                sum(c != "<" for c in optional) <= 3
                and _composite_digit_misread(first, filled, lines[2]) != filled
            ):
                second = filled  # and its check digit misread too: repaired below
        except Exception:  # noqa: BLE001 - keep the reading as it was
            pass
    second = _composite_digit_misread(first, second, lines[2])

    def valid(first: str, second: str) -> bool:
        # (and the ID's own check digit, the first line's last, which ICAO's checks leave
        # out: two look-alikes can cancel out in the composite, "...796499" and "9" for
        # "...796409" and "0")
        try:
            ok = parse_mrz([first, second, lines[2]]).valid
        except Exception:  # noqa: BLE001 - as read
            return True
        personal = first[15:27]
        return ok and not (personal.isdigit() and check_digit(personal) != first[29])

    if not valid(first, second):
        # digits misread as look-alikes: taken only when every check then agrees
        fixed_first, fixed_second = _digits_misread_as_look_alikes(first, second)
        fixed_second = _composite_digit_misread(fixed_first, fixed_second, lines[2])
        if valid(fixed_first, fixed_second):
            first, second = fixed_first, fixed_second
    if [first, second] == lines[:2]:
        return result
    return _reparsed(result, [first, second, lines[2]])


def _look_alike_fixes(text: str, ok) -> list[str]:
    """`text` with one digit made a look-alike digit ("8" for "0"), for each that `ok`
    accepts."""
    out = []
    for i, c in enumerate(text):
        for pair in _DIGIT_LOOKALIKES:
            if c in pair:
                (d,) = pair - {c}
                trial = text[:i] + d + text[i + 1 :]
                if ok(trial):
                    out.append(trial)
    return out


def _digits_misread_as_look_alikes(first: str, second: str) -> tuple[str, str]:
    """A citizen card's digits misread as look-alikes ("0" read "8" throughout a blurred
    MRZ), put right where the card's redundancy says so, one digit a field, and only when
    one fix alone does (the caller keeps them only when every check then agrees):
    - the 12-digit ID ends with the document number, which its own check digit vouches for;
      its first three digits, a province's code, are vouched for by the ID's check digit
      (the line's last; or by the composite check when that digit is misread too);
    - a date whose check digit fails, or that is no date, is the one date one digit off
      that its check digit agrees with."""
    from .mrz import check_digit

    number, personal = first[5:14], first[15:27]
    if number.isdigit() and check_digit(number) == first[14] and personal.isdigit():
        tail = personal[3:]
        if tail != number and all(
            a == b or frozenset((a, b)) in _DIGIT_LOOKALIKES
            for a, b in zip(tail, number, strict=True)
        ):
            personal = personal[:3] + number
        if check_digit(personal) != first[29]:

            def province_ok(code: str) -> bool:
                return (
                    int(code) in ck.OLD_PROVINCE_CODES and check_digit(code + number) == first[29]
                )

            fixes = _look_alike_fixes(personal[:3], province_ok)
            if len(fixes) == 1:
                personal = fixes[0] + number
            elif not fixes and int(personal[:3]) not in ck.OLD_PROVINCE_CODES:
                # no province's, and the line's last digit misread too ("831..." and "9"
                # for 031... and 0): the one province whose ID's check digit is a
                # look-alike of it (the composite check, which covers both, vouches)
                def province_and_digit(code: str) -> bool:
                    digit = check_digit(code + number)
                    return (
                        int(code) in ck.OLD_PROVINCE_CODES
                        and frozenset((digit, first[29])) in _DIGIT_LOOKALIKES
                    )

                fixes = _look_alike_fixes(personal[:3], province_and_digit)
                if len(fixes) == 1:
                    personal = fixes[0] + number
                    first = first[:29] + check_digit(personal)
        if check_digit(personal) == first[29]:
            first = first[:15] + personal + first[27:]
    return first, _dates_misread_as_look_alikes(second, (0, 8))  # birth date, expiry


def _dates_misread_as_look_alikes(line: str, starts: tuple[int, ...]) -> str:
    """The MRZ line with each date (YYMMDD and its check digit, at `starts`) whose check
    digit fails, or that is no date, made the one date a look-alike digit off that its
    check digit agrees with ("301801" for 301001)."""
    from .mrz import check_digit

    def date_ok(field: str) -> bool:
        yy, mm, dd = int(field[:2]), int(field[2:4]), int(field[4:6])
        return nz.valid_date(dd, mm, 2000 + yy) and check_digit(field[:6]) == field[6]

    for a in starts:
        field = line[a : a + 7]
        if not field.isdigit() or date_ok(field):
            continue
        fixes = _look_alike_fixes(field, date_ok)
        if len(fixes) == 1:
            line = line[:a] + fixes[0] + line[a + 7 :]
    return line


def _id_misread_against_birth(pid: str, birth: str, sex: str) -> str:
    """A 12-digit ID whose digits were misread as look-alikes where the birth date (YYMMDD)
    and sex ("M"/"F") say what they are: the 4th digit the century and sex, the 5th and
    6th the year's last two; its first three, a province's code, the one look-alike that
    makes one ("891304135688" for 091304135688)."""
    from .mrz import mrz_date, sex_vi

    born = mrz_date(birth, "birth")
    if len(pid) != 12 or not pid.isdigit() or born is None or not sex_vi(sex):
        return pid
    century = str(ck.id_century_sex_digit(born.year, sex_vi(sex)))
    digits = list(pid)
    for pos, want in ((3, century), (4, birth[0]), (5, birth[1])):
        if frozenset((digits[pos], want)) in _DIGIT_LOOKALIKES:
            digits[pos] = want
    province = "".join(digits[:3])
    if int(province) not in ck.OLD_PROVINCE_CODES:
        fixes = _look_alike_fixes(province, lambda code: int(code) in ck.OLD_PROVINCE_CODES)
        if len(fixes) == 1:
            digits[:3] = fixes[0]
    return "".join(digits)


# digits OCR-B's shapes make a reader confuse
_DIGIT_LOOKALIKES = {
    frozenset(p) for p in ("08", "06", "09", "17", "14", "38", "56", "58", "68", "89", "27")
}


def _composite_digit_misread(first: str, second: str, third: str) -> str:
    """The composite check digit misread as a look-alike ("8" read "0"), when only that
    check fails and the personal number in the optional data ends with the document
    number its own check digit covers: the composite then guards no more than the
    personal number's first three digits, which the ID checks compare with the birth
    date, sex and province."""
    from .mrz import check_digit, parse_mrz

    try:
        failed = parse_mrz([first, second, third]).failed_checks
    except Exception:  # noqa: BLE001 - as read
        return second
    personal = first[15:27]
    if failed != ["composite"] or not personal.isdigit() or personal[3:] != first[5:14]:
        return second
    if first[27:29] != "<<" or not first[29].isdigit() or second[18:29] != "<" * 11:
        return second  # a character misread there or among the fillers, which it covers
    want = check_digit(first[5:30] + second[0:7] + second[8:15] + second[18:29])
    if frozenset((want, second[29])) not in _DIGIT_LOOKALIKES:
        return second
    return second[:29] + want


def _passport_mrz(result):
    """A Vietnamese passport's MRZ (TD3), the data page recognised by its printed text:
    - its issuing state and nationality, each VNM or misread from it by a letter ("VNN",
      "VNH"), are VNM (no check digit covers either; no other state's code is a letter
      from it);
    - its composite check digit misread as a look-alike, when only that check fails: every
      field it covers has a check digit of its own that agrees;
    - a date's digit misread as a look-alike: see _dates_misread_as_look_alikes; the
      personal number's (the holder's 12-digit ID): see _id_misread_against_birth; each
      kept only when every check then agrees (the composite's too, or its digit misread as
      a look-alike of the one they then give)."""
    from .mrz import check_digit, parse_mrz

    lines = list(result.lines)
    if result.format != "TD3":
        return result
    first, second = lines

    def like_vnm(code: str) -> bool:
        return code == "VNM" or nz.one_letter_apart(code, "VNM")

    if like_vnm(first[2:5]) and like_vnm(second[10:13]):
        first, second = first[:2] + "VNM" + first[5:], second[:10] + "VNM" + second[13:]

    def composite_fixed(line: str) -> str:
        want = check_digit(line[0:10] + line[13:20] + line[21:43])
        if frozenset((want, line[43])) in _DIGIT_LOOKALIKES:
            return line[:43] + want
        return line

    dated = _dates_misread_as_look_alikes(second, (13, 21))  # birth date, expiry
    # (the ID also when every check agrees: two look-alikes can cancel out in its check
    # digit, "891384135688" and 091304135688 both giving 8)
    trials = [dated]
    if first[2:5] == "VNM":  # (another state's personal number is no Vietnamese ID)
        pid = _id_misread_against_birth(dated[28:40], dated[13:19], dated[20])
        trials.insert(0, dated[:28] + pid + dated[40:])
    for trial in [t for read in trials for t in (read, composite_fixed(read))]:
        try:
            if trial != second and parse_mrz([first, trial]).valid:
                second = trial
                break
        except Exception:  # noqa: BLE001 - as read
            pass
    if result.failed_checks == ["composite"]:
        second = composite_fixed(second)
    if [first, second] == lines:
        return result
    return _reparsed(result, [first, second])


def _reparsed(result, lines: list[str]):
    """`result` with its lines repaired as `lines` (its reader's confidences kept); as it
    was when they do not parse."""
    from .mrz import parse_mrz

    try:
        fixed = parse_mrz(lines)
    except Exception:  # noqa: BLE001 - keep the reading as it was
        return result
    fixed.confidence, fixed.char_confidences = result.confidence, result.char_confidences
    return fixed


# letters that OCR-B's shapes make a reader confuse
_MRZ_LOOKALIKES = {
    "O": "QD", "Q": "O", "D": "O", "U": "V", "V": "U", "I": "L", "L": "I",
    "B": "H",  # a blurred H's bar and stems ("PBAN", "NBU")
}  # fmt: skip
_FILLER_LOOKALIKES = set("AKMXCLE")  # what a reader makes of a run of "<" in a name field


def _printed_names(rows: list[str] | None) -> list[list[str]]:
    """The page's rows as words without marks (for a name printed there)."""
    from .names import base

    return [base(nz.clean_name(t)).split() for t in rows or []]


def _name_words(names: str) -> list[str]:
    """An MRZ name field's words, without its fillers."""
    return [w for w in re.split(r"<+", names) if w]


def _printed(words: list[str], printed: list[list[str]]) -> bool:
    """The words, in this order, make up a row of the page (or a run of its words)."""
    n = len(words)
    return n > 0 and any(
        row[i : i + n] == words for row in printed for i in range(len(row) - n + 1)
    )


def _glued_fillers(names: str, allw, printed: list[list[str]]) -> str:
    """The last name word with letters glued to it that a reader makes of the fillers
    after it ("TRUNGAAA<<<" -> TRUNG): the word is no syllable, and it is one without
    them, a run of one letter two or more long (no Vietnamese syllable ends in "AA");
    or the page prints the name without them ("THANHK", "MAICA" need it to tell). A name
    the page prints as read stays."""
    last = re.search(r"([A-Z]+)<*$", names)
    if not last or last.group(1) in allw:
        return names
    word = last.group(1)
    words = _name_words(names)
    if _printed(words, printed):
        return names  # (not a Vietnamese syllable, but printed so)
    for k in range(len(word) - 1, 0, -1):
        tail = word[k:]
        if not set(tail) <= _FILLER_LOOKALIKES:
            break
        shown = _printed(words[:-1] + [word[:k]], printed)
        if shown or (word[:k] in allw and len(tail) >= 2 and len(set(tail)) == 1):
            a = last.start(1) + k
            return names[:a] + "<" * len(tail) + names[a + len(tail) :]
    return names


def _vietnamese_mrz_name(result, rows: list[str] | None = None):
    """A Vietnamese document's MRZ names are Vietnamese syllables without their marks: a
    word that is none, one look-alike letter from exactly one that is ("OUYNH" ->
    QUYNH) or, a middle name, one letter more at the end of one ("HOAIL"), is that one (no check digit covers the names); the fillers after the names
    read as letters are fillers (see _glued_fillers; ``rows``, the page's text, may show
    the printed name)."""
    from .names import _tables

    lines = list(result.lines)
    if not lines or lines[0][2:5] != "VNM":
        return result
    ni, start = (2, 0) if len(lines) == 3 else (0, 5)
    _, allw, _ = _tables()

    def repaired(m: re.Match) -> str:
        word = m.group(0)
        if word in allw:
            return word
        options = {
            word[:i] + b + word[i + 1 :]
            for i, a in enumerate(word)
            for b in _MRZ_LOOKALIKES.get(a, "")
            if word[:i] + b + word[i + 1 :] in allw
        }
        after = m.string[m.end() : m.end() + 2]
        if not options and len(word) >= 4 and m.start() > 0 and word[:-1] in allw:
            # or a letter more at the end of a middle name, a speck read as one ("HOAIL" for
            # HOAI; not of the surname, nor where another letter goes: "ALANG" is a Cơ Tu
            # family's name; nor of the last name, where a filler may have been misread:
            # see _glued_fillers)
            if re.fullmatch(r"<[A-Z]", after):
                options = {word[:-1]}
        return options.pop() if len(options) == 1 else word

    line = lines[ni]
    names = re.sub(r"[A-Z]+", repaired, line[start:])
    if len(names) < len(line) - start and names.endswith("<"):
        names += "<" * (len(line) - start - len(names))  # (the names moved up a place)
    first = re.match(r"[A-Z]+", names)
    if first and first.group(0) not in allw:
        # letters read before the surname (the card's edge, a speck: "UTATMHEUNGUYEN<<"):
        # the longest family name of five letters or more it ends with ("NGUYEN", "HUYNH";
        # not a shorter one that ends other peoples' names: "ALANG", "MLO"), the names
        # moved up to it
        word = first.group(0)
        fams = [word[k:] for k in range(1, len(word) - 4) if word[k:] in _tables()[0]]
        if fams:
            names = names[len(word) - len(fams[0]) :] + "<" * (len(word) - len(fams[0]))
    printed = _printed_names(rows)
    # the last words of the names that are no syllable and made of letters a reader takes
    # the filler for are filler ("OANH<AAMAAAAMAAAAK<<<"), unless the page prints them
    while (
        (last := re.search(r"(?<=<)([A-Z]+)<*$", names))
        and last.group(1) not in allw
        and set(last.group(1)) <= _FILLER_LOOKALIKES
        and not _printed(_name_words(names), printed)
    ):
        names = names[: last.start(1)] + "<" * len(last.group(1)) + names[last.end(1) :]
    names = _glued_fillers(names, allw, printed)
    fixed_line = line[:start] + names
    if fixed_line == line:
        return result
    lines[ni] = fixed_line
    return _reparsed(result, lines)


def _expiry_from_mrz(r: SideResult) -> None:
    """The expiry printed on a 2024 back, against the MRZ's whose check digit agrees: one
    digit apart is an OCR slip and the MRZ's stands; unread, the MRZ's fills it; read as
    the issue date (the two dates found by content, their labels unread), the two dates
    change places."""

    mrz_due, printed = r.value("due_date"), r.value("duedate")
    if r.value("due_date_checksum_validate") != "True" or not nz.date_obj(mrz_due):
        return
    issued = r.fields.get("date")
    if issued is not None and issued.value == mrz_due and printed != mrz_due:
        due = r.fields.get("duedate")
        r.set("duedate", issued.value, issued.confidence, issued.box, issued.source)
        if due is not None and nz.date_obj(due.value):
            r.set("date", due.value, due.confidence, due.box, due.source)
        else:
            del r.fields["date"]
        return
    if not printed or nz.one_letter_apart(printed, mrz_due):
        f = r.fields["due_date"]
        r.set("duedate", mrz_due, f.confidence, r.fields.get("duedate", f).box, "mrz")


def _issue_before_expiry(r: SideResult) -> None:
    """A side with both dates (the 2024 back) issues before it expires: read the other way
    round (found by content, their labels unread), they change places."""
    issued, due = r.fields.get("date"), r.fields.get("duedate")
    if issued is None or due is None:
        return
    a, b = nz.date_obj(issued.value), nz.date_obj(due.value)
    if a and b and a > b:
        r.fields["date"], r.fields["duedate"] = due, issued


def _fill_from_mrz(r: SideResult, m) -> None:
    from .mrz import mrz_to_api_fields

    d = mrz_to_api_fields(m)
    box = r.fields["mrz"].box if "mrz" in r.fields else None
    conf = m.confidence if m.confidence is not None else 0.9
    pairs = {
        "id": d.get("document_number"),
        "born": d.get("dob"),
        "sex": {"M": "Nam", "F": "Nữ"}.get(d.get("gender", ""), ""),
        "nationality": d.get("nationality"),
        "duedate": d.get("due_date"),
        "surname": d.get("sur_name"),
        "given_name": d.get("given_name"),
        "person_number": d.get("person_number"),
    }
    for k, v in pairs.items():
        if v and not r.value(k):
            r.set(k, v, conf, box, "mrz")
    if not r.value("name") and (d.get("sur_name") or d.get("given_name")):
        r.set(
            "name", f"{d.get('sur_name', '')} {d.get('given_name', '')}".strip(), conf, box, "mrz"
        )
    if r.value("country") == "" and d.get("country"):
        r.set("country", d["country"], conf, box, "mrz")


def extract_side(
    data: bytes,
    *,
    expected_side: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    today: dt.date | None = None,
) -> SideResult:
    """Read one image (any supported document, any side)."""
    from .layout import split_documents

    page = decode_image(data, max_bytes=max_bytes, max_pixels=max_pixels)
    none_found = None
    try:
        found = process_page(page, expected_side=expected_side, today=today)
    except NoDocumentFound as exc:
        found, none_found = None, exc
    if found is not None and found.fields:
        return found
    # other text in the photo (a sheet of paper beside the card) may have hidden the card,
    # or set the direction the page was read in, the card's few words (a side named by
    # its fingerprints' labels) read among the sheet's and no field of it
    for part in split_documents(page, min_lines=3, det_side=1280):
        try:
            other = process_page(part, expected_side=expected_side, today=today)
        except NoDocumentFound:
            continue
        if other.fields:
            return other
        found = found or other
    if found is None:
        raise none_found
    return found


def extract_file(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = MAX_PAGES,
    today: dt.date | None = None,
) -> list[SideResult]:
    """Read an image or every page of a PDF; each SideResult has its `page` set (1-based)."""
    pages = decode_any(data, max_bytes=max_bytes, max_pixels=max_pixels, max_pages=max_pages)
    from .layout import split_documents

    out = []
    for i, page in enumerate(pages, start=1):
        if page.page is None:
            page.page = i
        found = []
        # a scanned page often holds the front and the back side by side
        parts = split_documents(page)
        for part in parts:
            try:
                found.append(process_page(part, today=today))
            except NoDocumentFound:
                pass
        if len(found) < 2:
            found = []
            try:
                found = [process_page(page, today=today)]
            except NoDocumentFound:
                pass
        for r in found:
            r.page = page.page
            out.append(r)
    if not out:
        raise NoDocumentFound("no supported document in the file")
    return out


__all__ = ["extract_side", "extract_file", "process_page", "np"]
