"""Every card type and side read from generated photos, fields asserted against the truth;
defective documents flagged; PDFs page by page; the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from ocr.engine import ENGINE_VERSION, extract_file, extract_side

# the fields each side must get exactly right on an easy photo
KEY_FIELDS = {
    "9_id_card_front": ["id", "name", "born"],
    "9_id_card_back": ["date", "noicap", "dantoc"],
    "12_id_card_front": ["id", "name", "born", "sex"],
    "12_id_card_back": ["date", "noicap"],
    "cccd_front": ["id", "name", "born", "sex", "quoctich"],
    "cccd_back": ["date", "noicap"],
    "chip_id_card_front": ["id", "name", "born", "sex", "qr"],
    "chip_id_card_back": ["date", "noicap", "mrz", "person_number", "dob"],
    "id_card_2024_front": ["id", "name", "born", "sex"],
    "id_card_2024_back": ["date", "noicap", "qr", "mrz"],
    "passport": ["id", "born", "mrz", "document_number", "dob"],
}
SEEDS = {ct: 11 for ct in KEY_FIELDS}


def _nfc(v):
    return unicodedata.normalize("NFC", v) if isinstance(v, str) else v


@pytest.mark.parametrize("card_type", sorted(KEY_FIELDS))
def test_reads_each_card_type_and_side(synth, ref_date, card_type):
    s = synth.generate_sample(card_type, SEEDS[card_type], "easy")
    r = extract_side(s.image_bytes, today=ref_date)
    api = r.to_api()
    assert api["card_type"] == s.truth["card_type"]
    assert api["type"] == s.truth["type"]
    truth = s.truth["data"]
    wrong = {
        k: (truth[k], api["data"].get(k))
        for k in KEY_FIELDS[card_type]
        if k in truth and _nfc(truth[k]) != _nfc(api["data"].get(k))
    }
    assert not wrong, wrong
    # every field read has a confidence, a box inside the image and a source
    w, h = s.truth["image_size"]
    for k, f in api["fields"].items():
        assert f["source"] in ("ocr", "qr", "mrz", "derived"), k
        assert 0.0 <= f["confidence"] <= 1.0, k
        if f["box"]:
            x0, y0, x1, y1 = f["box"]
            assert 0 <= x0 <= x1 <= w and 0 <= y0 <= y1 <= h, (k, f["box"])


@pytest.mark.parametrize(
    "card_type,defect,code",
    [
        ("chip_id_card_front", "wrong_century", "3"),
        ("chip_id_card_front", "qr_mismatch", "3"),
        ("chip_id_card_back", "bad_checksum", "4"),
        ("cccd_front", "expired", "7"),
    ],
)
def test_defective_documents_are_flagged(synth, ref_date, card_type, defect, code):
    s = synth.generate_sample(card_type, 5, "easy", defect=defect)
    r = extract_side(s.image_bytes, today=ref_date)
    api = r.to_api()
    assert api["valid"] == "False", api["checks"]
    assert api["invalidCode"] == code, api["checks"]
    assert api["invalidMessage"]
    assert any(c["result"] == "fail" for c in api["checks"])


def test_consistent_document_is_valid(synth, ref_date):
    s = synth.generate_sample("chip_id_card_front", 5, "easy")
    api = extract_side(s.image_bytes, today=ref_date).to_api()
    assert api["valid"] == "True", api["checks"]
    codes = {c["code"]: c["result"] for c in api["checks"]}
    assert codes["id_matches_birth_year"] == "pass"
    assert codes["qr_matches_text"] == "pass"


def test_pdf_pages_hold_front_and_back(synth, ref_date):
    front, back = synth.generate_pair("chip", 11, "easy")
    pdf = synth.make_pdf([front, back])
    results = extract_file(pdf, today=ref_date)
    assert [r.page for r in results] == [1, 2]
    assert [r.card_type for r in results] == ["chip_id_card_front", "chip_id_card_back"]
    assert results[0].to_api()["page"] == 1


def test_cli_prints_json(synth, tmp_path):
    s = synth.generate_sample("cccd_back", 11, "easy")
    p = tmp_path / f"card.{s.ext}"
    p.write_bytes(s.image_bytes)
    out = subprocess.run(
        [sys.executable, "-m", "ocr.engine", str(p)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    doc = json.loads(out.stdout)
    assert doc["engine"] == ENGINE_VERSION
    assert doc["results"][0]["card_type"] == "cccd_back"


def test_one_page_with_front_and_back_side_by_side(synth, ref_date):
    from PIL import Image

    front, back = synth.generate_pair("cccd", 21, "easy")
    a, b = front.document.convert("RGB"), back.document.convert("RGB")
    page = Image.new("RGB", (max(a.width, b.width) + 80, a.height + b.height + 300), "white")
    page.paste(a, (40, 40))
    page.paste(b, (40, a.height + 220))
    results = extract_file(synth.make_pdf([page]), today=ref_date)
    assert [(r.page, r.card_type) for r in results] == [(1, "cccd_front"), (1, "cccd_back")]
    assert results[0].value("id") == front.truth["data"]["id"]
    # boxes are in the page's pixels: the back's fields lie below the front's
    assert results[1].fields["date"].box[1] > results[0].fields["id"].box[3]


def test_foreign_icao_card_is_an_mrz_document():
    from pathlib import Path

    spec = Path(__file__).resolve().parents[3].parent / "shared" / "realdata" / "mrz-specimens"
    path = spec / "100_id-che.jpg"
    if not path.exists():
        pytest.skip("shared/realdata not present")
    truth = json.loads((spec / "truth.json").read_text())["100_id-che.jpg"]
    api = extract_side(path.read_bytes()).to_api()
    assert api["card_type"] == "mrz_document"
    assert api["type"] == "passport"
    assert api["data"]["mrz"] == truth["lines"]
    assert api["data"]["country"] == "CHE"
