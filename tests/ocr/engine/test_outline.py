"""The card's outline around its text lines: the whole card from a few of its lines, and
no outline where the card cannot be told from what it lies on."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.engine import layout as lay
from ocr.engine import recognizer as rz
from ocr.engine.decode import decode_image
from ocr.engine.outline import card_outline


def _iou(a: np.ndarray, b: np.ndarray, shape) -> float:
    ma = np.zeros(shape[:2], np.uint8)
    mb = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(ma, [a.astype(np.int32)], 1)
    cv2.fillPoly(mb, [b.astype(np.int32)], 1)
    return float((ma & mb).sum() / max((ma | mb).sum(), 1))


def test_the_whole_card_is_outlined_from_the_few_lines_seen_on_it(synth):
    """A CMND back in a small photo: the coarse pass sees only its issue date and signer,
    in the middle of the card; the outline is the card's own."""
    s = synth.generate_sample(card_type="12_id_card_back", seed=67000, difficulty="hard")
    page = decode_image(s.image_bytes)
    quads = lay._main_cluster(rz.detect_quads(page.image, max_side=lay.DET_SIDE))
    outline = card_outline(page.image, quads)
    assert outline is not None
    truth = np.array(s.truth["corners"], np.float64) / page.scale
    assert _iou(outline, truth, page.image.shape) > 0.9


def test_no_outline_where_the_surface_runs_on_to_the_pages_edges():
    """Text printed on a page of one colour (a card on paper of its colour, a scan cut to
    the text): nothing tells the card's edge, and no outline is made up."""
    img = np.full((480, 640, 3), 236, np.uint8)
    quads = []
    for i in range(6):
        y = 150 + 30 * i
        cv2.putText(
            img, "NGUYEN VAN A 0123", (180, y), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (30, 30, 30), 2
        )
        quads.append(
            np.array([[178, y - 16], [400, y - 16], [400, y + 4], [178, y + 4]], np.float32)
        )
    assert card_outline(img, quads) is None
    assert card_outline(img, []) is None
