"""Closed vocabularies: the issuing authority spelled as it is officially, through OCR's
misreadings."""

from __future__ import annotations

import pytest

from ocr.engine.vocab import canonical_authority, is_spelled_word


@pytest.mark.parametrize(
    ("read", "authority"),
    [
        ("GIÁM ĐỐC.€A TỈNH BÀ RỊA - VỮNG TÀU", "CA TỈNH BÀ RỊA - VŨNG TÀU"),
        ("GIÁM ĐỐC CÑ TÍNH BÀ RỊA - VỮNG TÀU", "CA TỈNH BÀ RỊA - VŨNG TÀU"),
        ("CATỈNH THỪA THIÊN HUẾ", "CA TỈNH THỪA THIÊN HUẾ"),
        ("CA-TỈNH THÁI NGUYÊN 16261016E1N", "CA TỈNH THÁI NGUYÊN"),
        ("GIÁM ĐỐC CA TP HỒ CHÍ MINH", "CA THÀNH PHỐ HỒ CHÍ MINH"),
        ("CA TỈNH QUẢNG NAM", "CA TỈNH QUẢNG NAM"),
        ("GIÁM ĐỒC€€A TÍNH NAM ĐỊNH", "CA TỈNH NAM ĐỊNH"),
        ("GIÁM ĐỐCKA TỈNH QUẢNG NGÃI", "CA TỈNH QUẢNG NGÃI"),
        # "TỈNH" a letter off
        ("CA FÌNH HÁ TÍNH", "CA TỈNH HÀ TĨNH"),
        # the province less alike, but clearly more than any other
        ("GIÁM ĐỘC CÁ TÍNH THÁI WŒGUYÊ£W", "CA TỈNH THÁI NGUYÊN"),
        # two provinces alike ("THÁI BÌNH", "THÁI NGUYÊN"): as read
        ("CA TỈNH THÁI", "CA TỈNH THÁI"),
        # "PHỐ" with its "Ô" read twice
        ("CA THÀNH PHỔÔ-HÁI PHÒNG", "CA THÀNH PHỐ HẢI PHÒNG"),
        # "C" read "{", "A" read "4"
        ("GIÁM ĐỌC {A TÍNH HẦI UƯƠNG", "CA TỈNH HẢI DƯƠNG"),
        ("GIÁM ĐỐC €4 THANH PHÓ HẢI PHÒNG", "CA THÀNH PHỐ HẢI PHÒNG"),
        # "CA TỈNH" past telling after the signer's title: the province its last words name
        ("GIÁM ĐỘC CH YÌNMH \\LÁM ĐÕG", "CA TỈNH LÂM ĐỒNG"),
        ("GIÁM ĐỐC CÔNG AN", "GIÁM ĐỐC CÔNG AN"),
        # a letter of "TỈNH" read twice with two marks
        ("CA TỈÌNH NINH BÌNH", "CA TỈNH NINH BÌNH"),
    ],
)
def test_a_cmnd_authority_through_misreadings(read, authority):
    assert canonical_authority(read) == authority


def test_spelled_words_have_their_own_diacritics():
    assert is_spelled_word("Hà") and is_spelled_word("hà")
    assert not is_spelled_word("Hầ")
    assert is_spelled_word("Xan") and not is_spelled_word("Xan", min_count=5)


def test_a_cmnd_authority_row_found_through_a_misread_signer(rows_doc):
    from ocr.engine.pipeline import _noicap_rows

    doc = rows_doc(["Ngày 11 tháng 05 nắm 201%", "2G IÁM ĐÓC €A TÍNH NAM ĐỊNH", "Đăng Văn Minh"])
    text, box, _ = _noicap_rows(doc)
    assert canonical_authority(text) == "CA TỈNH NAM ĐỊNH" and box


def test_an_ethnicity_glued_to_its_misread_label():
    from ocr.engine.vocab import ETHNIC_GROUPS, choice_in_rows

    assert choice_in_rows(["GNnoKinh"], ETHNIC_GROUPS) == (0, "Kinh")
    assert choice_in_rows(["Mix 1Í) Y4 oDKinh"], ETHNIC_GROUPS) == (0, "Kinh")
    assert choice_in_rows(["Giới tan: Nữ Đán tóc KÌnh"], ETHNIC_GROUPS) == (0, "Kinh")
    # a long row, a label's lower-case remains before the value spelled as it is
    assert choice_in_rows(["CON531 onn Đóa sác Kinh"], ETHNIC_GROUPS) == (0, "Kinh")
    assert choice_in_rows(["CON531 onn Đóa sác Kính"], ETHNIC_GROUPS) == (-1, "")
    assert choice_in_rows(["Số 12 Ngõ 3 phố Kinh"], ETHNIC_GROUPS) == (-1, "")
    assert choice_in_rows(["Giới tính: Nữ Dan teKinh"], ETHNIC_GROUPS) == (0, "Kinh")
    assert choice_in_rows(["Nguyên quán: Kinh Môn, Hải Dương"], ETHNIC_GROUPS) == (-1, "")
    # the label's vowel misread, a semicolon for its colon
    assert choice_in_rows(["NGÔN TRỎ PHẢI Dân tậc; Kinh"], ETHNIC_GROUPS) == (0, "Kinh")


def test_an_ethnicity_with_an_o_read_as_zero():
    from ocr.engine.vocab import ETHNIC_GROUPS, closest_choice

    assert closest_choice("Da0", ETHNIC_GROUPS) == "Dao"
    assert closest_choice("Kinh", ETHNIC_GROUPS) == "Kinh"


def test_an_ethnicity_with_its_i_read_as_an_inverted_exclamation_mark():
    from ocr.engine.vocab import ETHNIC_GROUPS, closest_choice

    # (12-digit front, 71002 medium: "Đân tộc: K ¡nh")
    assert closest_choice("K ¡nh", ETHNIC_GROUPS) == "Kinh"
    assert closest_choice("Xơ Đăng", ETHNIC_GROUPS) == "Xơ Đăng"


def test_an_ethnicity_or_religion_with_another_texts_words_read_after_it():
    from ocr.engine.vocab import ETHNIC_GROUPS, RELIGIONS, closest_choice

    assert closest_choice("Kinh báo họp", ETHNIC_GROUPS) == "Kinh"
    assert closest_choice("Sán Dìu ú Thông", ETHNIC_GROUPS) == "Sán Dìu"
    assert closest_choice("Không Kính A tiền ®", RELIGIONS) == "Không"
    # words that start with no option are left as read
    assert closest_choice("báo họp Kinh", ETHNIC_GROUPS) == "báo họp Kinh"


def test_the_sex_beside_the_nationality():
    from ocr.engine.normalize import parse_sex

    assert parse_sex("Nr Quốc ch: Việt Nam") == "Nữ"  # not the "Nam" of "Việt Nam"
    assert parse_sex("Nam Quốc tịch: Việt Nam") == "Nam"
    assert parse_sex("Việt Nam") == ""


def test_a_chip_backs_authority_is_the_one_that_signs_chip_cards(rows_doc):
    """The chip card is signed under the department's name since 2019: its former name read
    is a misreading; a title garbled to "CÁC ... CC CANH SÁT" is still the authority's."""
    from ocr.engine.pipeline import _authority, _weak_authority
    from ocr.engine.types import SideResult
    from ocr.engine.vocab import AUTHORITIES

    former = "CỤC TRƯỞNG CỤC CẢNH SÁT ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ"
    assert _authority(former, "chip_id_card_back") == AUTHORITIES[1]
    assert _authority(former, "cccd_back") == former
    doc = rows_doc(["CÁC TRƯỜNG CC CANH SÁT QOÁX©Y", "MÀNH CHNH VỆ TRẦY TU XÀ lột", "Cndy"])
    r = SideResult("chip_id_card_back")
    _weak_authority(r, doc)
    assert r.value("noicap") == AUTHORITIES[1]
    # a line with one such word is no authority's
    r = SideResult("chip_id_card_back")
    _weak_authority(r, rows_doc(["Các sát nhập", "NGUYỄN VĂN AN"]))
    assert r.value("noicap") == ""
    # the title read with its spaces lost (cccd_back 152004 hard)
    r = SideResult("cccd_back")
    _weak_authority(r, rows_doc(["CCTRUDNGCECCANHSATDKOL", "CUTEUTDOGVETNCE", "%~*"]))
    assert r.value("noicap") == former


def test_street_words_are_known_but_spell_no_other_word():
    from ocr.engine.vocab import fix_words, is_known_word

    assert is_known_word("Pasteur")  # "167 Pasteur" is an address's part, no junk
    # "Tháng" of the street "Cách Mạng Tháng Tám" does not keep a misread "Thắng"
    assert fix_words("Thôn Quyết Tháng") == "Thôn Quyết Thắng"


def test_an_ethnicity_read_with_a_letter_twice_after_the_fingerprints_captions():
    """(CMND back 106001 medium, turned: the captions on the ethnicity's row.) "tộc" read
    "sòc" (no hamlet's "Sóc" here), "Mường" with its vowel read twice."""
    from ocr.engine.vocab import ETHNIC_GROUPS, choice_in_rows

    row = "NGÓX TRÒ TRÁI NGÓN TRÒ PHẢO Đậo sòc MƯƯỜng"
    assert choice_in_rows([row], ETHNIC_GROUPS) == (0, "Mường")
    # ... spelled as it is only
    assert choice_in_rows(["NGÓN TRỎ TRÁI NGÓN TRỎ PHẢI Đậo sòc Kính"], ETHNIC_GROUPS) == (-1, "")


@pytest.mark.parametrize(
    ("read", "want"),
    [
        # named as one commune or ward is (9_id front 106003 easy)
        ("Xóm Quyết Thăng, Cư Suê, Cư M'gar, Đắk Lắk", "Xóm Quyết Thắng, Cư Suê, Cư M'gar, Đắk Lắk"),
        ("Tổ dân phố Yên Thinh, Phường 1", "Tổ dân phố Yên Thịnh, Phường 1"),
        # letters that name several ("Tân Thành", "Tân Thạnh"): as read
        ("Thôn Tân Thánh, Xã Hòa Phú", "Thôn Tân Thánh, Xã Hòa Phú"),
        # a number, one word, or not after a hamlet word: as read
        ("Thôn 5, Giao Hương", "Thôn 5, Giao Hương"),
        ("Ấp Bắc, Xã Tân Thành", "Ấp Bắc, Xã Tân Thành"),
        ("Số 12 Quyết Thăng, Phường 1", "Số 12 Quyết Thăng, Phường 1"),
    ],
)  # fmt: skip
def test_a_hamlet_named_as_a_commune_is_spelled_as_it(read, want):
    from ocr.engine.vocab import fix_hamlet_names

    assert fix_hamlet_names(read) == want
