"""The text detector in 8-bit integers, built once per installation from the shipped model.

PP-OCRv4's detector (Apache-2.0, in the `rapidocr-onnxruntime` wheel) is the engine's
largest cost. Quantised statically (int8 weights per channel, uint8 activations, QDQ),
after model_graph.simplify, with its last layers kept in float, it runs 1.7x faster on a
CPU with AVX-512 VNNI and, on the benchmark, reads the cards as well (docs/benchmarks.md,
fourteenth session).

Nothing is downloaded: the model is derived from the wheel's file. Its activations' ranges
are calibrated on what the detector sees in the engine: the project's own generator's
photos (fixed seeds, every card type and difficulty) read by the engine with the float
detector. The result lands in MODEL_DIR (by default inside the virtualenv,
`<sys.prefix>/share/kyc-ocr`; `OCR_MODEL_DIR` to choose), named by a digest of the source
model, onnxruntime's version and this recipe, so an upgrade of either builds afresh.
`make models` builds it (`python -m ocr.engine.quantize`); an engine without it uses the
float detector and says so once in its log. `OCR_DET_INT8=0` keeps the float one.

    python -m ocr.engine.quantize [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import tempfile

import numpy as np

log = logging.getLogger(__name__)

RECIPE = (
    "det-int8-v2: simplify, opset 17, QDQ, per-channel int8 weights, uint8 minmax,"
    " the head after the last Concat in float"
)
CALIBRATION_SEED = 150000  # + the card type's index; every difficulty
OPSET = 17  # per-channel DequantizeLinear needs 13 or later; the shipped model is 12


def detector_source_path() -> str:
    import rapidocr_onnxruntime

    return os.path.join(
        os.path.dirname(rapidocr_onnxruntime.__file__), "models", "ch_PP-OCRv4_det_infer.onnx"
    )


def model_dir() -> str:
    return os.environ.get("OCR_MODEL_DIR") or os.path.join(sys.prefix, "share", "kyc-ocr")


def quantized_detector_path() -> str:
    """Where this installation's int8 detector is (whether or not it was built)."""
    import onnxruntime as ort

    h = hashlib.sha256()
    with open(detector_source_path(), "rb") as fh:
        h.update(fh.read())
    h.update(ort.__version__.encode())
    h.update(RECIPE.encode())
    return os.path.join(model_dir(), f"det-int8-{h.hexdigest()[:16]}.onnx")


def int8_wanted() -> bool:
    return os.environ.get("OCR_DET_INT8", "1") != "0"


def calibration_inputs() -> list[np.ndarray]:
    """The detector's inputs (normalised NCHW float32) while the engine, with the float
    detector, reads the generator's photos: one seed per card type, every difficulty;
    every other input kept (a coarse pass and a frame's, alternately, mostly)."""
    from ocr.engine import EngineError, extract_side
    from ocr.engine import recognizer as rz
    from ocr.synth import CARD_TYPES, generate_sample

    os.environ["OCR_DET_INT8"] = "0"
    det = rz.detector()
    if rz.detector_kind() != "float":
        raise RuntimeError("calibrate in a process whose detector was not yet made")
    seen: list[np.ndarray] = []
    inner = det.infer

    class Recording:
        def __call__(self, x):
            seen.append(np.array(x, copy=True))
            return inner(x)

        def __getattr__(self, name):
            return getattr(inner, name)

    det.infer = Recording()
    try:
        for i, card_type in enumerate(CARD_TYPES):
            for difficulty in ("easy", "medium", "hard"):
                sample = generate_sample(card_type, CALIBRATION_SEED + i, difficulty)
                try:
                    extract_side(sample.image_bytes)
                except EngineError:
                    pass
    finally:
        det.infer = inner
    return seen[::2]


def build_quantized_detector(out: str, inputs: list[np.ndarray]) -> str:
    """Quantise the detector, calibrated on `inputs`, into `out` (written atomically)."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    from ocr.engine.model_graph import simplify

    with open(detector_source_path(), "rb") as fh:
        model = onnx.load_from_string(simplify(fh.read()))
    model = version_converter.convert_version(model, OPSET)
    name = model.graph.input[0].name
    # DB's head (a conv and two transposed convs up to the input's size, then a sigmoid)
    # draws the probability map whose threshold makes the boxes: in int8 it moved the
    # edges of small photos' lines enough to lose fields; in float it costs 10 ms a call
    nodes = [n for n in model.graph.node if n.op_type != "Constant"]
    last_concat = max(i for i, n in enumerate(nodes) if n.op_type == "Concat")
    head = [n.name for n in nodes[last_concat + 1 :]]

    class Inputs(CalibrationDataReader):
        def __init__(self) -> None:
            self._it = iter(inputs)

        def get_next(self):
            x = next(self._it, None)
            return None if x is None else {name: x}

    os.makedirs(os.path.dirname(out), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(out)) as tmp:
        plain = os.path.join(tmp, "plain.onnx")
        prepared = os.path.join(tmp, "prepared.onnx")
        quantized = os.path.join(tmp, "quantized.onnx")
        onnx.save(model, plain)
        quant_pre_process(plain, prepared, skip_symbolic_shape=True)
        quantize_static(
            prepared,
            quantized,
            Inputs(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            nodes_to_exclude=head,
        )
        os.replace(quantized, out)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Build the int8 text detector for this installation.")
    ap.add_argument("--force", action="store_true", help="build again though it exists")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    out = quantized_detector_path()
    if os.path.exists(out) and not args.force:
        print(f"int8 detector present: {out}")
        return 0
    inputs = calibration_inputs()
    build_quantized_detector(out, inputs)
    print(f"int8 detector built from {len(inputs)} calibration inputs: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
