"""Classify a document side and read its fields by their printed labels (never by position)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from . import normalize as nz
from .layout import Box, Document, Row, norm_text

# field -> label variants (accent-free, lower case). Bilingual labels match both halves.
LABELS: dict[str, list[str]] = {
    "id": ["so", "no", "so dinh danh ca nhan", "personal identification number", "so cmnd"],
    "name": [
        "ho va ten",
        "ho ten",
        "full name",
        "ho, chu dem va ten khai sinh",
        "ho chu dem va ten khai sinh",
        "ho, chu dem va ten",
        "surname, middle name and given name",
        "ho ten khai sinh",
    ],
    "born": [
        "ngay sinh",
        "ngay, thang, nam sinh",
        "ngay thang nam sinh",
        "date of birth",
        "sinh ngay",
    ],
    "sex": ["gioi tinh", "sex"],
    "quoctich": ["quoc tich", "nationality"],
    "dantoc": ["dan toc", "ethnic group", "ethnicity"],
    "tongiao": ["ton giao", "religion"],
    "country": ["que quan", "place of origin", "nguyen quan"],
    "address": [
        "noi thuong tru",
        "place of residence",
        "noi dkhk thuong tru",
        "noi dang ky ho khau thuong tru",
        "noi cu tru",
        "dkhk thuong tru",
    ],
    "duedate": [
        "co gia tri den",
        "date of expiry",
        "ngay, thang, nam het han",
        "ngay thang nam het han",
        "gia tri den",
        "co gia tri",
    ],
    "noidangkykhaisinh": ["noi dang ky khai sinh", "place of birth registration", "place of birth"],
    "dauvet": [
        "dac diem nhan dang",
        "dac diem nhan dang",
        "personal identification",
        "dau vet rieng va di hinh",
        "dau vet rieng",
    ],
    "date": [
        "ngay, thang, nam",
        "ngay thang nam",
        "date, month, year",
        "ngay, thang, nam cap",
        "date of issue",
        "ngay cap",
    ],
    "noicap": ["noi cap", "place of issue", "issuing authority"],
}

_SEP = " :;/.,-_|'\"“”‘’()"


@dataclass
class Tok:
    text: str
    norm: str
    box: Box
    x0: float = 0.0  # estimated from the token's place in its box's text
    x1: float = 0.0
    start: int = 0  # character span in box.text
    end: int = 0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Match:
    field: str
    start: int  # token index
    end: int  # token index (exclusive)
    score: float


# runs of non-space characters and '/'; a '.', ',', ';' or ':' directly followed by a
# letter also ends a token ("Ngay.thang,nam" is three words read without spaces)
_TOKEN = re.compile(
    r"(?:[^\s/.,;:]|[.,;:](?![^\W\d_]))+(?:[.,;:](?=[^\W\d_]))?|[.,;:](?=[^\W\d_])|/"
)


def row_tokens(row: Row) -> list[Tok]:
    out = []
    for b in row.boxes:
        n_chars = max(1, len(b.text))
        w = b.x1 - b.x0
        for m in _TOKEN.finditer(b.text):
            t = m.group(0)
            n = re.sub(r"[^a-z0-9,]", "", norm_text(t)).strip(",")
            x0 = b.x0 + w * m.start() / n_chars
            x1 = b.x0 + w * m.end() / n_chars
            out.append(Tok(t, n, b, x0, x1, m.start(), m.end()))
    return out


def _label_tokens():
    cache = {}
    for f, vs in LABELS.items():
        cache[f] = [[w.strip(",") for w in v.split()] for v in vs]
    return cache


_LABEL_TOKS = _label_tokens()


def _sim(a: str, b: str, floor: float = 0.0) -> float:
    """difflib ratio; 0 when cheap upper bounds show it is below `floor`."""
    if a == b:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if floor and (sm.real_quick_ratio() < floor or sm.quick_ratio() < floor):
        return 0.0
    return sm.ratio()


def find_labels(toks: list[Tok]) -> list[Match]:
    """Label occurrences in a row (fuzzy, token-aligned), best non-overlapping ones."""
    norms = [t.norm for t in toks]
    cands: list[Match] = []
    for f, variants in _LABEL_TOKS.items():
        for v in variants:
            n = len(v)
            target = " ".join(v)
            vset = set(v)
            for i in range(len(norms)):
                for m in (n, n - 1, n + 1):
                    if m < 1 or i + m > len(norms):
                        continue
                    if not all(norms[i : i + m]):
                        continue  # a window never spans a bare symbol ("/", "⁄", "-")
                    window = " ".join(norms[i : i + m])
                    if n == 1:
                        # one-word labels ("so", "no", "sex") must match exactly and look
                        # like a label: "Số:", "Số / No.:", "/ Sex:"
                        if m != 1 or window != target:
                            continue
                        raw = toks[i].text
                        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
                        prv = toks[i - 1].text if i > 0 else ""
                        if not (
                            raw.rstrip().endswith(":")
                            or raw.startswith("/")
                            or nxt.startswith("/")
                            or nxt.startswith(":")
                            or prv.endswith("/")
                        ):
                            continue
                        s = 1.0
                    else:
                        if abs(len(window) - len(target)) > max(3, 0.3 * len(target)):
                            continue
                        # OCR gets at least one word of a label right: cheap pre-filter
                        if not (set(norms[i : i + m]) & vset):
                            continue
                        s = _sim(window, target, 0.82)
                        if s < (0.82 if m == n else 0.9):
                            continue
                        if s < 1.0:
                            raw_win = " ".join(t.text for t in toks[i : i + m])
                            letters = [c for c in raw_win if c.isalpha()]
                            if letters and all(c.isupper() for c in letters):
                                # upper-case text is a value (a name), labels are not fuzzy-
                                # matched in it: "NGUYÊN XUÂN" is not "Nguyên quán"
                                continue
                            last = re.sub(r"\W", "", toks[i + m - 1].text)
                            if len(last) >= 2 and last.isupper() and not toks[i].text.isupper():
                                # nor is a label's start with the name after it ("Họ tên
                                # THÁI MINH" is no "Họ tên khai sinh")
                                continue
                        if s < 1.0 and m == n:
                            # every word must resemble its label word ("moi tinh" is not
                            # "gioi tinh", "nguyen quynh" is not "nguyen quan")
                            ws = [w for w in norms[i : i + m]]
                            weak = [(a, b) for a, b in zip(ws, v, strict=False) if _sim(a, b) < 0.7]
                            if len(weak) > (1 if n >= 3 and s >= 0.84 else 0) and not (
                                # one short word a letter off, at the row's start or the
                                # label's colon after it ("tọ tên", "Dân tậc;")
                                len(weak) == 1
                                and nz.one_letter_apart(*weak[0])
                                and (i == 0 or toks[i + m - 1].text.endswith((":", ";")))
                            ):
                                continue
                        if i > 0:
                            # inside a row a label ends with ':' (OCR: ';') or is followed
                            # by '/' or ':'
                            last = toks[i + m - 1].text
                            nxt = toks[i + m].text if i + m < len(toks) else ""
                            if not (last.endswith((":", ";")) or nxt[:1] in ("/", ":", ";")):
                                continue
                    cands.append(Match(f, i, i + m, s * (len(target) + 2)))
    # greedy: longest/best first, no overlaps
    cands.sort(key=lambda m: -m.score)
    chosen: list[Match] = []
    used = set()
    for c in cands:
        rng = set(range(c.start, c.end))
        if rng & used:
            continue
        chosen.append(c)
        used |= rng
    chosen.sort(key=lambda m: m.start)
    # merge bilingual halves of the same field ("Họ và tên / Full name")
    merged: list[Match] = []
    for c in chosen:
        if merged and merged[-1].field == c.field and c.start - merged[-1].end <= 1:
            merged[-1] = Match(c.field, merged[-1].start, c.end, merged[-1].score + c.score)
        else:
            merged.append(c)
    return merged


@dataclass
class RowInfo:
    row: Row
    toks: list[Tok]
    labels: list[Match]


def analyse(doc: Document) -> list[RowInfo]:
    out = []
    for r in doc.rows:
        toks = row_tokens(r)
        out.append(RowInfo(r, toks, find_labels(toks)))
    return out


def _join(toks: list[Tok]) -> str:
    """The tokens' text as printed (original spacing within a box)."""
    parts: list[str] = []
    i = 0
    while i < len(toks):
        j = i
        while (
            j + 1 < len(toks)
            and toks[j + 1].box is toks[i].box
            and toks[j + 1].start >= toks[j].end
        ):
            j += 1
        b = toks[i].box
        parts.append(b.text[toks[i].start : toks[j].end])
        i = j + 1
    return " ".join(parts).strip(_SEP + " ")


def _ends_with_comma(toks: list[Tok]) -> bool:
    """The tokens' line was printed ending with a comma (what it lists goes on below)."""
    last = toks[-1]
    rest = (last.text + last.box.text[last.end :]).rstrip(_SEP.replace(",", ""))
    return rest.endswith(",")


def _starts_an_address(box: Box, toks: list[Tok]) -> bool:
    """The line box's text begins as an address part does (a number, a hamlet or street
    word, a unit word: "Số 306 ..."), not with another column's value ("Không thời hạn")."""
    from .vocab import is_place_word

    words = [t for t in toks if t.box is box][:2]
    if not words:
        return False
    word = words[0].text.strip(_SEP)
    return (
        word[:1].isdigit()
        or is_place_word(word)
        or _UNIT.match(" ".join(t.norm for t in words)) is not None
    )


def _gap_groups(toks: list[Tok], gap: float) -> list[list[Tok]]:
    """The tokens in runs split at wide gaps: what lies across one is another column's or
    another document's (a sheet beside the card)."""
    groups: list[list[Tok]] = []
    for k, t in enumerate(toks):
        if not groups or t.x0 - toks[k - 1].x1 > gap:
            groups.append([])
        groups[-1].append(t)
    return groups


def _before_gap(toks: list[Tok], gap: float) -> list[Tok]:
    """The run next to a label: up to the first wide gap."""
    return _gap_groups(toks, gap)[0] if toks else toks


def _widest_run(toks: list[Tok], gap: float) -> list[Tok]:
    """The run with the most text of a row below a label (a sheet's word may lie on either
    side of the value)."""
    groups = _gap_groups(toks, gap)
    return max(groups, key=lambda g: sum(len(t.text) for t in g)) if groups else toks


def unique_boxes(toks: list[Tok]) -> list[Box]:
    """The line boxes the tokens come from, in order, each once."""
    boxes: list[Box] = []
    for t in toks:
        if t.box not in boxes:
            boxes.append(t.box)
    return boxes


def union_box(oboxes: list[list[int]]) -> list[int] | None:
    """The axis-aligned box around boxes (x0, y0, x1, y1); None when there are none."""
    if not oboxes:
        return None
    return [
        min(b[0] for b in oboxes),
        min(b[1] for b in oboxes),
        max(b[2] for b in oboxes),
        max(b[3] for b in oboxes),
    ]


def _box_of(toks: list[Tok]) -> list[int] | None:
    return union_box([b.obox for b in unique_boxes(toks)])


def _conf(toks: list[Tok]) -> float:
    bs = []
    for t in toks:
        if t.box not in bs:
            bs.append(t.box)
    if not bs:
        return 0.0
    return sum(b.conf for b in bs) / len(bs)


def _label_start(info: RowInfo, m: Match) -> int:
    """The token a label starts at, for the column of its value below: a bilingual label
    matched by its English half alone ("lọ, chữ đệm vớ tên / Full name:") starts at its
    Vietnamese half, after the row's previous label, if any."""
    before = info.toks[: m.start]
    # (the slash misread as a sign of its own, or a letter or digit like it: "tên ¿ Full
    # name", "trủ 7 Place")
    if not before or not (
        before[-1].text.endswith("/") or re.fullmatch(r"[^\w\s]|[7lI1]", before[-1].text)
    ):
        return m.start
    ends = [x.end for x in info.labels if x.end <= m.start and x is not m]
    return max(ends, default=0)


@dataclass
class Value:
    text: str
    toks: list[Tok]
    row_index: int

    @property
    def box(self):
        return _box_of(self.toks)

    @property
    def conf(self):
        return _conf(self.toks)


ALL_LABEL_FIELDS = set(LABELS)


def _after_label(info: RowInfo, m: Match) -> list[Tok]:
    nxt = [x for x in info.labels if x.start >= m.end]
    end = nxt[0].start if nxt else len(info.toks)
    toks = info.toks[m.end : end]
    # drop leading separators / stray label pieces
    while toks and (not toks[0].norm or toks[0].text.strip(_SEP) == ""):
        toks = toks[1:]
    return toks


def find_field(
    infos: list[RowInfo],
    field: str,
    *,
    max_follow: int = 1,
    follow_when_found: bool = False,
    accept=None,
    skip_fields: tuple = (),
    complete=None,
    tail=None,
) -> Value | None:
    """Value of a labelled field: text after its label on the same row, then the rows below
    (only boxes in the label's column, stopping at the next label, or where `complete`
    says the text is whole; `tail(text, next_row)` may still take the row after that)."""
    lists_units = field in ("address", "country", "noidangkykhaisinh")
    heights = sorted(b.y1 - b.y0 for inf in infos for b in inf.row.boxes)
    line_h = heights[len(heights) // 2] if heights else 1.0

    def line(toks: list[Tok]) -> str:
        # an address line keeps its closing comma: the address goes on below it
        text = _join(toks)
        return text + "," if text and lists_units and _ends_with_comma(toks) else text

    for i, info in enumerate(infos):
        for m in info.labels:
            if m.field != field:
                continue
            toks = _after_label(info, m)
            if lists_units:
                toks = _before_gap(toks, 3 * line_h)
            label_x0 = info.toks[_label_start(info, m)].x0
            lh = max(1.0, info.row.y1 - info.row.y0)
            parts = list(toks)
            texts = [line(toks)] if toks and line(toks) else []
            if accept and texts and accept(texts[0]):
                return Value(texts[0], parts, i)
            if accept and texts:
                # the same-row text is not the value (e.g. another column's text): look below
                texts, parts = [], []
            done = bool(complete and texts and complete(", ".join(texts)))
            if done and not tail:
                return Value(texts[0], parts, i)
            if not texts or follow_when_found or done:
                n = 0
                lab_box = info.toks[m.start].box
                hs = sorted(b.y1 - b.y0 for inf in infos for b in inf.row.boxes)
                lh = max(1.0, min(lab_box.y1 - lab_box.y0, hs[len(hs) // 2] if hs else 1.0))
                last_y1 = lab_box.y1
                # rows below the label, by the position of their text in the label's column
                # (a tilted or keystoned card can shuffle the rows' order)
                below = []
                for j, nxt in enumerate(infos):
                    if j == i:
                        continue
                    cols = [t for t in nxt.toks if t.cx > label_x0 - lh]
                    if not cols:
                        continue
                    if lists_units:
                        # an address line read as one box that starts left of the label
                        # ("Số 306 Ngõ 47 ..." below "Nơi thường trú:"): the whole line
                        spanning = {
                            id(t.box)
                            for t in cols
                            if t.box.x0 < label_x0 - lh and _starts_an_address(t.box, nxt.toks)
                        }
                        cols = [t for t in nxt.toks if t in cols or id(t.box) in spanning]
                        cols = _widest_run(cols, 3 * line_h)
                    # by its first text in the column (what continues the value; a
                    # sheet's word further right may sit higher)
                    first = min(cols, key=lambda t: t.x0)
                    cy = (first.box.y0 + first.box.y1) / 2
                    # lines of a tilted, squeezed photo may be closer than a line apart
                    if cy > (lab_box.y0 + lab_box.y1) / 2 + 0.35 * lh:
                        below.append((cy, j, cols))
                below.sort(key=lambda x: x[0])
                for _cy, j, cols in below:
                    nxt = infos[j]
                    top = min(t.box.y0 for t in cols)
                    if top - last_y1 > 2.2 * lh:
                        break
                    # (by its last word: "Nơi thường trú" may start left of the column)
                    lab_in_col = [
                        x
                        for x in nxt.labels
                        if x.field not in skip_fields and nxt.toks[x.end - 1].cx > label_x0 - lh
                    ]
                    if done:
                        # the text looked whole: a row that is one more unit of its own
                        # still belongs to it (an old card's "..., Thành phố Huế," /
                        # "Tỉnh Thừa Thiên Huế")
                        if not lab_in_col and tail(", ".join(texts), line(cols)):
                            parts += cols
                            texts.append(line(cols))
                        break
                    if n >= max_follow:
                        break
                    if lab_in_col:
                        first = lab_in_col[0]
                        pre = [t for t in nxt.toks[: first.start] if t in cols]
                        if pre:
                            parts += pre
                            texts.append(line(pre))
                            if accept and accept(texts[-1]):
                                return Value(texts[-1], pre, j)
                        break
                    parts += cols
                    texts.append(line(cols))
                    last_y1 = max(t.box.y1 for t in cols)
                    n += 1
                    if complete and complete(", ".join(texts)):
                        if not tail:
                            break
                        done = True
                        continue
                    if accept and accept(texts[-1]):
                        return Value(texts[-1], cols, j)
            text = (
                join_address_lines([t for t in texts if t]).rstrip(", ")
                if lists_units
                else " ".join(texts)
            )
            if text:
                return Value(text, parts, i)
    return None


_UNIT = re.compile(r"(phuong|xa|quan|huyen|thi tran|thi xa|thanh pho|tinh|tp)\b")


def join_address_lines(texts: list[str]) -> str:
    """An address printed on several lines, as one line. A line break inside a unit's
    name ("..., Phường Cao" / "Xanh, Thành phố Hạ Long, ...") or inside the unit word
    itself ("..., Thành" / "phố Đà Nẵng") joins with a space: the address names its units
    ("Phường", "Thành phố", ...) and the wrapped words do not start with one; every other
    break is a comma."""
    out = ""
    for t in texts:
        t = t.strip()
        if not out:
            out = t
            continue
        if out.endswith(",") or t.startswith(","):
            out = out.rstrip(",") + ", " + t.lstrip(", ")
            continue
        from .address import is_province
        from .vocab import is_place_word

        prev_last = norm_text(out.rsplit(",", 1)[-1]).strip()
        segs = [norm_text(x).strip() for x in t.split(",")]
        split_unit = f"{prev_last.rsplit(' ', 1)[-1]} {segs[0].split(' ', 1)[0]}"
        wrapped = (
            _UNIT.fullmatch(prev_last) is not None  # a unit word waits for its name ("Tỉnh")
            or _UNIT.fullmatch(split_unit) is not None
            or (
                _UNIT.match(prev_last) is not None
                and len(segs) >= 2
                and _UNIT.match(segs[0]) is None
                and len(segs[0].split()) <= 2
                and all(_UNIT.match(x) or is_province(x) for x in segs[1:] if x)
            )
            or (
                # a street's name wrapped after its house number ("Số 274/10 Hoàng Hoa" /
                # "Thám, Phường Bình Khánh, ..."): the next line's first part no unit's
                re.match(r"(so\s+)?\d[\w/\-]*(\s|$)", prev_last) is not None
                and len(segs) >= 2
                and _UNIT.match(segs[0]) is None
                and not is_place_word(t.split()[0].capitalize())
                and _UNIT.match(segs[1]) is not None
            )
            or (
                # the last word or two of a unit's name alone on the next line ("..., Tỉnh
                # Bình" / "Dương"), unless they name a province of their own ("Quảng Nam")
                _UNIT.match(prev_last) is not None
                and len(segs) == 1
                and _UNIT.match(segs[0]) is None
                and len(segs[0].split()) <= 2
                and (not is_province(segs[0]) or is_province(f"{prev_last} {segs[0]}"))
            )
            or (
                # a province named without its unit word, broken across the lines ("...,
                # Quận 1, Hồ Chí" / "Minh"): neither half a province, the two one
                len(segs) == 1
                and not is_province(prev_last)
                and not is_province(segs[0])
                and is_province(f"{prev_last} {segs[0]}")
            )
        )
        wrapped = wrapped or _street_wrapped(out.rsplit(",", 1)[-1], t.split(",")[0])
        out = out + (" " if wrapped else ", ") + t
    return out


def _street_wrapped(part: str, next_part: str) -> bool:
    """A known street's name broken across the lines, after its house number ("Số 222/55
    Cách Mạng Tháng" / "Tám, Hòa Cường Bắc, ..."): the words after the number and the
    next line's first part name it."""
    from .vocab import is_street_name

    words = part.split()
    numbered = [k for k, w in enumerate(words) if re.search(r"\d", w)]
    if not numbered or not next_part.strip():
        return False
    begun = words[numbered[-1] + 1 :]
    return bool(begun) and is_street_name(begun + next_part.split())


# ---------------------------------------------------------------- classification

TITLES = {
    "cmnd": ["chung minh nhan dan", "giay chung minh nhan dan"],
    "cccd": ["can cuoc cong dan", "citizen identity card"],
    "cc2024": ["can cuoc", "identity card"],
    "passport": ["ho chieu", "passport"],
}


def _has(text: str, phrase: str, thr: float = 0.85) -> bool:
    if re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text):
        return True
    squashed = phrase.replace(" ", "")
    if len(squashed) >= 10 and squashed in text.replace(" ", ""):
        return True  # PP-OCR often drops the spaces between words
    if len(phrase) < 12:
        thr = max(thr, 0.92)
    # fuzzy: sliding window over words
    words = text.split()
    n = len(phrase.split())
    for i in range(0, max(0, len(words) - n) + 1):
        w = " ".join(words[i : i + n])
        if abs(len(w) - len(phrase)) <= 3 and _sim(w, phrase) >= thr:
            return True
    return False


def substring_distance(phrase: str, text: str) -> int:
    """The fewest edits (insert, delete, replace) turning `phrase` into some substring of
    `text` (Sellers' algorithm)."""
    prev = [0] * (len(text) + 1)
    for i, pc in enumerate(phrase, 1):
        cur = [i] + [0] * len(text)
        for j, tc in enumerate(text, 1):
            cur[j] = min(prev[j - 1] + (pc != tc), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return min(prev)


def _title_read_badly(lines: list[str]) -> bool:
    """A line whose letters are more like the CMND's title than the citizen card's, by far
    ("ciunsishnhnan": 0.62 against 0.22): alone, a passport's MRZ name ("trinh thanh hanh",
    0.62) is as like it, so only with a CMND's number and no MRZ."""
    cmnd, cccd = "chungminhnhandan", "cancuoccongdan"

    def like(letters: str, title: str) -> float:
        n = len(title)
        return max(
            difflib.SequenceMatcher(None, letters[i : i + n + 2], title).ratio()
            for i in range(0, max(1, len(letters) - n + 1))
        )

    for ln in lines:
        letters = re.sub(r"[^a-z]", "", ln)
        if any(w in letters for w in ("nghia", "vietnam", "conghoa", "republic")):
            continue  # the motto ("CUNG H NGHIAVIETNAM": 0.6)
        if 0.6 * len(cmnd) <= len(letters) <= 1.6 * len(cmnd):
            a, b = like(letters, cmnd), like(letters, cccd)
            if a >= 0.6 and a - b >= 0.25:
                return True
    return False


def _has_squashed(lines: list[str], phrase: str) -> bool:
    """`phrase` within a line, both without spaces, a letter or two slipped: titles read
    with their spaces lost and letters misread ("CHUNGMINI NHAS DAN", "ĐỘ CỘNG AN")."""
    p = phrase.replace(" ", "")
    edits = 1 if len(p) < 12 else 2
    need = Counter(p)
    for ln in lines:
        t = ln.replace(" ", "")
        if len(t) < len(p) - edits:
            continue
        # each letter of the phrase the line lacks costs an edit: most lines fail this
        if sum((need - Counter(t)).values()) > edits:
            continue
        if substring_distance(p, t) <= edits:
            return True
    return False


# a slash between letters: a bilingual label ("Họ và tên / Full name", "Số / No."), not a
# date or a house number
_BILINGUAL = re.compile(r"[a-z]\s*/\s*[a-z]")


def _bilingual_rows(lines: list[str]) -> int:
    return sum(1 for ln in lines if _BILINGUAL.search(ln))


def _title_goes_on(doc: Document) -> bool:
    """Whether a line that starts "CĂN CƯỚC" goes on in the same line box, its next word
    misread ("CĂN CƯỚC €Ø#G pâwu"): the 2024 card's title is those two words alone, the
    citizen identity cards' is "CĂN CƯỚC CÔNG DÂN"."""
    for row in doc.rows:
        for b in row.boxes:
            m = re.match(r"\W*can cuoc\s+(\S+)", b.norm or norm_text(b.text))
            if m and sum(c.isalnum() for c in m.group(1)) >= 2 and m.group(1) != "identity":
                return True
    return False


def _address_rows(lines: list[str]) -> int:
    """Address lines: three parts or more between commas, one of them a unit ("Xã ..."), or
    two, the second a unit (an address wrapped: "Thên Phú Mỹ, Xã Mường Cơi Sơn (a")."""
    n = 0
    for ln in lines:
        parts = [x.strip() for x in ln.split(",")]
        if (len(parts) >= 3 and any(_UNIT.match(x) for x in parts)) or (
            len(parts) == 2 and parts[0] and _UNIT.match(parts[1])
        ):
            n += 1
    return n


# an old CMND back's signer, "GIÁM ĐỐC CA TỈNH ..." / "... CÔNG AN THÀNH PHỐ ...", as read
# with spaces lost and letters slipped ("GAMDOGCATINH", "GIÁM ĐCG-GA TÍNH")
# "GIÁM ĐỐC" misread "GAMDOG", but not "thánG/dAte" of the date's label ("Ngày, tháng,
# năm / Date, month, year" read "Ngay.thangam/Datemonthy", "Ngay.thangmDanth")
# ("GIẢÁM ĐỐC GA TỈNH": a letter read twice, "C" read "G"; not "Phường Đông A, Tỉnh")
# ("GIUÁM ĐÕC-GA YÌNH": a letter read into it)
_CMND_SIGNER = re.compile(r"gi?u?a+md(?!ate)|(?:ca|(?<=doc)ga|congan)(?:tinh|thanhpho|tp)")


def names_cmnd_signer(lines: list[str]) -> bool:
    """Whether one of the lines (accent-free) is an old CMND back's signer's title."""
    return any(_CMND_SIGNER.search(re.sub(r"[^a-z]", "", ln)) for ln in lines)


def _second_lines(doc: Document) -> list[str]:
    return [norm_text(b.alt) for r in doc.rows for b in r.boxes if b.alt]


def classify(
    doc: Document,
    infos: list[RowInfo],
    *,
    has_qr: bool,
    mrz_kind: str | None,
    qr_seen: bool = False,
    with_second_readings: bool = False,
) -> str:
    """card_type from what the text says (titles, labels, QR/MRZ presence, number length);
    `qr_seen`: a QR-like patch too small to decode; `with_second_readings` adds PP-OCR's
    accent-free reading of the lines."""
    lines = [norm_text(r.text) for r in doc.rows]
    if with_second_readings:
        lines += _second_lines(doc)
    text = "\n".join(lines)
    flat = " ".join(lines)
    fields = {m.field for info in infos for m in info.labels}
    if mrz_kind == "P" or _has(flat, "ho chieu") or _has(flat, "passport"):
        if mrz_kind == "P" or (_has(flat, "ho chieu") and _has(flat, "passport")):
            return "passport"
        if mrz_kind is None or not mrz_kind.startswith(("I", "A", "C")):
            return "passport"
    is_cmnd = _has(flat, "chung minh nhan dan") or _has_squashed(lines, "chung minh nhan dan")
    is_cccd = (
        _has(flat, "can cuoc cong dan")
        or _has(flat, "citizen identity")
        or _has_squashed(lines, "can cuoc cong dan")
    )
    if not is_cccd and _title_goes_on(doc):
        is_cccd = True  # "CĂN CƯỚC CÔ, 0À»": the 2016/2021 title, its last words misread
    is_cc = (not is_cccd) and (_has(flat, "can cuoc") or re.search(r"\bidentity card\b", flat))
    if not (is_cmnd or is_cccd or is_cc or mrz_kind):
        # no title read: one read too badly for a few edits ("CIUNSISHNHNAN"), with the
        # number a CMND's front has below it
        number = next((d for d in map(nz.find_id, lines) if d), "")
        is_cmnd = len(number) in (9, 12) and _title_read_badly(lines)
    front_fields = {"name", "born", "sex", "quoctich", "country"}
    back_marks = (
        _has(flat, "ngon tro trai")
        or _has(flat, "ngon tro phai")
        or "dauvet" in fields
        or _has(flat, "left index finger")
    )
    n_front = len(fields & front_fields)
    id_digits = ""
    for ln in lines:
        d = nz.find_id(ln)
        if d:
            id_digits = d
            break
    if mrz_kind in ("I", "A", "C") or (mrz_kind and mrz_kind.startswith("I")):
        # chip CCCD back or 2024 back: both carry a TD1 MRZ; only the 2024 back names the
        # Ministry, prints addresses and an expiry
        if (
            "noidangkykhaisinh" in fields
            or _has(flat, "noi cu tru")
            or _has(flat, "bo cong an")
            or _has_squashed(lines, "bo cong an")
            or _has(flat, "khong thoi han")
            or (_address_rows(lines) and not back_marks)
        ):
            return "id_card_2024_back"
        if back_marks or _has(flat, "cuc truong"):
            return "chip_id_card_back"
        if n_front >= 2:
            pass
        else:
            return "chip_id_card_back" if not (has_qr or qr_seen) else "id_card_2024_back"
    if mrz_kind and mrz_kind not in ("P",) and n_front < 2 and not is_cccd and not is_cmnd:
        if "noidangkykhaisinh" in fields or _has(flat, "bo cong an"):
            return "id_card_2024_back"
        if back_marks or _has(flat, "cuc truong") or "date" in fields:
            return "chip_id_card_back"
        return "mrz_document"
    if mrz_kind == "P":
        return "passport"
    if n_front >= 2 or is_cmnd or is_cccd or is_cc:
        if is_cmnd or (not is_cccd and not is_cc and len(id_digits) == 9 and "nguyen quan" in text):
            if n_front >= 2 or not back_marks:
                return "12_id_card_front" if len(id_digits) == 12 else "9_id_card_front"
        if is_cccd and (n_front >= 1 or not back_marks):
            # the 2021 chip card is bilingual and has a QR code; the 2016 card is neither
            english_labels = ("full name", "date of birth", "place of origin",
                              "place of residence", "nationality", "date of expiry",
                              "citizen identity")  # fmt: skip
            english = sum(1 for p in english_labels if _has(flat, p))
            bilingual = _bilingual_rows(lines)
            if not has_qr and english < 2 and bilingual < 2:
                # small English labels: PP-OCR reads them where Tesseract (vie) does not
                second = _second_lines(doc)
                english = sum(1 for p in english_labels if _has(" ".join(second), p))
                bilingual = max(bilingual, _bilingual_rows(second))
            if qr_seen and not has_qr and not english and bilingual < 2 and n_front >= 3:
                # labels read, none of them bilingual (one slash in a misread line is no
                # bilingual label: "ngy.thanyn/nsrh05/02/1979"): a 2016 card, whatever the
                # texture taken for a QR code was
                return "cccd_front"
            chip = has_qr or qr_seen or english >= 2 or bilingual >= 2
            return "chip_id_card_front" if chip else "cccd_front"
        if is_cc and n_front >= 1:
            return "id_card_2024_front"
        if n_front >= 2:
            if len(id_digits) == 9:
                return "9_id_card_front"
            if "dantoc" in fields:
                # of the fronts, only the 12-digit CMND's names the ethnicity (its title
                # and number misread: "CHONIINSHIANSSS", "0750172425519")
                return "12_id_card_front"
            if "country" in fields or "address" in fields:
                return "chip_id_card_front" if has_qr or qr_seen else "cccd_front"
            return "id_card_2024_front"
    if is_cc and not mrz_kind and not back_marks and "date" not in fields:
        # the 2024 card's title, its labels too blurred to read: only its front says it
        if len(id_digits) == 12 or re.search(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}", flat):
            return "id_card_2024_front"
    # backs
    if "noidangkykhaisinh" in fields or (_has(flat, "noi cu tru") and _has(flat, "bo cong an")):
        return "id_card_2024_back"
    if back_marks or "date" in fields:
        if (
            "dantoc" in fields
            or "tongiao" in fields
            or re.search(r"giam\s*doc", flat)
            or re.search(r"\bc\s*a[\s\-.:]*(tinh|thanh pho|tp)\b", flat)
            or names_cmnd_signer(lines)
        ):
            if (
                "dantoc" in fields
                or "tongiao" in fields
                or _ethnicity_or_religion_read(doc)
                or _nine_digit_caption(lines)
                or _religion_label(lines)
            ):
                return "9_id_card_back"
            return "12_id_card_back"
        if _has(flat, "cuc truong") or _has(flat, "dkql") or _has(flat, "canh sat"):
            if _has(flat, "quan ly hanh chinh") or _has(flat, "trat tu xa hoi"):
                return "chip_id_card_back"
            return "cccd_back"
        if has_qr:
            return "id_card_2024_back"
        return "cccd_back"
    weak = _weak_back(flat, lines, doc)
    if not weak and len(id_digits) == 9 and any(nz.parse_date(ln) for ln in lines):
        # title and labels unreadable: a 9-digit number and a date are an old CMND's front
        # (every other card's number has 12 digits, and backs carry no number)
        weak = "9_id_card_front"
    return weak


def _weak_back(flat: str, lines: list[str], doc: Document) -> str:
    """Badly read backs: the issue-date line ("Ngày .. tháng .. năm ....") or a mark ("Sẹo
    C:2cm trên ...") and traces of the issuing authority are often all that survives blur
    and noise."""
    date_line = re.search(
        r"ng[a-z]{1,3}\s*\d{1,2}\D{1,12}?th[a-z]{2,4}\s*\d{1,2}\D{1,12}?n[a-z]{1,2}\s*\d{4}", flat
    ) or re.search(  # its digits misread too: "Ngày I1 tháng 0G xâm 2015", "Ngày %2 táng (2",
        # a letter glued on before it: "JNgăy 26 tháng 0 má 2017"
        r"\b[a-z]?ng[a-z]{0,3}\s*\S{1,3}\s+t[a-z]{1,5}\s*\S{1,3}\s+[a-z]{1,4}\s*\d{4}\b",
        flat,
    )
    mark_line = re.search(r"\d\s*cm\b.{0,20}\b(tren|duoi|truoc|sau|phai|trai)\b", flat)
    cues_cccd = sum(
        1 for w in ("cuc", "truong", "canh", "sat", "dkql", "dlqg", "dan cu", "cu tru") if w in flat
    )
    cues_cmnd = sum(
        1
        for w in ("giam doc", "giam", "doc", "ca tinh", "ca thanh pho", "dau vet", "di hinh")
        if w in flat
    )
    if names_cmnd_signer(lines):
        cues_cmnd = max(cues_cmnd, 2)
    if not (date_line or mark_line) and cues_cccd + cues_cmnd < 3:
        return ""
    if (date_line or mark_line) and _ethnicity_or_religion_read(doc):
        # of the backs, only the 9-digit CMND's names them ("... sóc Kinh", "Phật giáo"
        # above "Ngèy 03 thác 07 năm 2014"): that outweighs the authority's words
        cues_cmnd = max(cues_cmnd, cues_cccd + 1)
    if cues_cmnd > cues_cccd:
        if (
            "dan toc" in flat
            or "ton giao" in flat
            or _ethnicity_or_religion_read(doc)
            or _nine_digit_caption(lines)
            or _religion_label(lines)
        ):
            return "9_id_card_back"
        return "12_id_card_back"
    if cues_cccd >= 2:
        if "trat tu" in flat or "hanh chinh" in flat:
            return "chip_id_card_back"
        return "cccd_back"
    return ""


def _religion_label(lines: list[str]) -> bool:
    """The religion's label, which only the 9-digit CMND's back prints, a vowel off and its
    value unread, on accent-free lines: "Tân giáo: Phúi giáo"."""
    return any(re.search(r"\bt[a-z]{1,2}n\s*gi[a-z]{1,2}\s*[:;]", ln) for ln in lines)


def _nine_digit_caption(lines: list[str]) -> bool:
    """The 9-digit CMND's back's caption for marks, "DẤU VẾT RIÊNG VÀ DỊ HÌNH" (the 12-digit
    one's says "ĐẶC ĐIỂM NHẬN DẠNG"), on accent-free lines, however misread ("ĐÀM: VẾ1 WIỆNG
    VÀ 1 MÌNH")."""
    return any(
        re.search(r"\bv\w{1,2}\s+\w?ieng\b|\bva\s+(?:\S{1,2}\s+)?[a-z]?[hm]inh\b|\bdi hinh\b", ln)
        for ln in lines
    )


def _ethnicity_or_religion_read(doc: Document) -> bool:
    """What only the 9-digit CMND's back prints of the old cards: an ethnic group or a
    religion in its upper half."""
    return _ethnicity_read(doc) or _religion_read(doc)


def _religion_read(doc: Document) -> bool:
    """A religion read in the upper half of the side: after its label's last word ("to
    giao. Không", "Tôn gi4: Không"), or "Không" (no religion, what most cards say) on a
    short row of its own, a letter of the label glued on ("TKhong")."""
    from .vocab import RELIGIONS, base, choice_in_rows

    upper = [r.text.split() for r in doc.rows[: (len(doc.rows) + 1) // 2]]
    if choice_in_rows([" ".join(ws) for ws in upper], RELIGIONS)[1]:
        return True
    return any(ws and len(ws) <= 2 and base(ws[-1]).lower().endswith("khong") for ws in upper)


def _ethnicity_read(doc: Document) -> bool:
    """An ethnic group read in the upper half of the side, where the 9-digit CMND's back
    prints it (only that back of the old cards carries one), on a row or in a box of its
    own; the signer's name at the bottom may end like one ("... Hoa"). Spelled as the
    group is: a misread caption ends like one too ("Dacdn hnCong", not "Cống")."""
    from .vocab import ETHNIC_GROUPS, choice_in_rows

    upper = doc.rows[: (len(doc.rows) + 1) // 2]
    texts = [r.text for r in upper] + [b.text for r in upper if len(r.boxes) > 1 for b in r.boxes]
    return bool(choice_in_rows(texts, ETHNIC_GROUPS, spelled=True)[1])
