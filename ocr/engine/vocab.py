"""Vocabulary of what is printed on Vietnamese ID documents, to undo OCR diacritic slips:
issuing authorities and the words of identifying marks (đặc điểm nhận dạng)."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from functools import lru_cache

from .names import _closest, base

AUTHORITIES = [
    "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ",
    "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
    "BỘ CÔNG AN",
    "CỤC QUẢN LÝ XUẤT NHẬP CẢNH",
]

MARK_WORDS = """Sẹo Sẹo chấm Nốt ruồi Vết bớt Vết chàm Bớt Chấm Nốt ruồi son cách dưới trên trước sau
giữa cạnh trái phải đầu đuôi mày mắt mũi cánh má gò môi mép cằm trán tai cổ gáy thái dương
lông chân tay ngón bàn cm ở và có bên""".split()


# the words an address's first part starts with: hamlets, streets and the units
PLACE_WORDS = (
    "Thôn Xóm Ấp Bản Tổ Khu Phố Khối Cụm Số Ngõ Ngách Hẻm Đường Làng Đội Khóm Buôn Plei "
    "Sóc Kiệt Lô Phường Xã Quận Huyện Tỉnh"
).split()


def is_place_word(word: str) -> bool:
    """A word an address's first part starts with ("Số", "Xóm", "Phường"...), whatever its
    diacritics."""
    return base(word.strip(",.;:")) in _PLACE_WORD_BASES


_PLACE_WORD_BASES = frozenset(base(w) for w in PLACE_WORDS)


def undouble(word: str) -> str:
    """A vowel read twice with two sets of marks ("Nẵẫm"): the one spelling of the word
    with one of them dropped that the vocabulary has; the word as read otherwise."""
    if is_spelled_word(word):
        return word
    w = _nfc(word)
    options = {
        w[:i] + w[i + 1 :]
        for i in range(len(w) - 1)
        if base(w[i]) == base(w[i + 1]) and is_spelled_word(w[:i] + w[i + 1 :])
    }
    return options.pop() if len(options) == 1 else word


def is_known_word(word: str) -> bool:
    """A word of the vocabulary (units, places, marks, streets), whatever its diacritics."""
    return base(word) in _word_table() or base(word) in _street_words()


@lru_cache(maxsize=1)
def _street_words() -> frozenset[str]:
    """The words of common street names, accents aside: streets named after people abroad
    ("167 Pasteur", "Yersin") are an address's words too. (Not spellings to correct other
    words by: "Tháng" of "Cách Mạng Tháng Tám" is a misread "Thắng" elsewhere.)"""
    return frozenset(w for letters in _streets() for w in letters)


def is_spelled_word(word: str, min_count: int = 1) -> bool:
    """A word of the vocabulary with these very diacritics (any case), seen at least
    `min_count` times in it."""
    w = _nfc(word).lower()
    counts = _word_counts()
    return any(
        w == k.lower() and counts.get(k, 0) >= min_count for k in _word_table().get(base(word), ())
    )


def letters_count(word: str) -> int:
    """How often words with these letters, whatever their diacritics, occur in the unit
    names and vocabularies."""
    counts = _word_counts()
    return sum(counts.get(k, 0) for k in _word_table().get(base(word), ()))


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@lru_cache(maxsize=1)
def _word_counts() -> dict[str, int]:
    """How often each word (as spelled) occurs in the unit names and vocabularies."""
    from .address import new_units, old_units

    freq: dict[str, int] = {}

    def add(text: str, w: int = 1):
        for tok in re.findall(r"[^\W\d_]+", _nfc(text)):
            freq[tok] = freq.get(tok, 0) + w

    for p in old_units():
        add(p["n"])
        for d in p["d"]:
            add(d["n"])
            for _, wn in d["w"]:
                add(wn)
    for p in new_units():
        add(p["n"])
        for _, wn in p["w"]:
            add(wn)
    for w in MARK_WORDS:
        add(w, 50)
    for w in PLACE_WORDS:
        add(w, 50)
    add("Tổ dân phố Khu phố", 50)  # (their small letters: "Tổ dân phố", not "Tổ Dân phố")
    return freq


@lru_cache(maxsize=1)
def _word_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for w, _ in sorted(_word_counts().items(), key=lambda kv: -kv[1]):
        table.setdefault(base(w), []).append(w)
    return table


def fix_words(text: str) -> str:
    """Replace each word unknown to the vocabulary by the known word with the same letters
    and the closest diacritics (case kept)."""
    table = _word_table()
    known_cache: set[str] = {w for ws in table.values() for w in ws}

    def repl(m: re.Match) -> str:
        w = m.group(0)
        if w in known_cache:
            return w
        cap = w[:1].isupper()
        upper = w.isupper() and len(w) > 1
        cands = table.get(base(w))
        if not cands:
            return w
        # match case-insensitively
        lw = w.lower()
        for c in cands:
            if c.lower() == lw:
                if upper:
                    return c.upper()
                return c if not cap else c[:1].upper() + c[1:]
        best = _closest([lw.capitalize(), lw], [c for c in cands])
        if upper:
            return best.upper()
        if cap:
            return best[:1].upper() + best[1:]
        return best.lower() if not best[:1].isupper() or not cap else best

    return re.sub(r"[^\W\d_]+", repl, _nfc(text))


@lru_cache(maxsize=1)
def _streets() -> dict[tuple[str, ...], str]:
    """Common street names by their words' letters, accents aside (names sharing their
    letters with another are left out: the letters cannot tell them apart)."""
    path = os.path.join(os.path.dirname(__file__), "data", "streets.txt")
    by_letters: dict[tuple[str, ...], set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            name = _nfc(line.strip())
            if name and not name.startswith("#"):
                by_letters.setdefault(tuple(base(w) for w in name.split()), set()).add(name)
    return {k: next(iter(v)) for k, v in by_letters.items() if len(v) == 1}


def is_street_name(words: list[str]) -> bool:
    """The words name a common street, whatever their diacritics."""
    return tuple(base(w) for w in words) in _streets()


# "Số" read as "S6" or "Sô" before a house number
_HOUSE_NUMBER = re.compile(r"\bS[6oO0ôóồỏ](?=\s+\d)")
_STREET_WORDS = {"DUONG", "PHO"}  # "Đường", "Phố": the word street before its name


def fix_street_names(text: str) -> str:
    """A common street name in an address spelled as it is known, when the printed words
    have its letters with other diacritics ("Diễn Biên Phu" -> "Điện Biên Phủ"); "S6 12"
    -> "Số 12"."""
    text = _HOUSE_NUMBER.sub("Số", text)
    streets = _streets()
    longest = max((len(k) for k in streets), default=0)
    words = text.split(" ")
    i = 0
    while i < len(words):
        # a street's name follows its house or lane number ("68", "15/25", "Ngõ 37") or
        # the word street: nowhere else ("Quận Thanh Khê" is no "Quán Thánh")
        if not (i and (re.search(r"\d", words[i - 1]) or base(words[i - 1]) in _STREET_WORDS)):
            i += 1
            continue
        for n in range(min(longest, len(words) - i), 0, -1):
            window = words[i : i + n]
            if any(w != w.rstrip(",.;") for w in window[:-1]):
                continue  # a street's name is within one part of the address
            tail = window[-1][len(window[-1].rstrip(",.;")) :]  # a separator after it
            letters = tuple(base(w.rstrip(",.;")) for w in window)
            name = streets.get(letters)
            if name and all(w[:1].isupper() for w in window):
                words[i : i + n] = (name + tail).split(" ")
                i += n - 1
                break
        i += 1
    return " ".join(words)


# the words a hamlet's or street quarter's name follows in an address's first part
HAMLET_WORDS = ("Thôn", "Xóm", "Ấp", "Bản", "Khối", "Tổ dân phố", "Khu phố", "Cụm", "Làng",
                 "Buôn", "Khóm", "Đội", "Sóc", "Plei")  # fmt: skip


@lru_cache(maxsize=1)
def _unit_names() -> dict[tuple[str, ...], str]:
    """The communes' and wards' names of two words or more, without their unit word, by
    their words' letters (names sharing their letters with another are left out: "Tân
    Thành", "Tân Thạnh")."""
    from .address import _bare, modern_tones, new_units, old_units

    names = [w for p in old_units() for d in p["d"] for _, w in d["w"]]
    names += [w for p in new_units() for _, w in p["w"]]
    by_letters: dict[tuple[str, ...], set[str]] = {}
    for name in names:
        bare = modern_tones(_nfc(_bare(name)))
        if len(bare.split()) >= 2 and not any(c.isdigit() for c in bare):
            by_letters.setdefault(tuple(base(w) for w in bare.split()), set()).add(bare)
    return {k: next(iter(v)) for k, v in by_letters.items() if len(v) == 1}


def fix_hamlet_names(text: str) -> str:
    """A hamlet named as a commune is ("Xóm Quyết Thăng" read for Quyết Thắng): the
    address's first part, a hamlet word and a name of capitalised words with the letters
    of one commune's or ward's name, takes that name's diacritics."""
    head, sep, tail = text.partition(",")
    for word in sorted(HAMLET_WORDS, key=len, reverse=True):
        if not head.startswith(word + " "):
            continue
        words = head[len(word) + 1 :].split()
        if len(words) < 2 or not all(w[:1].isupper() and w.isalpha() for w in words):
            return text
        name = _unit_names().get(tuple(base(w) for w in words))
        if name is None:
            return text
        return f"{word} {name}{sep}{tail}"
    return text


def fix_mark_words(text: str) -> str:
    """In identifying marks (a closed vocabulary: "Nốt ruồi C:2cm sau tai trái"), a word
    after the size that is no mark word becomes the mark word with the most similar letters
    ("phi" -> "phải", "tại" -> "tai"), when one is clearly close."""
    from .address import _ratio

    words = {w.lower() for w in MARK_WORDS}
    by_base: dict[str, str] = {}
    for w in words:
        by_base.setdefault(base(w), w)
    m = re.search(r"\dcm\b", text)
    if not m:
        return text

    def repl(mm: re.Match) -> str:
        w = mm.group(0)
        if w.lower() in words:
            return w
        b = base(w)
        if b in by_base:
            return by_base[b]
        # two mark words glued ("trengo": trên gò), the one way they split
        splits = [
            (b[:i], b[i:]) for i in range(2, len(b) - 1) if b[:i] in by_base and b[i:] in by_base
        ]
        if len(splits) == 1:
            return f"{by_base[splits[0][0]]} {by_base[splits[0][1]]}"
        scored = sorted(((_ratio(b, k), v) for k, v in by_base.items()), reverse=True)
        if scored and scored[0][0] >= 0.8 and (len(scored) < 2 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return w

    head, tail = text[: m.end()], text[m.end() :]
    tail = re.sub(r"[^\W\d_]+", repl, _nfc(tail))
    last = re.search(r"([^\W\d_]+)\W*$", tail)
    if (
        last
        and last.group(1).lower() not in words
        and re.search(r"\b(?:trái|phải)\b", tail) is None
    ):
        # its last word, a side misread, no other mark word ("tral", "phêt"): the side its
        # first letters say
        b = base(last.group(1)).lower()
        if 3 <= len(b) <= 5 and b[:2] in ("tr", "ph"):
            tail = tail[: last.start()] + ("trái" if b[:2] == "tr" else "phải")
    # a description ends at its side ("... mũi trái"): after it, unless another mark
    # follows, is the next line misread
    side = re.search(r"\b(?:trái|phải)\b", tail)
    if side and not re.search(r"(?i)\b(?:nốt|sẹo|vết|bớt|chấm)\b", tail[side.end() :]):
        tail = tail[: side.end()]
    elif not side and (part := _PLACE_AND_PART.search(tail)):
        # no side: it ends at its body part when signs no description has follow it (the
        # next line misread: "ở trán gáy, dh*c, sam / Dề,")
        if re.search(r"[^\w\s,.]|\d", tail[part.end() :]):
            tail = tail[: part.end()]

    # what follows the description and no vocabulary knows is the next line misread (so is
    # a letter alone that is no mark word: "... ở trán Ngin R")
    def stray(word: str) -> bool:
        return not is_known_word(word) or (len(word) == 1 and word.lower() not in words)

    while (last := re.search(r"\s+(\S+)\s*$", tail)) and stray(last.group(1).strip(".,;:")):
        tail = tail[: last.start()]
    return head + _fix_body_part(_fix_mark_place_word(tail))


# where on the body a mark is: the words after a place word ("dưới", "trên", "ở", ...)
_MARK_PLACE_WORDS = ("trên", "dưới", "trước", "sau", "cạnh", "giữa", "ở")
BODY_PARTS = (
    "đầu mày", "đuôi mày", "chân mày", "lông mày", "đuôi mắt", "khóe mắt", "cánh mũi",
    "sống mũi", "gò má", "môi trên", "môi dưới", "vành tai", "dái tai", "thái dương",
    "cánh tay", "bàn tay", "mu bàn tay", "ngón tay", "nhân trung", "mày", "mắt", "mũi",
    "má", "môi", "mép", "cằm", "trán", "tai", "cổ", "gáy", "tay", "chân",
)  # fmt: skip


_BODY_PART_AFTER_PLACE = re.compile(
    r"\b(?:" + "|".join(_MARK_PLACE_WORDS) + r")\s+(.+?)(?=\s+(?:bên\s+)?(?:trái|phải)\b|\s*$)"
)


_PLACE_AND_PART = re.compile(
    r"\b(?:"
    + "|".join(_MARK_PLACE_WORDS)
    + r")\s+(?:"
    + "|".join(sorted(BODY_PARTS, key=len, reverse=True))
    + r")\b"
)


def _fix_mark_place_word(tail: str) -> str:
    """The word after the size, where the place word stands, read as another word ("trán
    gò má trái" for "trên gò má trái"), when a body part follows it: the place word its
    letters are closest to."""
    from .address import _ratio

    words = tail.split()
    if len(words) < 2 or words[0].lower() in _MARK_PLACE_WORDS:
        return tail
    rest = " ".join(words[1:]).lower()
    if not any(rest == p or rest.startswith(p + " ") for p in BODY_PARTS):
        return tail
    scored = sorted(((_ratio(base(words[0]), base(p)), p) for p in _MARK_PLACE_WORDS), reverse=True)
    if scored[0][0] < 0.6 or scored[1][0] == scored[0][0]:
        return tail
    return tail.replace(words[0], scored[0][1], 1)


def _fix_body_part(tail: str) -> str:
    """The body part after a place word, misread as another word of the vocabulary
    ("cánh ruồi", "đầu ruày") or with a space lost ("daumay"), becomes the body part that
    its letters are clearly closest to."""
    from .address import _ratio

    m = _BODY_PART_AFTER_PLACE.search(tail)
    if not m or m.group(1).lower() in BODY_PARTS:
        return tail
    read = m.group(1)
    n = len(read.split())

    def letters(s: str) -> str:
        return base(s).replace(" ", "")

    # of as many words, or of more when the read one lost a space ("daumay")
    scored = sorted(
        ((_ratio(letters(read), letters(p)), p) for p in BODY_PARTS if len(p.split()) >= n),
        reverse=True,
    )
    if not scored or scored[0][0] < 0.7 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return tail
    return tail[: m.start(1)] + scored[0][1] + tail[m.end(1) :]


def canonical_authority(text: str) -> str:
    """The printed issuing authority, spelled as it is officially."""
    from .address import _ratio

    t = re.sub(r"\s+", " ", _nfc(text)).strip(" .,:;-")
    b = base(t)
    best, score = "", 0.0
    for a in AUTHORITIES:
        r = _ratio(b, base(a))
        if r > score:
            best, score = a, r
    if score < 0.8 and len(b) >= 15:
        # the authority's first line only ("CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ"), or with
        # other text after it: the authority agreeing with the longest prefix
        longest = 0
        for a in AUTHORITIES:
            ba = base(a)
            cuts = [m.start() for m in re.finditer(" ", b + " ") if m.start() >= 20]
            ok = [k for k in cuts if _ratio(b[:k], ba[:k]) >= 0.88]
            if ok and max(ok) > longest:
                best, score, longest = a, 0.8, max(ok)
    if score >= 0.8:
        if best == "CỤC QUẢN LÝ XUẤT NHẬP CẢNH" and not t.isupper():
            return "Cục Quản lý xuất nhập cảnh"
        return best
    # "CA TỈNH X" / "CA THÀNH PHỐ X" / "CA TP X" (CMND), on the accent-free text
    # (after "GIÁM ĐỐC", the signer's title; "€", "©", "G", "K", "(" are misread "C"s)
    # ("Ñ" a misread "A", the space before "TỈNH" lost, "." or nothing for the space before
    # "CA": "GIÁM ĐỒC€€A TỈNH"; "TỈNH" a letter off: "CA FÌNH", "CA TÌMH"; "PHỐ" with its "Ô" read
    # twice: "PHỔÔ")
    m = re.search(
        r"(?:^|[\s\-.,:;]|(?<=DOC))\W?[CGKŒ€(©{\[]{1,2}\s*[AN4][\s\-.:'\"]*"
        r"(TINH|[A-Z]INH|T[A-Z]NH|TI[A-Z]H|THANH PHO+|TP\.?)[\s\-.:]+(.+)$",
        base(re.sub(r"[^\W\d_]+", lambda w: undouble(w.group(0)), t)),  # "TỈÌNH"
    )
    if m:
        # the province's words, without what was read after them ("THÁI NGUYÊN 16261016E1N")
        words = m.group(2).split()
        authority = _cmnd_authority([" ".join(words[:k]) for k in range(1, len(words) + 1)])
        if authority:
            return authority
    words = re.sub(r"[^A-Z ]", "", base(t)).split()
    if len(words) >= 4 and _ratio(" ".join(words[:2]), "GIAM DOC") >= 0.75:
        # the signer's title, then "CA TỈNH" too garbled to tell ("GIÁM ĐỘC CH YÌNMH
        # \LÁM ĐÕG"): the province its last words name, when they name one clearly (after
        # a word at least: "GIÁM ĐỐC CÔNG AN" names none)
        tails = [" ".join(words[-k:]) for k in range(1, min(3, len(words) - 3) + 1)]
        authority = _cmnd_authority(tails, alike=0.85)
        if authority:
            return authority
    return t.upper() if t.isupper() else t


def _cmnd_authority(names: list[str], alike: float = 0.8) -> str:
    """ "CA TỈNH X" / "CA THÀNH PHỐ X" for the province X that one of the accent-free
    `names` spells, at least `alike` (or less alike, but clearly more than any other:
    "THÁI WŒGUYÊ£W"); "" when none does."""
    from .address import _ratio, old_units

    best_p, best_r, second = None, 0.0, 0.0
    for p in old_units():
        bare = base(re.sub(r"^(Tỉnh|Thành phố) ", "", p["n"]))
        r = max(_ratio(bare, nb) for nb in names)
        if r > best_r:
            best_p, best_r, second = p, r, best_r
        elif r > second:
            second = r
    if best_p is None or not (best_r >= alike or (best_r >= 0.65 and best_r - second >= 0.1)):
        return ""
    n = best_p["n"]
    if n.startswith("Thành phố "):
        return "CA THÀNH PHỐ " + n[len("Thành phố ") :].upper()
    return "CA TỈNH " + re.sub(r"^Tỉnh ", "", n).upper()


ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "H'Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]  # fmt: skip

RELIGIONS = [
    "Không", "Phật giáo", "Công giáo", "Tin Lành", "Cao Đài", "Hòa Hảo", "Phật giáo Hòa Hảo",
    "Hồi giáo", "Thiên chúa giáo", "Bà La Môn", "Tứ Ân Hiếu Nghĩa", "Bửu Sơn Kỳ Hương",
    "Minh Sư đạo", "Minh Lý đạo", "Tịnh độ cư sĩ Phật hội Việt Nam",
]  # fmt: skip


def closest_choice(text: str, options: list[str], threshold: float = 0.75) -> str:
    """The option spelled like `text` (accent-insensitive), or `text` when none is close."""
    from .address import _ratio

    t = re.sub(r"\s+", " ", _nfc(text)).strip(" .,:;-")
    if not t:
        return t
    if re.search(r"[^\W\d_]", t):
        t = re.sub(r"(?<=[^\W\d_])0|0(?=[^\W\d_])", "o", t)  # "Da0": no option has a digit
    bt = base(t)
    exact = [o for o in options if base(o) == bt]
    if exact:
        return _closest([t], exact)
    # an "i" read as "¡" or "!" and set apart ("K ¡nh"): the option it spells, spaces aside
    squeezed = base(t.replace("¡", "i").replace("!", "i")).replace(" ", "")
    exact = [o for o in options if base(o).replace(" ", "") == squeezed]
    if exact:
        return exact[0]
    best, score = t, 0.0
    for o in options:
        r = _ratio(bt, base(o))
        if r > score:
            best, score = o, r
    if score >= threshold:
        return best
    # the value's words, then another text's read into its box ("Kinh báo họp"): the
    # longest run of leading words that is an option
    words = t.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        lead = [o for o in options if base(o) == base(" ".join(words[:n]))]
        if lead:
            return _closest([" ".join(words[:n])], lead)
    return t


def _unglued(text: str) -> str:
    """A capitalised word glued to the end of a misread label, set apart ("Dan teKinh",
    "GNnoKinh", "oDKinh" -> "... Kinh")."""
    out = []
    for i, c in enumerate(text):
        if (
            0 < i < len(text) - 1
            and c.isupper()
            and text[i + 1].islower()
            # after a lower-case letter, or a capital that follows one ("oDKinh"; not the
            # first capitals of a word read so: "KÌnh")
            and (
                text[i - 1].islower() or (i > 1 and text[i - 1].isupper() and text[i - 2].islower())
            )
        ):
            out.append(" ")
        out.append(c)
    return "".join(out)


def choice_in_rows(texts: list[str], options: list[str], spelled=False) -> tuple[int, str]:
    """(row index, option) of a 'label: value' row whose value is one of `options`
    (accent-insensitive; `spelled`: with the option's very diacritics), for a label too
    garbled to read; (-1, "") when none is."""
    keys = {base(o): o for o in options}
    for i, t in enumerate(texts):
        t = _nfc(t).strip(" .,;-")
        exact = False
        # the label's last word with its colon lost ("Nữ Đán tóc Kinh"), its vowel
        # misread too ("Dân tậc; Kinh")
        after_label = re.search(r"(?i)\b(?:t[^\W\d_]c|gi[aáà]o)\b\s*(.+)$", t)
        if ":" in t:
            tail = t.rsplit(":", 1)[1]
        elif len(t.split()) <= 4:
            tail = t
        elif after_label:
            tail = after_label.group(1)
            t = t[: after_label.start(1)] + ":" + tail
        elif (
            t.split()[-2][:1].islower()
            and (
                not is_place_word(t.split()[-2].capitalize())
                or re.fullmatch(r"(?i)s[^\W\d_]c", t.split()[-2])  # "tộc" read "sòc", no "Sóc"
            )
        ) or not re.search(r"[^\W\d_]", t.split()[-2]):
            # a long row ending in a label's lower-case remains, or its symbols ("Nữ Đân
            # !¿< Kinh"), and an option spelled as it is ("CON531 onn Đóa sác Kinh"): the
            # value, its other words another text's
            tail = " ".join(t.split()[-2:])
            exact = True
        else:
            continue
        words = [undouble(w) for w in _unglued(tail).split()]  # "MƯƯỜng"
        for n in (3, 2, 1):
            if len(words) >= n:
                read = " ".join(words[-n:]).strip(" .,;:-")
                k = base(read)
                if (spelled or exact) and k in keys and read.lower() != keys[k].lower():
                    continue
                if k in keys and (":" in t or n < len(words)):
                    return i, keys[k]
    return -1, ""


# A mark as the cards describe it: its kind, its size, where it is ("Nốt ruồi C:2cm dưới
# mép phải"), for descriptions too badly read for word-by-word fixes.
MARK_KINDS = (
    "Nốt ruồi", "Nốt ruồi son", "Sẹo", "Sẹo chấm", "Vết bớt", "Vết chàm", "Vết sẹo",
    "Vết thương", "Tàn nhang", "Bớt", "Chấm",
)  # fmt: skip
_MARK_SIDES = ("", "trái", "phải", "bên trái", "bên phải")
# the size: "C:" (read "C", "€'", "C-"), a number with one decimal ("2,5"; "0 5", "1.5";
# digits read as look-alike letters: "Czcm"), "cm" (read "crm", "em", "m")
MARK_SIZE = re.compile(
    # (glued to the word before only when a digit follows at once: "N6truoic2.5cm")
    r"(?:(?<![^\W\d_])|(?=[cC][:;.]?\d))[cC€©Ç]\s*['’]?\s*[:;.\-]?\s*([0-9zZlI|]|(?<=[:;])[oO])"
    r"(?:\s*[,./ ]\s*([0-9sS%oO]))?[?!]?\s*[cCeé]?r?[mn](?![^\W\d_])"
)
_SIZE_DIGITS = str.maketrans("zZlI|sS%oO", "2211155500")


@lru_cache(maxsize=1)
def _mark_places() -> dict[str, str]:
    """Every place a mark can be ("dưới mép phải"), by its accent-free letters."""
    places = {}
    for place in _MARK_PLACE_WORDS:
        for part in BODY_PARTS:
            for side in _MARK_SIDES:
                text = f"{place} {part} {side}".strip()
                places.setdefault(_letters(text), text)
    return places


def _letters(s: str) -> str:
    return re.sub(r"[^a-z]", "", base(s.replace("ø", "o")).lower())


def _closest_letters(read: str, table: dict[str, str], floor: float) -> tuple[str, float]:
    """The entry of `table` (by accent-free letters) that `read`'s letters are closest to,
    when it is at least `floor` close and closer than any other; ("", 0) otherwise."""
    best = second = 0.0
    found = ""
    for key, text in table.items():
        if abs(len(key) - len(read)) > max(3, len(key) // 3):
            continue
        sm = difflib.SequenceMatcher(None, read, key, autojunk=False)
        if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
            continue
        r = sm.ratio()
        if r > best:
            best, second, found = r, best, text
        elif r > second:
            second = r
    if best < floor or best == second:
        return "", 0.0
    return found, best


def mark_well_read(text: str) -> bool:
    """A description of one or more marks in the words descriptions have, sizes as
    printed ("Nốt ruồi C:1cm trên sau cánh mũi phải")."""
    words = {w.lower() for w in MARK_WORDS}
    for part in re.split(r"\s*[,;]\s*(?=\S+\s.*\bC:)", text):
        m = re.fullmatch(r"(.+?) C:\d(?:,\d)?cm((?: [^\W\d_]+)+)", part.strip(" ."))
        if not m or not all(w.lower() in words for w in (m.group(1) + m.group(2)).split()):
            return False
    return True


def fit_mark(*readings: str) -> str:
    """A mark read as one of the cards' closed grammar, kind, size and place each the
    closest one to what was read ("Vet bot Czcm tren dau may tral" -> "Vết bớt C:2cm trên
    đầu mày trái", "Notruoi C:2cm duroimep phal"); "" when a part is unreadable or not
    clearly one of them. Several readings of the same line (Tesseract's, PP-OCR's): each
    part from the first that gives it (PP-OCR keeps a size's digits that Tesseract loses:
    "€:2.Wcm" / "c2.5cm"; Tesseract a place's letters: "tai" / "tal"). Meant for readings
    with words no description has: a mark well read is kept as it is, whatever it says."""
    kind = size = place = ""
    for text in readings:
        k, z, p = _mark_parts(text)
        kind, size, place = kind or k, size or z, place or p
    return f"{kind} C:{size}cm {place}" if kind and size and place else ""


def _mark_parts(text: str) -> tuple[str, str, str]:
    """(kind, size, place) of a mark's reading, each "" when not clearly read. Without a
    size read, the kind is before and the place after the first word with a digit."""
    m = MARK_SIZE.search(text)
    size = ""
    if m:
        size = m.group(1).translate(_SIZE_DIGITS)
        if m.group(2):
            size += "," + m.group(2).translate(_SIZE_DIGITS)
        start, end = m.start(), m.end()
    else:
        digit = re.search(r"\S*\d\S*", text)
        if not digit:
            return "", "", ""
        start, end = digit.start(), digit.end()
    # of the last words before the size (a label's may come before them)
    before = text[:start].split(":")[-1].split()
    kinds = {_letters(k): k for k in MARK_KINDS}
    fits = [_closest_letters(_letters(" ".join(before[-n:])), kinds, 0.6) for n in (3, 2, 1)]
    # the longest that is clearly one ("Vết bớt", not its last word's "Bớt"), else the best
    kind = next((k for k, score in fits if score >= 0.85), max(fits, key=lambda f: f[1])[0])
    place, _ = _closest_letters(_letters(text[end:]), _mark_places(), 0.75)
    return kind, size, place
