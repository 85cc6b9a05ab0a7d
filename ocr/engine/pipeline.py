"""extract_side / extract_file: the engine's entry points."""

from __future__ import annotations

import datetime as dt
import re
import time

import numpy as np

from . import checks as ck
from . import fields as fx
from . import normalize as nz
from .address import address_fields
from .decode import MAX_BYTES, MAX_PAGES, MAX_PIXELS, Page, decode_any, decode_image
from .errors import NoDocumentFound
from .layout import Document, norm_text, read_document
from .qr import decode_qr, parse_cccd_qr
from .types import SideResult

NO_EXPIRY = "Không thời hạn"


def _scale_box(box, scale: float):
    if not box:
        return None
    return [int(round(v * scale)) for v in box]


# ------------------------------------------------------------------ MRZ


def _mrz_rows(doc: Document) -> list[int]:
    idx = []
    for i, r in enumerate(doc.rows):
        t = r.text.replace(" ", "")
        if t.count("<") >= 2 or (len(t) >= 25 and re.fullmatch(r"[A-Z0-9<«]+", t or "-")):
            idx.append(i)
    return idx


def _read_mrz(doc: Document, page: Page):
    """MRZ result (ocr.engine.mrz.MRZResult) or None."""
    rows = _mrz_rows(doc)
    if not rows:
        return None, None
    box = None
    obs = [b.obox for i in rows for b in doc.rows[i].boxes]
    if obs:
        box = [
            min(b[0] for b in obs),
            min(b[1] for b in obs),
            max(b[2] for b in obs),
            max(b[3] for b in obs),
        ]
    try:
        from .mrz import read_mrz
    except ImportError:  # pragma: no cover
        read_mrz = None
    result = None
    if read_mrz is not None:
        try:
            # give the reader the MRZ region (with a margin) of the page image
            s = page.scale
            h, w = page.image.shape[:2]
            x0, y0, x1, y1 = [v / s for v in box]
            mx, my = 0.1 * (x1 - x0), 0.6 * (y1 - y0)
            sub = page.image[
                int(max(0, y0 - my)) : int(min(h, y1 + my)),
                int(max(0, x0 - mx)) : int(min(w, x1 + mx)),
            ]
            result = read_mrz(sub)
            if result is None:
                result = read_mrz(page.image)
        except Exception:  # noqa: BLE001 - a reader fault must not fail the whole side
            result = None
    if result is None:
        result = _mrz_from_rows(doc, rows)
    return result, box


def _mrz_from_rows(doc: Document, rows: list[int]):
    from . import recognizer as rz

    try:
        from .mrz import parse_mrz
    except ImportError:  # pragma: no cover
        return None
    lines = []
    for i in rows:
        parts = []
        for b in doc.rows[i].boxes:
            if b.crop is not None:
                parts.append(rz.read_line(b.crop, "mrz").text.replace(" ", ""))
        t = "".join(parts)
        if len(t) >= 20:
            lines.append(t)
    if not lines:
        return None
    n = len(lines)
    width = 30 if n >= 3 else (44 if max(len(x) for x in lines) > 40 else 36)
    lines = [(x + "<" * width)[:width] for x in lines[-3:] if x]
    try:
        return parse_mrz(lines)
    except Exception:  # noqa: BLE001
        return None


def _apply_mrz(r: SideResult, result, box) -> None:
    from .mrz import mrz_to_api_fields

    data = mrz_to_api_fields(result)
    conf = result.confidence if result.confidence is not None else 0.9
    for k, v in data.items():
        if k in ("mrz_confidence",):
            continue
        if k == "gender":
            v = {"M": "Nam", "F": "Nữ"}.get(v, v)
        if k == "mrz":
            r.set(k, list(v), conf, box, "mrz")
        else:
            r.set(k, "" if v is None else str(v), conf, box, "mrz")


# ------------------------------------------------------------------ field reading


def _val(r: SideResult, key: str, v, conf=None, source="ocr", overwrite=True):
    if v is None:
        return
    r.set(
        key,
        v.text if hasattr(v, "text") else v,
        conf if conf is not None else v.conf,
        v.box,
        source,
        overwrite,
    )


def _read_id(r: SideResult, infos, want=(12, 9)):
    # labelled first
    for info in infos:
        for m in info.labels:
            if m.field == "id":
                toks = fx._after_label(info, m)
                t = fx._join(toks)
                pid = nz.find_id(t, want)
                if pid:
                    r.set("id", pid, fx._conf(toks), fx._box_of(toks), "ocr")
                    return
    for info in infos:
        for tok in info.toks:
            pid = nz.find_id(tok.text, want)
            if pid:
                r.set("id", pid, tok.box.conf, tok.box.obox, "ocr")
                return
    for info in infos:
        t = " ".join(tk.text for tk in info.toks)
        pid = nz.find_id(t, want)
        if pid:
            r.set("id", pid, fx._conf(info.toks), fx._box_of(info.toks), "ocr")
            return


def _upperish(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _read_name(r: SideResult, infos):
    v = fx.find_field(infos, "name", max_follow=2, accept=lambda s: _upperish(s) and len(s) >= 4)
    if v:
        name = nz.clean_name(v.text)
        if len(name) >= 3:
            r.set("name", name, v.conf, v.box)


def _read_date_field(r: SideResult, infos, field: str, key: str, allow_no_expiry=False):
    def ok(s: str) -> bool:
        if nz.parse_date(s):
            return True
        return allow_no_expiry and "thoi han" in norm_text(s)

    v = fx.find_field(infos, field, max_follow=3, accept=ok, skip_fields=(field,))
    if v:
        d = nz.parse_date(v.text)
        if not d and allow_no_expiry and "thoi han" in norm_text(v.text):
            d = NO_EXPIRY
        if d:
            r.set(key, d, v.conf, v.box)


def _read_simple(r: SideResult, infos, field: str, key: str | None = None, clean=nz.clean_text):
    v = fx.find_field(infos, field, max_follow=1)
    if v:
        t = clean(v.text)
        if t:
            r.set(key or field, t, v.conf, v.box)


def _read_multiline(r: SideResult, infos, field: str, key: str | None = None, max_follow=2):
    v = fx.find_field(infos, field, max_follow=max_follow, follow_when_found=True)
    if v:
        t = nz.clean_text(v.text)
        t = re.sub(r"\s*,\s*,", ",", t)
        if t:
            r.set(key or field, t, v.conf, v.box)


def _fix_quoctich(s: str) -> str:
    n = norm_text(s)
    if "viet" in n or "nam" in n:
        return "Việt Nam"
    return nz.clean_text(s)


def _fix_sex_value(s: str) -> str:
    return nz.parse_sex(s)


def read_front(r: SideResult, doc: Document, infos) -> None:
    want = (9, 12) if r.card_type == "9_id_card_front" else (12, 9)
    _read_id(r, infos, want)
    _read_name(r, infos)
    _read_date_field(r, infos, "born", "born")
    v = fx.find_field(infos, "sex", max_follow=1, accept=lambda s: bool(nz.parse_sex(s)))
    if v and nz.parse_sex(v.text):
        r.set("sex", nz.parse_sex(v.text), v.conf, v.box)
    v = fx.find_field(infos, "quoctich", max_follow=1)
    if v:
        r.set("quoctich", _fix_quoctich(v.text), v.conf, v.box)
    if r.card_type in ("9_id_card_front", "12_id_card_front"):
        _read_simple(r, infos, "dantoc")
    if r.card_type != "id_card_2024_front":
        _read_multiline(r, infos, "country")
        _read_multiline(r, infos, "address")
        _read_date_field(r, infos, "duedate", "duedate", allow_no_expiry=True)
    if r.card_type == "id_card_2024_front":
        for k in ("country", "address"):
            r.fields.pop(k, None)


def _noicap_rows(doc: Document) -> tuple[str, list[int] | None, float]:
    rows = doc.rows
    for i, row in enumerate(rows):
        n = norm_text(row.text)
        if "cuc truong" in n or re.search(r"\bcuc (canh sat|quan ly)", n):
            parts = [row]
            j = i + 1
            while j < len(rows) and len(parts) < 3:
                nn = norm_text(rows[j].text)
                if _upperish(rows[j].text) and not re.search(r"\d", rows[j].text) and len(nn) > 3:
                    parts.append(rows[j])
                    j += 1
                else:
                    break
            text = " ".join(p.text for p in parts)
            text = re.sub(r"^.*?(C[ỤU]C\s+TR)", r"\1", text)
            boxes = [b.obox for p in parts for b in p.boxes]
            box = [
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            ]
            return (
                nz.clean_text(text).upper(),
                box,
                sum(b.conf for p in parts for b in p.boxes)
                / max(1, sum(len(p.boxes) for p in parts)),
            )
        m = re.search(r"\bgiam doc\b", n)
        if m or re.search(r"\bca (tinh|thanh pho|tp)\b", n):
            # "GIÁM ĐỐC CA TỈNH X" -> "CA TỈNH X"
            t = row.text
            t2 = re.sub(r"^.*?\bC\s*A\b", "CA", t, flags=re.S)
            t2 = nz.clean_text(t2).upper()
            if len(norm_text(t2)) < 8 and i + 1 < len(rows):
                t2 = (t2 + " " + nz.clean_text(rows[i + 1].text).upper()).strip()
            return t2, row.boxes[0].obox, row.boxes[0].conf
        if "bo cong an" in n:
            b = row.boxes[0]
            return "BỘ CÔNG AN", b.obox, b.conf
    return "", None, 0.0


def read_back(r: SideResult, doc: Document, infos) -> None:
    ct = r.card_type
    # issue date: the "Ngày, tháng, năm" label, else a "Ngày .. tháng .. năm .." line
    v = fx.find_field(
        infos, "date", max_follow=2, accept=lambda s: bool(nz.parse_date(s)), skip_fields=("date",)
    )
    if v and nz.parse_date(v.text):
        r.set("date", nz.parse_date(v.text), v.conf, v.box)
    else:
        for info in infos:
            t = " ".join(tk.text for tk in info.toks)
            if "ngay" in norm_text(t) and "sinh" not in norm_text(t):
                d = nz.parse_date(t)
                if d:
                    r.set("date", d, fx._conf(info.toks), fx._box_of(info.toks))
                    break
    if ct == "id_card_2024_back":
        _read_multiline(r, infos, "address")
        _read_multiline(r, infos, "noidangkykhaisinh", max_follow=1)
        _read_date_field(r, infos, "duedate", "duedate", allow_no_expiry=True)
    else:
        v = fx.find_field(infos, "dauvet", max_follow=2, follow_when_found=True)
        if v:
            r.set("dauvet", nz.clean_text(v.text), v.conf, v.box)
    if ct == "9_id_card_back":
        _read_simple(r, infos, "dantoc")
        _read_simple(r, infos, "tongiao")
    text, box, conf = _noicap_rows(doc)
    if text:
        r.set("noicap", text, conf, box)
    elif ct == "id_card_2024_back":
        _read_simple(r, infos, "noicap")


def read_passport(r: SideResult, doc: Document, infos) -> None:
    _read_name(r, infos)
    _read_date_field(r, infos, "born", "born")
    _read_date_field(r, infos, "duedate", "duedate")
    _read_date_field(r, infos, "date", "date")


# ------------------------------------------------------------------ main


def _apply_qr(r: SideResult, qr_text: str, qr_box) -> dict:
    if not qr_text:
        return {}
    r.set("qr", qr_text, 1.0, qr_box, "qr")
    return parse_cccd_qr(qr_text)


def _addresses(r: SideResult) -> None:
    for key, prefix in (("address", "diachi"), ("country", "quequan")):
        v = r.value(key)
        if not v:
            continue
        src_box = r.fields[key].box
        for k, val in address_fields(prefix, v).items():
            if val:
                r.set(k, val, r.fields[key].confidence, src_box, "derived")


def process_page(
    page: Page, *, expected_side: str | None = None, today: dt.date | None = None
) -> SideResult:
    t0 = time.perf_counter()
    doc = read_document(page)
    t1 = time.perf_counter()
    qr_text, qr_box = decode_qr(page.image)
    qr_box = _scale_box(qr_box, page.scale)
    t2 = time.perf_counter()
    mrz_result, mrz_box = _read_mrz(doc, page)
    t3 = time.perf_counter()
    if not doc.rows and not qr_text and mrz_result is None:
        raise NoDocumentFound("no text found")
    infos = fx.analyse(doc)
    mrz_kind = None
    if mrz_result is not None:
        code = (mrz_result.document_code or "").upper()
        mrz_kind = "P" if code.startswith("P") else (code or "I")
    card_type = fx.classify(doc, infos, has_qr=bool(qr_text), mrz_kind=mrz_kind)
    if not card_type:
        raise NoDocumentFound("no supported document recognised")
    r = SideResult(card_type=card_type, page=page.page)
    r.lines = [row.text for row in doc.rows]
    qr = _apply_qr(r, qr_text, qr_box)
    if card_type.endswith("_front"):
        read_front(r, doc, infos)
    elif card_type.endswith("_back"):
        read_back(r, doc, infos)
    else:
        read_passport(r, doc, infos)
    if mrz_result is not None:
        _apply_mrz(r, mrz_result, mrz_box)
        if card_type in ("passport", "mrz_document"):
            _fill_from_mrz(r, mrz_result)
    # QR fills what the print did not give (and is compared with it below)
    if qr:
        for k in ("id", "name", "born", "sex", "address"):
            if k == "address" and card_type not in ("chip_id_card_front", "id_card_2024_back"):
                continue
            if k in ("id", "name", "born", "sex") and not card_type.endswith("_front"):
                continue
            if not r.value(k) and qr.get(k):
                r.set(k, qr[k], 0.99, qr_box, "qr")
    _addresses(r)
    today = today or dt.date.today()
    r.checks += ck.id_checks(r)
    r.checks += ck.qr_checks(r, qr)
    r.checks += ck.mrz_checks(r)
    r.checks += ck.expiry_checks(r, today)
    ck.decide_validity(r)
    r.timings = {
        "read": t1 - t0,
        "qr": t2 - t1,
        "mrz": t3 - t2,
        "total": time.perf_counter() - t0,
        **{f"read_{k}": v for k, v in doc.timings.items()},
    }
    return r


def _fill_from_mrz(r: SideResult, m) -> None:
    from .mrz import mrz_to_api_fields

    d = mrz_to_api_fields(m)
    box = r.fields["mrz"].box if "mrz" in r.fields else None
    conf = m.confidence if m.confidence is not None else 0.9
    pairs = {
        "id": d.get("document_number"),
        "born": d.get("dob"),
        "sex": {"M": "Nam", "F": "Nữ"}.get(d.get("gender", ""), ""),
        "nationality": d.get("nationality"),
        "duedate": d.get("due_date"),
        "surname": d.get("sur_name"),
        "given_name": d.get("given_name"),
        "person_number": d.get("person_number"),
    }
    for k, v in pairs.items():
        if v and not r.value(k):
            r.set(k, v, conf, box, "mrz")
    if not r.value("name") and (d.get("sur_name") or d.get("given_name")):
        r.set(
            "name", f"{d.get('sur_name', '')} {d.get('given_name', '')}".strip(), conf, box, "mrz"
        )
    if r.value("country") == "" and d.get("country"):
        r.set("country", d["country"], conf, box, "mrz")


def extract_side(
    data: bytes,
    *,
    expected_side: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    today: dt.date | None = None,
) -> SideResult:
    """Read one image (any supported document, any side)."""
    page = decode_image(data, max_bytes=max_bytes, max_pixels=max_pixels)
    return process_page(page, expected_side=expected_side, today=today)


def extract_file(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = MAX_PAGES,
    today: dt.date | None = None,
) -> list[SideResult]:
    """Read an image or every page of a PDF; each SideResult has its `page` set (1-based)."""
    pages = decode_any(data, max_bytes=max_bytes, max_pixels=max_pixels, max_pages=max_pages)
    out = []
    for i, page in enumerate(pages, start=1):
        if page.page is None:
            page.page = i
        try:
            r = process_page(page, today=today)
        except NoDocumentFound:
            continue
        r.page = page.page
        out.append(r)
    if not out:
        raise NoDocumentFound("no supported document in the file")
    return out


__all__ = ["extract_side", "extract_file", "process_page", "np"]
