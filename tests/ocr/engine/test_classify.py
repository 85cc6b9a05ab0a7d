"""Which card and side: told by what the text says, through the misreadings of small,
blurred photos. Each text below is what the line reader made of a hard generated photo
(640x480, the card a quarter of the frame)."""

from __future__ import annotations

import pytest

from ocr.engine import fields as fx


def _classify(rows_doc, rows, **seen):
    doc = rows_doc(rows)
    seen = {"has_qr": False, "mrz_kind": None, **seen}
    return fx.classify(doc, fx.analyse(doc), **seen)


@pytest.mark.parametrize(
    ("phrase", "text", "edits"),
    [
        ("chungminhnhandan", "chungmininhasdan", 2),
        ("chungminhnhandan", "giaychungminhnhandan", 0),
        ("bocongan", "docongan", 1),
        ("bocongan", "ocongan", 1),
        ("cancuoccongdan", "cancuoc", 7),
    ],
)
def test_substring_distance(phrase, text, edits):
    assert fx.substring_distance(phrase, text) == edits


def test_a_title_read_with_its_spaces_lost_and_letters_slipped(rows_doc):
    rows = [
        "LONCHONA OK CHOIHIAYET RAY",
        "CHUNGMINI NHAS DAN",
        "Số 025169074527",
        "Họ vụ tên.",
        "LÊ QUỲNH LIÊN",
        "Ngày thabg nàn; xanh: 2900111969",
    ]
    assert _classify(rows_doc, rows) == "12_id_card_front"
    # "Công an" alone is two letters from "Bộ Công an": not the Ministry
    assert not fx._has_squashed(["giam doc cong an tinh"], "bo cong an")


MRZ_2024_BACK = [
    "IDVNM2020485805096202048580<<8",
    "0203155M4203153VNM<<<<<<<<<<<8",
    "LE<<VIET<NGUYEN<<<<<<<<<<<<<<",
]


@pytest.mark.parametrize(
    "rows",
    [
        # the Ministry misread, the addresses of residence and birth registration
        [
            "MtoPr",
            "Thân 7, Xã Phiêng Khuải, Tính Sơn La",
            "Xế Lương Thế Trần, Huyện Cái Nước, Tính Cà Mau",
            ["f s dw ap/D w  17/m2/2026", "ĐỘ CỘNG AN"],
            *MRZ_2024_BACK,
        ],
        # an expiry: the chip card's back has none
        [
            '“ư Âÿ khaÍ ai/y ) J"Mcn sứ bị ...',
            ['A1 môsg, nám số! nạ 2 Caie # e2/2" Không thời hạn', "uan"],
            *MRZ_2024_BACK,
        ],
    ],
)
def test_the_2024_back_told_from_the_chip_back_through_misreadings(rows_doc, rows):
    assert _classify(rows_doc, rows, mrz_kind="I") == "id_card_2024_back"


def test_a_chip_back_with_its_marks_stays_a_chip_back(rows_doc):
    rows = [
        "Đặc điểm nhận dạng: Nốt ruồi C:1cm trên mép trái",
        "Ngày, tháng, năm: 12/03/2022",
        "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
        *MRZ_2024_BACK,
    ]
    assert _classify(rows_doc, rows, mrz_kind="I") == "chip_id_card_back"


def test_a_chip_front_by_its_bilingual_labels_when_the_qr_is_unseen(rows_doc):
    rows = [
        "CÔNG MÙÒA XÃ (VÔI CWÙ NGHỊA VIỆY NAM",
        "CĂN CƯỚC CÔNG DÂN",
        "5a/No.092061861335",
        "HUỲNH HƯU KHOA",
        "Ngày sònh / Đate of bu: 26/03/1961",
        ["Giới tình 5e Nam", "Quê quận / P!ave of orioter"],
        "Bản Tây, Xã Nhơn Ái, Huyện Phong Điền,",
    ]
    assert _classify(rows_doc, rows) == "chip_id_card_front"


def test_a_2016_front_whose_texture_was_taken_for_a_qr_code(rows_doc):
    rows = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CĂN CƯỚC CÔNG DÂN",
        "Số: 087092334748",
        "Họ và tên;",
        "DƯƠNG HOÀNG TRỌNG TÀI",
        "Ngày, tháng, năm sinh: 16/07/1992",
        "Quốc tịch: Việt Nam",
        "Quê quản:",
        "Nơi thường trủ:",
        "Thôn 6, Xã Chỉ Đạo, Huyện Vấn Lâm, Tỉnh Hưng Yên",
    ]
    assert _classify(rows_doc, rows, qr_seen=True) == "cccd_front"
    # one slash in a misread line is no bilingual label
    rows[5] = "Ngày, tháng, n/n sinh: 16/07/1992"
    assert _classify(rows_doc, rows, qr_seen=True) == "cccd_front"
    # with its labels' English halves it is the chip card
    rows[3] = "Họ và tên / Full name:"
    rows[6] = "Quốc tịch / Nationality: Việt Nam"
    assert _classify(rows_doc, rows, qr_seen=True) == "chip_id_card_front"


def test_a_12_digit_cmnd_back_by_its_misread_signer(rows_doc):
    rows = [
        "Đặc điểm nhận dạng:",
        "Seo C:2cm trên môi trên bền trái",
        "Ngày 10 tháng 08 nằm 2014",
        "GIÁM ĐCG-GA TÍNH TIỀN GIANG",
        "-Hosúg Anh Tuấn",
    ]
    assert _classify(rows_doc, rows) == "12_id_card_back"
    # a letter read into "GIÁM"
    rows[3] = "GIUÁM ĐÕC-GA YÌNH AN GIANG"
    assert _classify(rows_doc, rows) == "12_id_card_back"
    # the caption misread ending like an ethnic group's name without its diacritics
    # ("Cong", not "Cống")
    rows = [
        "nghe #g un syhe we pha",
        "Dacdn hnCong",
        "Nất ruêi| €':0,5cm ở cầm",
        "Ngày 09 thận, 06 nằm 2015",
        "GIÁM ĐỐC GA TÍNH HÀ RỊA - VŨNG TÂU",
    ]
    assert _classify(rows_doc, rows) == "12_id_card_back"


def test_a_9_digit_cmnd_back_by_an_ethnicity_in_a_box_of_its_own(rows_doc):
    rows = [
        ["RU", "SGON IROJWAT", "Đo óc Kinh"],
        "Tảo lo Không",
        "ĐẤU VẾT jIÊNG VẢ ĐI HÌNH",
        "Vết bớt €:1cm trên môi trên bên trái",
        "Ngày 16 tháng 03 năm 2013",
        "GIÁM ĐỐC CA TÍNH SÓC TRĂNG",
        "Đăng Vấn Minh",
    ]
    assert _classify(rows_doc, rows) == "9_id_card_back"
    # the signer's name at the bottom is no ethnicity, whatever it ends with (the religion
    # row gone too, and the caption: each says 9-digit back on its own)
    rows[0], rows[-1] = "RU SGON IROJWAT", ["Nguyễn Thị", "Hoa"]
    rows[2] = "Đặc điểm nhận dạng:"
    del rows[1]
    assert _classify(rows_doc, rows) == "12_id_card_back"


def test_a_9_digit_cmnd_back_by_its_marks_caption(rows_doc):
    """Its ethnicity and religion unread, the 9-digit back's caption ("DẤU VẾT RIÊNG VÀ DỊ
    HÌNH", however misread) tells it from the 12-digit one ("ĐẶC ĐIỂM NHẬN DẠNG")."""
    rows = [
        "Mix 1Í) Y4 o Dinh",
        "1e # Vận {ảnh",
        "ĐÀM: VẾ1 WIỆNG VÀ 1 MÌNH",
        "Vật bớt C¿1 5cm trước tai phái",
        "NyAyv 26 tháng, 0 năm 20113",
        "GIÁM ĐC CA TÍNH HÔA BÌNH",
    ]
    assert _classify(rows_doc, rows) == "9_id_card_back"
    rows[2] = "Đặc điểm nhận dạng:"
    assert _classify(rows_doc, rows) == "12_id_card_back"


@pytest.mark.parametrize(
    ("rows", "card_type"),
    [
        (
            [
                "tác Sế~ tá sự",
                "Nét rgời C22cm trên qò má trái",
                "_Ngày %2 táng (2 ác 2713",
                "GAMDOGCATINHHOA BINH",
                "1à Yên te",
            ],
            "12_id_card_back",
        ),
        (
            [
                "HopzãHoy găp 43\\ 022",
                "(le sx: Kinh",
                "1a 6s Nhông",
                "Nét ruội € :Ì, sa đ trán",
                "Ngày I1 tháng 0G xâm 2015",
                "GIÁM ĐÓ CA TÍNHLONGAN.",
                "-kế Tấn Tới",
            ],
            "9_id_card_back",
        ),
        (
            # the label a citizen card's back has too; the signer says CMND
            [
                "Đặc điểm nhận dạng: Ngôn trỏ trải Ngôn trẻ phải",
                "Vết bớt C:2,5em trên đầu mày trái",
                "Ngày 12 thắng 09 năm 2015",
                "GIẢÁM ĐỐC GA TỈNH BÌNH ĐỊNH",
                "TYần Văn Vệ",
            ],
            "12_id_card_back",
        ),
        # the religion read, its label's end before it, the ethnicity not: a 9-digit back
        (
            ["NTTT Dn teGla Rai", "to giao. Không", "KIẤU! YẾT I4 V4 0 HỆNH",
             "Nắt ruối C:0,5cm trên môi trên", "bén trái", "Ngày 30 tháng 06 nấm 2013",
             "CÁM ĐỐC €(A TÍNH TIỀN GIANG", "199v.", "Nguyến Văn Sơn"],
            "9_id_card_back",
        ),
        (
            ["oetiKh", "TKhong", "Vét bớt C2cm doc 1ại %3", "4à tà hNGA",
             "My 19 táng G2 cô 215", "GIÁM ĐÓC CA TìW@4 PHẾ MO", "ïn^^A", "Bi#L TinTo"],
            "9_id_card_back",
        ),
    ],
)  # fmt: skip
def test_cmnd_backs_with_no_label_read(rows_doc, rows, card_type):
    assert _classify(rows_doc, rows) == card_type


def test_nothing_readable_is_no_card(rows_doc):
    assert _classify(rows_doc, ["Wnm", "¬/%ww", "VVXJw"]) == ""


def test_the_date_label_of_a_chip_back_is_no_cmnd_signer():
    from ocr.engine.fields import names_cmnd_signer

    assert not names_cmnd_signer(["ngay.thangam/datemonthy"])
    assert not names_cmnd_signer(["ngay.thangmdanth"])
    assert not names_cmnd_signer(["phuong dong a, tinh ninh binh"])
    assert names_cmnd_signer(["gamdogcatinhhoa binh"])


@pytest.mark.parametrize(
    ("rows", "card_type"),
    [
        # "CĂN CƯỚC CÔNG DÂN" with its last words misread: a 2016 card, not a 2024 one
        (["CĂN CƯỚC €Ø#G pâwu", "话004194235344", "BÚI DIỆU HỒNG ANH", "07021964",
          "Bản Tây, Xô A¬ ly, Huyện Kế Sách, Tình Sóc Trêng."], "cccd_front"),
        (["CĂN CƯỚC CÔ, 0À»", "034193094523", "NGUYÊN QUÝNWW VMUE", "y.hig - 91/I19%%",
          "Minh Khải, V0 Thư , Thái Anh"], "cccd_front"),
        # the 2024 card's title stands alone on its line, its English one below
        (["CĂN CƯỚC", "IDENTITY CARD", "034193094523", "NGUYÊN QUÝNWW VMUE",
          "y.hig - 91/I19%%"], "id_card_2024_front"),
        (["CĂN CƯỚC IDENTITY CARD", "034193094523", "NGUYÊN QUÝNWW VMUE", "02/09/1993"],
         "id_card_2024_front"),
    ],
)  # fmt: skip
def test_the_2016_title_with_its_last_words_misread_is_no_2024_title(rows_doc, rows, card_type):
    assert _classify(rows_doc, rows) == card_type


def test_a_cmnd_front_by_a_title_read_too_badly_for_edits_and_its_number(rows_doc):
    rows = ["CIUNSISHNHNAN", "087152396810", "NGUYÊN ĐIỆU DIỆP", "16/06952",
            "_Xã Mỹ long, Huyện Cao Lành, tính Đống YThâp", "19012029"]  # fmt: skip
    assert _classify(rows_doc, rows) == "12_id_card_front"
    # a passport's MRZ name line is as like the title: not without the number
    assert _classify(rows_doc, ["P<VNMTRINH<<THANH<HANH<<<<<<<<", "Xyz"]) != "12_id_card_front"


def test_a_number_with_so_glued_on_is_found():
    from ocr.engine import normalize as nz

    assert nz.find_id("SỐ242945827") == "242945827"
    assert nz.find_id("so242945827") == "242945827"
    # its "ố" read as any letter (a hard cccd front's red "Số: 035088199376")
    assert nz.find_id("SE035088199376") == "035088199376"
    assert nz.find_id("S0242945827") == ""  # (a digit after the S is the number's)


def test_a_misread_motto_is_no_cmnd_title(rows_doc):
    rows = ["CUNG H NGHIAVIETNAM", "CĂN CƯỚC", "IDENTITY CARD", "096306547514",
            "Họ, chữ đệm và tên / Full name:", "PHAN HÔNG NHƯ LAN",
            "Ngày sinh / Date of birth: 21/03/2006"]  # fmt: skip
    assert _classify(rows_doc, rows) == "id_card_2024_front"
    assert _classify(rows_doc, ["CUNG H NGHIAVIETNAM", "096306547514", "Xyz"]) == ""


def test_a_front_naming_the_ethnicity_is_the_12_digit_cmnds(rows_doc):
    """Its title and number misread past telling, a front whose labels name the ethnicity
    is the 12-digit CMND's: no citizen card's front names it."""
    rows = [
        "CONAmOxAmOTmmSSSTNA",
        "CHONIINSHIANSSS",
        "*⁄- 0750172425519",
        "Họ vá tên:",
        "PHẠM HỮU NGUYÊN",
        "Ngy16/07/1972",
        "Gửi tính: Nam Đân tục: Kinh",
        "Quê quản: Song Bình, Chợ Gạo, Tiên Giang",
        "Nơi thường trụ: 480 Nguyễn Trãi, Trằng Dài, Biên Hòa,",
        "Đồng Nai",
    ]
    assert _classify(rows_doc, rows) == "12_id_card_front"
    # the same front with a nationality, no ethnicity: a citizen card's
    rows[6] = "Giới tính: Nam Quốc tịch: Việt Nam"
    assert _classify(rows_doc, rows) == "cccd_front"


def test_a_2016_back_by_an_issue_date_line_with_a_letter_glued_on(rows_doc):
    """(cccd_back 152004 hard) "JNgăy 26 tháng 0 má 2017" and two words of the authority's
    title in a line read without spaces."""
    rows = [
        "临山",
        "Sro Ckra dui Canhmei pbir 四园",
        "JNgăy 26 tháng 0 má 2017",
        "CCTRUDNGCECCANHSATDKOL",
        "CUTEUTDOGVETNCE",
        "nguyễn Hớu Tuân",
    ]
    assert _classify(rows_doc, rows) == "cccd_back"


def test_a_9_digit_back_by_its_ethnicity_and_religion_beside_a_date_line(rows_doc):
    """(9_id_card_back 154003 hard) no label read, the authority's words as many as the
    2016 card's ("cạnh" in the mark, "ĐÓC"): the ethnicity and the religion only the 9-digit
    CMND's back prints name it."""
    rows = [
        "'MuôA ' hô mmÁc 0œ sóc Kinh",
        ">- .=: Phật giáo",
        "DivENN",
        "Nết ruối C:Ìcm cạnh múi phải",
        "'Ngèy 03 thác 07 năm 2014",
        "AM ĐÓC CA TM HÀ NAM",
        "wMu",
    ]
    assert _classify(rows_doc, rows) == "9_id_card_back"
    from ocr.engine.pipeline import _noicap_rows

    assert _noicap_rows(rows_doc(rows))[0] == "CA TỈNH HÀ NAM"


def test_a_9_digit_back_by_its_religions_label_a_vowel_off(rows_doc):
    """(9_id_card_back 153002 hard) no caption nor label for the marks and date read, a
    CMND's signer: "Tân giáo:" is the religion's label, which only the 9-digit back has."""
    rows = [
        "swwer swno D icHo",
        "Tân giáo: Phúi giáo",
        "ĐẤU VỸ Y 8\\IẾNG VÀ ñỊ IỦSM",
        "Vết bật C+2.5cm trên cảnh môi trai",
        "Ngày 3\\ tháng 03 nấm 203",
        "GIÁM ĐỐC ©A THÀNH PHỔ CÀN Tớ",
    ]
    assert _classify(rows_doc, rows) == "9_id_card_back"
    rows[1] = "Tân gì Phúi"
    assert _classify(rows_doc, rows) == "12_id_card_back"


def test_a_2024_back_by_its_address_wrapped_in_two_parts(rows_doc):
    """(id_card_2024_back 152000 hard) a TD1 MRZ, the labels unread: lines of two parts
    between commas, the second a unit, are an address's, which the chip back has none of."""
    rows = [
        "Ẻda đc vu P%ec« sý caxeec",
        "Thên Phú Mỹ, Xã Mường Cơi Sơn (a",
        "d bPa d u",
        "Xã Mậu Duệ, Tính Tuyẻn Ooao",
        "Ngày thiêng nêm cấp ¿ Duy sử —e 240) 2022",
    ]
    assert _classify(rows_doc, rows, mrz_kind="ID") == "id_card_2024_back"
    rows[1], rows[3] = "Nốt ruồi C:0,5cm ở cằm", "Xã hội"
    assert _classify(rows_doc, rows, mrz_kind="ID") == "chip_id_card_back"
