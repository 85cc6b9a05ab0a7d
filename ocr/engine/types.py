"""Typed results of the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCES = ("ocr", "qr", "mrz", "derived")
RESULTS = ("pass", "fail", "skip")

# card_type -> the original service's coarse class
TYPE_OF_CARD = {
    "9_id_card_front": "cmt",
    "12_id_card_front": "cmt",
    "9_id_card_back": "matsaucmt",
    "12_id_card_back": "matsaucmt",
    "cccd_front": "tcc",
    "chip_id_card_front": "tcc",
    "cccd_back": "matsautcc",
    "chip_id_card_back": "matsautcc",
    "id_card_2024_front": "cancuoc",
    "id_card_2024_back": "matsaucancuoc",
    "passport": "passport",
    "mrz_document": "passport",
}

INVALID_MESSAGES = {
    "0": "",
    "1": "Ảnh chụp màn hình",
    "2": "Ảnh photocopy",
    "3": "Số giấy tờ không hợp lệ hoặc không khớp với thông tin trên giấy tờ",
    "4": "Mã MRZ sai số kiểm tra",
    "5": "Giấy tờ bị cắt góc",
    "6": "Giấy tờ nằm một phần ngoài ảnh",
    "7": "Giấy tờ đã hết hạn",
}

# spec's confidence keys, by the data key they describe
CONFIDENCE_KEYS = {
    "id": "id_confidence",
    "name": "name_confidence",
    "born": "dob_confidence",
    "sex": "gender_confidence",
    "quoctich": "nationality_confidence",
    "nationality": "nationality_confidence",
    "dantoc": "ethnicity_confidence",
    "country": "hometown_confidence",
    "address": "address_confidence",
    "duedate": "due_date_confidence",
    "date": "issue_date_confidence",
    "noicap": "issued_at_confidence",
    "tongiao": "religious_confidence",
    "mrz": "mrz_confidence",
}

# data keys every side carries ("" when missing), by card_type
_FRONT_KEYS = ["id", "name", "born", "sex", "quoctich", "country", "address", "duedate"]
_ADDR_KEYS = [
    f"{p}_{k}"
    for p in ("diachi", "quequan")
    for k in ("tinh", "tinh_name", "huyen", "huyen_name", "phuong", "phuong_name")
]
_BACK_KEYS = ["date", "noicap", "dauvet"]
_MRZ_KEYS = [
    "mrz",
    "document_number",
    "person_number",
    "dob",
    "gender",
    "due_date",
    "nationality",
    "sur_name",
    "given_name",
    "country",
]
KEYS_OF_CARD = {
    "9_id_card_front": _FRONT_KEYS + ["dantoc"] + _ADDR_KEYS,
    "12_id_card_front": _FRONT_KEYS + ["dantoc"] + _ADDR_KEYS,
    "cccd_front": _FRONT_KEYS + _ADDR_KEYS,
    "chip_id_card_front": _FRONT_KEYS + _ADDR_KEYS + ["qr"],
    "id_card_2024_front": ["id", "name", "born", "sex", "quoctich"],
    "9_id_card_back": _BACK_KEYS + ["dantoc", "tongiao"],
    "12_id_card_back": _BACK_KEYS,
    "cccd_back": _BACK_KEYS,
    "chip_id_card_back": _BACK_KEYS + _MRZ_KEYS,
    "id_card_2024_back": ["address", "noidangkykhaisinh", "date", "duedate", "noicap", "qr"]
    + [k for k in _ADDR_KEYS if k.startswith("diachi_")]
    + _MRZ_KEYS,
    "passport": [
        "id",
        "name",
        "surname",
        "given_name",
        "born",
        "sex",
        "nationality",
        "country",
        "duedate",
        "date",
        "noicap",
        "place_of_birth",
        "person_number",
    ]
    + _MRZ_KEYS,
    "mrz_document": ["id", "name", "born", "sex", "nationality", "duedate"] + _MRZ_KEYS,
}


@dataclass
class Field:
    value: object  # str, or list[str] for "mrz"
    confidence: float = 0.0
    box: list[int] | None = None  # [x0, y0, x1, y1] in the uploaded image (after EXIF)
    source: str = "ocr"  # ocr | qr | mrz | derived

    def to_api(self) -> dict:
        return {
            "confidence": round(float(self.confidence), 3),
            "box": [int(v) for v in self.box] if self.box else None,
            "source": self.source,
        }


@dataclass
class Check:
    code: str
    result: str  # pass | fail | skip
    message: str = ""

    def to_api(self) -> dict:
        return {"code": self.code, "result": self.result, "message": self.message}


@dataclass
class SideResult:
    card_type: str
    fields: dict[str, Field] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    valid: bool = True
    invalid_code: str = "0"
    page: int | None = None
    lines: list[str] = field(default_factory=list)  # the text read, for debugging
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return TYPE_OF_CARD.get(self.card_type, "")

    @property
    def side(self) -> str:
        if self.card_type.endswith("_front"):
            return "front"
        if self.card_type.endswith("_back"):
            return "back"
        return "single"

    def value(self, key: str) -> str:
        f = self.fields.get(key)
        if f is None or f.value is None:
            return ""
        return f.value if isinstance(f.value, str) else f.value

    def set(self, key: str, value, confidence=0.0, box=None, source="ocr", overwrite=True):
        if value in (None, "", []):
            return
        if not overwrite and key in self.fields and self.fields[key].value not in ("", None, []):
            return
        self.fields[key] = Field(value, float(confidence), box, source)

    def data(self) -> dict:
        keys = list(KEYS_OF_CARD.get(self.card_type, []))
        for k in self.fields:
            if k not in keys:
                keys.append(k)
        out: dict = {}
        for k in keys:
            f = self.fields.get(k)
            if f is None:
                out[k] = [] if k == "mrz" else ""
            elif isinstance(f.value, list):
                out[k] = list(f.value)
            else:
                out[k] = "" if f.value is None else str(f.value)
        for k, ck in CONFIDENCE_KEYS.items():
            f = self.fields.get(k)
            if f is not None and f.source in ("ocr", "qr", "mrz") and ck not in out:
                out[ck] = round(float(f.confidence), 3)
        return out

    def to_api(self) -> dict:
        out = {
            "type": self.type,
            "card_type": self.card_type,
            "valid": "True" if self.valid else "False",
            "invalidCode": str(self.invalid_code),
            "invalidMessage": INVALID_MESSAGES.get(str(self.invalid_code), ""),
            "data": self.data(),
            "fields": {k: f.to_api() for k, f in self.fields.items()},
            "checks": [c.to_api() for c in self.checks],
        }
        if self.page is not None:
            out["page"] = self.page
        return out
