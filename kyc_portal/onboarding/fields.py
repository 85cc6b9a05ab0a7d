"""Which OCR fields the customer confirms, in which order, with which label."""

from django.utils.translation import gettext_lazy as _

from .models import DocumentType, Side

LABELS = {
    "id": _("Số giấy tờ"),
    "name": _("Họ và tên"),
    "born": _("Ngày sinh"),
    "sex": _("Giới tính"),
    "quoctich": _("Quốc tịch"),
    "nationality": _("Quốc tịch"),
    "dantoc": _("Dân tộc"),
    "country": _("Quê quán"),
    "place_of_birth": _("Nơi sinh"),
    "address": _("Nơi thường trú"),
    "noidangkykhaisinh": _("Nơi đăng ký khai sinh"),
    "date": _("Ngày cấp"),
    "duedate": _("Có giá trị đến"),
    "noicap": _("Nơi cấp"),
    "person_number": _("Số định danh cá nhân"),
}

# Shown in this order; a key is taken from the first side (front first) that read it.
CARD_FIELDS = ["id", "name", "born", "sex", "quoctich", "dantoc", "country", "address"]
CARD_FIELDS += ["noidangkykhaisinh", "date", "duedate", "noicap"]
PASSPORT_FIELDS = ["id", "name", "born", "sex", "nationality", "place_of_birth"]
PASSPORT_FIELDS += ["person_number", "date", "duedate", "noicap"]

# Keys that must be present (after corrections) before submitting.
REQUIRED_FIELDS = ("id", "name", "born")


def sides_needed(declared_type: str) -> list[str]:
    if declared_type == DocumentType.PASSPORT:
        return [Side.FRONT]
    return [Side.FRONT, Side.BACK]


def display_fields(declared_type: str) -> list[str]:
    return PASSPORT_FIELDS if declared_type == DocumentType.PASSPORT else CARD_FIELDS
