"""Seeded synthetic Vietnamese identity documents with ground truth, 'photographed'.

    from ocr.synth import generate_sample, CARD_TYPES, DIFFICULTIES
    s = generate_sample(card_type="chip_id_card_front", seed=123, difficulty="medium")
    s.image_bytes  # JPEG/PNG bytes as a phone would upload
    s.truth        # {"type", "card_type", "data", "corners", ...}
    s.document     # the clean rendered PIL image

The same ``seed`` gives the same person and card for every side of one card kind, so the
front and the back generated with one seed belong together (``generate_pair``).
"""

from __future__ import annotations

import io
import random

from PIL import Image

from ocr.synth.person import KINDS, REF_DATE, fmt, make_card
from ocr.synth.photo import DIFFICULTIES, PHOTO_DEFECTS, execute, plan_photo, public_params
from ocr.synth.render import RENDERERS, TYPE_CLASS

CARD_TYPES = tuple(RENDERERS)

# card kind (generate_pair) -> (front card_type, back card_type)
CARD_KINDS = {
    "cmnd9": ("9_id_card_front", "9_id_card_back"),
    "cmnd12": ("12_id_card_front", "12_id_card_back"),
    "cccd": ("cccd_front", "cccd_back"),
    "chip": ("chip_id_card_front", "chip_id_card_back"),
    "cc2024": ("id_card_2024_front", "id_card_2024_back"),
}

DATA_DEFECTS = ("bad_checksum", "wrong_century", "qr_mismatch", "expired")
DEFECTS = DATA_DEFECTS + PHOTO_DEFECTS

# The API's invalidCode that a defect should cause (spec: 3 ID number inconsistent, 4 MRZ
# check digits fail, 7 expired). A QR that disagrees with the print has no code of its own in
# the spec (it must show as a failed "QR vs printed text" check): None.
EXPECTED_INVALID_CODE = {
    "bad_checksum": "4",
    "wrong_century": "3",
    "expired": "7",
    "qr_mismatch": None,
    "screen": "1",
    "photocopy": "2",
    "corner_cut": "5",
    "partly_outside": "6",
}

__all__ = [
    "CARD_KINDS",
    "CARD_TYPES",
    "DEFECTS",
    "DIFFICULTIES",
    "KINDS",
    "REF_DATE",
    "Sample",
    "generate_pair",
    "generate_sample",
    "make_pdf",
    "write_y4m_video",
]


class Sample:
    """One generated document side. The photo's pixels are drawn on first use."""

    def __init__(
        self,
        card_type: str,
        seed: int,
        difficulty: str,
        truth: dict,
        document: Image.Image,
        plan: dict,
    ):
        self.card_type = card_type
        self.seed = seed
        self.difficulty = difficulty
        self.truth = truth
        self.document = document  # the clean rendered side
        self.plan = plan
        self._shot: tuple | None = None

    def _photo(self) -> tuple:
        if self._shot is None:
            self._shot = execute(self.document, self.plan)
        return self._shot

    @property
    def image(self) -> Image.Image:
        """The photo as displayed (EXIF orientation applied)."""
        return self._photo()[0]

    @property
    def stored_image(self) -> Image.Image:
        """The pixels as stored in the file (before EXIF orientation)."""
        return self._photo()[1]

    @property
    def image_bytes(self) -> bytes:
        return self._photo()[2]

    @property
    def mime(self) -> str:
        return "image/png" if self.plan["format"] == "PNG" else "image/jpeg"

    @property
    def ext(self) -> str:
        return "png" if self.plan["format"] == "PNG" else "jpg"

    def __repr__(self) -> str:
        return f"Sample({self.card_type!r}, seed={self.seed}, difficulty={self.difficulty!r})"


# card kinds on which each data defect can exist
DEFECT_KINDS = {
    "bad_checksum": ("chip", "cc2024", "passport"),
    "wrong_century": ("cmnd12", "cccd", "chip", "cc2024", "passport"),
    "qr_mismatch": ("chip", "cc2024"),
    "expired": ("cmnd9", "cccd", "chip", "cc2024", "passport"),
}


def _expected_code(defect: str | None, card_type: str, data: dict) -> str | None:
    """The invalidCode this side should get: a data defect shows only on a side that prints
    what it contradicts (e.g. a wrong MRZ check digit is not visible on the chip card's
    front), otherwise "0"."""
    if defect is None:
        return "0"
    if defect in PHOTO_DEFECTS:
        return EXPECTED_INVALID_CODE[defect]
    visible = {
        "bad_checksum": "mrz" in data,
        "wrong_century": ("id" in data and "born" in data) or "mrz" in data,
        "qr_mismatch": "qr" in data,
        "expired": "duedate" in data or card_type == "9_id_card_back",
    }[defect]
    return EXPECTED_INVALID_CODE[defect] if visible else "0"


def _card(kind: str, seed: int, defect: str | None):
    # The person/card depends on (kind, seed, defect) only, not on the side or the difficulty.
    rng = random.Random(f"card|{kind}|{seed}|{defect or ''}")
    return make_card(kind, rng, defect)


def generate_sample(
    card_type: str,
    seed: int,
    difficulty: str = "medium",
    defect: str | None = None,
    image_format: str | None = None,
) -> Sample:
    """One photographed document side with its ground truth (deterministic for a seed).

    ``defect`` makes a deliberately inconsistent document: ``bad_checksum`` (an MRZ check
    digit is wrong), ``wrong_century`` (the ID's century/sex digit disagrees with the birth
    date), ``qr_mismatch`` (the QR's birth date (chip front) or issue date (2024 back)
    differs from the print), ``expired``; or an
    untrustworthy photo of the valid card: ``screen`` (photo of a screen), ``photocopy``,
    ``corner_cut``, ``partly_outside``. ``truth["expected_invalid_code"]`` is the API's
    invalidCode it should cause. ``image_format`` forces "JPEG" or "PNG".
    """
    if card_type not in RENDERERS:
        raise ValueError(f"card_type must be one of {CARD_TYPES}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty must be one of {DIFFICULTIES}")
    if defect is not None and defect not in DEFECTS:
        raise ValueError(f"defect must be one of {DEFECTS}")
    kind, render = RENDERERS[card_type]
    if defect in DEFECT_KINDS and kind not in DEFECT_KINDS[defect]:
        raise ValueError(f"defect {defect!r} does not apply to {card_type}")
    # a photo defect shows the same card as the clean sample of this seed
    data_defect = defect if defect in DATA_DEFECTS else None
    photo_defect = defect if defect in PHOTO_DEFECTS else None
    card = _card(kind, seed, data_defect)
    doc, data = render(card, random.Random(f"render|{card_type}|{seed}|{data_defect or ''}"))
    prng = random.Random(f"photo|{card_type}|{seed}|{difficulty}|{defect or ''}")
    plan = plan_photo(
        prng,
        doc.size,
        difficulty,
        rounded=kind != "passport",
        fmt=image_format,
        defect=photo_defect,
    )
    truth = {
        "type": TYPE_CLASS[card_type],
        "card_type": card_type,
        "data": data,
        "corners": plan["corners"],  # TL, TR, BR, BL of the document, displayed image pixels
        "image_size": list(plan["frame"]),
        "exif_orientation": plan["exif"],
        "defect": defect,
        # validity by the card's own rule (9-digit CMND: 15 years from issue, not printed)
        "expiry": card.duedate,
        "issue_date": fmt(card.issue),
        "expected_invalid_code": _expected_code(defect, card_type, data),
        "seed": seed,
        "difficulty": difficulty,
        "photo": public_params(plan),
    }
    return Sample(card_type, seed, difficulty, truth, doc, plan)


def generate_pair(
    card_kind: str, seed: int, difficulty: str = "medium", defect: str | None = None
) -> tuple[Sample, Sample]:
    """Front and back of one card (same person, same card number).

    Besides the DEFECTS of ``generate_sample``, ``defect="mismatched_sides"`` gives a front
    and a back of two different cards of the kind (for the front-vs-back checks).
    """
    if card_kind in CARD_KINDS:
        front, back = CARD_KINDS[card_kind]
    else:
        matches = [v for v in CARD_KINDS.values() if card_kind in v]
        if not matches:
            raise ValueError(f"card_kind must be one of {tuple(CARD_KINDS)}")
        front, back = matches[0]
    if defect == "mismatched_sides":
        f = generate_sample(front, seed, difficulty)
        b = generate_sample(back, seed + 1_000_003, difficulty)
        for side in (f, b):
            side.truth["defect"] = defect
            side.truth["expected_invalid_code"] = None
        return f, b
    return (
        generate_sample(front, seed, difficulty, defect),
        generate_sample(back, seed, difficulty, defect),
    )


def make_pdf(images, path=None, resolution: float = 150.0) -> bytes:
    """A multi-page PDF (one image per page) of Samples, PIL images or image bytes."""
    pages = []
    for item in images:
        if isinstance(item, Sample):
            pages.append(item.image.convert("RGB"))
        elif isinstance(item, (bytes, bytearray)):
            pages.append(Image.open(io.BytesIO(item)).convert("RGB"))
        else:
            pages.append(item.convert("RGB"))
    if not pages:
        raise ValueError("no pages")
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=resolution)
    out = buf.getvalue()
    if path is not None:
        with open(path, "wb") as fh:
            fh.write(out)
    return out


def write_y4m_video(
    path,
    image,
    seconds: float = 3,
    fps: int = 10,
    size=(640, 480),
    seed: int = 0,
    fill: float = 0.62,
) -> None:
    """A Y4M video of ``image`` (PIL image, bytes or Sample) held in front of a camera, for
    Chromium's --use-file-for-fake-video-capture (see ocr.synth.video)."""
    from ocr.synth.video import write_y4m_video as _w

    _w(path, image, seconds=seconds, fps=fps, size=size, seed=seed, fill=fill)
