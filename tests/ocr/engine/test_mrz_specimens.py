"""Reading real MRZ specimens from images: every line must be read exactly.

The specimens live in ../shared/realdata/mrz-specimens beside the project (read in place,
never copied).
"""

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.engine.mrz import parse_mrz, read_mrz

SPECIMENS = Path(__file__).resolve().parents[3].parent / "shared" / "realdata" / "mrz-specimens"
# The specimens sit beside the project (../shared/realdata), as in CI: required.
_TRUTH = json.loads((SPECIMENS / "truth.json").read_text())

READABLE = sorted(name for name, truth in _TRUTH.items() if truth.get("readable", True))


@pytest.mark.parametrize("name", READABLE)
def test_specimen_read_exactly(name):
    truth = _TRUTH[name]
    image = cv2.imread(str(SPECIMENS / name))
    result = read_mrz(image)
    assert result is not None, "no MRZ found"
    assert result.lines == truth["lines"]
    assert result.format == truth["format"]
    # checks are reported as printed, never forced
    expected = parse_mrz(truth["lines"])
    assert result.failed_checks == expected.failed_checks


@pytest.mark.parametrize("name", READABLE)
def test_specimen_turned_90_degrees(name):
    truth = _TRUTH[name]
    image = cv2.rotate(cv2.imread(str(SPECIMENS / name)), cv2.ROTATE_90_CLOCKWISE)
    result = read_mrz(image)
    assert result is not None and result.lines == truth["lines"]


@pytest.mark.parametrize("name", ["0_id-esp.png", "33_id-usa.jpg", "77_card-cmw.png"])
def test_wrong_printed_check_digits_are_reported(name):
    result = read_mrz(cv2.imread(str(SPECIMENS / name)))
    assert result is not None
    assert result.lines == _TRUTH[name]["lines"]  # text unchanged
    assert not result.valid


@pytest.mark.parametrize(
    "rotation", [cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE]
)
def test_rotated_photo(rotation):
    name = "100_pass-cze.jpg"
    image = cv2.rotate(cv2.imread(str(SPECIMENS / name)), rotation)
    result = read_mrz(image)
    assert result is not None and result.lines == _TRUTH[name]["lines"]


@pytest.mark.parametrize("angle", [-25, -12, 8, 20])
def test_skewed_photo(angle):
    name = "100_pass-uto.jpg"
    image = cv2.imread(str(SPECIMENS / name))
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    big = (int(w * 1.4), int(h * 1.4))
    m[0, 2] += (big[0] - w) / 2
    m[1, 2] += (big[1] - h) / 2
    rotated = cv2.warpAffine(image, m, big, borderValue=(255, 255, 255))
    result = read_mrz(rotated)
    assert result is not None and result.lines == _TRUTH[name]["lines"]


def test_downscaled_and_blurred():
    name = "passport-td3.jpg"
    image = cv2.imread(str(SPECIMENS / name))
    small = cv2.resize(image, None, fx=0.35, fy=0.35, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0)
    result = read_mrz(small)
    assert result is not None and result.lines == _TRUTH[name]["lines"]


def test_pil_and_gray_inputs():
    from PIL import Image

    name = "100_pass-ltu.jpg"
    bgr = cv2.imread(str(SPECIMENS / name))
    pil = Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    assert read_mrz(pil).lines == _TRUTH[name]["lines"]
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    assert read_mrz(gray).lines == _TRUTH[name]["lines"]


def test_hints_from_the_caller_keep_the_reading():
    """The engine tells the reader where the MRZ is, how many lines it has and which way
    its text runs: the same lines are read, one group one way up."""
    name = "100_pass-cze.jpg"
    image = cv2.imread(str(SPECIMENS / name))
    h, w = image.shape[:2]
    whole = (0, 0, w, h)
    assert read_mrz(image, region=whole, text_angle=0.0, n_lines=2).lines == _TRUTH[name]["lines"]
    # turned upside down, the text runs right to left in the image (angle pi)
    turned = cv2.rotate(image, cv2.ROTATE_180)
    got = read_mrz(turned, region=whole, text_angle=np.pi, n_lines=2)
    assert got is not None and got.lines == _TRUTH[name]["lines"]


def test_no_mrz_where_the_caller_says_it_is():
    name = "100_pass-cze.jpg"
    image = cv2.imread(str(SPECIMENS / name))
    h, w = image.shape[:2]
    assert read_mrz(image, region=(0, 0, w, h // 4)) is None  # the top quarter: no MRZ


def test_no_mrz():
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 255, (300, 400), dtype=np.uint8)
    assert read_mrz(noise) is None
    assert read_mrz(np.full((200, 200, 3), 255, dtype=np.uint8)) is None
