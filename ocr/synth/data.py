"""Reference data for synthetic Vietnamese identity documents.

Names, ethnic groups, religions, identifying marks and administrative units.  New (2025,
two-level) units come from the ``vietnam_provinces`` package; the old (pre-July-2025,
three-level) units that older cards print are a curated list of real units below.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FAMILY_NAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Đoàn", 1),
    ("Lâm", 1),
    ("Mai", 1),
    ("Trương", 1),
    ("Tạ", 1),
    ("Lương", 1),
    ("Cao", 1),
    ("Quách", 1),
    ("Châu", 1),
    ("Kiều", 1),
    ("Thái", 1),
    ("Vương", 1),
    ("Tô", 1),
    ("Hà", 1),
    ("Lưu", 1),
    ("Văn", 1),
]

MIDDLE_MALE = [
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Công",
    "Thành",
    "Xuân",
    "Đình",
    "Ngọc",
    "Trọng",
    "Anh",
    "Tuấn",
    "Hoàng",
    "Gia",
    "Bảo",
    "Thế",
    "Mạnh",
    "Quốc",
    "Tiến",
    "Duy",
    "Việt",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Minh",
    "Hồng",
    "Kim",
    "Mỹ",
    "Phương",
    "Bảo",
    "Khánh",
    "Diệu",
    "Thùy",
    "Quỳnh",
    "Hoài",
    "Như",
    "Tường",
    "Lan",
]
GIVEN_MALE = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Đức",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Long",
    "Lâm",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Hưng",
    "Lộc",
    "Trí",
    "Nhật",
    "Bảo",
    "Khải",
    "Đông",
    "Hậu",
    "Lực",
    "Tiến",
    "Chiến",
    "Quyết",
    "Thuận",
    "Giang",
    "Hòa",
    "Tín",
    "Nguyên",
]
GIVEN_FEMALE = [
    "Anh",
    "Ánh",
    "Châu",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Quỳnh",
    "Thảo",
    "Thu",
    "Thủy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vy",
    "Yến",
    "Xuân",
    "Diệp",
    "Nhi",
    "Hân",
    "Khuê",
    "Thư",
    "Tâm",
    "Hồng",
    "Liên",
    "Nguyệt",
    "Duyên",
    "Thơ",
    "Lệ",
    "Ly",
]

ETHNIC_GROUPS = [
    ("Kinh", 85),
    ("Tày", 2),
    ("Thái", 2),
    ("Mường", 2),
    ("Khmer", 2),
    ("Hoa", 1),
    ("Nùng", 1),
    ("H'Mông", 1),
    ("Dao", 1),
    ("Gia Rai", 1),
    ("Ê Đê", 1),
    ("Ba Na", 1),
    ("Chăm", 1),
    ("Sán Dìu", 1),
    ("Xơ Đăng", 1),
]
RELIGIONS = [
    ("Không", 80),
    ("Phật giáo", 8),
    ("Công giáo", 7),
    ("Cao Đài", 2),
    ("Hòa Hảo", 1),
    ("Tin Lành", 1),
]

MARK_KINDS = ["Nốt ruồi", "Sẹo chấm", "Sẹo", "Nốt ruồi", "Vết bớt"]
MARK_PLACES = [
    "trên đầu mày trái",
    "trên đầu mày phải",
    "dưới đuôi mắt trái",
    "dưới đuôi mắt phải",
    "trước tai trái",
    "trước tai phải",
    "cạnh mũi trái",
    "cạnh mũi phải",
    "ở cằm",
    "trên môi trên bên trái",
    "dưới cánh mũi phải",
    "sau tai trái",
    "ở trán",
    "trên cánh mũi trái",
    "dưới mép phải",
    "trên gò má trái",
]

# The 63 provinces before July 2025 with their GSO codes (used in 12-digit ID numbers).
OLD_PROVINCES = {
    1: "Thành phố Hà Nội",
    2: "Tỉnh Hà Giang",
    4: "Tỉnh Cao Bằng",
    6: "Tỉnh Bắc Kạn",
    8: "Tỉnh Tuyên Quang",
    10: "Tỉnh Lào Cai",
    11: "Tỉnh Điện Biên",
    12: "Tỉnh Lai Châu",
    14: "Tỉnh Sơn La",
    15: "Tỉnh Yên Bái",
    17: "Tỉnh Hòa Bình",
    19: "Tỉnh Thái Nguyên",
    20: "Tỉnh Lạng Sơn",
    22: "Tỉnh Quảng Ninh",
    24: "Tỉnh Bắc Giang",
    25: "Tỉnh Phú Thọ",
    26: "Tỉnh Vĩnh Phúc",
    27: "Tỉnh Bắc Ninh",
    30: "Tỉnh Hải Dương",
    31: "Thành phố Hải Phòng",
    33: "Tỉnh Hưng Yên",
    34: "Tỉnh Thái Bình",
    35: "Tỉnh Hà Nam",
    36: "Tỉnh Nam Định",
    37: "Tỉnh Ninh Bình",
    38: "Tỉnh Thanh Hóa",
    40: "Tỉnh Nghệ An",
    42: "Tỉnh Hà Tĩnh",
    44: "Tỉnh Quảng Bình",
    45: "Tỉnh Quảng Trị",
    46: "Tỉnh Thừa Thiên Huế",
    48: "Thành phố Đà Nẵng",
    49: "Tỉnh Quảng Nam",
    51: "Tỉnh Quảng Ngãi",
    52: "Tỉnh Bình Định",
    54: "Tỉnh Phú Yên",
    56: "Tỉnh Khánh Hòa",
    58: "Tỉnh Ninh Thuận",
    60: "Tỉnh Bình Thuận",
    62: "Tỉnh Kon Tum",
    64: "Tỉnh Gia Lai",
    66: "Tỉnh Đắk Lắk",
    67: "Tỉnh Đắk Nông",
    68: "Tỉnh Lâm Đồng",
    70: "Tỉnh Bình Phước",
    72: "Tỉnh Tây Ninh",
    74: "Tỉnh Bình Dương",
    75: "Tỉnh Đồng Nai",
    77: "Tỉnh Bà Rịa - Vũng Tàu",
    79: "Thành phố Hồ Chí Minh",
    80: "Tỉnh Long An",
    82: "Tỉnh Tiền Giang",
    83: "Tỉnh Bến Tre",
    84: "Tỉnh Trà Vinh",
    86: "Tỉnh Vĩnh Long",
    87: "Tỉnh Đồng Tháp",
    89: "Tỉnh An Giang",
    91: "Tỉnh Kiên Giang",
    92: "Thành phố Cần Thơ",
    93: "Tỉnh Hậu Giang",
    94: "Tỉnh Sóc Trăng",
    95: "Tỉnh Bạc Liêu",
    96: "Tỉnh Cà Mau",
}

# Old three-level units (real names): province code -> {district: [communes/wards]}.
OLD_UNITS: dict[int, dict[str, list[str]]] = {
    1: {
        "Quận Ba Đình": ["Phường Phúc Xá", "Phường Trúc Bạch", "Phường Kim Mã", "Phường Ngọc Hà"],
        "Quận Hoàn Kiếm": ["Phường Hàng Bạc", "Phường Hàng Bông", "Phường Tràng Tiền"],
        "Quận Đống Đa": [
            "Phường Văn Miếu",
            "Phường Khâm Thiên",
            "Phường Láng Hạ",
            "Phường Ô Chợ Dừa",
        ],
        "Quận Cầu Giấy": [
            "Phường Dịch Vọng",
            "Phường Mai Dịch",
            "Phường Yên Hòa",
            "Phường Nghĩa Đô",
        ],
        "Quận Hai Bà Trưng": ["Phường Bạch Mai", "Phường Minh Khai", "Phường Thanh Nhàn"],
        "Quận Thanh Xuân": ["Phường Khương Trung", "Phường Nhân Chính", "Phường Thượng Đình"],
        "Huyện Đông Anh": ["Xã Uy Nỗ", "Xã Cổ Loa", "Xã Vân Nội", "Xã Kim Chung"],
        "Huyện Gia Lâm": ["Xã Bát Tràng", "Xã Đa Tốn", "Xã Kiêu Kỵ"],
        "Huyện Sóc Sơn": ["Xã Phù Linh", "Xã Tiên Dược", "Xã Mai Đình"],
    },
    79: {
        "Quận 1": ["Phường Bến Nghé", "Phường Bến Thành", "Phường Đa Kao", "Phường Tân Định"],
        "Quận 3": ["Phường Võ Thị Sáu", "Phường 4", "Phường 9", "Phường 14"],
        "Quận Bình Thạnh": ["Phường 1", "Phường 12", "Phường 25", "Phường 26"],
        "Quận Gò Vấp": ["Phường 5", "Phường 10", "Phường 16", "Phường 17"],
        "Quận Tân Bình": ["Phường 2", "Phường 4", "Phường 13", "Phường 15"],
        "Thành phố Thủ Đức": ["Phường Linh Trung", "Phường Hiệp Bình Chánh", "Phường Thảo Điền"],
        "Huyện Củ Chi": ["Xã Tân Thông Hội", "Xã Phước Vĩnh An", "Xã Trung An"],
        "Huyện Bình Chánh": ["Xã Vĩnh Lộc A", "Xã Bình Hưng", "Xã Tân Kiên"],
    },
    31: {
        "Quận Lê Chân": ["Phường An Biên", "Phường Dư Hàng", "Phường Trại Cau"],
        "Quận Ngô Quyền": ["Phường Máy Tơ", "Phường Lạch Tray", "Phường Đông Khê"],
        "Huyện Thủy Nguyên": ["Xã Thủy Sơn", "Xã Lại Xuân", "Xã Kỳ Sơn"],
        "Huyện Vĩnh Bảo": ["Xã Cổ Am", "Xã Tân Hưng", "Xã Vĩnh Long"],
    },
    48: {
        "Quận Hải Châu": ["Phường Thạch Thang", "Phường Hòa Cường Bắc", "Phường Phước Ninh"],
        "Quận Thanh Khê": ["Phường Tam Thuận", "Phường An Khê", "Phường Chính Gián"],
        "Huyện Hòa Vang": ["Xã Hòa Bắc", "Xã Hòa Phong", "Xã Hòa Tiến"],
    },
    92: {
        "Quận Ninh Kiều": ["Phường Tân An", "Phường Xuân Khánh", "Phường An Hòa"],
        "Huyện Phong Điền": ["Xã Nhơn Ái", "Xã Giai Xuân", "Xã Mỹ Khánh"],
    },
    38: {
        "Thành phố Thanh Hóa": ["Phường Điện Biên", "Phường Ba Đình", "Phường Đông Thọ"],
        "Huyện Hoằng Hóa": ["Xã Hoằng Đạo", "Xã Hoằng Lộc", "Xã Hoằng Châu"],
        "Huyện Thọ Xuân": ["Xã Xuân Lai", "Xã Thọ Diên", "Xã Xuân Hòa"],
        "Huyện Nga Sơn": ["Xã Nga Điền", "Xã Nga Thủy", "Xã Nga Liên"],
    },
    40: {
        "Thành phố Vinh": ["Phường Hưng Bình", "Phường Lê Lợi", "Phường Trường Thi"],
        "Huyện Nghi Lộc": ["Xã Nghi Phong", "Xã Nghi Thái", "Xã Nghi Xuân"],
        "Huyện Diễn Châu": ["Xã Diễn Kỷ", "Xã Diễn Hồng", "Xã Diễn Thành"],
        "Huyện Quỳnh Lưu": ["Xã Quỳnh Bá", "Xã Quỳnh Đôi", "Xã Quỳnh Thanh"],
        "Huyện Đô Lương": ["Xã Đà Sơn", "Xã Lạc Sơn", "Xã Thái Sơn"],
    },
    42: {
        "Huyện Can Lộc": ["Xã Khánh Vĩnh Yên", "Xã Thiên Lộc", "Xã Vượng Lộc"],
        "Huyện Đức Thọ": ["Xã Tùng Ảnh", "Xã Đức Đồng", "Xã Trường Sơn"],
        "Huyện Kỳ Anh": ["Xã Kỳ Tiến", "Xã Kỳ Phong", "Xã Kỳ Bắc"],
    },
    36: {
        "Thành phố Nam Định": ["Phường Trần Hưng Đạo", "Phường Năng Tĩnh", "Phường Lộc Hạ"],
        "Huyện Hải Hậu": ["Xã Hải Anh", "Xã Hải Minh", "Xã Hải Quang"],
        "Huyện Giao Thủy": ["Xã Giao Thiện", "Xã Giao Hương", "Xã Bạch Long"],
        "Huyện Ý Yên": ["Xã Yên Lợi", "Xã Yên Thọ", "Xã Yên Phong"],
    },
    34: {
        "Huyện Kiến Xương": ["Xã Bình Nguyên", "Xã Vũ Lễ", "Xã Quang Bình"],
        "Huyện Thái Thụy": ["Xã Thụy Liên", "Xã Thụy Hà", "Xã Thái Hưng"],
        "Huyện Vũ Thư": ["Xã Song Lãng", "Xã Minh Khai", "Xã Tam Quang"],
    },
    30: {
        "Huyện Cẩm Giàng": ["Xã Cẩm Văn", "Xã Tân Trường", "Xã Cẩm Đông"],
        "Huyện Kinh Môn": ["Xã Hiệp Hòa", "Xã Thăng Long", "Xã Lạc Long"],
        "Huyện Ninh Giang": ["Xã Hồng Dụ", "Xã Nghĩa An", "Xã Ứng Hòe"],
    },
    27: {
        "Huyện Tiên Du": ["Xã Liên Bão", "Xã Nội Duệ", "Xã Phật Tích"],
        "Huyện Gia Bình": ["Xã Đông Cứu", "Xã Lãng Ngâm", "Xã Đại Bái"],
    },
    24: {
        "Huyện Lạng Giang": ["Xã Tân Dĩnh", "Xã Thái Đào", "Xã Dương Đức"],
        "Huyện Yên Thế": ["Xã Đồng Kỳ", "Xã Hồng Kỳ", "Xã Tân Hiệp"],
    },
    25: {
        "Huyện Lâm Thao": ["Xã Sơn Vi", "Xã Cao Xá", "Xã Tứ Xã"],
        "Huyện Thanh Ba": ["Xã Đông Thành", "Xã Vũ Yển", "Xã Hanh Cù"],
    },
    37: {
        "Huyện Gia Viễn": ["Xã Gia Hòa", "Xã Gia Vân", "Xã Gia Trung"],
        "Huyện Kim Sơn": ["Xã Kim Chính", "Xã Lai Thành", "Xã Yên Lộc"],
    },
    35: {
        "Huyện Lý Nhân": ["Xã Nhân Hậu", "Xã Chân Lý", "Xã Đạo Lý"],
        "Huyện Bình Lục": ["Xã Bình Nghĩa", "Xã Tràng An", "Xã Đồng Du"],
    },
    33: {
        "Huyện Văn Lâm": ["Xã Lạc Hồng", "Xã Minh Hải", "Xã Chỉ Đạo"],
        "Huyện Khoái Châu": ["Xã Bình Minh", "Xã Dạ Trạch", "Xã Tân Dân"],
    },
    22: {
        "Thành phố Hạ Long": ["Phường Bãi Cháy", "Phường Hồng Hải", "Phường Cao Xanh"],
        "Huyện Vân Đồn": ["Xã Hạ Long", "Xã Đông Xá", "Xã Quan Lạn"],
    },
    19: {
        "Huyện Đại Từ": ["Xã Hùng Sơn", "Xã Tân Linh", "Xã Phục Linh"],
        "Huyện Phú Bình": ["Xã Úc Kỳ", "Xã Nhã Lộng", "Xã Bảo Lý"],
    },
    46: {
        "Thành phố Huế": ["Phường Phú Hội", "Phường Vĩnh Ninh", "Phường Thuận Thành"],
        "Huyện Phú Vang": ["Xã Phú Thuận", "Xã Phú Diên", "Xã Vinh Thanh"],
    },
    44: {
        "Huyện Lệ Thủy": ["Xã An Thủy", "Xã Phong Thủy", "Xã Sen Thủy"],
        "Huyện Bố Trạch": ["Xã Hoàn Trạch", "Xã Đại Trạch", "Xã Nhân Trạch"],
    },
    49: {
        "Huyện Điện Bàn": ["Xã Điện Hòa", "Xã Điện Thắng Bắc", "Xã Điện Tiến"],
        "Huyện Thăng Bình": ["Xã Bình Dương", "Xã Bình Triều", "Xã Bình Nam"],
    },
    51: {
        "Huyện Bình Sơn": ["Xã Bình Thạnh", "Xã Bình Châu", "Xã Bình Hải"],
        "Huyện Mộ Đức": ["Xã Đức Lợi", "Xã Đức Thạnh", "Xã Đức Minh"],
    },
    52: {
        "Huyện Tuy Phước": ["Xã Phước Lộc", "Xã Phước Hưng", "Xã Phước Sơn"],
        "Huyện Hoài Nhơn": ["Xã Hoài Châu", "Xã Hoài Hải", "Xã Hoài Mỹ"],
    },
    56: {
        "Thành phố Nha Trang": ["Phường Vĩnh Hải", "Phường Lộc Thọ", "Phường Phước Hải"],
        "Huyện Diên Khánh": ["Xã Diên An", "Xã Diên Phú", "Xã Suối Hiệp"],
    },
    66: {
        "Thành phố Buôn Ma Thuột": ["Phường Tân Lợi", "Phường Thành Nhất", "Xã Hòa Thắng"],
        "Huyện Cư M'gar": ["Xã Ea Tar", "Xã Cư Suê", "Xã Ea Kiết"],
    },
    64: {
        "Thành phố Pleiku": ["Phường Hội Thương", "Phường Diên Hồng", "Xã Chư Á"],
        "Huyện Chư Sê": ["Xã Ia Blang", "Xã Dun", "Xã Ia Pal"],
    },
    68: {
        "Thành phố Đà Lạt": ["Phường 1", "Phường 8", "Xã Tà Nung"],
        "Huyện Đức Trọng": ["Xã Hiệp Thạnh", "Xã Liên Hiệp", "Xã Ninh Gia"],
    },
    74: {
        "Thành phố Thủ Dầu Một": ["Phường Phú Cường", "Phường Hiệp Thành", "Phường Chánh Nghĩa"],
        "Huyện Dầu Tiếng": ["Xã Minh Hòa", "Xã Thanh An", "Xã Long Hòa"],
    },
    75: {
        "Thành phố Biên Hòa": ["Phường Tân Phong", "Phường Trảng Dài", "Phường Hố Nai"],
        "Huyện Long Thành": ["Xã An Phước", "Xã Long Đức", "Xã Bình Sơn"],
    },
    77: {
        "Thành phố Vũng Tàu": ["Phường 1", "Phường Thắng Tam", "Phường Rạch Dừa"],
        "Huyện Xuyên Mộc": ["Xã Bưng Riềng", "Xã Hòa Hiệp", "Xã Phước Thuận"],
    },
    80: {
        "Huyện Đức Hòa": ["Xã Đức Hòa Hạ", "Xã Hựu Thạnh", "Xã Mỹ Hạnh Nam"],
        "Huyện Cần Giuộc": ["Xã Phước Lý", "Xã Long Thượng", "Xã Tân Kim"],
    },
    82: {
        "Huyện Cái Bè": ["Xã An Hữu", "Xã Hòa Khánh", "Xã Mỹ Lương"],
        "Huyện Chợ Gạo": ["Xã Long Bình Điền", "Xã Song Bình", "Xã Bình Phan"],
    },
    83: {
        "Huyện Mỏ Cày Nam": ["Xã An Thạnh", "Xã Đa Phước Hội", "Xã Tân Hội"],
        "Huyện Giồng Trôm": ["Xã Châu Hòa", "Xã Lương Quới", "Xã Phong Nẫm"],
    },
    87: {
        "Huyện Cao Lãnh": ["Xã Mỹ Long", "Xã Bình Hàng Trung", "Xã Tân Nghĩa"],
        "Huyện Lai Vung": ["Xã Tân Thành", "Xã Long Hậu", "Xã Hòa Long"],
    },
    89: {
        "Thành phố Long Xuyên": ["Phường Mỹ Bình", "Phường Mỹ Long", "Phường Bình Khánh"],
        "Huyện Chợ Mới": ["Xã Kiến An", "Xã Long Điền A", "Xã Mỹ Hội Đông"],
    },
    91: {
        "Huyện Châu Thành": ["Xã Bình An", "Xã Minh Hòa", "Xã Giục Tượng"],
        "Huyện Phú Quốc": ["Xã Cửa Dương", "Xã Hàm Ninh", "Xã Gành Dầu"],
    },
    94: {
        "Huyện Mỹ Tú": ["Xã Mỹ Hương", "Xã Long Hưng", "Xã Phú Mỹ"],
        "Huyện Kế Sách": ["Xã An Mỹ", "Xã Ba Trinh", "Xã Nhơn Mỹ"],
    },
    96: {
        "Huyện Trần Văn Thời": ["Xã Khánh Bình", "Xã Phong Lạc", "Xã Lợi An"],
        "Huyện Cái Nước": ["Xã Phú Hưng", "Xã Tân Hưng", "Xã Lương Thế Trân"],
    },
    14: {
        "Huyện Mộc Châu": ["Xã Chiềng Sơn", "Xã Đông Sang", "Xã Tân Lập"],
        "Huyện Mai Sơn": ["Xã Hát Lót", "Xã Cò Nòi", "Xã Chiềng Ban"],
    },
    10: {
        "Huyện Bảo Thắng": ["Xã Sơn Hà", "Xã Xuân Quang", "Xã Phong Niên"],
        "Thị xã Sa Pa": ["Phường Cầu Mây", "Xã Tả Van", "Xã Trung Chải"],
    },
    4: {
        "Huyện Trùng Khánh": ["Xã Đình Phong", "Xã Phong Châu", "Xã Chí Viễn"],
    },
    17: {
        "Huyện Mai Châu": ["Xã Chiềng Châu", "Xã Vạn Mai", "Xã Mai Hạ"],
        "Huyện Lạc Sơn": ["Xã Vũ Bình", "Xã Tân Lập", "Xã Nhân Nghĩa"],
    },
}

VILLAGE_PREFIXES = ["Thôn", "Thôn", "Xóm", "Ấp", "Bản"]
URBAN_PREFIXES = ["Tổ", "Tổ dân phố", "Khu phố", "Khối", "Cụm"]
VILLAGE_NAMES = [
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "10",
    "11",
    "12",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hạ",
    "Thượng",
    "Tân Lập",
    "Yên Thịnh",
    "Phú Mỹ",
    "Đồng Tâm",
    "An Lạc",
    "Hòa Bình",
    "Quyết Thắng",
    "Liên Hiệp",
    "Bình An",
    "Tân Thành",
]
STREETS = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Phan Đình Phùng",
    "Quang Trung",
    "Lê Duẩn",
    "Nguyễn Huệ",
    "Điện Biên Phủ",
    "Võ Thị Sáu",
    "Pasteur",
    "Cách Mạng Tháng Tám",
    "Nguyễn Văn Cừ",
    "Bạch Đằng",
    "Hoàng Hoa Thám",
    "Kim Mã",
    "Láng Hạ",
    "Tôn Đức Thắng",
    "Nguyễn Chí Thanh",
    "Xã Đàn",
    "Giải Phóng",
    "Trường Chinh",
    "Phạm Văn Đồng",
    "Lạc Long Quân",
]

# Passport place of birth is printed as the province name.

NEW_UNITS_PATH = None


@lru_cache(maxsize=1)
def new_units() -> list[dict]:
    """The 34 provinces of 2025 with their wards, from the vietnam_provinces package."""
    import vietnam_provinces

    path = Path(vietnam_provinces.__file__).parent / "data" / "nested-divisions.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    names = [n for n, _ in items]
    weights = [w for _, w in items]
    return rng.choices(names, weights=weights, k=1)[0]


@dataclass
class Address:
    """One address with the parts that the API breaks it into."""

    text: str  # as printed on the card (one logical line)
    tinh_name: str
    huyen_name: str
    phuong_name: str
    tinh_code: str = ""
    huyen_code: str = ""
    phuong_code: str = ""
    province_code_old: int = 0  # GSO code of the old province (for ID numbers)


def _strip_prefix(name: str) -> str:
    for p in ("Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ", "Thị trấn "):
        if name.startswith(p):
            rest = name[len(p) :]
            # "Phường 12" / "Quận 1" keep their prefix, a bare number is not a name.
            if rest.isdigit():
                return name
            return rest
    return name


def old_address(
    rng: random.Random,
    province: int | None = None,
    with_street: bool | None = None,
    short: bool = False,
) -> Address:
    """A real old three-level address (pre-2025 cards)."""
    if province is None or province not in OLD_UNITS:
        province = rng.choice(sorted(OLD_UNITS))
    districts = OLD_UNITS[province]
    district = rng.choice(sorted(districts))
    ward = rng.choice(districts[district])
    tinh = OLD_PROVINCES[province]
    urban = ward.startswith("Phường")
    parts: list[str] = []
    if not short:
        if with_street is None:
            with_street = urban and rng.random() < 0.75
        if with_street:
            num = rng.randint(1, 350)
            style = rng.random()
            if style < 0.3:
                parts.append(f"Số {num} Ngõ {rng.randint(2, 120)} {rng.choice(STREETS)}")
            elif style < 0.55:
                parts.append(f"Số {num}/{rng.randint(2, 60)} {rng.choice(STREETS)}")
            elif style < 0.75:
                parts.append(f"{num} {rng.choice(STREETS)}")
            else:
                parts.append(f"{rng.choice(URBAN_PREFIXES)} {rng.randint(1, 40)}")
        elif urban:
            parts.append(f"{rng.choice(URBAN_PREFIXES)} {rng.randint(1, 40)}")
        else:
            parts.append(f"{rng.choice(VILLAGE_PREFIXES)} {rng.choice(VILLAGE_NAMES)}")
    explicit = rng.random() < 0.6  # "Xã Y, Huyện Z, Tỉnh W" vs "Y, Z, W" (both seen on cards)
    if explicit:
        tinh_print = tinh.replace("Thành phố ", "") if tinh.startswith("Thành phố Hồ") else tinh
        if tinh in ("Thành phố Hà Nội",) and rng.random() < 0.7:
            tinh_print = "Hà Nội"
        parts += [ward, district, tinh_print]
    else:
        parts += [_strip_prefix(ward), _strip_prefix(district), _strip_prefix(tinh)]
    return Address(
        text=", ".join(parts),
        tinh_name=tinh.removeprefix("Tỉnh "),  # named as in vietnam_provinces
        huyen_name=district,
        phuong_name=ward,
        tinh_code=f"{province:02d}",
        province_code_old=province,
    )


def new_address(
    rng: random.Random, with_street: bool | None = None, short: bool = False
) -> Address:
    """A two-level (post July 2025) address from the official list."""
    provinces = new_units()
    prov = rng.choice(provinces)
    ward = rng.choice(prov["wards"])
    parts: list[str] = []
    if not short:
        urban = ward["division_type"] == "phường"
        if with_street is None:
            with_street = urban and rng.random() < 0.7
        if with_street:
            parts.append(f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}")
        elif urban:
            parts.append(f"{rng.choice(URBAN_PREFIXES)} {rng.randint(1, 40)}")
        else:
            parts.append(f"{rng.choice(VILLAGE_PREFIXES)} {rng.choice(VILLAGE_NAMES)}")
    tinh = prov["name"]
    if tinh.startswith("Thành phố ") and rng.random() < 0.5:
        tinh_print = tinh[len("Thành phố ") :]
    elif prov["division_type"] == "tỉnh" and rng.random() < 0.7:
        tinh_print = "Tỉnh " + tinh
    else:
        tinh_print = tinh
    parts += [ward["name"], tinh_print]
    return Address(
        text=", ".join(parts),
        tinh_name=tinh,  # as the official list names it ("Nghệ An", "Thành phố Hà Nội")
        huyen_name="",
        phuong_name=ward["name"],
        tinh_code=f"{prov['code']:02d}",
        huyen_code="",
        phuong_code=f"{ward['code']:05d}",
    )
