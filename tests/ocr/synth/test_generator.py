"""Tests of the synthetic document generator (no Django needed)."""

import io
import time
import unicodedata
from datetime import date

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageOps

from ocr.engine.mrz import check_digit
from ocr.synth import (
    CARD_KINDS,
    CARD_TYPES,
    DIFFICULTIES,
    generate_pair,
    generate_sample,
    make_pdf,
    write_y4m_video,
)
from ocr.synth.data import OLD_PROVINCES
from ocr.synth.person import NO_EXPIRY, add_years

FRONTS_12 = ["12_id_card_front", "cccd_front", "chip_id_card_front", "id_card_2024_front"]
MRZ_TYPES = ["chip_id_card_back", "id_card_2024_back", "passport"]
QR_TYPES = ["chip_id_card_front", "id_card_2024_back"]


def _dmy(text: str) -> date:
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


def _open(sample) -> Image.Image:
    return ImageOps.exif_transpose(Image.open(io.BytesIO(sample.image_bytes)))


def test_determinism_same_seed_same_bytes():
    for ct in ("chip_id_card_front", "passport", "9_id_card_back"):
        a = generate_sample(ct, seed=7, difficulty="hard")
        b = generate_sample(ct, seed=7, difficulty="hard")
        assert a.image_bytes == b.image_bytes
        assert a.truth == b.truth
    c = generate_sample("chip_id_card_front", seed=8, difficulty="hard")
    assert c.image_bytes != generate_sample("chip_id_card_front", 7, "hard").image_bytes


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("card_type", CARD_TYPES)
def test_every_type_and_difficulty_decodes(card_type, difficulty):
    s = generate_sample(card_type, seed=3, difficulty=difficulty)
    img = _open(s)
    img.load()
    assert list(img.size) == s.truth["image_size"]
    assert s.truth["card_type"] == card_type
    assert s.truth["type"]
    data = s.truth["data"]
    assert data and all(isinstance(k, str) for k in data)
    w, h = img.size
    for x, y in s.truth["corners"]:
        assert 0 <= x <= w and 0 <= y <= h
    if difficulty == "hard":
        assert sorted(img.size) == [480, 640]
    # the displayed photo equals the decoded file after EXIF orientation
    diff = np.abs(np.asarray(img.convert("RGB"), np.int16) - np.asarray(s.image, np.int16))
    assert diff.mean() < 15  # JPEG loss only; a wrong orientation gives far more


def test_text_values_are_nfc_and_names_upper():
    for ct in CARD_TYPES:
        for seed in range(3):
            data = generate_sample(ct, seed, "easy").truth["data"]
            for k, v in data.items():
                if isinstance(v, str):
                    assert unicodedata.normalize("NFC", v) == v, (ct, k)
            if "name" in data:
                assert data["name"] == data["name"].upper()
            if "sex" in data:
                assert data["sex"] in ("Nam", "Nữ")
            for key in ("born", "date"):
                if key in data:
                    _dmy(data[key])


@pytest.mark.parametrize("card_type", FRONTS_12)
def test_id_number_consistent_with_birth_and_sex(card_type):
    for seed in range(25):
        data = generate_sample(card_type, seed, "easy").truth["data"]
        pid = data["id"]
        assert len(pid) == 12 and pid.isdigit()
        assert int(pid[:3]) in OLD_PROVINCES
        born = _dmy(data["born"])
        century = born.year // 100 - 19
        assert int(pid[3]) == century * 2 + (1 if data["sex"] == "Nữ" else 0)
        assert pid[4:6] == f"{born.year % 100:02d}"


def test_wrong_century_defect_breaks_the_id():
    data = generate_sample("cccd_front", 4, "easy", defect="wrong_century").truth["data"]
    born = _dmy(data["born"])
    expected = (born.year // 100 - 19) * 2 + (1 if data["sex"] == "Nữ" else 0)
    assert int(data["id"][3]) != expected


@pytest.mark.parametrize("card_type", ["cccd_front", "chip_id_card_front", "id_card_2024_back"])
def test_expiry_follows_the_age_rules(card_type):
    for seed in range(30):
        s = generate_sample(card_type, seed, "easy")
        data = s.truth["data"]
        due = data["duedate"]
        if card_type == "id_card_2024_back":
            born = _dmy(
                s.truth["data"]["qr"].split("|")[3][:2]
                + "/"
                + s.truth["data"]["qr"].split("|")[3][2:4]
                + "/"
                + s.truth["data"]["qr"].split("|")[3][4:]
            )
            milestones = (14, 25, 40, 60)
        else:
            born = _dmy(data["born"])
            milestones = (25, 40, 60)
        if due == NO_EXPIRY:
            continue
        assert any(_dmy(due) == add_years(born, m) for m in milestones), (seed, due, born)
        assert _dmy(due) > date(2026, 11, 1)


def test_expired_defect():
    for ct in ("cccd_front", "chip_id_card_front", "id_card_2024_back", "passport"):
        s = generate_sample(ct, 2, "easy", defect="expired")
        assert _dmy(s.truth["data"]["duedate"]) < date(2026, 11, 1)
        assert s.truth["expected_invalid_code"] == "7"
    # a 9-digit CMND prints no expiry: 15 years after its issue date (on the back)
    back = generate_sample("9_id_card_back", 2, "easy", defect="expired").truth
    assert "duedate" not in back["data"]
    assert _dmy(back["expiry"]) < date(2026, 11, 1)
    assert _dmy(back["expiry"]) == add_years(_dmy(back["data"]["date"]), 15)
    with pytest.raises(ValueError):
        generate_sample("12_id_card_front", 2, "easy", defect="expired")


def test_valid_samples_are_not_expired():
    for ct in CARD_TYPES:
        for seed in range(5):
            t = generate_sample(ct, seed, "easy").truth
            assert t["expected_invalid_code"] == "0"
            assert t["expiry"] == NO_EXPIRY or _dmy(t["expiry"]) > date(2026, 11, 1)


def _mrz_ok(lines):
    if len(lines) == 3:
        l1, l2, _ = lines
        assert len(l1) == len(l2) == 30
        assert l1.startswith("IDVNM")
        pairs = [
            (l1[5:14], l1[14]),
            (l2[0:6], l2[6]),
            (l2[8:14], l2[14]),
            (l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
        ]
    else:
        l1, l2 = lines
        assert len(l1) == len(l2) == 44
        assert l1.startswith("P<VNM")
        pairs = [
            (l2[0:9], l2[9]),
            (l2[13:19], l2[19]),
            (l2[21:27], l2[27]),
            (l2[28:42], l2[42]),
            (l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
        ]
    return all(check_digit(text) == cd for text, cd in pairs)


@pytest.mark.parametrize("card_type", MRZ_TYPES)
def test_mrz_check_digits(card_type):
    for seed in range(10):
        data = generate_sample(card_type, seed, "easy").truth["data"]
        assert _mrz_ok(data["mrz"])
        flags = [v for k, v in data.items() if k.endswith("_checksum_validate")]
        assert flags and all(f == "True" for f in flags)
        assert data["person_number"] in "".join(data["mrz"])
    bad = generate_sample(card_type, 1, "easy", defect="bad_checksum").truth["data"]
    assert not _mrz_ok(bad["mrz"])
    assert "False" in [v for k, v in bad.items() if k.endswith("_checksum_validate")]


@pytest.mark.parametrize("card_type", QR_TYPES)
def test_qr_decodes_to_payload(card_type):
    for seed in range(4):
        s = generate_sample(card_type, seed, "easy")
        found = zxingcpp.read_barcodes(np.asarray(s.document.convert("L")))
        assert [r.text for r in found] == [s.truth["data"]["qr"]]
        parts = s.truth["data"]["qr"].split("|")
        assert len(parts) == 7 and len(parts[0]) == 12


def test_truth_matches_the_engine_mrz_parser():
    from ocr.engine.mrz import mrz_to_api_fields, parse_mrz

    for ct in MRZ_TYPES:
        for seed in range(6):
            data = generate_sample(ct, seed, "easy").truth["data"]
            parsed = mrz_to_api_fields(parse_mrz(data["mrz"]))
            for key in (
                "document_number",
                "person_number",
                "dob",
                "due_date",
                "gender",
                "sur_name",
                "country",
            ):
                assert parsed[key] == data[key], (ct, seed, key)
            for key, value in data.items():
                if key.endswith("_checksum") or key.endswith("_checksum_validate"):
                    assert parsed[key] == value, (ct, seed, key)


def test_defects_only_where_they_apply_and_show():
    with pytest.raises(ValueError):
        generate_sample("cccd_back", 1, "easy", defect="bad_checksum")
    with pytest.raises(ValueError):
        generate_sample("9_id_card_front", 1, "easy", defect="wrong_century")
    front, back = generate_pair("chip", 3, "easy", defect="bad_checksum")
    assert front.truth["expected_invalid_code"] == "0"  # the MRZ is on the back
    assert back.truth["expected_invalid_code"] == "4"
    front, back = generate_pair("cc2024", 3, "easy", defect="qr_mismatch")
    qr = back.truth["data"]["qr"].split("|")
    assert qr[6] != back.truth["data"]["date"].replace("/", "")
    assert front.truth["expected_invalid_code"] == "0"
    assert back.truth["expected_invalid_code"] is None  # no invalidCode of its own


def test_qr_mismatch_defect():
    s = generate_sample("chip_id_card_front", 5, "easy", defect="qr_mismatch")
    qr = s.truth["data"]["qr"].split("|")
    assert qr[3] != s.truth["data"]["born"].replace("/", "")


@pytest.mark.parametrize("kind", list(CARD_KINDS))
def test_pair_is_one_card(kind):
    front, back = generate_pair(kind, 11, "medium")
    f, b = front.truth["data"], back.truth["data"]
    assert front.truth["card_type"].endswith("front") and back.truth["card_type"].endswith("back")
    if "mrz" in b:
        assert b["person_number"] == f["id"]
        assert b["dob"] == f["born"]
    if kind == "chip":
        assert f["qr"].split("|")[0] == f["id"]
        assert f["duedate"] == (b["due_date"] or NO_EXPIRY)
        assert b["gender"] == {"Nam": "M", "Nữ": "F"}[f["sex"]]
    if kind == "cc2024":
        assert b["qr"].split("|")[0] == f["id"]
        assert b["qr"].split("|")[2] == f["name"]


def test_mismatched_sides():
    front, back = generate_pair("chip", 11, "easy", defect="mismatched_sides")
    assert back.truth["data"]["person_number"] != front.truth["data"]["id"]
    assert front.truth["defect"] == back.truth["defect"] == "mismatched_sides"


def test_pdf_of_samples():
    import pypdfium2

    samples = [generate_sample(ct, 1, "easy") for ct in ("cccd_front", "cccd_back", "passport")]
    pdf = make_pdf(samples)
    assert pdf.startswith(b"%PDF")
    assert len(pypdfium2.PdfDocument(pdf)) == 3


def test_y4m_video(tmp_path):
    s = generate_sample("chip_id_card_front", 1, "easy")
    path = tmp_path / "card.y4m"
    write_y4m_video(path, s.document, seconds=1, fps=5, size=(320, 240))
    raw = path.read_bytes()
    header, rest = raw.split(b"\n", 1)
    assert header.startswith(b"YUV4MPEG2 W320 H240 F5:1")
    frame = len(b"FRAME\n") + 320 * 240 * 3 // 2
    assert len(rest) == 5 * frame


def test_generation_is_fast():
    generate_sample("cccd_front", 0, "medium")  # warm up fonts
    t = time.perf_counter()
    n = 0
    for ct in CARD_TYPES:
        generate_sample(ct, 100, "medium")
        n += 1
    assert (time.perf_counter() - t) / n < 1.0


@pytest.mark.parametrize("defect", ["screen", "photocopy", "corner_cut", "partly_outside"])
def test_photo_defects(defect):
    for ct in ("cccd_front", "passport"):
        s = generate_sample(ct, 5, "medium", defect=defect)
        clean = generate_sample(ct, 5, "medium")
        assert s.truth["data"] == clean.truth["data"]  # the same card, photographed badly
        assert s.truth["expected_invalid_code"] in ("1", "2", "5", "6")
        img = _open(s)
        w, h = img.size
        outside = any(not (0 <= x <= w and 0 <= y <= h) for x, y in s.truth["corners"])
        assert outside == (defect == "partly_outside")
        if defect == "photocopy":
            arr = np.asarray(img.convert("RGB"), np.int16)
            assert np.abs(arr[..., 0] - arr[..., 2]).mean() < 8  # grey


def test_cli_writes_images_and_truth(tmp_path):
    import json

    from ocr.synth.__main__ import main

    assert (
        main(
            [
                "--out",
                str(tmp_path),
                "--per-type",
                "1",
                "--seed",
                "3",
                "--difficulty",
                "hard",
                "--types",
                "cccd_front,passport",
            ]
        )
        == 0
    )
    truth = json.loads((tmp_path / "truth.json").read_text("utf-8"))
    assert len(truth) == 2
    for name, t in truth.items():
        assert (tmp_path / name).exists()
        assert t["card_type"] in ("cccd_front", "passport")


def test_printed_text_stays_on_the_document(monkeypatch):
    import ocr.synth.render as render

    outside = []
    original = render.Canvas.text

    def text(self, xy, value, fnt, fill, anchor="la"):
        box = original(self, xy, value, fnt, fill, anchor)
        w, h = self.img.size
        if not self.dry and (box[0] < 0 or box[1] < 0 or box[2] > w or box[3] > h):
            outside.append((value, box))
        return box

    monkeypatch.setattr(render.Canvas, "text", text)
    for ct in CARD_TYPES:
        for seed in range(8):
            generate_sample(ct, seed, "easy")
    assert outside == []
