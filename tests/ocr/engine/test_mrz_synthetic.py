"""Reading MRZs rendered in OCR-B: a Vietnamese CCCD (TD1) and a passport (TD3)."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engine.mrz import check_digit, mrz_to_api_fields, read_mrz

FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"


def _cccd_lines(expiry: str = "430215"):
    pid = "079203001234"
    doc = pid[3:]
    l1 = "IDVNM" + doc + check_digit(doc) + pid + "<<" + "2"
    l2 = "030215" + check_digit("030215") + "F" + expiry + check_digit(expiry) + "VNM"
    l2 += "<" * 11
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return [l1, l2, "TRAN<<THI<MAI<ANH" + "<" * 13]


def _render(lines, size=34, angle=0.0, blur=1.0, seed=0):
    font = ImageFont.truetype(FONT, size)
    width = int(font.getlength("M") * (len(lines[0]) + 6))
    height = int(size * (1.6 * len(lines) + 6))
    img = Image.new("L", (width, height), 235)
    d = ImageDraw.Draw(img)
    d.text((size, size * 1.5), "CONG HOA XA HOI CHU NGHIA VIET NAM", font=font, fill=60)
    y = size * 4
    for line in lines:
        d.text((size * 2, y), line, font=font, fill=25)
        y += int(size * 1.6)
    a = np.asarray(img, dtype=np.float32)
    rng = np.random.default_rng(seed)
    a += rng.normal(0, 6, a.shape)
    a = cv2.GaussianBlur(np.clip(a, 0, 255).astype(np.uint8), (0, 0), blur)
    if angle:
        h, w = a.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        side = int(np.hypot(w, h))
        m[0, 2] += (side - w) / 2
        m[1, 2] += (side - h) / 2
        a = cv2.warpAffine(a, m, (side, side), borderValue=235)
    return cv2.cvtColor(a, cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize(
    ("size", "angle", "blur"), [(34, 0, 0.8), (22, 6, 1.2), (16, -10, 1.0), (14, 30, 0.8)]
)
def test_vietnamese_cccd_back(size, angle, blur):
    lines = _cccd_lines()
    result = read_mrz(_render(lines, size=size, angle=angle, blur=blur))
    assert result is not None
    assert result.lines == lines
    assert result.valid
    fields = mrz_to_api_fields(result)
    assert fields["person_number"] == "079203001234"
    assert fields["document_number"] == "203001234"
    assert fields["dob"] == "15/02/2003" and fields["due_date"] == "15/02/2043"
    assert fields["gender"] == "F"
    assert fields["sur_name"] == "TRAN" and fields["given_name"] == "THI MAI ANH"
    assert fields["nationality"] == "VNM" and fields["country"] == "VNM"


@pytest.mark.parametrize(("size", "angle", "seed"), [(13, -9, 5), (19, 18, 0), (23, -19, 2)])
def test_cccd_on_a_patterned_background_as_jpeg(size, angle, seed):
    """A guilloche-like background, a colour cast and JPEG compression, as on a card."""
    lines = _cccd_lines()
    rng = np.random.default_rng(seed)
    image = _render(lines, size=size, angle=angle, blur=1.0, seed=seed).astype(np.float32)
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    pattern = 18 * np.sin(xx / 7.0 + np.sin(yy / 23.0) * 3) + 12 * np.sin(yy / 5.0 + xx / 40.0)
    image = np.clip(image + pattern[..., None] * rng.uniform(0.3, 1.0), 0, 255)
    image = (image * np.array([0.85, 0.95, 1.0])).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 55])
    result = read_mrz(cv2.imdecode(buf, cv2.IMREAD_COLOR))
    assert result is not None and result.lines == lines and result.valid


def test_vietnamese_passport_td3():
    number = "C1234567<"
    l1 = "P<VNMNGUYEN<<VAN<BINH" + "<" * 23
    l2 = number + check_digit(number) + "VNM" + "900101" + check_digit("900101") + "M"
    l2 += "300101" + check_digit("300101")
    opt = "001090012345<<"
    l2 += opt + check_digit(opt)
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    result = read_mrz(_render([l1, l2], size=26, angle=3, blur=1.0))
    assert result is not None and result.lines == [l1, l2] and result.valid
    assert result.person_number == "001090012345"


def test_mrz_cut_by_the_image_border_is_not_read():
    lines = _cccd_lines()
    image = _render(lines, size=30)
    h, w = image.shape[:2]
    result = read_mrz(image[:, : int(w * 0.6)])
    assert result is None or result.lines != lines and not result.valid


@pytest.mark.parametrize(("size", "blur"), [(34, 0.8), (18, 1.1)])
def test_cccd_with_no_expiry(size, blur):
    """A card "Không thời hạn" (holders over 60) has fillers for its expiry date."""
    lines = _cccd_lines(expiry="<<<<<<")
    result = read_mrz(_render(lines, size=size, blur=blur))
    assert result is not None and result.lines == lines and result.valid
    assert mrz_to_api_fields(result)["due_date"] in ("", None)


def test_mrz_lines_of_fillers_and_of_digits_differ_in_height_and_are_one_mrz(synth):
    """A line's height is its characters' median: a filler's on "TRAN<<QUYNH<LE<<<...", a
    capital's on "IDVNM1628...": 20 px against 12 here, and still the same MRZ."""
    s = synth.generate_sample(card_type="chip_id_card_back", seed=97002, difficulty="medium")
    got = read_mrz(cv2.imdecode(np.frombuffer(s.image_bytes, np.uint8), cv2.IMREAD_COLOR))
    assert got is not None and got.valid
    assert list(got.lines) == s.truth["data"]["mrz"]


def test_a_letter_spaced_td1_ranked_below_pairs_of_its_lines_is_read_whole(synth):
    """A chip back whose MRZ is printed letter-spaced: long for their height, its lines
    look like a TD3's, and the pairs of them rank above the three together; the pairs
    read as nothing plausible, the three are read too."""
    from ocr.engine import mrz_reader

    s = synth.generate_sample(card_type="chip_id_card_back", seed=154003, difficulty="medium")
    img = cv2.imdecode(np.frombuffer(s.image_bytes, np.uint8), cv2.IMREAD_COLOR)
    work, _scale = mrz_reader._work_image(mrz_reader._to_gray(img))
    groups = mrz_reader._group_lines(mrz_reader._find_lines(work, deskew=True))
    assert [len(g.lines) for g in groups[:3]] == [2, 2, 2]
    got = read_mrz(img)
    assert got is not None and got.valid
    assert list(got.lines) == s.truth["data"]["mrz"]
