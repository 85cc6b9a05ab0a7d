"""Real MRZ specimens read through the whole engine (extract_side), not only read_mrz.

The specimens live in ../shared/realdata/mrz-specimens beside the project (read in place,
never copied).
"""

import json
from pathlib import Path

import pytest

from ocr.engine import extract_side

SPECIMENS = Path(__file__).resolve().parents[3].parent / "shared" / "realdata" / "mrz-specimens"
_TRUTH = json.loads((SPECIMENS / "truth.json").read_text())

WRONG_CHECK_DIGITS = ["0_id-esp.png", "33_id-usa.jpg", "77_card-cmw.png"]


@pytest.fixture(scope="module")
def results():
    return {}


def _api(name, results):
    if name not in results:
        results[name] = extract_side((SPECIMENS / name).read_bytes()).to_api()
    return results[name]


@pytest.mark.parametrize("name", sorted(_TRUTH))
def test_engine_reads_specimen_mrz(name, results):
    out = _api(name, results)
    assert out["data"]["mrz"] == _TRUTH[name]["lines"]
    assert out["card_type"] in ("mrz_document", "passport")


@pytest.mark.parametrize("name", WRONG_CHECK_DIGITS)
def test_engine_reports_wrong_printed_check_digits(name, results):
    out = _api(name, results)
    assert out["data"]["mrz"] == _TRUTH[name]["lines"]
    assert out["valid"] == "False"
    assert out["invalidCode"] == "4"
