"""Small, blurred photos: PP-OCR's second reading of digits, a QR code seen but not
decoded, and fields found by what they say when their labels are unreadable."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from ocr.engine import extract_side
from ocr.engine import fields as fx
from ocr.engine import normalize as nz
from ocr.engine import recognizer as rz
from ocr.engine.address import canonical_address, parse_address
from ocr.engine.decode import decode_image
from ocr.engine.layout import Box, Document, Row, norm_text
from ocr.engine.names import fix_name, given_name_for_sex, name_from_skeleton
from ocr.engine.pipeline import (
    _address_groups,
    _adopt_qr,
    _box_date,
    _clean_marks,
    _expiry_from_mrz,
    _name_by_content,
    _noicap_rows,
    _read_name,
    _strip_label,
)
from ocr.engine.qr import decode_qr, qr_like_patch
from ocr.engine.types import SideResult
from ocr.engine.vocab import canonical_authority
from ocr.synth import generate_sample

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _small_line(text: str, height: int = 11) -> np.ndarray:
    """A text line rendered large, shrunk to `height` pixels and blurred, as a phone photo of
    a card a quarter of the frame shows it."""
    font = ImageFont.truetype(FONT, 40)
    w = int(font.getlength(text)) + 20
    im = Image.new("RGB", (w, 56), (236, 240, 238))
    ImageDraw.Draw(im).text((10, 4), text, font=font, fill=(40, 30, 60))
    arr = np.asarray(im)
    small = cv2.resize(arr, (max(8, w * height // 56), height), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0.6)
    return cv2.resize(small, (small.shape[1] * 3, height * 3), interpolation=cv2.INTER_CUBIC)


def test_pp_reading_keeps_every_digit_of_a_small_id_number():
    reading = rz.read_line_pp(_small_line("Số: 033187855710"))
    assert nz.find_id(reading.text) == "033187855710"
    assert reading.confidence > 0.5


def test_pp_reading_of_a_small_date():
    assert nz.parse_date(rz.read_line_pp(_small_line("21/03/2040")).text) == "21/03/2040"


def _card_like(with_qr: bool) -> np.ndarray:
    img = np.full((480, 640, 3), 225, np.uint8)
    for i, text in enumerate(
        ["CAN CUOC CONG DAN", "Ho va ten: PHAM HUU NAM", "Ngay sinh: 21/03/2000", "Tinh Nghe An"]
    ):
        line = _small_line(text, 10)
        line = cv2.resize(line, (line.shape[1] // 3, 10))
        img[150 + 22 * i : 160 + 22 * i, 140 : 140 + line.shape[1]] = line
    if with_qr:
        qr = zxingcpp.create_barcode("040200290197", zxingcpp.BarcodeFormat.QRCode)
        qr = np.asarray(zxingcpp.write_barcode_to_image(qr, scale=4, add_quiet_zones=False))
        qr = cv2.resize(qr, (44, 44), interpolation=cv2.INTER_AREA)
        img[90:134, 420:464] = qr[..., None]
    return cv2.GaussianBlur(img, (5, 5), 1.2)


def test_a_qr_too_small_to_decode_is_still_seen():
    img = _card_like(with_qr=True)
    assert zxingcpp.read_barcodes(img) == []  # not decodable: only its texture is left
    assert qr_like_patch(img, 10)


def test_text_alone_is_not_a_qr_code():
    assert not qr_like_patch(_card_like(with_qr=False), 10)


def test_the_emblem_is_not_a_qr_code():
    """The 2016 card's emblem, red and gold, can be as dense as a QR's texture in a small
    photo: but a QR is printed black on white. (A QR's modules in the emblem's colours
    stand in for it here: the same texture, only its colours differ.)"""
    img = _card_like(with_qr=True)
    assert qr_like_patch(img, 10)
    patch = img[80:144, 410:474].astype(np.float32) / 225.0  # the card's white: 225
    red, gold = np.array([0, 0, 60], np.float32), np.array([150, 255, 255], np.float32)  # BGR
    img[80:144, 410:474] = np.clip(red + (gold - red) * patch, 0, 255).astype(np.uint8)
    assert not qr_like_patch(img, 10)


@pytest.mark.parametrize(
    ("card_type", "seed"), [("chip_id_card_front", 43001), ("id_card_2024_back", 43008)]
)
def test_a_small_blurred_qr_is_cut_out_enlarged_and_read(card_type, seed):
    """640x480 photos whose QR modules are under 2 pixels: zxing reads nothing on the
    page, even enlarged whole; the QR-like square between the text lines, enlarged alone,
    reads."""
    sample = generate_sample(card_type, seed, "hard")
    assert decode_qr(decode_image(sample.image_bytes).image) == ("", None)
    api = extract_side(sample.image_bytes).to_api()
    assert api["card_type"] == card_type
    assert api["data"]["qr"] == sample.truth["data"]["qr"]


def test_a_chip_front_askew_in_its_frame_is_told_by_its_qr_the_size_of_its_lines():
    """(chip_id_card_front 157004 hard) the card turned 25 degrees and its frame left
    level: the lines' upright boxes are 40 px tall where the lines are 18, and a QR of 50
    px was too small for one. The lines' quadrilaterals give their height."""
    sample = generate_sample("chip_id_card_front", 157004, "hard")
    assert extract_side(sample.image_bytes).card_type == "chip_id_card_front"
    quad = np.array([[250, 511], [380, 467], [391, 500], [261, 543]], np.float64)
    b = Box("Đặng Phương Mai", 0.9, 250, 467, 391, 543, [250, 467, 391, 543], quad=quad)
    doc = Document([b], [Row([b])], np.zeros((8, 8, 3)), None, frame_scale=2.0)
    assert abs(doc.line_height - 17.2) < 0.5  # not 76 / 2


def test_a_vietnamese_back_whose_mrz_issuer_is_a_letter_off_stays_vietnamese():
    """(id_card_2024_back 152000 hard) "IDVNHITO...": no other country's document."""
    sample = generate_sample("id_card_2024_back", 152000, "hard")
    r = extract_side(sample.image_bytes)
    assert r.card_type == "id_card_2024_back"
    assert r.value("date") == sample.truth["data"]["date"]


def test_a_date_one_digit_off_the_qrs_takes_the_qrs_and_two_off_is_kept():
    r = SideResult(card_type="id_card_2024_back")
    r.set("date", "05/01/2026", 0.7, [0, 0, 9, 9], "ocr")
    _adopt_qr(r, {"date": "15/01/2026"}, [0, 0, 5, 5])
    assert (r.value("date"), r.fields["date"].confidence) == ("15/01/2026", 0.95)
    r.set("date", "05/02/2026", 0.7, [0, 0, 9, 9], "ocr")
    _adopt_qr(r, {"date": "15/01/2026"}, [0, 0, 5, 5])
    assert r.value("date") == "05/02/2026"  # not a slip: the QR check flags it


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("Place ol ori0ln, Xã Hoài Mỹ, Huyện Hoài Nhơn, Tỉnh Bình Định",
         "Xã Hoài Mỹ, Huyện Hoài Nhơn, Tỉnh Bình Định"),
        ("Nơi thưòng trú: Bản 5, Xã Minh Hải", "Bản 5, Xã Minh Hải"),
        ("Thôn Tây, Xã Diễn Hồng, Huyện Diễn Châu", "Thôn Tây, Xã Diễn Hồng, Huyện Diễn Châu"),
        ("07/08/2030 Nơi Thường trụ Thôn Tân Lập, Xã Phú Thuận", "Thôn Tân Lập, Xã Phú Thuận"),
        ("Thôn Trung, Xã Hòa Bắc", "Thôn Trung, Xã Hòa Bắc"),  # "Thôn Trung" is no label
        ("Piace 6i reskldenee, Số 282 Ngõ 90 Lê Duẩn", "Số 282 Ngõ 90 Lê Duẩn"),
        ("Placeœ of ;eel@rxce, Bán Nam, Xã Bình Phan", "Bản Nam, Xã Bình Phan"),
        ("Nơi ĐKHK thường tráa Xótn Đông, Diên Phú", "Xóm Đông, Diên Phú"),  # "m" as "tn"
        # the expiry's value before the residence label, both misread
        ("Khổng Thời hán - Ni Thường Trì Ấp 11, Xã Cao Xá, Huyện Lâm Thao",
         "Ấp 11, Xã Cao Xá, Huyện Lâm Thao"),
        # commas lost between units
        ("Xa Nghin An Huyen Ninh Giang Tình Hải Dương", "Xa Nghin An, Huyen Ninh Giang, Tình Hải Dương"),
        ("Xã An Tịnh Huyện Trảng Bàng", "Xã An Tịnh, Huyện Trảng Bàng"),  # "Tịnh": a name's
        ("Thôn A1, Xã Hòa Bình Huyện Kỳ Sơn Tỉnh Hòa Bình",
         "Thôn A1, Xã Hòa Bình, Huyện Kỳ Sơn, Tỉnh Hòa Bình"),
        # a neighbouring line's words after the province
        ("Thôn 2, Xã Cẩm Đông, Huyện Cẩm Giàng, Tỉnh Hải Dương, ng gig150.50",
         "Thôn 2, Xã Cẩm Đông, Huyện Cẩm Giàng, Tỉnh Hải Dương"),
        ("Phường 1, Thành phố Huế, Tỉnh Thừa Thiên Huế", "Phường 1, Thành phố Huế, Tỉnh Thừa Thiên Huế"),
        # a neighbouring label's words between a commune and its district
        ("Bản Quyết Thắng, Xã Bảo Lý, Giá nhân, Huyện Phú Bình",
         "Bản Quyết Thắng, Xã Bảo Lý, Huyện Phú Bình"),
        ("Øu£ quaa Phường 17, Gò Vấp, Hồ Chí Minh", "Phường 17, Gò Vấp, Hồ Chí Minh"),
        ("Cý 9/4 4G Mê Thang tế Xóm 10, Xã Kiến An", "Xóm 10, Xã Kiến An"),
        ("Kóm Bình An, Gia Trung, Gia Viễn", "Xóm Bình An, Gia Trung, Gia Viễn"),
        ("( Quán ⁄Gín ý 09467, Thôn Tây, Xã Diễn Hồng", "Thôn Tây, Xã Diễn Hồng"),
        ("Ô Chợ Dừa, Đống Đa, Hà Nội", "Ô Chợ Dừa, Đống Đa, Hà Nội"),
        ("Ñp 10, Xã Nhơn Ái, Huyện Phong Điền", "Ấp 10, Xã Nhơn Ái, Huyện Phong Điền"),
        ("§ô 132 Hoàng Hoa Thám, Phường Tĩnh Gia", "Số 132 Hoàng Hoa Thám, Phường Tĩnh Gia"),
        # a known word before the place word is kept, and only the first part is searched
        ("Nhà 12 Xóm 3, Xã Minh Hải", "Nhà 12 Xóm 3, Xã Minh Hải"),
        ("310 Hoàng Hoa Thám, Phường Thanh Nhàn", "310 Hoàng Hoa Thám, Phường Thanh Nhàn"),
        # a label misread past recognition, before a place word (or one letter from one)
        ("Xa ĐK thường u Bản 11, Bình An, Châu Thành", "Bản 11, Bình An, Châu Thành"),
        ("NA Ế VY Vhườwg trú Thủn Bình An, Tứ Xã", "Thôn Bình An, Tứ Xã"),
        ("Xã Hòa Bình Thôn 5, Huyện Phú Vang", "Xã Hòa Bình Thôn 5, Huyện Phú Vang"),
        # ... or before a unit's name
        ("Nay quýa Hiệp Thạnh, Đức Trọng, Lâm Đồng", "Hiệp Thạnh, Đức Trọng, Lâm Đồng"),
        ("%gusác quai Tân Kim, Cần Giuộc, Long An", "Tân Kim, Cần Giuộc, Long An"),
        # a one-letter syllable is a word ("Chư Á"); a unit word read with a letter more
        ("Quê quán: Chư Á, Pleiku, Gia Lai", "Chư Á, Pleiku, Gia Lai"),
        ("Nguyen quan Phurong 8, Da Lat, Lam Dong", "Phường 8, Da Lat, Lam Dong"),
        # a place word with a sign read into it, after junk
        ('Cogacon "Tổ dân phố 35, Phường Trảng Dài', "Tổ dân phố 35, Phường Trảng Dài"),
        ("Tố dân phố 1, Phường Lộc Thọ", "Tổ dân phố 1, Phường Lộc Thọ"),
        # a label's first word is no place word before what is no number
        ("Nơi 1lyường trú. Thôn 9, Suối Hiệp", "Thôn 9, Suối Hiệp"),
        ("Mơ O1 trường xá Thôn 4, Xã Nga Thủy", "Thôn 4, Xã Nga Thủy"),
        ("'Thôn Tân Lập, Xã Uy Nỗ", "Thôn Tân Lập, Xã Uy Nỗ"),
        ("FẤp Yên Thịnh, Xã Cổ Am", "Ấp Yên Thịnh, Xã Cổ Am"),  # a letter before "Ấp"
        ("Quê quán: Phong Nẵẫm, Giồng Trôm", "Phong Nẫm, Giồng Trôm"),  # a vowel read twice
        ("Bán Tây, Phước Sơn, Tuy Phước", "Bản Tây, Phước Sơn, Tuy Phước"),
        ("Tô Hiến Thành, Phường 3", "Tô Hiến Thành, Phường 3"),  # a name: a street's
        ("Khối 28, Phường Đông Thọ, hán! Hành phố Thanh Hóa",
         "Khối 28, Phường Đông Thọ, Thành phố Thanh Hóa"),
        ("Xã Ea Tar, Huyện Cư M'gar", "Xã Ea Tar, Huyện Cư M'gar"),
        # a neighbour's word before a later part's unit word
        ("Ấp Thượng, Huyện Phú Vang, CAuc “Tinh Thừa Thiên Huế",
         "Ấp Thượng, Huyện Phú Vang, Tinh Thừa Thiên Huế"),
        ("Phường Vĩnh Ninh, Thành phố Huế, hán Tỉnh Thừa Thiên Huế",
         "Phường Vĩnh Ninh, Thành phố Huế, Tỉnh Thừa Thiên Huế"),
    ],
)  # fmt: skip
def test_a_misread_label_is_cut_from_an_address(printed, value):
    assert _strip_label(printed) == value


@pytest.mark.parametrize("text", ["2103/2000", "21/032000", "21032000"])
def test_a_date_with_a_lost_separator(text):
    assert nz.parse_date(text) == "21/03/2000"


def test_hard_photo_read_by_content_when_labels_are_unreadable(synth, ref_date):
    """640x480, the card a quarter of the frame: the labels are a blur, yet the number (12
    digits: a 12-digit CMND, not the 9-digit one), birth date and expiry are read."""
    s = synth.generate_sample(card_type="12_id_card_front", seed=1001, difficulty="hard")
    r = extract_side(s.image_bytes, today=ref_date)
    want = s.truth["data"]
    assert r.card_type == "12_id_card_front"
    for key in ("id", "born", "duedate"):
        assert r.value(key) == want[key], key


@pytest.mark.parametrize(
    ("read", "marks"),
    [
        ("VÀ ÐỊ HINH Vết bớt C:2cm trên môi trên bên trái", "Vết bớt C:2cm trên môi trên bên trái"),
        ("Ngóna Nốt ruồi C:2,5cm trên gò má trái", "Nốt ruồi C:2,5cm trên gò má trái"),
        ("Nốt ruồi C:0 5cm trên đầu mày trái", "Nốt ruồi C:0,5cm trên đầu mày trái"),
        ("Nốt ruồi C:0/5cm dưới đuôi mắt phải", "Nốt ruồi C:0,5cm dưới đuôi mắt phải"),
        ("Sẹo chấm C:1, /5cm trước tai trái", "Sẹo chấm C:1,5cm trước tai trái"),
        ("$Eo chấm C:2cm dưới đuôi mắt phải", "Sẹo chấm C:2cm dưới đuôi mắt phải"),
        ("%+$O chấm C:2,5cm trên gò má trái", "Sẹo chấm C:2,5cm trên gò má trái"),
        ("'Nốt ruồi C:1,5cm cạnh mũi trái", "Nốt ruồi C:1,5cm cạnh mũi trái"),
        ("Vết bớt C:icm trên môi trên bên trái", "Vết bớt C:1cm trên môi trên bên trái"),
        ("Sẹo chấm C:0,5cm trên gò má trái", "Sẹo chấm C:0,5cm trên gò má trái"),
        ("Nốt ruồi C;0,5cm dưới mép phải", "Nốt ruồi C:0,5cm dưới mép phải"),
        ("Sẹo chấm €C:0,5cm trên gò má trái", "Sẹo chấm C:0,5cm trên gò má trái"),
        ("Nết Cuối ©:2cm sau tai trái", "Nốt ruồi C:2cm sau tai trái"),
        ("n ttiphh Nết cuối ©:2cm sau tai trái", "Nốt ruồi C:2cm sau tai trái"),
        ("Vết bớt C:0.5cm trên cánh mũi trái", "Vết bớt C:0,5cm trên cánh mũi trái"),
        ("VWết bớt C:2,Scm sau tại trái", "Vết bớt C:2,5cm sau tai trái"),
        ("Vất bớt C-1cm đưới cánh mũi phi", "Vết bớt C:1cm dưới cánh mũi phải"),
        ("Vết bớt C:2cm trên môi trái gáy 19 thắng 10 nânn 2013", "Vết bớt C:2cm trên môi trái"),
        ("Vết bớt C:1cm ở trắn NglyngD", "Vết bớt C:1cm ở trán"),
        ("Nốt ruồi C:2cem trên môi trên bên trái", "Nốt ruồi C:2cm trên môi trên bên trái"),
        ("yon nd Ea Ngdn nỗ phil Nốt ruồi C:2cm trên đầu mày trái", "Nốt ruồi C:2cm trên đầu mày trái"),
        ("Vết bớt €:Zcmn trước tai phải Nnay dans s /Đất", "Vết bớt C:2cm trước tai phải"),
        ("Sẹo C:2cm trên cánh ruồi trái", "Sẹo C:2cm trên cánh mũi trái"),
        ("Nốt ruồi C:2,5crm trước tai trái", "Nốt ruồi C:2,5cm trước tai trái"),
        ("Sẹo C:1,5Sem trên cánh mũi trái", "Sẹo C:1,5cm trên cánh mũi trái"),
        ("Sẹo chấm €:lcm ở trán", "Sẹo chấm C:1cm ở trán"),
        ("Sẹo C:0, %cm ở Cảm", "Sẹo C:0,5cm ở cằm"),
        # the place word read as a body part, before a body part
        ("Sẹo C:1cm trán gò má trái", "Sẹo C:1cm trên gò má trái"),
        # the size's comma lost, the body part's space lost
        ("Sẹo C:25cm trên daumay phải", "Sẹo C:2,5cm trên đầu mày phải"),
        # no side: the description ends at its body part, before signs it has none of
        ("Vết bớt C:2cm ở trán gáy, dh*c, sam / Dề,", "Vết bớt C:2cm ở trán"),
        # read with no diacritics, words glued, the size's digit read as a letter: each
        # part of the description is the closest of its kind
        ("Vet bot Czcm tren dau may tral", "Vết bớt C:2cm trên đầu mày trái"),
        ("Notruoi C:2cm duroimep phal", "Nốt ruồi C:2cm dưới mép phải"),
        ("Nất ruêi| €':0,5cm ở cầm", "Nốt ruồi C:0,5cm ở cằm"),
        ("Sgo C:1cm trước tai trái", "Sẹo C:1cm trước tai trái"),
        ("Vết bớt C:2cm trước tai nhai", "Vết bớt C:2cm trước tai phải"),
        ("Sẹo chấm C:0, Sem trước tai trái", "Sẹo chấm C:0,5cm trước tai trái"),
        ("Sẹo chấm C:;0,5cm dưới mép phải", "Sẹo chấm C:0,5cm dưới mép phải"),
        ("Nốt ruồi C:2.,5cm ở trán", "Nốt ruồi C:2,5cm ở trán"),
        ("Vật bớt C¿1 5cm trước tai phái", "Vết bớt C:1,5cm trước tai phải"),
        # the issue date's label below read into the description
        (
            "Seo chấm €:0,Sem trên đầu mày trải Ngây, Thắng, TRÀ ¿ Date, mvonnth",
            "Sẹo chấm C:0,5cm trên đầu mày trái",
        ),
        ("Sẹo C:2?cm sau tai trái", "Sẹo C:2cm sau tai trái"),
        # a sign read between the size's digits (cccd back 107003 medium)
        ("Sẹo C:0, Š5cm trên cánh mũi trái", "Sẹo C:0,5cm trên cánh mũi trái"),
        # the issue date below read into it, its "Ngày" lost: the side stays (cccd back
        # 106000 medium), where a misread "Ngày" ("gáy") goes with the date
        ("Nốt ruồi C:15em trên môi trên bên trái 14 tháng 06 năm 2019", "Nốt ruồi C:1,5cm trên môi trên bên trái"),
        ("Nốt ruồi C:2cm sau tai trái gáy 19 thắng 10 nânn 2013", "Nốt ruồi C:2cm sau tai trái"),
        ("Nốt ruồi c:2cm trước tai phải", "Nốt ruồi C:2cm trước tai phải"),
        # a description in the words descriptions have is kept as it is, two place words
        # and all; two marks are not made one
        ("Nốt ruồi C:1cm trên sau cánh mũi phải", "Nốt ruồi C:1cm trên sau cánh mũi phải"),
        ("Sẹo C:1cm trên mày trái, Nốt ruồi C:2cm dưới mép phải", "Sẹo C:1cm trên mày trái, Nốt ruồi C:2cm dưới mép phải"),
        # what is not clearly a place is not made one (and, no word of a description,
        # is dropped as before)
        ("Sẹo C:1cm xyzzy", "Sẹo C:1cm"),
        # hard backs of 124000-125000: the colon read "¡", "cm" read "On", a letter alone
        # after the description (the line below misread)
        ("Sẹo C¡1,5cm sau tai trái", "Sẹo C:1,5cm sau tai trái"),
        ("Nốt ruồi C:2On ở Cầm", "Nốt ruồi C:2cm ở cằm"),
        ("Sẹo chấm C:0,5cm ở trán Ngin R", "Sẹo chấm C:0,5cm ở trán"),
        ("Vết bớt C;†em cạnh mũi phải", "Vết bớt C:1cm cạnh mũi phải"),  # (130000 hard)
        ("Sẹo chấm Cz1cm trên đầu mày phải", "Sẹo chấm C:1cm trên đầu mày phải"),
        ("Nốt ruồi C:0,5On dưới cánh mũi phải", "Nốt ruồi C:0,5cm dưới cánh mũi phải"),
        # its side misread as no mark word, two mark words glued (CMND backs 126002 and
        # 129004 hard); a place word last is no side
        ("Vết bớt C:1 5cm trên đấu mày phêt", "Vết bớt C:1,5cm trên đầu mày phải"),
        ("Not ruoi C3cm trengo ma tral", "Nốt ruồi C:3cm trên gò má trái"),
        ("Sẹo C:1cm trên mép trước", "Sẹo C:1cm trên mép trước"),
    ],
)  # fmt: skip
def test_identification_marks_start_at_their_first_mark_word(read, marks):
    assert _clean_marks(read) == marks


def test_marks_found_by_what_they_say_with_their_side_on_the_next_line(rows_doc):
    """No caption read: the description is found by its size (or, the size misread, by
    reading as a whole description), and its side wrapped onto the line below is its."""
    from ocr.engine.pipeline import _marks_by_content

    for rows, marks in (
        (["oycmenn ang Hgon", "Vết bớt C:2cm dưới cánh mũi", "phat", "Ngây 10 thắng 11 nắm 2017"],
         "Vết bớt C:2cm dưới cánh mũi phải"),
        (["omem rhandongyees", "Vet bot Czcm tren dau may tral", "22/05/2023"],
         "Vết bớt C:2cm trên đầu mày trái"),
    ):  # fmt: skip
        r = SideResult(card_type="cccd_back")
        _marks_by_content(r, rows_doc(rows))
        assert r.value("dauvet") == marks


def test_a_marks_size_tesseract_lost_is_taken_from_pp_ocrs_reading_of_the_line():
    from ocr.engine.vocab import fit_mark

    tesseract, pp = "Nột ruôi €:2.Wcm trước tai trái", "N6truoic2.5cm truoc tal trai"
    assert fit_mark(tesseract) == ""  # no size
    assert fit_mark(pp) == ""  # "tal": an ear (tai) or a hand (tay)?
    assert fit_mark(tesseract, pp) == "Nốt ruồi C:2,5cm trước tai trái"


def test_a_mark_found_by_a_second_reading_of_its_line(rows_doc):
    """The line's own crop read by PP-OCR: a real image, so the test renders the line."""
    from ocr.engine.pipeline import _marks_by_content

    doc = rows_doc(["Nột ruôi €:2.Wcm trước tai trái", "Ngày 07 tháng 05 năm 2014"])
    doc.rows[0].boxes[0].crop = _small_line("Nốt ruồi C:2,5cm trước tai trái", 14)
    r = SideResult(card_type="12_id_card_back")
    _marks_by_content(r, doc)
    assert r.value("dauvet") == "Nốt ruồi C:2,5cm trước tai trái"


@pytest.mark.parametrize(
    ("read", "authority"),
    [
        ("GIÁM ĐỐC €A TÍNH AN GIANG", "CA TỈNH AN GIANG"),
        ("GIẢM ĐỐC GA THÀNH PHÔ HÀ NỘI", "CA THÀNH PHỐ HÀ NỘI"),
        ("GIÁM ĐỐC €ŒA 'TỈNH NINH BÌNH", "CA TỈNH NINH BÌNH"),
        ("CA THÀNH PHỔ-HỒ CHÍ MINH", "CA THÀNH PHỐ HỒ CHÍ MINH"),  # a space read as '-'
        ("GIÁM ĐỐC-©A TÍNH BÌNH DƯƠNG", "CA TỈNH BÌNH DƯƠNG"),
        ("CA TÌMH GIÁ LAI", "CA TỈNH GIA LAI"),
    ],
)
def test_a_cmnd_authority_after_the_signers_title(read, authority):
    assert canonical_authority(read) == authority


def test_a_cmnd_authority_wrapped_over_two_lines():
    def box(text, y):
        return Box(text, 0.9, 10, y, 300, y + 20, [10, y, 300, y + 20], norm=norm_text(text))

    rows = [
        Row([box(t, 30 * i)])
        for i, t in enumerate(["GIÁM ĐỐC CA THÀNH", "PHỐ HỒ CHÍ MINH", "Vết sẹo C:1cm"])
    ]
    doc = Document([b for r in rows for b in r.boxes], rows, np.zeros((8, 8, 3)), None)
    assert _noicap_rows(doc)[0] == "CA THÀNH PHỐ HỒ CHÍ MINH"
    # a whole province on the first line: the next line is not taken
    rows[1] = Row([box("NGƯỜI KÝ", 30)])
    rows[0] = Row([box("GIÁM ĐỐC CA TỈNH NGHỆ AN", 0)])
    assert _noicap_rows(doc)[0] == "CA TỈNH NGHỆ AN"
    # "PHỐ" misread at the next line's start: the province there is still the authority's
    rows[0] = Row([box("GIÁM ĐỐC CA THÀNH", 0)])
    rows[1] = Row([box("PHỔÔ-HÁI PHÒNG", 30)])
    assert canonical_authority(_noicap_rows(doc)[0]) == "CA THÀNH PHỐ HẢI PHÒNG"


def test_a_label_read_without_spaces_is_still_a_label():
    """'Ngay.thang,nam/Datmonthy:' (the issue-date label, spaces lost) ends the marks above
    it instead of being read as more marks."""

    def row(text, y):
        return Row([Box(text, 0.8, 10, y, 400, y + 20, [10, y, 400, y + 20])])

    doc = Document(
        [],
        [row("Nốt ruồi C:2cm trước tai trái", 0), row("Ngay.thang,nam/Datmonthy:", 30)],
        None,
        None,
    )
    labels = [[m.field for m in info.labels] for info in fx.analyse(doc)]
    assert labels == [[], ["date"]]


def test_a_label_with_one_letter_misread_is_still_a_label_at_a_rows_start_or_before_its_colon(
    rows_doc,
):
    """'Dân tậc;' after the finger captions on one row: one short word a letter off, and
    the colon (read ';') that a label ends with; 'tọ tên' at its row's start. Inside a row
    without that colon it is not a label."""
    doc = rows_doc(["NGÓN TRỎ PHẢI Dân tậc; Kinh", "tọ tên FA MÌNH LONG", "NGÓN TRỎ Dân tậc Kinh"])
    labels = [[m.field for m in info.labels] for info in fx.analyse(doc)]
    assert labels == [["dantoc"], ["name"], []]


def test_a_labels_start_with_the_name_after_it_is_not_a_longer_label(rows_doc):
    """'Họ tên THÁI MINH' is like 'Họ tên khai sinh', but its last words are the name's, in
    capitals: the label is 'Họ tên' and the name all four words."""
    doc = rows_doc(["Họ tên THÁI MINH CÔNG BẢO", "Sinh ngày 22-02-1985"])
    infos = fx.analyse(doc)
    assert [(m.field, m.start, m.end) for m in infos[0].labels] == [("name", 0, 2)]
    assert fx.find_field(infos, "name", max_follow=2).text == "THÁI MINH CÔNG BẢO"


@pytest.mark.parametrize(
    ("printed", "ward"),
    [
        ("ChW Á, Pleiku, Gia Lai", "Xã Chư Á"),  # 'ư' read as 'W'
        ("la Pal, Chư Sê, Gia Lai", "Xã Ia Pal"),  # 'I' read as 'l'
        ("Xã Nhơn Ái, Huyện Phong Điền, Thánh phê Cần Thơ", "Xã Nhơn Ái"),  # the unit word
        ("Vinh Tân, Vinh, Nghệ An", "Phường Vinh Tân"),  # "Vinh" is a name, not "Tỉnh"
    ],
)
def test_units_found_through_common_letter_slips(printed, ward):
    assert parse_address(printed)["phuong_name"] == ward


@pytest.mark.parametrize(
    ("pp_reading", "skeleton"),
    [
        ("Ho tenTRINH ANHVINH", "TRINH ANH VINH"),  # label glued on, a space lost
        ("Ho va ten: PHAM HUU NAM", "PHAM HUU NAM"),
        ("HUYNH PHUONGIY", ""),  # a syllable misread: no guess
        ("CHUNGMINH NHAN DAN", ""),  # a title made of name syllables
        ("Ngay sinh 21/03/2000", ""),
    ],
)
def test_name_in_an_accent_free_reading(pp_reading, skeleton):
    assert name_from_skeleton(pp_reading) == skeleton


def test_diacritics_put_back_on_a_skeleton_name():
    assert fix_name("TRINH ANH VINH", "NỒ 00NNRUNN NNH NHNHH") == "TRỊNH ANH VINH"


@pytest.mark.parametrize(
    ("tesseract", "asternet", "name"),
    [
        # both syllables are names: the first reading's (AsterNet adds marks more often)
        ("VŨ NHƯ MY", "VŨ NHƯ MỸ", "VŨ NHƯ MY"),
        ("LÊ MINH NHẬT", "LÊ MINH NHẤT", "LÊ MINH NHẬT"),
        # the family name from the family names ("NGUYÊN" is a given name only)
        ("NGUYÊN VĂN AN", "NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),
        # a syllable split in two by one reader, whole in the other's
        ("LẺ VI T NGUYÊN", "LÊ VIỆT NGUYÊN", "LÊ VIỆT NGUYÊN"),
        # a letter read twice with two sets of marks
        ("NGUYỄN THỊ QUỸỲNH", "", "NGUYỄN THỊ QUỲNH"),
        # where the two read other letters, Tesseract's stand, though it misread marks
        ("TRÂN BẢO VINH", "TRẦN BẢO MINH", "TRẦN BẢO VINH"),
        ("HUỲNH QUOC MẠNH HUNG", "HUNH QUỐC MẠNH HÙNG", "HUỲNH QUỐC MẠNH HÙNG"),
        # a word no name has, one letter from one syllable only
        ("NGUYỄN AWH ĐỨC", "", "NGUYỄN ANH ĐỨC"),
        ("TRẦN THỊ HƯƠMG", "", "TRẦN THỊ HƯƠNG"),
        ("TRẦN THỊ GẤM", "", "TRẦN THỊ GẤM"),  # no such syllable: as read
        # ... or one letter more than one syllable only
        ("TRIENH ANH VINH", "", "TRỊNH ANH VINH"),
        # a letter Vietnamese has not, read for one it looks like: of its look-alikes, the
        # one that makes a family name (and that reading wins over one with none first)
        ("FA MÌNH LONG", "DẠ MINH LONG", "TẠ MINH LONG"),
        # a look-alike making two syllables ("THỊ", "PHỊ"): as read
        ("NGUYỄN FHỊ LAN", "", "NGUYỄN FHỊ LAN"),
        # a label's letters after the name
        ("HOÀNG BẢO KIM LAN ND", "", "HOÀNG BẢO KIM LAN"),
    ],
)
def test_two_readings_of_a_name_combined(tesseract, asternet, name):
    assert fix_name(tesseract, asternet) == name


@pytest.mark.parametrize(
    ("letters", "name"),
    [
        # an MRZ's name (or one read without a single mark): each syllable's commonest
        # spelling, not the one without marks that is also a name
        ("PHAN MY QUYEN", "PHAN MỸ QUYÊN"),
        ("DO TRONG THANH", "ĐỖ TRỌNG THÀNH"),
        ("NGUYEN VAN AN", "NGUYỄN VĂN AN"),
        # a syllable no name has stays as read
        ("TRAN XYZ", "TRẦN XYZ"),
    ],
)
def test_a_name_read_without_marks_takes_the_commonest_spellings(letters, name):
    assert fix_name(letters) == name


@pytest.mark.parametrize(
    ("text", "no_name"),
    [
        ("CẦM CƯỚC CÔNG ĐAN", True),  # the title, misread
        ("CHỨNG MINH NHẪN DẦN", True),
        ("LÊ TRUNG MINH", False),
        ("NGUYỄN CÔNG DÂN", False),
    ],
)
def test_a_misread_title_is_no_name(text, no_name):
    from ocr.engine.names import is_no_name

    assert is_no_name(text) is no_name


def test_a_name_whose_syllable_one_reader_split_takes_the_other_reading(synth, ref_date):
    """An easy 2024 front whose name Tesseract reads "LẺ VI'T NGUYÊN": AsterNet's three
    words stand, though they are fewer than Tesseract's four."""
    s = synth.generate_sample(card_type="id_card_2024_front", seed=3002, difficulty="easy")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("name") == s.truth["data"]["name"] == "LÊ VIỆT NGUYÊN"


@pytest.mark.parametrize(
    ("card_type", "seed", "key"),
    [
        ("9_id_card_front", 1001, "name"),  # Tesseract reads no name: PP skeleton + lexicon
        ("cccd_front", 1004, "name"),  # the name's row runs into "Quốc tịch: Việt Nam"
        ("id_card_2024_front", 1002, "name"),  # a quote mark before the family name
        ("cccd_front", 1000, "quoctich"),  # its label unreadable: "Việt Nam" off the motto
        ("chip_id_card_front", 1000, "quoctich"),
        ("chip_id_card_front", 1003, "duedate"),  # "Không thời hạn" without its label
        ("12_id_card_back", 1004, "noicap"),  # "GIÁM ĐỐC €ŒA 'TỈNH NINH BÌNH"
        ("chip_id_card_back", 1003, "mrz"),  # no expiry: fillers for the date
        ("chip_id_card_back", 1004, "mrz"),  # the fillers of optional data read "AAAAAAAA6K"
        ("chip_id_card_back", 1001, "mrz"),  # the name's fillers read "AAAAAAAAAAMAA"
        ("id_card_2024_back", 1003, "noidangkykhaisinh"),  # rows half a line apart
        ("12_id_card_front", 1000, "address"),  # "Huyện Phú Vang. Tỉnh ...": '.' for ','
        ("12_id_card_front", 1000, "dantoc"),  # "8đn róc: Rình", PP-OCR: "Dan roe Kinh"
        ("chip_id_card_front", 1001, "address"),  # its label's column cut the first line off
        ("9_id_card_front", 1004, "born"),  # "200711962" and "20j07/1062"
        ("chip_id_card_front", 1004, "address"),  # the only address read, after "thường trì"
        ("id_card_2024_back", 1004, "duedate"),  # printed 2027, the MRZ's 2037
        ("9_id_card_front", 1002, "address"),  # no label read: found by what it says
        ("9_id_card_back", 154003, "dauvet"),  # "Nết ruối C:Ìcm cạnh múi phải": no digit
        ("cccd_back", 152004, "noicap"),  # "CCTRUDNGCECCANHSATDKOL" / "CUTEUTDOGVETNCE"
        ("chip_id_card_back", 156001, "date"),  # "83/2023", AsterNet's "08032023"
        ("chip_id_card_back", 157001, "date"),  # "22032074": of 2021 to now, only 2024
    ],
)
def test_field_found_by_content_on_hard_photos(synth, ref_date, card_type, seed, key):
    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty="hard")
    assert extract_side(s.image_bytes, today=ref_date).value(key) == s.truth["data"][key]


@pytest.mark.parametrize(
    ("readings", "latest_year", "date"),
    [
        # PP-OCR has the month, Tesseract the year (an issue date is not in the future)
        (["Ngy13 hng08nn2029", "MQ2/ 13 tháng Q6 ân 2020)"], 2026, "13/08/2020"),
        (["Ngy13 hng08nn2029", "MQ2/ 13 tháng Q6 ân 2020)"], None, "13/08/2029"),
        (["Ngày 33 tháng 04 năm 2020", "Ngay 23 hang 04 nam 2020"], None, "23/04/2020"),
        # after its label, a date's digits with a separator lost and the other read as 1
        (["Sinh ngay 20j07/1062", "%Inh ngày 200711962"], 2026, "20/07/1962"),
        (["302140473", "302140473"], None, ""),  # an ID number is no date
        (["no date here", "nor here"], None, ""),
    ],
)
def test_a_date_put_together_from_two_readings(readings, latest_year, date):
    assert nz.date_from_parts(readings, latest_year) == date


def test_an_issue_date_line_with_its_words_misread():
    assert nz.parse_date("Ngay 23 hang.04 nam 2020") == "23/04/2020"
    assert nz.parse_date("Ngy13 hng08nn2020") == "13/08/2020"
    # the year's last digit read apart as a look-alike letter (CMND back 125004 hard)
    assert nz.parse_date("Ngày 12 thắng 05 năm 201 s") == "12/05/2015"
    assert nz.parse_date("Ngày 12 tháng 05 năm 201 và") == ""  # (a word, no digit)


def test_a_date_the_two_readers_disagree_on_is_settled_by_a_third():
    """Tesseract is sure of '† 1/06/2025' (a digit read as a dagger), PP-OCR reads
    11/06/2025: the reading that needed no digit put back wins with AsterNet's vote."""
    crop = _small_line("Date of issue: 11/06/2025", height=24)
    b = Box("Date of issue: † 1/06/2025", 0.93, 0, 0, 300, 24, [0, 0, 300, 24], crop=crop)
    b._second = rz.Reading("Dateofissue:11/06/2025", 0.86)
    assert _box_date(b)[0] == "11/06/2025"
    # a clear Tesseract reading of a whole dd/mm/yyyy date stands alone
    b = Box("Date of issue: 11/06/2025", 0.95, 0, 0, 300, 24, [0, 0, 300, 24], crop=crop)
    b._second = rz.Reading("Dateofissue:17/06/2025", 0.99)
    assert _box_date(b) == ("11/06/2025", 0.95)


def test_a_misread_unit_word_is_spelled_right():
    assert canonical_address("Xã Dạ Trạch, Huvén Khoái Châu, Tỉnh Hưng Yên") == (
        "Xã Dạ Trạch, Huyện Khoái Châu, Tỉnh Hưng Yên"
    )


def test_an_id_number_after_a_misread_label_glued_by_a_space():
    assert nz.find_id("$9 207719495") == "207719495"
    assert nz.find_id("Số: 0331 8785 5710") == "033187855710"


@pytest.mark.parametrize("read", ["S.031162599027", "5a/No.031162599027", "No. 031162599027"])
def test_an_id_number_after_a_misread_label_glued_by_a_full_stop(read):
    assert nz.find_id(read) == "031162599027"


def test_addresses_found_by_content_through_misread_lines(rows_doc):
    """No label read: the address lines are found by what they say, a house-number line
    starts one, a unit word wrapped over two lines is joined, a province with a letter
    misread still ends one, and the remains of a label line are dropped."""
    doc = rows_doc(
        [
            "NGUYỄN ĐÌNH HẢI",
            "14„;0- sá Số 41/34 Nguyễn Chí Thanh,",
            "Phường An Khê, Quận Thanh Khê, Thành",
            "phố Đà Nẵng",
            "( quán ⁄Gín ý 09467",
            "Thôn Trung, Xã Hòa Bắc,",
            "Huyện Hòa Vang, Thành phó Đà Wáng",
        ]
    )
    assert [g[0] for g in _address_groups(doc)] == [
        "Số 41/34 Nguyễn Chí Thanh, Phường An Khê, Quận Thanh Khê, Thành phố Đà Nẵng",
        "Thôn Trung, Xã Hòa Bắc, Huyện Hòa Vang, Thành phố Đà Wáng",
    ]
    assert canonical_address("Thôn Trung, Xã Hòa Bắc, Huyện Hòa Vang, Thành phó Đà Wáng") == (
        "Thôn Trung, Xã Hòa Bắc, Huyện Hòa Vang, Thành phố Đà Nẵng"
    )


def test_an_old_cmnd_front_known_by_its_nine_digits_and_a_date(rows_doc):
    doc = rows_doc(["GIÁY CHƯNG Mf@ft MS", "$9 207719495", "NGUYÊN ĐÌMH HAI", "6:9 24-02-1991"])
    infos = fx.analyse(doc)
    assert fx.classify(doc, infos, has_qr=False, mrz_kind=None) == "9_id_card_front"
    # twelve digits say nothing of the card (every newer card has them)
    doc = rows_doc(["GIÁY CHƯNG Mf@ft MS", "$9 207719495123", "6:9 24-02-1991"])
    assert fx.classify(doc, fx.analyse(doc), has_qr=False, mrz_kind=None) == ""


def test_a_name_ending_like_the_motto_begins_is_a_name(rows_doc):
    from ocr.engine.names import is_no_name

    assert not is_no_name("VŨ CÔNG HÒA") and not is_no_name("NGUYỄN VIỆT NAM")
    assert is_no_name("CỘNG HÒA XÃ HỘI") and is_no_name("VIỆT NAM") and is_no_name("CĂN CƯỚC")
    doc = rows_doc(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Họ và tên:", "VŨ CÔNG HÒA"])
    r = SideResult(card_type="12_id_card_front")
    _read_name(r, fx.analyse(doc))
    assert r.value("name") == "VŨ CÔNG HÒA"


def test_the_motto_misread_is_no_name(rows_doc):
    """'CỘNG HÒA XÃ HỘI ...' read as 'CônG HÓA XÃ 1IÒI': its capitals are not the name."""
    doc = rows_doc(["CônG HÓA XÃ 1IÒI C1 NGA NCT XM", "Nẹ và tên:", "NGUYỄN NGỌC DIỆU UYÊN"])
    assert _name_by_content(fx.analyse(doc)).text == "NGUYỄN NGỌC DIỆU UYÊN"
    # its first two words read, the rest misread (12-digit front, 74000 hard)
    doc = rows_doc(["CÔNG HÓA * tội CHỦ NGIHTA VIỆT NAM", "Huy sĩ áo,", "NGUYÊN DUY BẢO THỊNH"])
    assert _name_by_content(fx.analyse(doc)).text == "NGUYÊN DUY BẢO THỊNH"


@pytest.mark.parametrize(
    ("printed", "check_digit_ok", "duedate"),
    [
        ("14/07/2027", "True", "14/07/2037"),  # one digit misread: the MRZ's stands
        ("", "True", "14/07/2037"),  # unread: the MRZ's fills it
        ("14/07/2027", "False", "14/07/2027"),  # the MRZ's own check fails: no change
        ("14/08/2029", "True", "14/08/2029"),  # more than a slip apart: both are reported
    ],
)
def test_a_2024_back_expiry_against_its_mrz(printed, check_digit_ok, duedate):
    r = SideResult(card_type="id_card_2024_back")
    r.set("duedate", printed, 0.6, [0, 0, 10, 10])
    r.set("due_date", "14/07/2037", 0.9, [0, 20, 10, 30], "mrz")
    r.set("due_date_checksum_validate", check_digit_ok, 0.9, None, "mrz")
    _expiry_from_mrz(r)
    assert r.value("duedate") == duedate


def test_a_district_told_by_the_ward_before_it():
    """'Cân Ø@(uốc' is as near Cần Đước as Cần Giuộc; Phước Lý is a ward of Cần Giuộc."""
    parsed = parse_address("Ấp Phú Mỹ, Xã Phước Lý, Huyên Cân Ø@(uốc, Tịnh: Long An")
    assert parsed["huyen_name"] == "Huyện Cần Giuộc"
    assert parsed["phuong_name"] == "Xã Phước Lý"


def test_a_citizen_card_mrz_nationality_one_letter_off_is_vnm():
    from ocr.engine.mrz import parse_mrz
    from ocr.engine.pipeline import _citizen_card_mrz

    lines = [
        "IDVNM0953314218091095331421<<6",
        "9504051M3504059VML<<<<<<<<<<<4",
        "HO<<VAN<PHUC<<<<<<<<<<<<<<<<<<",
    ]
    fixed = _citizen_card_mrz(parse_mrz(lines))
    assert fixed.lines[1] == "9504051M3504059VNM<<<<<<<<<<<4" and fixed.valid
    assert (
        _citizen_card_mrz(parse_mrz([lines[0], lines[1].replace("VML", "USA"), lines[2]])).lines[1][
            15:18
        ]
        == "USA"
    )


def test_a_citizen_cards_nationality_garbled_is_viet_nam_derived(rows_doc):
    from ocr.engine.pipeline import read_front

    doc = rows_doc(["CĂN CƯỚC CÔNG DÂN", "Số / No.: 001088548503", "Quốc tịch / Nationality: VÌ€"])
    r = SideResult(card_type="chip_id_card_front")
    read_front(r, doc, fx.analyse(doc))
    assert r.value("quoctich") == "Việt Nam"
    assert r.fields["quoctich"].source == "derived" and r.fields["quoctich"].confidence == 0.5


def test_a_passport_place_of_birth_with_a_hyphen(synth, ref_date):
    s = synth.generate_sample(card_type="passport", seed=2002, difficulty="easy")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("place_of_birth") == s.truth["data"]["place_of_birth"] == "BÀ RỊA - VŨNG TÀU"


@pytest.mark.parametrize(
    ("card_type", "seed", "difficulty"),
    [("cccd_front", 10000, "medium"), ("id_card_2024_front", 10002, "easy")],
)
def test_a_name_syllable_spelled_by_tesseracts_own_second_choice(
    synth, ref_date, card_type, seed, difficulty
):
    """Both readers lose the acute on a capital with a circumflex ("YẾN" read "YÊN",
    "TUẤN" read "TUÂN"); Tesseract's choices for the letter hold it."""
    from ocr.engine.pipeline import _name_by_choices

    s = synth.generate_sample(card_type=card_type, seed=seed, difficulty=difficulty)
    assert extract_side(s.image_bytes, today=ref_date).value("name") == s.truth["data"]["name"]
    assert _name_by_choices("NGUYỄN VĂN AN", []) == "NGUYỄN VĂN AN"  # nothing read: as it was


def test_a_date_line_above_an_address_is_not_part_of_it(rows_doc):
    # the birth date's label misread as a province's unit word ("#ính" -> "Tỉnh")
    doc = rows_doc(
        ["#ính ngày ] 5-14-1993", "Mguyên guan Xã Đức Hòa Hạ, Huyện Đức Hòa,", "Tỉnh Long An"]
    )
    assert [g[0] for g in _address_groups(doc)] == ["Xã Đức Hòa Hạ, Huyện Đức Hòa, Tỉnh Long An"]
    # nor is the nationality's line
    doc = rows_doc(["Quế. tịch: Việt Nam", "Cú giá trị đến: @uêazuán: Hải Anh, Hải Hậu, Nam Định"])
    assert [g[0] for g in _address_groups(doc)] == ["Hải Anh, Hải Hậu, Nam Định"]


def test_a_passport_place_of_birth_with_a_letter_read_twice(synth, ref_date):
    """An easy passport whose place of birth Tesseract reads "QUÁẢNG BÌNH"."""
    s = synth.generate_sample(card_type="passport", seed=26000, difficulty="easy")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("place_of_birth") == s.truth["data"]["place_of_birth"] == "QUẢNG BÌNH"


def test_an_id_number_with_its_label_read_as_digits():
    from ocr.engine.normalize import find_id

    assert find_id("50257848903", (9, 12), glued_label=True) == "257848903"  # "Số" read "50"
    # ... only where asked: a label's line is no number's elsewhere
    assert find_id("50083307600", (9, 12)) == ""
    assert find_id("034089012345", (12, 9)) == "034089012345"
    assert find_id("1234567890", (9, 12)) == ""  # ten digits: no ID


def test_a_place_of_origin_that_is_a_part_of_the_residence_is_found_by_content(rows_doc):
    """The place of origin's label misread ("Quể „ár"), its commune the residence's: the
    lines above the residence are its own address, not a part of the residence found again."""
    from ocr.engine.pipeline import _addresses_by_content

    doc = rows_doc(
        [
            "CAO THỊ KHUÊ",
            "Quể „ár Xã Sen Thủy, Huyện Lệ Thủy,",
            "Tỉnh Quảng Bình",
            "Nơi thường trú: Ấp Quyết Thắng, Xã Sen Thủy,",
            "Huyện Lệ Thủy, Tỉnh Quảng Bình",
        ]
    )
    r = SideResult("12_id_card_front")
    residence = "Ấp Quyết Thắng, Xã Sen Thủy, Huyện Lệ Thủy, Tỉnh Quảng Bình"
    r.set("address", residence, 0.9, [10, 120, 510, 190])
    _addresses_by_content(r, doc, ("country", "address"))
    assert r.value("country") == "Xã Sen Thủy, Huyện Lệ Thủy, Tỉnh Quảng Bình"
    assert r.value("address") == residence
    # the residence's last line found alone is the residence, not a place of origin
    doc = rows_doc(
        ["CAO THỊ KHUÊ", "Nơi thường trú: Ấp Quyết Thắng", "Huyện Lệ Thủy, Tỉnh Quảng Bình"]
    )
    r = SideResult("12_id_card_front")
    r.set("address", residence, 0.9, [10, 40, 510, 110])
    _addresses_by_content(r, doc, ("country", "address"))
    assert r.value("country") == ""


def test_a_place_word_one_letter_off_before_a_number():
    from ocr.engine.pipeline import _fix_place_word

    assert _fix_place_word("XÓN. Nam, Xã Hòa Thắng") == "Xóm Nam, Xã Hòa Thắng"  # and a stop
    assert _fix_place_word("Khú 3, Phường 2") == "Khu 3, Phường 2"  # no word: its letters
    assert _fix_place_word("Thân 1, Xã Hòa Bình") == "Thôn 1, Xã Hòa Bình"  # a word
    assert _fix_place_word("Lô 5, Khu A") == "Lô 5, Khu A"


@pytest.mark.parametrize(
    ("seed", "difficulty"), [(26003, "medium"), (26001, "hard"), (71000, "medium")]
)
def test_a_passport_issue_date_is_after_the_birth_and_ten_years_before_expiry(
    synth, ref_date, seed, difficulty
):
    """The birth date misread ("10/04/1907" for 1997; "3/12/1972" for 31/12/1972) is not
    taken for the issue date."""
    s = synth.generate_sample(card_type="passport", seed=seed, difficulty=difficulty)
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("date") == s.truth["data"]["date"]


def test_a_passport_issue_date_misread_past_a_date_is_the_expirys_day_ten_years_earlier(
    rows_doc,
):
    """(passport 71000 medium: "18/68/2021" beside the expiry 10/08/2031.)"""
    import datetime as dt

    from ocr.engine.pipeline import _passport_issue_by_term

    def rowbox(row):
        return row.boxes[0].obox

    doc = rows_doc([["18/68/2021", "10/08/2031"]])
    r = SideResult(card_type="passport")
    expiry = dt.date(2031, 8, 10)
    _passport_issue_by_term(r, doc.rows, expiry, rowbox, skip={"10/08/2031"})
    assert r.value("date") == "10/08/2021" and r.fields["date"].source == "derived"
    # a child's, five years: the reading's year tells
    r = SideResult(card_type="passport")
    _passport_issue_by_term(r, rows_doc(["16/08/2026"]).rows, expiry, rowbox, skip={"10/08/2031"})
    assert r.value("date") == "10/08/2026"
    # two digits more off: not a term's date
    r = SideResult(card_type="passport")
    _passport_issue_by_term(r, rows_doc(["18/68/2071"]).rows, expiry, rowbox, skip={"10/08/2031"})
    assert r.value("date") == ""


def test_the_last_line_of_an_address_read_is_no_other_address(rows_doc):
    from ocr.engine.pipeline import _addresses_by_content

    doc = rows_doc(
        ["Quế qua» Thân f iền Hiệp, X3 0 cag Đính DMền,", "Hưyện Chợ Gạo, Tỉnh Tiền Cang 3"]
    )
    r = SideResult(card_type="cccd_front")
    r.set("country", "X3 0 cag Đính DMền, Hưyện Chợ Gạo, Tỉnh Tiền Cang", 0.5, [0, 0, 1, 1])
    _addresses_by_content(r, doc, ("country", "address"))
    assert r.value("address") == ""


def test_an_address_in_the_same_commune_as_the_one_read_is_another_address(rows_doc):
    """The home address adds a hamlet to the place of origin's commune, district and
    province: alike, but with a first part of its own, it is the residence, not the origin
    again."""
    from ocr.engine.pipeline import _addresses_by_content

    doc = rows_doc(
        [
            "Quá quan ( 1e v sể “se",
            "Xã Nhân Nghĩa. Huyện Lac SZn. Tỉnh Hòa Binh",
            "guảng on ket dey nslrurdim",
            "Bản Trung, Xã Nhân Nghĩa, Huyền Lạc Sơn, Tỉnh Hòa Đình",
        ]
    )
    r = SideResult(card_type="chip_id_card_front")
    r.set("country", "Xã Nhân Nghĩa, Huyện Lạc Sơn, Tỉnh Hòa Bình", 0.6, [10, 40, 510, 70])
    _addresses_by_content(r, doc, ("country", "address"))
    assert r.value("address") == "Bản Trung, Xã Nhân Nghĩa, Huyền Lạc Sơn, Tỉnh Hòa Đình"


@pytest.mark.parametrize(
    ("read", "sex", "name"),
    [
        ("NGUYỄN MẠNH DUNG", "Nam", "NGUYỄN MẠNH DŨNG"),  # Dung: a woman's name
        ("NGUYỄN HỒNG HIÊN", "Nữ", "NGUYỄN HỒNG HIỀN"),  # Hiên: nobody's
        ("PHAN THU HIỂN", "Nữ", "PHAN THU HIỀN"),
        ("NGUYỄN HỮU LỤC", "Nam", "NGUYỄN HỮU LỰC"),
        ("NGUYỄN THỊ DUNG", "Nữ", "NGUYỄN THỊ DUNG"),  # hers already
        ("LƯU MY DUYÊN", "Nữ", "LƯU MY DUYÊN"),
        ("ĐINH THANH TÙNG", "Nam", "ĐINH THANH TÙNG"),  # the middle name is not judged
        ("TRẦN VĂN DUNG", "", "TRẦN VĂN DUNG"),  # no sex read: nothing to judge by
    ],
)
def test_a_given_name_misread_as_the_other_sexs_takes_the_cards_sex(read, sex, name):
    assert given_name_for_sex(read, sex) == name


def test_a_passports_given_names_follow_the_name_fixed_by_sex():
    from ocr.engine.pipeline import _given_name_by_sex

    r = SideResult(card_type="passport")
    r.set("sex", "Nam", 0.99, [0, 0, 9, 9], "mrz")
    r.set("name", "NGUYỄN MẠNH DUNG", 0.8, [0, 0, 9, 9])
    r.set("given_name", "MẠNH DUNG", 0.8, [0, 0, 9, 9])
    _given_name_by_sex(r)
    assert (r.value("name"), r.value("given_name")) == ("NGUYỄN MẠNH DŨNG", "MẠNH DŨNG")


def test_an_mrz_read_upside_down_says_the_side_was(rows_doc):
    """Its fillers '<' turned into '>': the direction classifier voted wrong."""
    from ocr.engine.pipeline import _mrz_upside_down

    assert _mrz_upside_down(rows_doc(["1202/50/02", ">>>>>>>>>>>>>>>>>TI1Wl>VT19>>HNIdG"]))
    assert not _mrz_upside_down(
        rows_doc(["20/05/2021", "IDVNM0972703893017097270389<<3", "Quận 10 > Phường 3"])
    )


def test_a_side_read_upside_down_is_read_again_the_right_way_up():
    """A blurred chip back that the direction classifier turned the wrong way: its MRZ
    (read by the dedicated reader either way) types it, and its '>' rows send the rest of
    the side to be read again the other way up."""
    sample = generate_sample("chip_id_card_back", 44003, "hard")
    api = extract_side(sample.image_bytes).to_api()
    for key in ("date", "noicap"):
        assert api["data"][key] == sample.truth["data"][key]


def test_an_address_ending_in_a_comma_stops_at_the_next_label_begun_left_of_it(rows_doc):
    """The place of origin's column starts right of 'Có giá trị đến'; the residence label
    below starts left of that column: it is a label all the same, not more address."""
    from ocr.engine.pipeline import _read_multiline

    doc = rows_doc(
        [
            [("Có giá trị đến:", 10, 200), ("Quê quán J Place of origin:", 220, 600)],
            [("Date of exgity", 10, 200),
             ("Xã Minh Hòa, Huyện Dầu Tiếng, Tỉnh Bình Dương,", 220, 760)],
            [("25/01/2030", 10, 200)],
            [("Nơi thường trú J Place of residence:", 120, 560)],
            [("Thôn Nam, Minh Hòa, Đầu Tiếng, Bình Dương,", 120, 640)],
        ]
    )  # fmt: skip
    r = SideResult(card_type="chip_id_card_front")
    _read_multiline(r, fx.analyse(doc), "country")
    assert r.value("country") == "Xã Minh Hòa, Huyện Dầu Tiếng, Tỉnh Bình Dương"


@pytest.mark.parametrize(
    "label",
    [
        "lọ, chữ đệm vớ tên / Full name:",
        "lo, chứ độn XÀ tên ¿ Full name;",  # the slash misread (2024 front, 74001 hard)
    ],
)
def test_a_bilingual_label_found_by_its_english_half_has_its_column_from_its_start(rows_doc, label):
    """Only "Full name" of "Họ, chữ đệm và tên / Full name:" read: the name below starts
    under the Vietnamese half, left of the English one."""
    doc = rows_doc(
        [
            [(label, 10, 500)],
            [("TRÁN MINH TIẾN", 10, 300)],
            [("quy sinh / fldte øƒ birthr: 14/051/20011", 10, 560)],
        ]
    )
    value = fx.find_field(fx.analyse(doc), "name", max_follow=2, accept=str.isupper)
    assert value.text == "TRÁN MINH TIẾN"


def test_a_name_is_not_judged_by_a_sex_the_id_number_contradicts():
    from ocr.engine.pipeline import _given_name_by_sex

    r = SideResult(card_type="id_card_2024_front")
    r.set("id", "001190012345", 0.9, [0, 0, 9, 9])  # 4th digit 1: a woman born in the 1900s
    r.set("sex", "Nam", 0.6, [0, 0, 9, 9])  # misread
    r.set("name", "PHAN LAN KHÁNH THƠ", 0.8, [0, 0, 9, 9])
    _given_name_by_sex(r)
    assert r.value("name") == "PHAN LAN KHÁNH THƠ"
    r.set("sex", "Nữ", 0.6, [0, 0, 9, 9])
    r.set("name", "NGUYỄN HỒNG HIÊN", 0.8, [0, 0, 9, 9])
    _given_name_by_sex(r)
    assert r.value("name") == "NGUYỄN HỒNG HIỀN"


def test_a_units_own_rare_spelling_is_kept():
    """'Thạch Thang' is a ward of Hải Châu: its 'Thang' is no 'Thắng' that lost its marks
    (a rule that took the common spelling of a word read without marks broke it)."""
    from ocr.engine.address import canonical_address
    from ocr.engine.vocab import fix_words

    assert fix_words(canonical_address("Thạch Thang, Hải Châu, Đà Nẵng")) == (
        "Thạch Thang, Hải Châu, Đà Nẵng"
    )


def test_a_name_the_qr_confirmed_is_not_judged_by_sex():
    from ocr.engine.pipeline import _given_name_by_sex

    r = SideResult(card_type="chip_id_card_front")
    r.set("sex", "Nữ", 0.9, [0, 0, 9, 9])
    r.set("name", "LÊ THỊ TIẾN", 0.8, [0, 0, 9, 9])  # rare for a woman, but the QR says so
    _given_name_by_sex(r, {"name": "LÊ THỊ TIẾN"})
    assert r.value("name") == "LÊ THỊ TIẾN"
    _given_name_by_sex(r)
    assert r.value("name") == "LÊ THỊ TIÊN"


def test_the_birth_dates_row_misread_gives_no_expiry(rows_doc):
    """(chip front 73002 hard: "29/08/1981" beside "Date of birth" where the QR gives the
    birth 29/08/1961, and the expiry "Không thời hạn" unread.) A later date on the birth
    row is the birth date misread, not the expiry; elsewhere it is the expiry."""
    from ocr.engine.pipeline import _dates_by_content

    for rows, want in (
        (["Ngày sùnh /DatZ oƒ bírth: 29/08/1981", "Giới tính / Sex: Nam"], ""),
        (["Ngày sinh / Date of birth: 29/08/1961", "29/08/2021"], "29/08/2021"),
    ):
        r = SideResult(card_type="chip_id_card_front")
        r.set("born", "29/08/1961", 0.9, [0, 0, 9, 9], "qr")
        _dates_by_content(r, rows_doc(rows), ("born", "duedate"))
        assert r.value("duedate") == want


def test_a_passport_issue_date_one_digit_off_a_term_before_the_expiry(synth, ref_date, rows_doc):
    """ "11/04/2025" read for 11/04/2023 beside the expiry 11/04/2033: the ten-year term's
    date (the five-year one, 11/04/2028, is a child's: the holder was born in 1977)."""
    import datetime as dt

    from ocr.engine.mrz import check_digit, parse_mrz
    from ocr.engine.pipeline import _passport_terms, read_passport

    s = synth.generate_sample(card_type="passport", seed=98004, difficulty="easy")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("date") == s.truth["data"]["date"] == "11/04/2023"
    number, dob, exp = "C12345678", "770923", "330411"
    line2 = f"{number}{check_digit(number)}VNM{dob}{check_digit(dob)}F{exp}{check_digit(exp)}"
    line2 += "<" * 14 + "0"
    line2 += check_digit(line2[:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz(["P<VNMTRAN<<THI<MAI" + "<" * 26, line2])
    assert mrz.valid
    doc = rows_doc(["TRẦN THỊ MAI", "23/09/1977", "11/04/2025", "11/04/2033"])
    r = SideResult(card_type="passport")
    read_passport(r, doc, fx.analyse(doc), mrz)
    assert (r.value("date"), r.fields["date"].source) == ("11/04/2023", "derived")
    expiry = dt.date(2033, 4, 11)
    assert _passport_terms(expiry, dt.date(1977, 9, 23)) == [dt.date(2023, 4, 11)]
    assert _passport_terms(expiry, dt.date(2020, 1, 1)) == [dt.date(2028, 4, 11)]


def test_a_citizen_cards_expiry_year_one_digit_off_the_lawful_one():
    """A chip front: born 31/07/1979 and issued in 2021-2024, it expires on the 40th
    birthday, 31/07/2039, read "31/07/2033" (chip_id_card_front 98001 hard)."""
    from ocr.engine.pipeline import _expiry_year_by_age

    def side(born, due, pid="044079434677"):
        r = SideResult(card_type="chip_id_card_front")
        r.set("id", pid, 0.9)
        r.set("born", born, 0.9)
        r.set("duedate", due, 0.9)
        _expiry_year_by_age(r)
        return r

    r = side("31/07/1979", "31/07/2033")
    assert r.value("duedate") == "31/07/2039" and r.fields["duedate"].source == "derived"
    # not when the day or month differ (which of the two dates is misread?), two digits
    # are off, or the ID's birth year is another
    assert side("31/07/1979", "30/07/2033").value("duedate") == "30/07/2033"
    assert side("31/07/1979", "31/07/2023").value("duedate") == "31/07/2023"
    assert side("31/07/1979", "31/07/2033", pid="044089434677").value("duedate") == "31/07/2033"
    # nor without the ID to vouch for the birth year (chip front 105002 hard: "08/07/1996"
    # read for 1998 before the ID was, the expiry 2038 right)
    assert side("08/07/1996", "08/07/2038", pid="").value("duedate") == "08/07/2038"


def test_a_names_syllable_split_in_two_takes_no_label_word_into_it(synth, ref_date):
    """(CMND front 130002 easy) "Họ tên T,Ê BẢO UYÊN": the split syllable made the name
    look four words long, and the second reading's last four words took the label's
    "TÊN" in; the label's words go first."""
    s = synth.generate_sample(card_type="9_id_card_front", seed=130002, difficulty="easy")
    r = extract_side(s.image_bytes, today=ref_date)
    assert r.value("name") == s.truth["data"]["name"] == "LÊ BẢO UYÊN"
