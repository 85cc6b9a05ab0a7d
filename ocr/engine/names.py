"""Vietnamese personal-name syllables, to put back diacritics that OCR drops or confuses
("NGUYÊN" -> "NGUYỄN" as a family name, "PHAM" -> "PHẠM"). General knowledge of common
Vietnamese names, ordered roughly by frequency within each group."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

FAMILY = """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh
Lâm Mai Trịnh Trương Hà Lưu Tô Tạ Cao Châu Thái Lương Quách Văn Kiều Hứa Diệp Từ Tăng La Lạc
Mạc Khúc Thân Triệu Doãn Âu Đoàn Đàm Đồng Giang Kim Khổng Lã Lục Mã Nghiêm Ninh Ông Phí Phùng
Quan Tôn Tống Vương Vi Viên Chu Chung Chử Cù Cung Hàn Hầu Khương Kha Lò Mông Nông Ôn Sầm Thạch
Thiều Trang Trà Ung Yên Lục Hoa Bạch Bế Cầm Đới Điểu Giáp Hồng Lạng Lộc Lữ Mẫn Nhâm Phó
Quản Sử Tiêu Văn Vòng Xa""".split()

MIDDLE_GIVEN = """Văn Thị Hữu Đức Minh Quang Công Thành Xuân Đình Ngọc Trọng Tuấn Hoàng Gia Bảo
Anh Thu Thanh Hồng Kim Mỹ Phương Thùy Thúy Diệu Hoài Khánh Quỳnh Như Bích Hải Tiến Mạnh Duy
Nhật Thế Quốc Việt Trung Chí Huy Nam Hùng Dũng Cường Bình An Hưng Long Phong Sơn Thắng Tùng
Vinh Vũ Khoa Khôi Kiên Lâm Lộc Lợi Luân Nghĩa Nhân Phát Phúc Phước Quân Sang Tài Tâm Tân
Thái Thiện Thịnh Thông Tín Toàn Trí Triết Trường Tú Tuân Tường Uy Vĩnh Vương Ý Yên Hiếu Hiển
Hiệp Hòa Hoà Hậu Hào Hạnh Hằng Hà Hân Hiền Hoa Huệ Hương Hường Lan Liên Liễu Linh Loan Ly
Lý Mai My Nga Ngân Nguyệt Nhi Nhung Oanh Phượng Quyên Quế Sương Thảo Thơ Thư Thương Trang
Trâm Trinh Tuyết Uyên Vân Vy Xuyến Yến Ánh Châu Chi Dung Diễm Diệp Duyên Giang Giao Hạ Hảo
Khuê Lam Lệ Loan Mận Mến Ngà Nhàn Nhạn Nương Phấn Phụng Tâm Thắm Thanh Thoa Thục Thủy Tiên
Trà Vi Xoan Đạt Định Đông Đăng Điệp Đoàn Đồng Hậu Hiệu Học Huân Khang Khải Khiêm Kha Lực
Luật Lương Mẫn Nguyên Nhất Ninh Phi Phú Quý Quyết Sáng Sinh Sỹ Sĩ Tấn Thạch Thăng Thân Thuận
Thường Tiệp Toản Triều Tráng Trực Tuệ Tụng Văn Viễn Vỹ Vĩ Xuyên Yên Bách Bằng Cảnh Cát Chiến
Chinh Chính Công Cương Danh Doanh Du Dương Đại Điền Giáp Hà Hải Hán Hiên Hiệu Hoan Hoạt Hội
Hợp Huấn Hướng Kế Kỳ Lạc Lãm Lập Liêm Lĩnh Mạnh Mẫn Ngôn Nhẫn Phác Phú Quảng Quyền Sâm
Sơn Tạo Thạc Thái Thanh Thao Thiên Thiêm Thịnh Thọ Thống Tiến Tĩnh Toại Tôn Trác Trạch Tri
Trị Tuyên Tư Tưởng Vọng Vượng Xương Hoà Huyền Ngoan Ngọc Nhã Nhàn Phượng Thoại Thoa Thuần
Tịnh Trúc Tươi Vàng Bạc Bông Cúc Đào Hồng Huệ Lài Lụa Mơ Mộng Na Nhị Nụ Quyên Sen Thắm Thiên
Tường Út Xinh Yên Diệu Dạ Đan Hạnh Hiếu Hoa Kiều Lê Loan Lụa Mai Minh Mùi Nữ Ơn Phương
Quyên Sa Sáu Tám Tuyền Uyển Vi Vy Lành Tình Bửu Khương Ngữ Thục Điềm Bội Bảo Cẩm Diệu
Hạ Khả Kiều Lan Linh Mỹ Nguyệt Quế Tố Tú Tuệ Vân""".split()


# given names (a name's last syllable) commonly borne by men and by women (many by both):
# of two names with the same letters, OCR's choice of marks is checked against the card's sex
MALE_GIVEN = set(
    """An Anh Bảo Bình Cảnh Chiến Chính Công Cường Danh Dũng Duy Dương Đạt Đăng
Định Đông Đức Giang Hải Hào Hậu Hiển Hiệp Hiếu Hòa Hoàng Học Huân Hùng Hưng Huy Khải Khang
Khánh Khoa Khôi Kiên Lâm Lập Linh Lộc Lợi Long Lực Luân Luật Mạnh Minh Nam Nghĩa Nguyên Nhân
Nhật Ninh Phát Phi Phong Phú Phúc Phước Phương Quân Quang Quốc Quý Quyết Sang Sơn Tài Tâm Tân
Thái Thắng Thành Thanh Thạch Thiện Thịnh Thọ Thông Thuận Tiến Tín Toàn Trí Triều Trọng Trung
Trường Tú Tuấn Tùng Tường Việt Vinh Vĩnh Vũ Vương Vỹ Xuân""".split()
)
FEMALE_GIVEN = set(
    """An Anh Ánh Bích Châu Chi Cúc Diễm Diệp Diệu Dung Duyên Đào Giang Hà
Hạ Hạnh Hằng Hân Hảo Hiền Hoa Hòa Hoài Hồng Huệ Hương Hường Huyền Khánh Kiều Lan Lệ Liên
Liễu Linh Loan Ly Lý Mai My Mỹ Nga Ngà Ngân Ngọc Nguyệt Nhàn Nhi Nhung Như Oanh Phương
Phượng Quế Quyên Quỳnh Sương Tâm Thanh Thảo Thắm Thơ Thu Thư Thủy Thùy Thúy Thương Tiên
Trang Trâm Trinh Tuyết Uyên Vân Vi Vy Xuân Yến""".split()
)


def given_name_for_sex(name: str, sex: str) -> str:
    """`name` with its last syllable spelled as a name of the card's sex when OCR's marks
    made it one of the other sex's or none ("NGUYỄN MẠNH DUNG", a man: DŨNG; "HỒNG HIÊN", a
    woman: HIỀN), and only one such spelling of its letters is common."""
    typical = MALE_GIVEN if sex == "Nam" else FEMALE_GIVEN if sex == "Nữ" else None
    words = name.split()
    if typical is None or len(words) < 2:
        return name
    last = unicodedata.normalize("NFC", words[-1].capitalize())
    if last in typical:
        return name
    options = [w for w in typical if base(w) == base(last)]
    if len(options) != 1:
        return name
    return " ".join([*words[:-1], _nfc_upper(options[0])])


# upper-case lines of a card that are not a name although made of name syllables
# the motto's word pairs no name has ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự
# do - Hạnh phúc"): a line with one, however misread, is the motto
MOTTO = ("HOA XA", "XA HOI", "CHU NGHIA", "NGHIA VIET", "HANH PHUC")
# ... and what else in capitals is not a name: titles, the motto's other words
NOT_NAMES = ("CHUNG MINH", "CAN CUOC", "NHAN DAN", "DOC LAP", "HO CHIEU", "PASSPORT", *MOTTO)
# ... and what starts the motto or a nationality: a name may end in them ("VŨ CÔNG HÒA")
NOT_NAME_STARTS = ("CONG HOA", "VIET NAM")


# titles of four words, which no name is like even with letters misread ("CẦM CƯỚC CÔNG ĐAN")
TITLES = ("CAN CUOC CONG DAN", "CHUNG MINH NHAN DAN")


def is_no_name(text: str) -> bool:
    """Upper-case text that is a title, the motto or a nationality, not a person's name."""
    import difflib

    b = " ".join(base(text).split())
    if any(t in b for t in NOT_NAMES) or b.startswith(NOT_NAME_STARTS):
        return True
    words = b.split()
    windows = [" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3))]
    return any(difflib.SequenceMatcher(None, w, t).ratio() >= 0.8 for w in windows for t in TITLES)


def base(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(
        c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn"
    ).upper()


def _nfc_upper(s: str) -> str:
    return unicodedata.normalize("NFC", s.upper())


@lru_cache(maxsize=1)
def _tables():
    fam: dict[str, list[str]] = {}
    allw: dict[str, list[str]] = {}
    for w in FAMILY:
        u = _nfc_upper(w)
        fam.setdefault(base(u), [])
        if u not in fam[base(u)]:
            fam[base(u)].append(u)
    for w in MIDDLE_GIVEN + FAMILY:
        u = _nfc_upper(w)
        allw.setdefault(base(u), [])
        if u not in allw[base(u)]:
            allw[base(u)].append(u)
    known = {w for vs in allw.values() for w in vs}
    return fam, allw, known


def _marks(s: str) -> list[str]:
    """Per-letter diacritic marks, to compare two spellings of one base syllable."""
    out = []
    for c in unicodedata.normalize("NFC", s):
        d = unicodedata.normalize("NFD", c)
        out.append(d[1:] if len(d) > 1 else ("-" if c in "Đđ" else ""))
    return out


def _closest(readings: list[str], options: list[str]) -> str:
    def score(opt: str) -> float:
        best = 0.0
        for r in readings:
            if base(r) != base(opt):
                continue
            a, b = _marks(r), _marks(opt)
            same = sum(1 for x, y in zip(a, b, strict=False) if x == y)
            best = max(best, same / max(len(a), 1))
        return best

    scored = sorted(options, key=lambda o: (-score(o), options.index(o)))
    return scored[0]


def fix_name(*readings: str) -> str:
    """Combine readings of one name (upper case) syllable by syllable with the lexicon."""
    fam, allw, known = _tables()
    reads = [
        [_foreign_letter_fixed(w, fam if i == 0 else allw) for i, w in enumerate(r.split())]
        for r in readings
        if r and r.strip()
    ]
    if not reads:
        return ""

    # the reading with the most syllables the lexicon has, whatever their marks, and the
    # fewest it has not ("VI T" for VIỆT) sets the length and the letters; the first
    # (Tesseract's) of equals: where it and AsterNet read other letters, Tesseract's were
    # right 33 times in 33 (generated fronts, seeds 20000-20014)
    def good(ws):
        # (a family name first counts one more: "TẠ MINH LONG" over "DẠ MINH LONG")
        return sum(1 if base(w) in allw else -1 for w in ws) + (base(ws[0]) in fam)

    main = [_undoubled(w, known) for w in max(reads, key=good)]
    while len(main) > 2 and len(main[-1]) <= 2 and base(main[-1]) not in allw:
        main = main[:-1]  # a sign or a label's letters after the name ("LAN ND")
    # a name read without a single mark (an MRZ's, or one whose marks all went unseen)
    # tells nothing of them: each syllable takes its commonest spelling (the lexicon's first)
    unmarked = all(base(w) == w for r in reads for w in r)
    out = []
    for i, w in enumerate(main):
        alts = [w] + [r[i] for r in reads if r is not main and len(r) == len(main)]
        alts = [a for a in alts if base(a) == base(w)] or [w]
        table = fam if i == 0 else allw
        options = table.get(base(w)) or (allw.get(base(w)) if i == 0 else None)
        if options:
            # of the readings a name has, the first's (Tesseract's): where it and AsterNet
            # both read a name but with other marks, Tesseract's was right 20 times in 22
            # (generated fronts, seeds 9000-9029, syllables after the family name)
            in_lex = [a for a in alts if a in options]
            if unmarked:
                out.append((fam.get(base(w)) or options)[0])
                continue
            if i == 0 and base(w) in fam:
                out.append(_closest(alts, fam[base(w)]) if not in_lex else in_lex[0])
                continue
            if in_lex:
                out.append(in_lex[0])
            else:
                out.append(_closest(alts, options))
        else:
            out.append(_one_letter_off(w, fam if i == 0 else allw))
    return " ".join(out)


# letters Vietnamese has not, each read for the ones it looks like
_FOREIGN_LOOKALIKES = {"F": "TPE", "J": "ILT", "W": "VNU", "Z": "S"}


def _foreign_letter_fixed(word: str, table: dict[str, list[str]]) -> str:
    """A word with one letter Vietnamese has not, whose look-alikes make one syllable of
    `table` only ("FA" -> TẠ, "AWH" -> ANH): that syllable; else the word."""
    b = base(word)
    foreign = [i for i, c in enumerate(b) if c in _FOREIGN_LOOKALIKES]
    if len(foreign) != 1:
        return word
    i = foreign[0]
    near = [k for c in _FOREIGN_LOOKALIKES[b[i]] if (k := b[:i] + c + b[i + 1 :]) in table]
    return _spelled_like(word, near[0], table) if len(near) == 1 else word


def _one_letter_off(word: str, table: dict[str, list[str]]) -> str:
    """A word no name has whose letters are one letter from those of one syllable of
    `table` only ("AWH" -> ANH), or have one letter more: that syllable; else the word."""
    from .normalize import one_letter_apart

    b = base(word)
    if len(b) < 3:
        return word
    near = [k for k in table if one_letter_apart(k, b)]
    if len(near) == 1:
        return _spelled_like(word, near[0], table)
    if not near and len(b) == len(word) >= 4:
        # a letter read more ("TRIENH" for TRỊNH): the one syllable without one of them
        fewer = {b[:i] + b[i + 1 :]: i for i in range(len(b)) if b[:i] + b[i + 1 :] in table}
        if len(fewer) == 1:
            ((letters, i),) = fewer.items()
            return _spelled_like(word[:i] + word[i + 1 :], letters, table)
    return word


def _spelled_like(word: str, letters: str, table: dict[str, list[str]]) -> str:
    """The spelling of the syllable `letters` closest to the marks read on `word`."""
    spelled = "".join(
        unicodedata.normalize("NFC", c + m) if c != "D" or m != "-" else "Đ"
        for c, m in zip(letters, _marks(word), strict=True)
    )
    return _closest([spelled], table[letters])


def _undoubled(word: str, known: set[str]) -> str:
    """A letter read twice with two sets of marks ("QUỸỲNH"): the one spelling of the word
    with one of them dropped that names have; the word as read otherwise."""
    if word in known:
        return word
    options = {
        word[:i] + word[i + 1 :]
        for i in range(len(word) - 1)
        if base(word[i]) == base(word[i + 1]) and word[:i] + word[i + 1 :] in known
    }
    return options.pop() if len(options) == 1 else word


def split_syllables(run: str) -> list[str] | None:
    """Name syllables of an upper-case run whose spaces were lost ("ANHVINH" -> ANH VINH),
    by the lexicon, with the fewest syllables; None when the run is not made of them."""
    _, allw, _ = _tables()
    n = len(run)
    best: list[list[str] | None] = [[]] + [None] * n
    for i in range(1, n + 1):
        for j in range(max(0, i - 7), i):
            prev = best[j]
            if prev is not None and run[j:i] in allw:
                if best[i] is None or len(prev) + 1 < len(best[i]):
                    best[i] = prev + [run[j:i]]
    return best[n]


def name_from_skeleton(text: str) -> str:
    """The person's name in an accent-free reading of a line (PP-OCR's): the trailing
    upper-case words after any label, split into syllables, family name first; ""."""
    import re

    fam, _, _ = _tables()
    m = re.search(r"([A-Z]{2,}(?: +[A-Z]+)*)\W*$", text)  # the label is in lower case
    if not m:
        return ""
    words: list[str] = []
    for chunk in m.group(1).split():
        parts = split_syllables(chunk)
        if parts is None:
            return ""
        words += parts
    name = " ".join(words)
    if not 2 <= len(words) <= 6 or words[0] not in fam or is_no_name(name):
        return ""
    return name
