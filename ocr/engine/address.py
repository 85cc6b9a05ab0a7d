"""Split a printed Vietnamese address into province / district / ward with official codes.

Current (July 2025) two-level units come from the `vietnam-provinces` package; the
pre-2025 three-level units (63 provinces, ~700 districts, ~10,000 wards, GSO codes) come
from `data/old_divisions.json.gz`, extracted from that package's 0.6.0 release. Cards
printed before the reorganisation carry the old units: they are returned as printed (old
codes), and the current province is added under `*_tinh_moi` / `*_tinh_moi_name`."""

from __future__ import annotations

import difflib
import gzip
import json
import os
import re
from functools import lru_cache

from .layout import strip_accents
from .normalize import one_letter_apart

_PREFIX = re.compile(
    r"^(thanh pho|tinh|tp\.?|t\.|quan|huyen|thi xa|tx\.?|phuong|xa|thi tran|tt\.?|p\.|q\.|h\.)\s+"
)

# old province code -> current (2025) province code
OLD_TO_NEW = {
    1: 1, 2: 8, 4: 4, 6: 19, 8: 8, 10: 15, 11: 11, 12: 12, 14: 14, 15: 15, 17: 25, 19: 19,
    20: 20, 22: 22, 24: 24, 25: 25, 26: 25, 27: 24, 30: 31, 31: 31, 33: 33, 34: 33, 35: 37,
    36: 37, 37: 37, 38: 38, 40: 40, 42: 42, 44: 44, 45: 44, 46: 46, 48: 48, 49: 48, 51: 51,
    52: 52, 54: 66, 56: 56, 58: 56, 60: 68, 62: 51, 64: 52, 66: 66, 67: 68, 68: 68, 70: 75,
    72: 80, 74: 79, 75: 75, 77: 79, 79: 79, 80: 80, 82: 82, 83: 86, 84: 86, 86: 86, 87: 82,
    89: 91, 91: 91, 92: 92, 93: 92, 94: 92, 95: 96, 96: 96,
}  # fmt: skip


_TONE_OLD = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


def modern_tones(s: str) -> str:
    """'Hoà' -> 'Hòa', 'Thuỷ' -> 'Thủy' (tone mark placement of the official lists)."""

    def fix(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        for a, b in _TONE_OLD.items():
            if low.endswith(a) and (len(low) == 2 or low[-3] not in "q"):
                out = w[:-2] + (
                    b
                    if w[-2:].islower()
                    else b.upper()
                    if w[-2:].isupper()
                    else b[0].upper() + b[1]
                )
                return out
        return w

    return re.sub(r"[^\W\d_]+", fix, s)


def key(s: str) -> str:
    s = strip_accents(s or "").lower().strip()
    s = re.sub(r"[^a-z0-9 .]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for _ in range(2):
        s2 = _PREFIX.sub("", s)
        if s2 == s or not s2:
            break
        s = s2
    return _fold(s)


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=1)
def old_units() -> list[dict]:
    path = os.path.join(os.path.dirname(__file__), "data", "old_divisions.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    for p in data:
        if p["c"] == 46:
            # Huế became a centrally-run city on 1 Jan 2025; cards before carry the province
            p["n"] = "Thừa Thiên Huế"
            p["d"].append({"c": 474, "n": "Thành phố Huế", "w": []})
        p["n"] = re.sub(r"^Tỉnh ", "", modern_tones(p["n"]))
        p["k"] = key(p["n"])
        for d in p["d"]:
            d["n"] = modern_tones(d["n"])
            d["w"] = [[c, modern_tones(n)] for c, n in d["w"]]
            d["k"] = key(d["n"])
            d["wk"] = [key(w[1]) for w in d["w"]]
    return data


@lru_cache(maxsize=1)
def new_units() -> list[dict]:
    import vietnam_provinces

    path = os.path.join(
        os.path.dirname(vietnam_provinces.__file__), "data", "nested-divisions.json"
    )
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for p in data:
        name = p["name"]
        full = name  # as the official list names it: "Thanh Hóa", "Thành phố Hải Phòng"
        out.append(
            {
                "c": p["code"],
                "n": full,
                "k": key(name),
                "w": [[w["code"], w["name"]] for w in p["wards"]],
                "wk": [key(w["name"]) for w in p["wards"]],
            }
        )
    return out


def _best(k: str, keys: list[str], threshold: float) -> tuple[int, float]:
    """(index, ratio) of the key most like `k`; -1 when below `threshold`. Keys that cannot
    beat the best so far by their lengths or letters alone are not compared in full (the
    same answer as comparing all, in a fraction of the time)."""
    best_i, best_r = -1, 0.0
    if not k:
        return -1, 0.0
    for i, kk in enumerate(keys):
        if not kk:
            continue
        if kk == k:
            r = 1.0
        else:
            if 2.0 * min(len(k), len(kk)) / (len(k) + len(kk)) <= best_r:
                continue
            sm = difflib.SequenceMatcher(None, k, kk, autojunk=False)
            if sm.quick_ratio() <= best_r:
                continue
            r = sm.ratio()
        if r > best_r:
            best_i, best_r = i, r
    if best_r < threshold:
        return -1, best_r
    return best_i, best_r


def _best_near(k: str, keys: list[str], threshold: float) -> int:
    """Index of the key most like `k` (see _best), or of the one key one letter from it: a
    short name with a letter misread ("Mai Som" is only 0.83 like Mai Sơn), or of the one
    at least 0.8 like it and clearly likest; -1 if none."""
    i, _ = _best(k, keys, threshold)
    if i < 0 and len(k) >= 5:
        near = [j for j, kk in enumerate(keys) if one_letter_apart(k, kk)]
        if len(near) == 1:
            return near[0]
        # a little less alike, but clearly likest of them ("Suối kiiệp": Suối Hiệp, 0.84)
        scored = sorted(((_ratio(k, kk), j) for j, kk in enumerate(keys)), reverse=True)
        if (
            scored
            and scored[0][0] >= 0.8
            and (len(scored) < 2 or scored[1][0] < scored[0][0] - 0.1)
        ):
            return scored[0][1]
    return i


def _best_district(districts: list[dict], dk: str, wk: str) -> tuple[int, float]:
    """(index, ratio) of the district a segment names; among districts alike by name
    ("Cân Ø@(uốc": Cần Đước or Cần Giuộc), the one that has the ward named before it; a
    name too garbled to match ("Pl\\etkcu") is the one district like it that has that ward."""
    keys = [d["k"] for d in districts]
    di = _best_near(dk, keys, 0.85)
    drat = _ratio(dk, keys[di]) if di >= 0 else 0.0
    if di < 0 and wk:
        held = [i for i, d in enumerate(districts) if wk in d["wk"] and _ratio(dk, d["k"]) >= 0.6]
        if len(held) == 1:
            return held[0], _ratio(dk, keys[held[0]])
    if di < 0 or not wk:
        return di, drat
    best, best_score = (di, drat), -1.0
    for i, d in enumerate(districts):
        r = _ratio(dk, d["k"])
        if r < 0.8 * drat or r < 0.75:
            continue
        score = r + _best(wk, d["wk"], 0.0)[1]
        if score > best_score:
            best, best_score = (i, r), score
    return best


@lru_cache(maxsize=1)
def _lower_unit_keys() -> frozenset[str]:
    """Keys of every district (before 2025) and ward (after): names that are no province."""
    keys = {d["k"] for p in old_units() for d in p["d"]}
    keys |= {w for p in new_units() for w in p["wk"]}
    return frozenset(keys - {p["k"] for p in old_units()} - {p["k"] for p in new_units()})


def _best_province(k: str, units: list[dict], threshold: float) -> tuple[int, float]:
    """(index, ratio) of the province `k` names; a district or ward named exactly is no
    province only like it ("Thành phố Hạ Long" is not "Thành phố Hải Phòng")."""
    if k in _BARE_UNIT_WORDS:
        return -1, 0.0  # a unit word without its name ("..., Thành phố" / the name below)
    i, r = _best(k, [p["k"] for p in units], threshold)
    if 0 <= i and r < 1.0 and k in _lower_unit_keys():
        return -1, r
    return i, r


# the unit words as key() leaves them when nothing follows (folded: no "Thành phố" is
# "Thanh Hóa", one letter off)
_BARE_UNIT_WORDS = frozenset(
    ["thanhpho", "tinh", "tp", "quan", "huyen", "thixa", "tx", "phuong", "xa", "thitran", "tt"]
)


@lru_cache(maxsize=1)
def _district_keys() -> tuple[list[str], list[int]]:
    """Every old district's key, and the index of its province in old_units()."""
    keys, provinces = [], []
    for pi, p in enumerate(old_units()):
        for d in p["d"]:
            keys.append(d["k"])
            provinces.append(pi)
    return keys, provinces


def province_by_district(segs: list[str]) -> int:
    """Index in old_units() of the province that an address's last segment, too garbled
    to be named by itself ("thù Yhọ", "Yính ĐẤU (ẤP"), stands for: the one province with
    a district named as the segment before it is ("Lắm Thao" -> Phú Thọ), when the last
    segment is still somewhat like that province or begins with its unit word. -1 if
    none."""
    if len(segs) < 2:
        return -1
    dk = key(segs[-2])
    keys, provinces = _district_keys()
    if len(dk) < 4 or dk in {p["k"] for p in old_units()}:
        return -1
    i, r = _best(dk, keys, 0.9)
    if i < 0:
        return -1
    alike = {provinces[j] for j, k in enumerate(keys) if k and _ratio(dk, k) >= r - 0.02}
    if len(alike) != 1:
        return -1
    pi = provinces[i]
    last = segs[-1]
    return pi if _starts_with_tinh(last) or _ratio(key(last), old_units()[pi]["k"]) >= 0.5 else -1


def _starts_with_tinh(segment: str) -> bool:
    """The segment starts with "Tỉnh", or a word one letter from it ("Yính")."""
    first = _fold(segment.split()[0]) if segment.split() else ""
    return first == "tinh" or one_letter_apart(first, "tinh")


def is_province(segment: str, threshold: float = 0.92) -> bool:
    """Whether an address segment names a province (before or after the 2025 merger)."""
    k = key(segment)
    if not k:
        return False
    return (
        _best_province(k, old_units(), threshold)[0] >= 0
        or _best_province(k, new_units(), threshold)[0] >= 0
    )


# the street quarter's word, its marks or case misread ("Khu Phổ 34", "Tổ dân Pho 20")
_QUARTER = re.compile(r"\b(Khu|Tổ dân)\s+[Pp]h[oôốồổỗộ]\b")


def _segments(text: str) -> list[str]:
    # (without quotes read at a part's ends: "XÃ Tràng A“")
    parts = [q for p in re.split(r"[,;]", text or "") if (q := p.strip(" '\"“”‘’`"))]
    return [_fix_unit_prefix(_QUARTER.sub(r"\1 phố", p)) for p in parts]


# unit words OCR misreads by one letter ("Huvén", "Thánh phê"); "Xã" is left out: one
# letter from it are names ("Ea", "Ia")
_FUZZY_PREFIXES = {
    "thanh pho": "Thành phố", "huyen": "Huyện", "quan": "Quận", "tinh": "Tỉnh",
    "phuong": "Phường", "thi xa": "Thị xã", "thi tran": "Thị trấn",
}  # fmt: skip


def _fix_unit_prefix(seg: str) -> str:
    """A segment's unit word misread by one letter, spelled right ("Huvén Khoái Châu" ->
    "Huyện Khoái Châu") when the misreading is no word of a place name."""
    from .vocab import is_known_word

    seg = re.sub(r"^(\S+):\s*", r"\1 ", seg)  # "Tịnh: Long An"
    words = seg.split()
    for pre, spelled in _FUZZY_PREFIXES.items():
        n = len(pre.split())
        if len(words) <= n:
            continue
        read = strip_accents(" ".join(words[:n])).lower()
        if n == 2 and read == pre and " ".join(words[:n]) != spelled:
            return " ".join([spelled, *words[n:]])  # "Thành Phổ" -> "Thành phố"
        if not (
            one_letter_apart(read, pre)
            or (len(pre) >= 5 and (_one_letter_more(read, pre) or _one_letter_more(pre, read)))
        ):
            continue
        if n == 1 and is_known_word(words[0]):
            continue  # "Vinh", a name, is not a misread "Tỉnh"
        if n == 2 and strip_accents(words[0]).lower() != pre.split()[0]:
            # the first word misread with the second as printed ("Hành phố")
            if not (words[1] == spelled.split()[1] and _one_letter_more(pre, read)):
                continue
        return " ".join([spelled, *words[n:]])
    return seg


def _one_letter_more(a: str, b: str) -> bool:
    """`a` is `b` with one letter more ("huryen" for "huyen")."""
    return len(a) == len(b) + 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a)))


_WARD_PREFIX = re.compile(r"(xa|phuong|thi tran)$")


def parse_address(text: str) -> dict:
    """{"tinh","tinh_name","huyen","huyen_name","phuong","phuong_name", "tinh_moi", ...}"""
    return _parse_address(text)[0]


def _parse_address(text: str) -> tuple[dict, bool]:
    """parse_address's answer, and whether the province was named by its district only
    (see province_by_district)."""
    out = {k: "" for k in ("tinh", "tinh_name", "huyen", "huyen_name", "phuong", "phuong_name")}
    from_district = False
    segs = _segments(text)
    if not segs:
        return out, from_district
    pk = key(segs[-1])
    old = old_units()
    new = new_units()
    oi, orat = _best_province(pk, old, 0.8)
    ni, nrat = _best_province(pk, new, 0.8)
    if oi < 0 and ni < 0 and pk not in _lower_unit_keys():
        # a space read inside the name looks like a prefix ("Quận g Ngãi"): try it whole
        pk = _fold(segs[-1])
        oi, orat = _best_province(pk, old, 0.85)
        ni, nrat = _best_province(pk, new, 0.85)
    if oi < 0 and ni < 0:
        oi = province_by_district(segs)
        if oi < 0:
            return out, from_district
        from_district = True
    # old three-level form: the segment before the province is one of its districts
    use_old = False
    di = -1
    if oi >= 0 and len(segs) >= 2:
        dk = key(segs[-2])
        lead = strip_accents(segs[-2]).lower()
        is_district = bool(re.match(r"(quan|huyen|thi xa|thanh pho|tp\b|q\.|h\.)", lead))
        is_ward = bool(re.match(r"(phuong|xa|thi tran|dac khu|p\.)", lead))
        di, drat = _best_district(old[oi]["d"], dk, key(segs[-3]) if len(segs) >= 3 else "")
        if di >= 0 and (not is_ward or from_district):
            use_old = True
            if ni >= 0 and not is_district:
                wi, wrat = _best(dk, new[ni]["wk"], 0.85)
                if wi >= 0 and (wrat > drat or (wrat == drat and len(segs) < 3)):
                    use_old = False
    if oi >= 0 and ni < 0:
        use_old = True
    if use_old:
        p = old[oi]
        out["tinh"] = f"{p['c']:02d}"
        out["tinh_name"] = p["n"]
        if di >= 0:
            d = p["d"][di]
            out["huyen"] = f"{d['c']:03d}"
            out["huyen_name"] = _as_printed(segs[-2], d["n"])
            if len(segs) >= 3:
                wk = key(segs[-3])
                wi = _best_near(wk, d["wk"], 0.85)
                printed = _split_prefix(segs[-3])
                moved = _ward_moved(p, d, wk) if wi < 0 or d["wk"][wi] != wk else None
                if moved:
                    out["phuong"] = f"{moved[0]:05d}"
                    out["phuong_name"] = _as_printed(segs[-3], moved[1])
                elif wi >= 0 and _fold(segs[-3]) == _fold(_bare(d["w"][wi][1])):
                    # the whole segment is the ward's name ("Quan Lạn" is no "Quận Lạn")
                    out["phuong"] = f"{d['w'][wi][0]:05d}"
                    out["phuong_name"] = d["w"][wi][1]
                elif wi >= 0 and not _another_unit(printed[1], _bare(d["w"][wi][1])):
                    out["phuong"] = f"{d['w'][wi][0]:05d}"
                    out["phuong_name"] = _as_printed(segs[-3], d["w"][wi][1])
                elif (label_cut := _ward_after_label(segs[-3], d)) is not None:
                    out["phuong"] = f"{d['w'][label_cut][0]:05d}"
                    out["phuong_name"] = d["w"][label_cut][1]
                elif _WARD_PREFIX.match(strip_accents(printed[0]).lower()) and _spelled_as_places(
                    printed[1], min_count=1
                ):
                    # a commune merged away since the card was printed (the data lists
                    # only its successor), or one the data never had: as printed, with
                    # no code; its unit word says it is a commune's name
                    out["phuong_name"] = segs[-3]
                elif not printed[0] and _bare_commune(
                    printed[1], min_count=1 if _fold(segs[-2]) == _fold(_bare(d["n"])) else 5
                ):
                    # the same, printed without its unit word ("Hồng Kỳ, Yên Thế, ..."):
                    # named with the word most of the district's wards have (its words
                    # rare ones, "Dư Hàng", when the district's name was read exactly)
                    out["phuong_name"] = f"{_usual_ward_word(d)} {printed[1]}"
        nc = OLD_TO_NEW.get(p["c"])
        np_ = next((x for x in new if x["c"] == nc), None)
        if np_:
            out["tinh_moi"] = f"{np_['c']:02d}"
            out["tinh_moi_name"] = np_["n"]
        return out, from_district
    p = new[ni]
    out["tinh"] = f"{p['c']:02d}"
    out["tinh_name"] = p["n"]
    if len(segs) >= 2:
        wi, _ = _best(key(segs[-2]), p["wk"], 0.85)
        if wi >= 0:
            out["phuong"] = f"{p['w'][wi][0]:05d}"
            out["phuong_name"] = p["w"][wi][1]
    return out, from_district


_UNIT_PREFIXES = (
    "Thành phố",
    "Thành Phố",
    "Tỉnh",
    "TP.",
    "TP",
    "Quận",
    "Huyện",
    "Thị xã",
    "Thị Xã",
    "Phường",
    "Xã",
    "Thị trấn",
    "Thị Trấn",
    "Đặc khu",
)


def _split_prefix(seg: str) -> tuple[str, str]:
    seg = seg.strip()
    for p in sorted(_UNIT_PREFIXES, key=len, reverse=True):
        head = seg[: len(p)]
        if (
            len(seg) > len(p)
            and seg[len(p)] == " "
            and strip_accents(head).lower() == strip_accents(p).lower()
        ):
            rest = seg[len(p) :].strip()
            if rest:
                return head, rest
    return "", seg


def _label_remains_before(words: list[str], n: int) -> bool:
    """The words before a unit's last `n` are what is left of a misread label ("Ngân án Hàm
    Ninh" for "Nguyên quán: Hàm Ninh"): one or two, one of them in lower case (no unit's
    name has one), not a unit word."""
    lead = words[: len(words) - n]
    return (
        1 <= len(lead) <= 2
        and any(w[:1].islower() for w in lead)
        and not _split_prefix(" ".join(words))[0]
    )


def _ward_after_label(seg: str, district: dict) -> int | None:
    """The index of the district's ward whose whole name ends the segment after a misread
    label's remains; None if none does."""
    words = seg.split()
    for k in (1, 2):
        if len(words) > k and _label_remains_before(words, len(words) - k):
            tail = _fold(" ".join(words[k:]))
            for i, (_, name) in enumerate(district["w"]):
                if _fold(_bare(name)) == tail:
                    return i
    return None


def _as_printed(seg: str, official: str) -> str:
    """An old unit's name as printed: the printed prefix ("Huyện") with the official name
    (a district that became a "Thị xã" later is still a "Huyện" on an older card)."""
    pre, _ = _split_prefix(seg)
    opre, bare = _split_prefix(official)
    if not pre or not opre or bare.isdigit():
        return official
    for p in _UNIT_PREFIXES:
        if strip_accents(p).lower() == strip_accents(pre).lower():
            pre = p
            break
    return f"{pre} {bare}"


def _bare(name: str) -> str:
    return _split_prefix(name)[1]


def _fold(s: str) -> str:
    """Letters and digits only, accent-free, with OCR's confusions folded: l/I ("Ia Pal"
    read "la Pal") and w/ư ("Chư Á" read "ChW Á"; no Vietnamese unit name has a w that
    would then collide)."""
    s = re.sub(r"[^a-z0-9]", "", strip_accents(s).lower())
    return s.replace("l", "i").replace("w", "u")


def _spelled_as_places(name: str, min_count: int = 5) -> bool:
    """Every word of the name is a word of place names seen at least `min_count` times,
    marks and all (a slip can make a rare one: "Cao Xan" for "Cao Xanh")."""
    from .vocab import is_spelled_word

    words = re.findall(r"[^\W\d_]+", name)
    return bool(words) and all(is_spelled_word(w, min_count=min_count) for w in words)


def _ward_moved(province: dict, district: dict, wk: str) -> tuple[int, str] | None:
    """(code, name) of the one ward of another district of the province whose letters are
    the printed ward's: a commune moved to another district after the card was printed
    ("Xã Nghi Phong, Huyện Nghi Lộc" is in Thành phố Vinh now), read with a wrong mark
    ("Nghỉ Phong") that made it look like a neighbour of its old district (Nghi Phương)."""
    found = [
        w
        for other in province["d"]
        if other is not district
        for w, k in zip(other["w"], other["wk"], strict=True)
        if k == wk
    ]
    return tuple(found[0]) if len(found) == 1 else None


def _bare_commune(name: str, min_count: int = 5) -> bool:
    """A commune's name printed without its unit word: place-name words only (seen
    `min_count` times), not a hamlet or a street ("Xóm 6", "Thôn Bắc", "Số 12 Ngõ 3")."""
    from .vocab import PLACE_WORDS

    words = name.split()
    return (
        not re.search(r"\d", name)
        and 1 <= len(words) <= 4
        and words[0] not in PLACE_WORDS  # marks and all: "Quan Lạn" is no "Quận"
        and _spelled_as_places(name, min_count)
    )


def _usual_ward_word(district: dict) -> str:
    """The unit word ("Xã", "Phường", "Thị trấn") most of a district's wards are named with."""
    words = [_split_prefix(name)[0] for _, name in district["w"]]
    words = [w for w in words if w]
    if not words:  # a city or a town whose wards the data does not list
        return "Phường" if re.match(r"(Quận|Thành phố|Thị xã)\b", district["n"]) else "Xã"
    return max(set(words), key=words.count)


def _another_unit(name: str, official: str) -> bool:
    """The printed name is spelled as place names are, with other letters than the
    official name's (not only other diacritics): a commune merged away since the card was
    printed ("Xã Thụy Hà", now part of Thụy Hải), which the data no longer lists, rather
    than an OCR slip."""
    if strip_accents(name).lower() == strip_accents(official).lower():
        return False
    if any(w[:1].islower() for w in name.split()):
        return False  # a place's words are capitalised: "tiên Hiệp" is Liên Hiệp misread
    return _spelled_as_places(name)


def _canon_seg(seg: str, official: str, threshold: float = 0.85, merged_away=True) -> str:
    """The printed segment with its name spelled as in the official list, when the two
    differ only in diacritics or by a small OCR slip (the printed prefix form is kept);
    `threshold`: the similarity at which parse_address took the segment for that unit;
    `merged_away`: the unit may be one the data no longer has (a commune)."""
    if not official:
        return seg
    pre, name = _split_prefix(seg)
    off = _bare(official)
    if pre and _fold(seg) == _fold(off):
        pre, name = "", seg
    words, n = name.split(), len(off.split())
    if not pre and len(words) == n + 1 and _fold(" ".join(words[1:])) == _fold(off):
        # the unit word too garbled to split off ("Hoyệo Diên Khánh"): the unit word it is
        # likest, of those the official name may have had
        pre = _likest_unit_word(words[0], _split_prefix(official)[0])
        name = " ".join(words[1:])
    if not pre and len(words) > n and _label_remains_before(words, n):
        if _fold(" ".join(words[-n:])) == _fold(off):
            return off  # a misread label's remains before the name
    if merged_away and _fold(name) != _fold(off) and _another_unit(name, off):
        return seg
    near = len(_fold(off)) >= 5 and one_letter_apart(_fold(name), _fold(off))
    if _fold(name) == _fold(off) or _ratio(_fold(name), _fold(off)) >= threshold or near:
        if pre:
            # the prefix too: "Tính" -> "Tỉnh"
            for p in _UNIT_PREFIXES:
                if strip_accents(p).lower() == strip_accents(pre).lower():
                    pre = p
                    break
            return f"{pre} {off}"
        return off
    return seg


def _likest_unit_word(read: str, official_word: str) -> str:
    """Of the unit words of the official one's level, the one whose letters `read`'s are
    likest (a district printed "Huyện" before it became a "Thị xã"); the official one when
    none is clearly likest."""
    # ("Thành phố" names a province or a district: no choice is made for it)
    levels = (("Huyện", "Quận", "Thị xã", "Thành phố"), ("Xã", "Phường", "Thị trấn"))
    level = next((lv for lv in levels if official_word in lv[:3]), (official_word,))
    scored = sorted(((_ratio(_fold(read), _fold(w)), w) for w in level), reverse=True)
    if scored[0][0] >= 0.5 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return official_word


def canonical_address(text: str) -> str:
    """Fix OCR slips in the administrative units of a printed address."""
    segs = _segments(text)
    if not segs:
        return text
    parsed, from_district = _parse_address(text)
    if not parsed.get("tinh"):
        return text
    names = [
        parsed.get("tinh_name", ""),
        parsed.get("huyen_name", ""),
        parsed.get("phuong_name", ""),
    ]
    out = list(segs)
    i = len(out) - 1
    # only communes were merged away in numbers (2019-2021): a district or province read
    # as other words is an OCR slip ("Huyện Thắng Đình" for Thăng Bình)
    if from_district:
        named = _starts_with_tinh(out[i]) and not _split_prefix(names[0])[0]
        out[i] = f"Tỉnh {names[0]}" if named else names[0]
    else:
        out[i] = _canon_seg(out[i], names[0], 0.8, merged_away=False)
    if parsed.get("huyen_name") and i >= 1:
        # (as alike as parse_address needs, the ward vouching for it: see _best_district)
        out[i - 1] = _canon_seg(out[i - 1], names[1], 0.6, merged_away=False)
        if parsed.get("phuong_name") and i >= 2:
            out[i - 2] = _canon_seg(out[i - 2], names[2], 0.8)
    elif parsed.get("phuong_name") and i >= 1:
        out[i - 1] = _canon_seg(out[i - 1], names[2])
    return ", ".join(out)
