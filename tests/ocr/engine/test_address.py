"""Addresses as printed: OCR slips spelled right, but units the data no longer lists kept,
a district never taken for a look-alike province, an old card's province on its own line."""

from __future__ import annotations

import pytest

from ocr.engine import fields as fx
from ocr.engine.address import canonical_address, is_province, parse_address
from ocr.engine.pipeline import _ends_with_province, _province_below, _read_multiline, _strip_label
from ocr.engine.types import SideResult


@pytest.mark.parametrize(
    "printed",
    [
        # communes merged away since (Thụy Hà into Thụy Hải in 2020, Quỳnh Bá likewise):
        # the data lists their successors only, the card prints them as they were
        "Xã Thụy Hà, Huyện Thái Thụy, Tỉnh Thái Bình",
        "Thôn 9, Quỳnh Bá, Quỳnh Lưu, Nghệ An",
    ],
)
def test_a_unit_the_data_no_longer_lists_is_kept_as_printed(printed):
    assert canonical_address(printed) == printed


@pytest.mark.parametrize(
    ("read", "spelled"),
    [
        ("Xã Thuy Hai, Huyện Thái Thuỵ, Tính Thái Binh", "Xã Thụy Hải, Huyện Thái Thụy, Tỉnh Thái Bình"),
        # a letter lost making a rare word is a slip all the same
        ("Phường Cao Xan, Thành phố Hạ Lông, Tỉnh Quảng Ninh", "Phường Cao Xanh, Thành phố Hạ Long, Tỉnh Quảng Ninh"),
    ],
)  # fmt: skip
def test_ocr_slips_in_units_are_spelled_right(read, spelled):
    assert canonical_address(read) == spelled


def test_a_city_named_exactly_is_no_look_alike_province():
    # "Hạ Long" folds to within a letter or two of "Hải Phòng"
    text = "Khu phố 6, Phường Cao Xanh, Thành phố Hạ Long"
    assert not is_province("Thành phố Hạ Long", 0.8)
    assert parse_address(text)["tinh"] == ""
    assert canonical_address(text) == text
    assert is_province("Thành phó Đà Wáng", 0.8)  # a misread province still is one


def test_an_old_cards_province_on_the_line_below_a_city_that_is_a_province_now(rows_doc):
    assert _province_below("Phường Thuận Thành, Thành phố Huế", "Tỉnh Thừa Thiên Huế")
    assert not _province_below("Phường Thuận Thành, Thành phố Huế", "23/01/2030")
    assert not _province_below("Xã Phú Diên, Huyện Phú Vang, Tỉnh Thừa Thiên Huế", "Tỉnh Nghệ An")
    doc = rows_doc(
        [
            "Quê quán: Phường Thuận Thành, Thành phố Huế,",
            "Tỉnh Thừa Thiên Huế",
            "Nơi thường trú:",
            "Bản 8, Xã Phú Diên, Huyện Phú Vang,",
        ]
    )
    r = SideResult(card_type="12_id_card_front")
    _read_multiline(r, fx.analyse(doc), "country")
    assert r.value("country") == "Phường Thuận Thành, Thành phố Huế, Tỉnh Thừa Thiên Huế"


def test_a_provinces_name_broken_after_a_district_that_names_it(rows_doc):
    """(CMND front 131000 easy) "..., Quận Thanh Khê, Thành phố Đà" / "Nẵng": the district
    names the province, but what was read of it is none: the line below completes it."""
    assert _province_below("Quận Thanh Khê, Thành phố Đà", "Nẵng")
    assert not _province_below("Quận Thanh Khê, Thành phố Đà Nẵng", "Nẵng")
    doc = rows_doc(
        [
            "Nơi ĐKHK thường trú Số 67/7 Nguyễn Huệ, Phường",
            "Chính Gián, Quận Thanh Khê, Thành phố Đà",
            "Nẵng",
        ]
    )
    r = SideResult(card_type="9_id_card_front")
    _read_multiline(r, fx.analyse(doc), "address")
    assert r.value("address") == (
        "Số 67/7 Nguyễn Huệ, Phường Chính Gián, Quận Thanh Khê, Thành phố Đà Nẵng"
    )


@pytest.mark.parametrize(
    ("read", "address"),
    [
        ("0£ O/, £c64efscếc, Thôn 9, Phú Diên, Phú Vang, Thừa Thiên Huế", "Thôn 9, Phú Diên, Phú Vang, Thừa Thiên Huế"),
        ("(l2 @⁄ø ® #* Ngọc Hà, 8A Đình, Hà Nội", "Ngọc Hà, 8A Đình, Hà Nội"),
        ("Pfœcw «, Long Hòa, Dầu Tiếng, Bình Dương", "Long Hòa, Dầu Tiếng, Bình Dương"),
        # the neighbouring fields' labels and values read into the line
        ("Giới tỉnh: Nú Quốc Tịch Việt Nam, Hòa Long, Lai Vung, Đồng Tháp", "Hòa Long, Lai Vung, Đồng Tháp"),
        ("Quế. Tịch: Việt Nam, Hải Anh, Hải Hậu, Nam Định", "Hải Anh, Hải Hậu, Nam Định"),
        # a label's last letters or last word as a part of their own
        ("sê, Lạc Long, Kinh Môn, Hải Dương", "Lạc Long, Kinh Môn, Hải Dương"),
        ("Ve, Bản Đông, Ba Trinh, Kế Sách, Sóc Trăng", "Bản Đông, Ba Trinh, Kế Sách, Sóc Trăng"),
        ("Đội 14/014 trụ, Xóm 4, Thụy Liên, Thái Thụy, Thái Bình", "Xóm 4, Thụy Liên, Thái Thụy, Thái Bình"),
        ("1é V sê sê, Xã Nhân Nghĩa, Huyện Lạc Sơn, Tỉnh Hòa Bình", "Xã Nhân Nghĩa, Huyện Lạc Sơn, Tỉnh Hòa Bình"),
        # a house number as a part of its own stays
        ("12/4A, Lê Lợi, Phường 1, Quận 3", "12/4A, Lê Lợi, Phường 1, Quận 3"),
        # ... and a first part starting with a place word read in lower case
        ("số 12, Lê Lợi, Phường 1, Quận 3", "Số 12, Lê Lợi, Phường 1, Quận 3"),
        ("hôn 9, Xã Tân Nghĩa, Huyện Cao Lãnh, Tỉnh Đồng Thắp", "Thôn 9, Xã Tân Nghĩa, Huyện Cao Lãnh, Tỉnh Đồng Thắp"),
        # a neighbouring date's year, and the expiry's label with it
        ("2030 Bản 1, Sen Thủy, Lệ Thủy, Quảng Bình", "Bản 1, Sen Thủy, Lệ Thủy, Quảng Bình"),
        ("Có giá trị đến: 2030, Bản 1, Sen Thủy, Lệ Thủy, Quảng Bình", "Bản 1, Sen Thủy, Lệ Thủy, Quảng Bình"),
        # the expiry's date before it, a house number's slash read "I"
        ("23/04/2040 Số 83I7 Lê Duẩn, Phường 8, Thành phố Đà Lạt", "Số 83/7 Lê Duẩn, Phường 8, Thành phố Đà Lạt"),
        # the expiry's date at the start of the address's second line, under its label
        ("Thôn Hòa Bình, Xã Yên Lộc, 30/03/2031 Huyện Kim Sơn, Tỉnh Ninh Bình", "Thôn Hòa Bình, Xã Yên Lộc, Huyện Kim Sơn, Tỉnh Ninh Bình"),
        ("Số 12/5/1975 Lê Lợi, Phường 1, Quận 3", "Số 12/5/1975 Lê Lợi, Phường 1, Quận 3"),
        # ... or in the middle of a unit's name, the expiry printed left of its second line
        ("Số 91 Ngõ 109 Láng Hạ, Phường Phước 06/12/2030 Hải, Thành phố Nha Trang", "Số 91 Ngõ 109 Láng Hạ, Phường Phước Hải, Thành phố Nha Trang"),
        ("Kiệt 3/12/2001 Hùng Vương, Phường 1, Quận 3", "Kiệt 3/12/2001 Hùng Vương, Phường 1, Quận 3"),
        # the street quarter's words, the first in capitals ("TỔ dân phổ")
        ("TỔ dân phổ 10, Phường 1, Thành phố Vũng Tàu", "Tổ dân phố 10, Phường 1, Thành phố Vũng Tàu"),
        # the comma between a hamlet and its commune lost; a hamlet named like a commune
        ("Bản 1 Xã Hồng Dụ, Huyện Ninh Giang, Tỉnh Hải Dương", "Bản 1, Xã Hồng Dụ, Huyện Ninh Giang, Tỉnh Hải Dương"),
        ("Thôn Xã Đoài, Xã Nghi Diên, Huyện Nghi Lộc, Tỉnh Nghệ An", "Thôn Xã Đoài, Xã Nghi Diên, Huyện Nghi Lộc, Tỉnh Nghệ An"),
        # a speck read as a full stop before a comma
        ("Ấp Đông, Xã Vượng Lộc., Huyện Can Lộc, Tỉnh Hà Tĩnh", "Ấp Đông, Xã Vượng Lộc, Huyện Can Lộc, Tỉnh Hà Tĩnh"),
        # the label "Quê quán" itself, misread, as a part
        ("Quả quế, Phường 1, Thành phố Vũng Tàu, Tỉnh Bà Rịa - Vũng Tàu", "Phường 1, Thành phố Vũng Tàu, Tỉnh Bà Rịa - Vũng Tàu"),
        # "Số" misread with a sign and a digit before a house number
        ("%6 35/40 Tôn Đức Thắng, Bình Khánh, Long Xuyên, An Giang", "Số 35/40 Tôn Đức Thắng, Bình Khánh, Long Xuyên, An Giang"),
        ("Sô 12 Lê Lợi, Phường 1, Quận 3", "Số 12 Lê Lợi, Phường 1, Quận 3"),
        # what an address starts with stays
        ("2030 Lê Lợi, Phường 1, Quận 3, Hồ Chí Minh", "2030 Lê Lợi, Phường 1, Quận 3, Hồ Chí Minh"),
        ("K20/4 Nguyễn Văn Cừ, Phường An Hải, Đà Nẵng", "K20/4 Nguyễn Văn Cừ, Phường An Hải, Đà Nẵng"),
        ("Bản Pác Nặm, Xã Bằng Thành, Huyện Pác Nặm, Tỉnh Bắc Kạn", "Bản Pác Nặm, Xã Bằng Thành, Huyện Pác Nặm, Tỉnh Bắc Kạn"),
        ("9/4 Lê Lợi, Phường 1, Quận 3, Hồ Chí Minh", "9/4 Lê Lợi, Phường 1, Quận 3, Hồ Chí Minh"),
        ("12, Lê Lợi, Phường 1, Quận 3, Hồ Chí Minh", "12, Lê Lợi, Phường 1, Quận 3, Hồ Chí Minh"),
        # the nationality's or the sex's last word above it
        ("Nam, Xã Phước Lý, Huyện Cần Giuộc, Tỉnh Long An", "Xã Phước Lý, Huyện Cần Giuộc, Tỉnh Long An"),
        ("Nam Định, Xã Phước Lý, Huyện Cần Giuộc, Tỉnh Long An", "Nam Định, Xã Phước Lý, Huyện Cần Giuộc, Tỉnh Long An"),
        ("Xóra 3, Trung An, Củ Chi, Hồ Chí Minh", "Xóm 3, Trung An, Củ Chi, Hồ Chí Minh"),
        # the end of the expiry's value beside it ("Không thời hạn")
        ("hán Thôn 6, Xã Hoài Hải, Huyện Hoài Nhơn, Tỉnh Bình Định", "Thôn 6, Xã Hoài Hải, Huyện Hoài Nhơn, Tỉnh Bình Định"),
        ("Khổng Thời hán Xóm 2, Tân Hiệp, Yên Thế, Bắc Giang", "Xóm 2, Tân Hiệp, Yên Thế, Bắc Giang"),
        # ... glued to the unit word (cccd front, 78002 easy), alone or its last word only
        ("Không thời hạnTỉnh Gia Lai", "Tỉnh Gia Lai"),
        ("Thôn Tân Lập, Xã Ia Blang, Huyện Chư Sê, hạnTỉnh Gia Lai", "Thôn Tân Lập, Xã Ia Blang, Huyện Chư Sê, Tỉnh Gia Lai"),
        # a label's sign or two read as a part of its own
        ("2x, Chánh Nghĩa, Thủ Dầu Một, Bình Dương", "Chánh Nghĩa, Thủ Dầu Một, Bình Dương"),
        ("é, Xóm Trung, Tứ Xã, Lâm Thao, Phú Thọ", "Xóm Trung, Tứ Xã, Lâm Thao, Phú Thọ"),
        # the expiry's label beside the address's last line (cccd front 106003 easy),
        # however long its part of the line
        ("Có giá trị đến: Hồ Chí Minh", "Hồ Chí Minh"),
        ("Có giá trị đên: Tỉnh Hà Tĩnh", "Tỉnh Hà Tĩnh"),
        # "Số" with its "S" lost (9_id front 109004 easy); a speck in a house number
        # (113003 easy); a place word read with a letter more (110001 medium)
        ("ố 138/53 Nguyễn Văn Cừ, Phường Lộc Hạ, Thành phố Nam Định", "Số 138/53 Nguyễn Văn Cừ, Phường Lộc Hạ, Thành phố Nam Định"),
        ("2:37 Bạch Đằng, An Khê, Thanh Khê, Đà Nẵng", "237 Bạch Đằng, An Khê, Thanh Khê, Đà Nẵng"),
        ("Cụma 20, Phường 8, Đà Lạt, Lâm Đồng", "Cụm 20, Phường 8, Đà Lạt, Lâm Đồng"),
        # the comma lost between a hamlet's number and its commune (109000 medium)
        ("Thôn 12 Kim Chính, Kim Sơn, Ninh Bình", "Thôn 12, Kim Chính, Kim Sơn, Ninh Bình"),
        ("Số 12 Lê Lợi, Phường 1, Quận 3", "Số 12 Lê Lợi, Phường 1, Quận 3"),
    ],
)  # fmt: skip
def test_what_precedes_an_address_on_its_line_is_dropped(read, address):
    assert _strip_label(read) == address


def test_a_commune_merged_away_is_named_as_printed_without_a_code():
    parsed = parse_address("Xã Thụy Hà, Huyện Thái Thụy, Tỉnh Thái Bình")
    assert (parsed["phuong"], parsed["phuong_name"]) == ("", "Xã Thụy Hà")
    assert parsed["huyen_name"] == "Huyện Thái Thụy" and parsed["tinh"] == "34"
    # a commune the data has keeps its code, through OCR slips
    parsed = parse_address("Xã Thuy Hai, Huyện Thái Thụy, Tỉnh Thái Bình")
    assert parsed["phuong_name"] == "Xã Thụy Hải" and parsed["phuong"]
    # unreadable is not a commune
    assert parse_address("Xã X@#k, Huyện Mộ Đức, Tỉnh Quảng Ngãi")["phuong_name"] == ""


def test_a_district_read_as_other_place_words_is_an_ocr_slip():
    # communes were merged away in numbers, districts hardly: "Thắng Đình" is Thăng Bình
    assert canonical_address("Xã Bình Triều, Huyện Thắng Đình, Tỉnh Quảng Nam") == (
        "Xã Bình Triều, Huyện Thăng Bình, Tỉnh Quảng Nam"
    )


@pytest.mark.parametrize(
    ("read", "address"),
    [
        ("Khu Phổ 34, Tam Thuận, Thanh Khê, Đà Nẵng", "Khu phố 34, Tam Thuận, Thanh Khê, Đà Nẵng"),
        ("Phường Phú Cường, Thành Phổ Thủ Dầu Một, Tỉnh Bình Dương", "Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương"),
    ],
)  # fmt: skip
def test_unit_and_quarter_words_spelled_right(read, address):
    assert canonical_address(read) == address


def test_a_unit_word_at_a_lines_end_waits_for_its_name():
    lines = ["Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh", "Bình Dương"]
    assert fx.join_address_lines(lines) == (
        "Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương"
    )


def test_a_line_ending_with_a_comma_goes_on_below_even_after_a_province_name(rows_doc):
    # "Bình Dương" is a province, and here a commune of Quảng Nam printed without "Xã"
    doc = rows_doc(["Nơi ĐKHK thường trú Thôn Bắc, Bình Dương,", "Thăng Bình, Quảng Nam"])
    r = SideResult(card_type="9_id_card_front")
    _read_multiline(r, fx.analyse(doc), "address")
    assert r.value("address") == "Thôn Bắc, Bình Dương, Thăng Bình, Quảng Nam"
    assert parse_address(r.value("address"))["tinh_name"] == "Quảng Nam"


def test_the_last_word_of_a_units_name_alone_on_the_next_line_joins_it():
    lines = ["Chánh Nghĩa, Thành phố Thủ Dầu Một, Tỉnh Bình", "Dương"]
    assert fx.join_address_lines(lines) == "Chánh Nghĩa, Thành phố Thủ Dầu Một, Tỉnh Bình Dương"
    # a province of its own on the next line is the address's next part
    assert fx.join_address_lines(["Xã Bình Dương, Huyện Thăng Bình", "Quảng Nam"]) == (
        "Xã Bình Dương, Huyện Thăng Bình, Quảng Nam"
    )


def test_a_commune_the_data_no_longer_lists_printed_without_its_unit_word():
    parsed = parse_address("Hồng Kỳ, Yên Thế, Bắc Giang")
    assert (parsed["huyen_name"], parsed["phuong_name"], parsed["phuong"]) == (
        "Huyện Yên Thế",
        "Xã Hồng Kỳ",
        "",  # no code: the data does not list it
    )
    # a hamlet before the district is no commune
    assert parse_address("Thôn Bắc, Thăng Bình, Quảng Nam")["phuong_name"] == ""


def test_a_commune_moved_to_another_district_read_with_a_wrong_mark():
    # Nghi Phong is in Thành phố Vinh in the data; "Nghỉ Phong" is not its neighbour
    # Nghi Phương of the card's Huyện Nghi Lộc
    read = "Thôn Nam, Xã Nghỉ Phong, Huyện Nghi Lộc, Tỉnh Nghệ An"
    parsed = parse_address(read)
    assert (parsed["phuong_name"], parsed["phuong"]) == ("Xã Nghi Phong", "17902")
    assert canonical_address(read) == "Thôn Nam, Xã Nghi Phong, Huyện Nghi Lộc, Tỉnh Nghệ An"
    # the neighbour itself is still itself
    assert parse_address(read.replace("Nghỉ Phong", "Nghi Phương"))["phuong"] == "17860"


@pytest.mark.parametrize(
    ("read", "canonical", "province"),
    [
        ("Thôn Bình An, Tứ Xã, Lâm Thao, thù Yhọ", "Thôn Bình An, Tứ Xã, Lâm Thao, Phú Thọ", "25"),
        ("Phường Tân Lợi, Thành phó Buôn Ma Thuột, Yính ĐẤU (ẤP",
         "Phường Tân Lợi, Thành phố Buôn Ma Thuột, Tỉnh Đắk Lắk", "66"),
    ],
)  # fmt: skip
def test_a_province_too_garbled_to_read_is_the_one_its_district_is_in(read, canonical, province):
    assert parse_address(read)["tinh"] == province
    assert canonical_address(read) == canonical
    assert _ends_with_province(read)


def test_a_district_does_not_stand_for_a_province_unlike_the_last_part():
    # "Châu Thành" is a district of several provinces; "Abc" is like none
    assert parse_address("Ấp 3, Châu Thành, Xyz")["tinh"] == ""
    assert parse_address("Số 5, Lâm Thao, Abc")["tinh"] == ""
    assert parse_address("Tứ Xã, Lâm Thao, thù Yhọ")["tinh"] == "25"


def test_a_short_district_name_one_letter_off():
    read = "Thôn An Lạc, Xã Hát Lót, Huyện Mai Som, Tỉnh Sơn La"
    assert parse_address(read)["huyen_name"] == "Huyện Mai Sơn"
    assert canonical_address(read) == "Thôn An Lạc, Xã Hát Lót, Huyện Mai Sơn, Tỉnh Sơn La"
    # a ward's likewise
    read = "XÃ Gxa Hòa, Huyện Gia Viễn, Tỉnh Ninh Bình"
    assert canonical_address(read) == "Xã Gia Hòa, Huyện Gia Viễn, Tỉnh Ninh Bình"


def test_a_full_stop_for_a_comma_and_a_unit_word_with_a_letter_more():
    text = _strip_label("Thôn 3.Xa Minh Hoa, Huryen Dầu Tiếng, Tỉnh Bình Dương")
    assert canonical_address(text) == "Thôn 3, Xã Minh Hòa, Huyện Dầu Tiếng, Tỉnh Bình Dương"
    assert _strip_label("Số 5. Phường 3, Quận 5") == "Số 5, Phường 3, Quận 5"
    assert _strip_label("Thôn Hòa Bình. Lạc Sơn, Đô Lương") == "Thôn Hòa Bình, Lạc Sơn, Đô Lương"
    assert _strip_label("Phường 8. Đà Lạt, Lâm Đồng") == "Phường 8, Đà Lạt, Lâm Đồng"
    # a speck inside a unit's name after its first word is none
    assert _strip_label("Bản Tây, Xã Long. Đức, Huyện Long Thành") == (
        "Bản Tây, Xã Long Đức, Huyện Long Thành"
    )
    # an abbreviation's full stop stays
    assert (
        _strip_label("Số 5, P. Bến Nghé, TP. Hồ Chí Minh") == "Số 5, P. Bến Nghé, TP. Hồ Chí Minh"
    )


def test_a_ward_whose_name_starts_like_a_unit_word():
    # "Quan" is no "Quận": the whole segment is the commune's name
    parsed = parse_address("Quan Lạn, Vân Đồn, Quảng Ninh")
    assert (parsed["phuong_name"], parsed["phuong"]) == ("Xã Quan Lạn", "07024")


def test_a_ward_of_a_city_the_data_lists_none_of_is_a_phuong():
    parsed = parse_address("Thuận Thành, Thành phố Huế, Thừa Thiên Huế")
    assert parsed["phuong_name"] == "Phường Thuận Thành"


def test_a_commune_the_data_does_not_list_printed_with_its_unit_word():
    read = "Xóm Tân Thành, Xã Cổ Am, Huyện Vĩnh Bảo, Thành phố Hải Phòng"
    parsed = parse_address(read)
    assert (parsed["phuong_name"], parsed["phuong"]) == ("Xã Cổ Am", "")
    assert canonical_address(read) == read


@pytest.mark.parametrize(
    ("read", "spelled"),
    [
        ("S6 15/25 Diễn Biên Phu, Phường Lộc Thọ", "Số 15/25 Điện Biên Phủ, Phường Lộc Thọ"),
        ("68 Nguyên Huệ, Phường Lê Lợi", "68 Nguyễn Huệ, Phường Lê Lợi"),
        ("Số 218/53 Cách Măng Thắng Tám, Phường Chánh Nghĩa", "Số 218/53 Cách Mạng Tháng Tám, Phường Chánh Nghĩa"),
        # a street the list does not hold is left as read
        ("Số 7 Nguyên Hồng, Phường 2", "Số 7 Nguyên Hồng, Phường 2"),
        # nor a unit with a street's letters ("Quán Thánh" is a street)
        ("Số 282/32 Pasteur, Phường An Khê, Quận Thanh Khê", "Số 282/32 Pasteur, Phường An Khê, Quận Thanh Khê"),
        # nor is one spelled across two parts ("Xuân Thủy" is a street)
        ("Bản Trung, Lại Xuân, Thủy Nguyên, Hải Phòng", "Bản Trung, Lại Xuân, Thủy Nguyên, Hải Phòng"),
    ],
)  # fmt: skip
def test_common_street_names_spelled_as_known(read, spelled):
    from ocr.engine.vocab import fix_street_names

    assert fix_street_names(read) == spelled


def test_a_place_words_letters_with_other_marks_before_a_number():
    from ocr.engine.pipeline import _fix_place_word

    assert _fix_place_word("Tố 27, Tân Định, Quận 1") == "Tổ 27, Tân Định, Quận 1"
    assert _fix_place_word("Bán 12, Xã Trung Chải") == "Bản 12, Xã Trung Chải"
    # before a name too, when no name has the word ("Bán": to sell); not a name's
    assert _fix_place_word("Bán Đông, Xã Long Hậu") == "Bản Đông, Xã Long Hậu"
    assert _fix_place_word("Tô Hiến Thành, Phường 3") == "Tô Hiến Thành, Phường 3"
    assert _fix_place_word("phố Đà Nẵng") == "phố Đà Nẵng"  # the end of "Thành phố"
    # a word one letter from one, before the commune, that the units' names hardly know
    assert (
        _fix_place_word("Phôn Hạ, Tứ Xã, Lâm Thao, Phú Thọ") == "Thôn Hạ, Tứ Xã, Lâm Thao, Phú Thọ"
    )
    assert _fix_place_word("Phôn Hạ, Xã Tứ Xã, Tỉnh Phú Thọ") == "Thôn Hạ, Xã Tứ Xã, Tỉnh Phú Thọ"
    # not the commune itself ("Phồn Xương"), nor a word the names know ("Sơn Tây")
    assert _fix_place_word("Phồn Xương, Yên Thế, Bắc Giang") == "Phồn Xương, Yên Thế, Bắc Giang"
    assert _fix_place_word("Sơn Tây, Xã Cổ Đông, Thị xã Sơn Tây, Hà Nội") == (
        "Sơn Tây, Xã Cổ Đông, Thị xã Sơn Tây, Hà Nội"
    )


def test_an_address_line_that_starts_left_of_its_label_is_read_whole(rows_doc):
    """The chip front's residence label stands right of the expiry; the address below it
    starts at the card's left edge, read as one line box."""
    doc = rows_doc(
        [
            [("Không thời hạn", 10, 300), ("Nơi thường trú / Place of residence:", 420, 900)],
            [("Số 306 Ngõ 47 Lê Duẩn, Phường Trại Cau, Quận Lê Chân,", 10, 900)],
            [("Thành phố Hải Phòng", 10, 600)],
        ]
    )
    r = SideResult(card_type="chip_id_card_front")
    _read_multiline(r, fx.analyse(doc), "address")
    assert r.value("address") == (
        "Số 306 Ngõ 47 Lê Duẩn, Phường Trại Cau, Quận Lê Chân, Thành phố Hải Phòng"
    )


def test_another_columns_value_in_the_line_box_of_an_address_is_left_out(rows_doc):
    """The expiry's value read into one box with the address line below the residence
    label ("Không thời hạn Khối 40, ..."): only the address's own part is the address; a
    sheet's word at the row's start, across a wide gap, is not either."""
    doc = rows_doc(
        [
            [("Nơi thường trú:", 420, 700)],
            [("Không thời hạn Khối 40, Dịch Vọng, Cầu Giấy, Hà Nội", 10, 900)],
        ]
    )
    r = SideResult(card_type="cccd_front")
    _read_multiline(r, fx.analyse(doc), "address")
    # (only the words in the label's column: the box is not taken whole)
    assert r.value("address").endswith("Dịch Vọng, Cầu Giấy, Hà Nội")
    assert "thời hạn" not in r.value("address")
    doc = rows_doc(
        [
            [("Nơi ĐKHK thường trú Xóm Nam, Xã Phong Châu,", 300, 900)],
            [("sử", 300, 330), ("Huyện Trùng Khánh, Tỉnh Cao Bằng", 450, 900)],
        ]
    )
    r = SideResult(card_type="9_id_card_front")
    _read_multiline(r, fx.analyse(doc), "address")
    assert r.value("address") == "Xóm Nam, Xã Phong Châu, Huyện Trùng Khánh, Tỉnh Cao Bằng"


@pytest.mark.parametrize(
    ("address", "country", "key", "want"),
    [
        # the home address names the district with its word; the data's later one is a Thị xã
        (
            "Bản Bắc, Xã Lạc Long, Huyện Kinh Môn, Tỉnh Hải Dương",
            "Lạc Long, Kinh Môn, Hải Dương",
            "quequan_huyen_name",
            "Huyện Kinh Môn",
        ),
        # the other way round: a Huyện until 2020, a Thành phố in the data
        (
            "Bản 6, Cửa Dương, Phú Quốc, Kiên Giang",
            "Xã Gành Dầu, Huyện Phú Quốc, Tỉnh Kiên Giang",
            "diachi_huyen_name",
            "Huyện Phú Quốc",
        ),
        # with no word printed for it anywhere, the unit is named as the data names it
        (
            "Bản 6, Cửa Dương, Phú Quốc, Kiên Giang",
            "Xã Hải Anh, Huyện Hải Hậu, Tỉnh Nam Định",
            "diachi_huyen_name",
            "Thành phố Phú Quốc",
        ),
    ],
)
def test_a_unit_printed_without_its_word_takes_the_word_the_other_address_prints(
    address, country, key, want
):
    from ocr.engine.pipeline import _addresses

    r = SideResult(card_type="cccd_front")
    r.set("address", address, 0.9, source="qr")
    r.set("country", country, 0.9, source="qr")
    _addresses(r)
    assert r.value(key) == want


@pytest.mark.parametrize(
    ("read", "address"),
    [
        # a quote read before a word inside the line, a unit word read in lower case
        ("Số 99/17 'Pasteur, Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương",
         "Số 99/17 Pasteur, Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương"),
        ('Phường Bài Chắy, \'Thành phố Hạ Long, Brt "Tỉnh Quảng Ninh',
         "Phường Bãi Cháy, Thành phố Hạ Long, Tỉnh Quảng Ninh"),
        ("Phường Vĩnh HẢI, Thành phố Nha Trang, 中业 tĩnh Khánh Hòa",
         "Phường Vĩnh Hải, Thành phố Nha Trang, Tỉnh Khánh Hòa"),
        # an apostrophe inside a name stays
        ("Xã Ea Tar, Huyện Cư M'gar, Tỉnh Đắk Lắk", "Xã Ea Tar, Huyện Cư M'gar, Tỉnh Đắk Lắk"),
    ],
)  # fmt: skip
def test_quotes_and_a_lower_case_unit_word_in_an_address_line(read, address):
    from ocr.engine.pipeline import _drop_junk_before_units, _strip_label

    assert canonical_address(_drop_junk_before_units(_strip_label(read))) == address


def test_a_district_too_garbled_to_match_is_the_one_like_it_that_has_the_ward():
    """'Pl\\etkcu' is too far from Pleiku to be taken by its letters alone; the ward before
    it (Diên Hồng) is in Pleiku, which is like it: an old three-level address of Gia Lai
    (64), not the new province of that name (52)."""
    read = "Tổ 15, Phường Diên Hồng, Thành phố Pl\\etkcu, Tỉnh Gia Lai"
    parsed = parse_address(read)
    assert (parsed["tinh"], parsed["huyen_name"], parsed["phuong_name"]) == (
        "64",
        "Thành phố Pleiku",
        "Phường Diên Hồng",
    )
    assert canonical_address(read) == "Tổ 15, Phường Diên Hồng, Thành phố Pleiku, Tỉnh Gia Lai"
    # a ward no district like it has: no district
    assert parse_address("Tổ 15, Phường Xyz Abc, Thành phố Pl\\etkcu, Tỉnh Gia Lai")["huyen"] == ""


def test_an_address_line_with_full_stops_for_commas_ends_at_its_province():
    """'... Huyện Lac SZn. Tỉnh Hòa Binh': the line below (the next label, misread) is not
    read into it. 'TP. Hồ Chí Minh' is not split at its abbreviation's stop."""
    assert _ends_with_province("Xã Nhân Nghĩa. Huyện Lac SZn. Tỉnh Hòa Binh")
    assert _ends_with_province("Phường 1, Quận 3, TP. Hồ Chí Minh")
    assert not _ends_with_province("Xã Nhân Nghĩa. Huyện Lac SZn.")


@pytest.mark.parametrize(
    ("read", "canonical"),
    [
        # the district's unit word too garbled to split off: the likest of its level
        ("Xã Điện Phú, Hoyệo Diên Khánh, Tỉnh Khánh Hoa", "Xã Diên Phú, Huyện Diên Khánh, Tỉnh Khánh Hòa"),
        # ... though the data's is another (a Thị xã since 2019): as printed
        ("Xã Lạc Long, Hwyệm Kinh Môn, Tỉnh Hải Dương", "Xã Lạc Long, Huyện Kinh Môn, Tỉnh Hải Dương"),
        # printed without one: none is added
        ("Xã Lạc Long, Kinh Môn, Tỉnh Hải Dương", "Xã Lạc Long, Kinh Môn, Tỉnh Hải Dương"),
    ],
)  # fmt: skip
def test_a_units_word_too_garbled_to_split_off_is_the_likest_unit_word(read, canonical):
    assert canonical_address(read) == canonical


def test_a_ward_a_little_less_alike_but_clearly_the_likest_of_its_district():
    # "Suối kiiệp" is 0.82 like Suối Hiệp, 0.71 like Suối Tiên (the same district's)
    read = "Thôn Tân Thành, XÃ Suối kiiệp, Huyện Diên Khánh, Tỉnh Khánh Hòa"
    assert parse_address(read)["phuong_name"] == "Xã Suối Hiệp"
    assert (
        canonical_address(read) == "Thôn Tân Thành, Xã Suối Hiệp, Huyện Diên Khánh, Tỉnh Khánh Hòa"
    )


def test_a_commune_the_data_lacks_printed_without_its_unit_word_beside_a_district_read_exactly():
    """'Dư Hàng' (merged into Dư Hàng Kênh): its words are rare in place names, but the
    district after it was read exactly; named with its district's usual ward word."""
    assert parse_address("Dư Hàng, Lê Chân, Hải Phòng")["phuong_name"] == "Phường Dư Hàng"
    # the district misread: rare words are not taken for a commune's name
    assert parse_address("Dư Hàng, Lê Chânn, Hải Phòng")["phuong_name"] == ""


def test_a_misread_labels_remains_before_a_ward_printed_without_its_unit_word():
    """ "Nguyên quán: Hàm Ninh" read "Ngân án Hàm Ninh": the lower-case word is no ward's,
    the ward is the district's Hàm Ninh; a hamlet's place word before it is kept."""
    read = "Ngân án Hàm Ninh, Phú Quốc, Kiên Giang"
    assert canonical_address(read) == "Hàm Ninh, Phú Quốc, Kiên Giang"
    assert parse_address(read)["phuong_name"] == "Xã Hàm Ninh"
    hamlet = "Thôn Hàm Ninh, Phú Quốc, Kiên Giang"
    assert canonical_address(hamlet) == hamlet
    assert parse_address(hamlet)["phuong_name"] == ""


def test_a_streets_name_wrapped_after_its_house_number_joins_with_a_space():
    lines = [
        "Số 274/10 Hoàng Hoa",
        "Thám, Phường Bình Khánh, Thành phố",
        "Long Xuyên, Tỉnh An Giang",
    ]
    assert fx.join_address_lines(lines) == (
        "Số 274/10 Hoàng Hoa Thám, Phường Bình Khánh, Thành phố Long Xuyên, Tỉnh An Giang"
    )
    assert fx.join_address_lines(["Số 274/10", "Hoàng Hoa Thám, Phường Bình Khánh"]) == (
        "Số 274/10 Hoàng Hoa Thám, Phường Bình Khánh"
    )
    # units named without their unit word (a CMND's): the street's name is a known one
    assert (
        fx.join_address_lines(
            ["Số 222/55 Cách Mạng Tháng", "Tám, Hòa Cường Bắc, Hải Châu, Đà Nẵng"]
        )
        == "Số 222/55 Cách Mạng Tháng Tám, Hòa Cường Bắc, Hải Châu, Đà Nẵng"
    )
    assert fx.join_address_lines(["Số 12 Lê Lợi", "Hòa Cường Bắc, Hải Châu, Đà Nẵng"]) == (
        "Số 12 Lê Lợi, Hòa Cường Bắc, Hải Châu, Đà Nẵng"
    )
    # a street whole on its line, then a unit or a quarter: a comma
    assert (
        fx.join_address_lines(["Số 12 Lê Lợi", "Phường 1, Quận 3"])
        == "Số 12 Lê Lợi, Phường 1, Quận 3"
    )
    assert fx.join_address_lines(["Số 12 Lê Lợi", "Khu phố 3, Phường 1"]) == (
        "Số 12 Lê Lợi, Khu phố 3, Phường 1"
    )


def _read_box(text: str, conf: float, second: str, second_conf: float):
    """A line box as Tesseract read it, with PP-OCR's reading of it already made."""
    import numpy as np

    from ocr.engine import recognizer as rz
    from ocr.engine.layout import Box

    crop = np.zeros((20, 200, 3), np.uint8)
    box = Box(text, conf, 0, 0, 200, 20, [0, 0, 200, 20], crop)
    box._second = rz.Reading(second, second_conf)
    return box


def test_a_house_number_takes_pp_ocrs_digits_when_it_is_sure_and_tesseract_less_so():
    """Tesseract reads a bold "1" as "4" ("234 Hoàng Hoa Thám" for 231); PP-OCR, sure of
    its reading of the line, has the digits right. Unsure, or with other runs of digits, it
    does not overrule Tesseract."""
    from ocr.engine.pipeline import _house_number_by_second_reading

    address = "234 Hoàng Hoa Thám, Phường Máy Tơ, Quận Ngô Quyền, Thành phố Hải Phòng"
    read = "Nơi ĐKHK thường trú 234 Hoàng Hoa Thám, Phường"
    pp = "Noi DKHK thuong tru 231 Hoang Hoa Tham, Phurong"
    fixed = _house_number_by_second_reading(address, _read_box(read, 0.93, pp, 0.98))
    assert fixed == address.replace("234", "231")
    assert _house_number_by_second_reading(address, _read_box(read, 0.93, pp, 0.80)) == address
    assert _house_number_by_second_reading(address, _read_box(read, 0.96, pp, 0.98)) == address
    other = "Noi DKHK thuong tru 2314 Hoang Hoa Tham, Phurong"
    assert _house_number_by_second_reading(address, _read_box(read, 0.93, other, 0.98)) == address


def test_a_part_named_like_the_origin_label_is_its_remains_unless_spelled_as_places_are():
    from ocr.engine.pipeline import _label_remains

    assert _label_remains("Quả quế") and _label_remains("Quả Quao")
    assert not _label_remains("Quý Quân") and not _label_remains("Xuân Quan")


@pytest.mark.parametrize(
    ("tesseract", "pp", "address"),
    [
        # the slash read "1" (12-digit front, 78001 easy), lost (77002 easy), "Số" glued
        ("Số 309114 Pasteur, Hiệp Thành", "So 309/14 Pasteur, Hiep Thanh", "Số 309/14 Pasteur, Hiệp Thành"),
        ("Số 23743 Quang Trung, Phường Ô Chợ Dừa", "So 237/43 Quang Trung", "Số 237/43 Quang Trung, Phường Ô Chợ Dừa"),
        ("Số 237143 Quang Trung, Phường Ô Chợ Dừa", "S6237/43 Quang Trung", "Số 237/43 Quang Trung, Phường Ô Chợ Dừa"),
        # digits that do not agree, a slash already there: as read
        ("Số 309114 Pasteur, Hiệp Thành", "So 305/14 Pasteur", "Số 309114 Pasteur, Hiệp Thành"),
        ("Số 309/14 Pasteur, Hiệp Thành", "So 309/14 Pasteur", "Số 309/14 Pasteur, Hiệp Thành"),
    ],
)  # fmt: skip
def test_a_house_numbers_slash_that_tesseract_lost_is_pp_ocrs(tesseract, pp, address):
    from ocr.engine.pipeline import _house_number_slash

    assert _house_number_slash(tesseract, _read_box(tesseract, 0.96, pp, 0.9)) == address


def test_a_commune_read_with_a_small_letter_is_no_other_commune():
    # "tiên Hiệp": a place's words are capitalised, so a slip of Liên Hiệp (a Tiên Hiệp
    # elsewhere, or one merged away, would be printed "Tiên")
    parsed = parse_address("Xóm 2, tiên Hiệp, Đức Trong, Lâm Đồng")
    assert (parsed["huyen_name"], parsed["phuong_name"]) == ("Huyện Đức Trọng", "Xã Liên Hiệp")


def test_an_address_line_ending_with_a_comma_goes_on_to_its_province(rows_doc):
    """Found by what it says (its label unread): a line ending with a city that has the
    province's name, then a comma, and the province below ("Nam Định" twice)."""
    from ocr.engine.pipeline import _address_groups

    doc = rows_doc(
        [
            "Nguyên quán Xóm 2, Liên Hiệp, Đức Trọng, Lâm Đồng",
            "Ni ĐEHE thương  ủ Cụm 14, Trần Hưng Đạo, Nam Đình,",
            "Nam Định",
        ]
    )
    assert [g[0] for g in _address_groups(doc)][-1] == "Cụm 14, Trần Hưng Đạo, Nam Đình, Nam Định"


@pytest.mark.parametrize(
    ("read", "want"),
    [
        # "Pasteur" is no Vietnamese word, but a street's name all the same
        ("Nơi thường trú: 167 Pasteur, Phường Ngọc Hà, Quận Ba Đình, Hà Nội", "167 Pasteur, Phường Ngọc Hà, Quận Ba Đình, Hà Nội"),
        # a comma read as a full stop before a misread province word, or between units
        ("Phường Lê Lợi, Thành phố Vĩnh. Tính Nghệ An", "Phường Lê Lợi, Thành phố Vĩnh, Tính Nghệ An"),
        ("316 Bạch Đăng, Phường Tân Phong. Thành phố Biên Hòa", "316 Bạch Đăng, Phường Tân Phong, Thành phố Biên Hòa"),
        ("Thôn 8, Xã Phong Châu. Huyện Trùng Khánh, Tỉnh Cao Bằng", "Thôn 8, Xã Phong Châu, Huyện Trùng Khánh, Tỉnh Cao Bằng"),
        # "Tỉnh" misread "munia" at the start of the address's second line: junk dropped
        ("1d /Iwj2 zz: Bản Bình An, Cửa Dương, Phú Quấc, munia Kiên Giang", "Bản Bình An, Cửa Dương, Phú Quấc, Kiên Giang"),
        # ... but not the address's own words before a name that is not its last part, nor
        # the province's unit word in lower case
        ("Xóm nhỏ Kiên Giang, Huyện Châu Thành, Tỉnh Kiên Giang", "Xóm nhỏ Kiên Giang, Huyện Châu Thành, Tỉnh Kiên Giang"),
        ("Cửa Dương, Phú Quốc, tỉnh Kiên Giang", "Cửa Dương, Phú Quốc, tỉnh Kiên Giang"),
    ],
)  # fmt: skip
def test_misread_signs_and_words_around_an_addresss_parts(read, want):
    assert _strip_label(read) == want


def test_a_house_number_read_as_a_sign_takes_pp_ocrs_digit(synth, ref_date):
    """(2016 front 107000 medium: "Khu phô §," where PP-OCR reads "Khuph6 8,"; the line
    found by its content, the expiry's date left of it.)"""
    from ocr.engine import extract_side

    s = synth.generate_sample(card_type="cccd_front", seed=107000, difficulty="medium")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("address") == s.truth["data"]["address"]


def test_a_province_named_without_its_unit_word_broken_across_the_lines():
    """(9_id front 110003 easy: "..., Quận 1, Hồ Chí" / "Minh".)"""
    lines = ["Số 124 Ngõ 118 Cách Mạng", "Tháng Tám, Phường Đa Kao, Quận 1, Hồ Chí", "Minh"]
    assert fx.join_address_lines(lines) == (
        "Số 124 Ngõ 118 Cách Mạng Tháng Tám, Phường Đa Kao, Quận 1, Hồ Chí Minh"
    )
    # a province whole on the next line is a part of its own
    assert (
        fx.join_address_lines(["Phường 1, Quận 3", "Hồ Chí Minh"])
        == "Phường 1, Quận 3, Hồ Chí Minh"
    )


def test_a_unit_word_without_its_name_is_no_province():
    """(CMND front 132000 hard) "..., Quận Cầu Giấy, Thành phố" / the line below, "Hà Nội",
    read into the expiry's label: "Thành phố" alone is no "Thanh Hóa" (its letters one
    off); the district names the province."""
    assert not is_province("Thành phố", 0.8) and not is_province("Tỉnh", 0.8)
    text = "Số 326 Ngõ 32 Lý Thường Kiệt, Phường Nghĩa Đô, Quận Cầu Giấy, Thành phố"
    assert parse_address(text)["tinh_name"] == "Thành phố Hà Nội"
    assert canonical_address(text) == text + " Hà Nội"
