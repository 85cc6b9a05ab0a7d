"""The int8 text detector: built from the shipped model, close to the float one, used."""

from __future__ import annotations

import cv2
import numpy as np
import onnx
import pytest

from ocr.engine import quantize
from ocr.engine import recognizer as rz
from ocr.engine.decode import decode_image
from ocr.synth import generate_sample


def _detector_input(card_type: str, seed: int) -> np.ndarray:
    """A generated photo as the engine's coarse pass gives it to the detector: its longer
    side 640, each a multiple of 32, normalised, NCHW."""
    img = decode_image(generate_sample(card_type, seed, "medium").image_bytes).image
    f = 640 / max(img.shape[:2])
    h, w = (max(32, round(n * f / 32) * 32) for n in img.shape[:2])
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    return ((img - 0.5) / 0.5).transpose(2, 0, 1)[None].copy()


def test_the_tests_read_with_the_int8_detector():
    """`make test` builds it first (make models): what the tests read with is what ships."""
    rz.detector()
    assert rz.detector_kind() == "int8"


def test_its_file_is_named_by_the_recipe_and_lies_in_the_model_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("OCR_MODEL_DIR", str(tmp_path))
    path = quantize.quantized_detector_path()
    assert path.startswith(str(tmp_path)) and path.endswith(".onnx")
    monkeypatch.setattr(quantize, "RECIPE", quantize.RECIPE + " (changed)")
    assert quantize.quantized_detector_path() != path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A detector quantised on two calibration inputs (the real build uses 39)."""
    out = str(tmp_path_factory.mktemp("models") / "det-int8.onnx")
    inputs = [_detector_input("cccd_front", 9100), _detector_input("chip_id_card_back", 9101)]
    return quantize.build_quantized_detector(out, inputs)


def test_a_built_detector_draws_the_float_ones_map(built):
    """On a photo it was not calibrated on (a card level in a landscape photo), the
    probability map above the boxes' threshold (0.3) covers what the float detector's
    does. (Small text turned sideways it sees otherwise: the engine's benchmark, not this
    test, says whether the cards are read as well.)"""
    x = _detector_input("12_id_card_front", 9105)
    float_map = rz.ort_session(quantize.detector_source_path(), simplify_graph=True).run(
        None, {"x": x}
    )[0]
    int8_map = rz.ort_session(built).run(None, {"x": x})[0]
    assert int8_map.shape == float_map.shape == (1, 1, *x.shape[2:])
    a, b = float_map > 0.3, int8_map > 0.3
    assert a.sum() > 1000  # text seen at all
    assert (a & b).sum() / (a | b).sum() > 0.85
    assert np.abs(int8_map - float_map).mean() < 0.01


def test_a_built_detectors_head_stays_float(built):
    """Quantised weights everywhere but the head: its transposed convolutions take float
    tensors (int8 there moved small lines' edges)."""
    model = onnx.load(built)
    made_by = {o: n.op_type for n in model.graph.node for o in n.output}
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("DequantizeLinear") > 100
    transposed = [n for n in model.graph.node if n.op_type == "ConvTranspose"]
    assert len(transposed) == 2
    for n in transposed:
        assert made_by.get(n.input[1]) != "DequantizeLinear"
