"""Text detection (PP-OCR det + direction classifier, ONNX from rapidocr-onnxruntime) and
line recognition (Tesseract 5 LSTM `vie`/`eng` through tesserocr). Lazy per-process
singletons; Tesseract handles are per thread (the C++ API is not thread-safe)."""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

log = logging.getLogger(__name__)

TESSDATA_CANDIDATES = (
    os.environ.get("TESSDATA_PREFIX", ""),
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)

_lock = threading.Lock()
_det_lock = threading.Lock()
_det = None
_cls = None
_local = threading.local()


def _ort_threads() -> int:
    return int(os.environ.get("OCR_ENGINE_THREADS", "1"))


def ort_session(path: str, *, simplify_graph: bool = False):
    """One onnxruntime session as the recognisers run (rapidocr's classifier makes its own
    alike): on the CPU, OCR_ENGINE_THREADS threads, without onnxruntime's memory arena.
    Measured (docs/benchmarks.md, fifth session): the arena on for every model saved 7 % of
    the time, but an engine-only process then peaked at 690 MB against 467 MB (inputs
    change size at every call and the arena keeps the largest); on for the detector alone,
    618 MB. Target: 600 MB. `simplify_graph`: a PP-OCRv4 model, its graph rewritten first
    (model_graph.simplify: the same outputs, a third less time)."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = _ort_threads()
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    so.enable_cpu_mem_arena = False
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    model: str | bytes = path
    if simplify_graph:
        from ocr.engine.model_graph import simplify

        with open(path, "rb") as fh:
            model = simplify(fh.read())
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def _rapid_dir() -> str:
    import rapidocr_onnxruntime

    return os.path.dirname(rapidocr_onnxruntime.__file__)


def detector():
    global _det
    if _det is None:
        with _lock:
            if _det is None:
                from rapidocr_onnxruntime.ch_ppocr_det.text_detect import TextDetector

                cfg = dict(
                    limit_side_len=960,
                    limit_type="max",
                    mean=[0.5, 0.5, 0.5],
                    std=[0.5, 0.5, 0.5],
                    thresh=0.3,
                    box_thresh=0.5,
                    max_candidates=1000,
                    unclip_ratio=1.6,
                    use_dilation=True,
                    score_mode="fast",
                    model_path=os.path.join(_rapid_dir(), "models", "ch_PP-OCRv4_det_infer.onnx"),
                    intra_op_num_threads=_ort_threads(),
                    inter_op_num_threads=1,
                    use_cuda=False,
                    use_dml=False,
                )
                det = TextDetector(cfg)
                # (its own session, of the graph as shipped, replaced by the simplified one)
                det.infer.session = _detector_session(cfg["model_path"])
                _det = det
    return _det


_det_kind = ""


def _detector_session(shipped: str):
    """The int8 detector built for this installation (quantize.py), else the shipped one
    simplified (said once in the log: slower, and its lines a little otherwise)."""
    global _det_kind
    from ocr.engine import quantize

    if quantize.int8_wanted():
        path = quantize.quantized_detector_path()
        if os.path.exists(path):
            _det_kind = "int8"
            return ort_session(path)
        log.warning(
            "int8 text detector not built (python -m ocr.engine.quantize): the float one is used"
        )
    _det_kind = "float"
    return ort_session(shipped, simplify_graph=True)


def detector_kind() -> str:
    """ "int8" or "float": the detector this process made ("" before it made one)."""
    return _det_kind


def classifier():
    global _cls
    if _cls is None:
        with _lock:
            if _cls is None:
                from rapidocr_onnxruntime.ch_ppocr_cls.text_cls import TextClassifier

                cfg = dict(
                    cls_image_shape=[3, 48, 192],
                    cls_batch_num=16,
                    cls_thresh=0.9,
                    label_list=["0", "180"],
                    model_path=os.path.join(
                        _rapid_dir(), "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx"
                    ),
                    intra_op_num_threads=_ort_threads(),
                    inter_op_num_threads=1,
                    use_cuda=False,
                    use_dml=False,
                )
                _cls = TextClassifier(cfg)
    return _cls


@lru_cache(maxsize=1)
def _det_input_class():
    """rapidocr's detector preprocessing (resizing), normalising in float32: its own
    normalisation goes through float64, twice the time for the same values."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    class DetInput(DetPreProcess):
        def normalize(self, img: np.ndarray) -> np.ndarray:
            # mean = std = 0.5: (x / 255 - 0.5) / 0.5
            return img.astype(np.float32) * np.float32(1 / 127.5) - np.float32(1.0)

    return DetInput


def _det_input(limit: int):
    return _det_input_class()(limit, "max", [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])


def detect_quads(img: np.ndarray, max_side: int = 960) -> list[np.ndarray]:
    """Text-line quadrilaterals (4x2 float32, tl tr br bl) in `img` coordinates."""
    det = detector()
    side = max(img.shape[:2])
    limit = min(max_side, max(32, side))
    with _det_lock:  # the input size is set on the shared detector: one call at a time
        det.get_preprocess = lambda _m, limit=limit: _det_input(limit)
        boxes, _ = det(img)
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) for b in boxes]


def upside_down_votes(crops: list[np.ndarray]) -> tuple[float, float]:
    """(weight of 0°, weight of 180°) over line crops."""
    if not crops:
        return 0.0, 0.0
    _, res, _ = classifier()(crops)
    up = down = 0.0
    for crop, (label, score) in zip(crops, res, strict=False):
        w = float(crop.shape[1])
        if label == "180":
            down += w * score
        else:
            up += w * score
    return up, down


def tessdata_path() -> str:
    for p in TESSDATA_CANDIDATES:
        if p and os.path.exists(os.path.join(p, "vie.traineddata")):
            return p
    return "/usr/share/tesseract-ocr/5/tessdata"


def _api(kind: str):
    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    api = apis.get(kind)
    if api is None:
        import tesserocr

        lang = {"text": "vie", "digits": "eng", "mrz": "eng"}[kind]
        api = tesserocr.PyTessBaseAPI(
            path=tessdata_path(),
            lang=lang,
            psm=tesserocr.PSM.SINGLE_LINE,
            oem=tesserocr.OEM.LSTM_ONLY,
        )
        api.SetVariable("tessedit_do_invert", "0")  # no second pass on an inverted image
        if kind == "digits":
            api.SetVariable("tessedit_char_whitelist", "0123456789/-.")
        elif kind == "mrz":
            api.SetVariable("tessedit_char_whitelist", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
        apis[kind] = api
    return api


@dataclass
class Reading:
    text: str
    confidence: float


def prepare_line(crop: np.ndarray, target_h: int = 48) -> np.ndarray:
    g = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    h, w = g.shape[:2]
    if h < 4 or w < 4:
        return g
    if h != target_h:
        f = target_h / h
        g = cv2.resize(
            g,
            (max(8, round(w * f)), target_h),
            interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA,
        )
    g = cv2.copyMakeBorder(g, 6, 6, 10, 10, cv2.BORDER_REPLICATE)
    return g


def read_line(crop: np.ndarray, kind: str = "text") -> Reading:
    from PIL import Image

    g = prepare_line(crop)
    api = _api(kind)
    api.SetImage(Image.fromarray(g))
    text = api.GetUTF8Text().strip()
    conf = api.MeanTextConf()
    return Reading(text=text, confidence=max(0.0, min(1.0, conf / 100.0)))


@dataclass
class Symbol:
    """One letter of a line as Tesseract read it: its choices of letters with their
    confidences (0-100) and its box in the pixels of `prepare_line(crop)`."""

    text: str
    choices: list[tuple[str, float]]
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


def read_line_choices(crop: np.ndarray) -> list[list[Symbol]]:
    """Tesseract's reading of a line, word by word, each word's symbols with the
    recogniser's choices for them: where a mark is in doubt ("YÊN": "Ê" 89, "Ế" 61)."""
    import tesserocr
    from PIL import Image

    # the line reader's own handle, in choice mode for this line only (a handle of its own
    # would hold the Vietnamese model twice)
    api = _api("text")
    api.SetVariable("lstm_choice_mode", "2")
    try:
        api.SetImage(Image.fromarray(prepare_line(crop)))
        api.Recognize()
        level, words = tesserocr.RIL.SYMBOL, []
        it = api.GetIterator()
        for sym in tesserocr.iterate_level(it, level) if it is not None else ():
            try:
                text = sym.GetUTF8Text(level) or ""
                choices = [(c.GetUTF8Text(), c.Confidence()) for c in sym.GetChoiceIterator()]
                box = sym.BoundingBox(level)
            except RuntimeError:  # a symbol with no text: nothing to choose between
                continue
            if sym.IsAtBeginningOf(tesserocr.RIL.WORD) or not words:
                words.append([])
            words[-1].append(Symbol(text, choices, tuple(box) if box else (0, 0, 0, 0)))
        return words
    finally:
        api.SetVariable("lstm_choice_mode", "0")


def crop_quad(img: np.ndarray, quad: np.ndarray, pad: float = 0.0) -> np.ndarray:
    """Perspective-rectified crop of a text-line quadrilateral (tl, tr, br, bl)."""
    pts = quad.astype(np.float32)
    w = int(round(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[3] - pts[2]))))
    h = int(round(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2]))))
    w, h = max(w, 2), max(h, 2)
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(pts, dst)
    return cv2.warpPerspective(
        img, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


# ---------------------------------------------------------------- second recogniser
# AsterNet (MIT, ONNX shipped in the `asterocr` wheel): a Vietnamese CTC line recogniser.
# Used as a second opinion on names (Tesseract confuses Vietnamese capital diacritics).
# Only the model file and vocabulary are used; the package's own code is not imported.
_aster = None


def _aster_model():
    global _aster
    if _aster is None:
        with _lock:
            if _aster is None:
                import importlib.util
                import json

                spec = importlib.util.find_spec("asterocr")
                if spec is None or not spec.submodule_search_locations:
                    _aster = False
                    return _aster
                d = os.path.join(list(spec.submodule_search_locations)[0], "assets")
                model = os.path.join(d, "asternet.onnx")
                vocab = os.path.join(d, "vocab.json")
                if not (os.path.exists(model) and os.path.exists(vocab)):
                    _aster = False
                    return _aster
                sess = ort_session(model)
                with open(vocab, encoding="utf-8") as fh:
                    chars = json.load(fh)["chars"]
                _aster = (sess, chars)
    return _aster


def read_line_aster(crop: np.ndarray) -> str | None:
    m = _aster_model()
    if not m:
        return None
    sess, chars = m
    im = (
        cv2.cvtColor(crop, cv2.COLOR_BGR2RGB)
        if crop.ndim == 3
        else cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)
    )
    h, w = im.shape[:2]
    tw = max(32, int(w * 32 / max(h, 1)))
    tw = min(1020, (tw + 3) // 4 * 4)  # the model's positional encoding holds 256 steps
    x = cv2.resize(im, (tw, 32), interpolation=cv2.INTER_AREA if h > 32 else cv2.INTER_CUBIC)
    x = (x.astype(np.float32) / 255.0 - 0.5) / 0.5
    x = x.transpose(2, 0, 1)[None]
    try:
        out = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    except Exception:  # noqa: BLE001 - a second opinion never fails the read
        return None
    probs = out[:, 0, :] if out.shape[1] == 1 else out[0]
    idx = np.argmax(probs, axis=-1)
    res = []
    prev = -1
    for i in idx:
        i = int(i)
        if i != prev and i != 0 and i < len(chars):
            res.append(chars[i])
        prev = i
    return "".join(res)


# ---------------------------------------------------------------- PP-OCR line reader
# PP-OCRv4 recogniser (Apache-2.0, ONNX shipped in the rapidocr-onnxruntime wheel). Its
# alphabet has no Vietnamese diacritics, but it reads digits and the letters' skeleton far
# better than Tesseract on small, blurred text: used for numbers, dates and the
# accent-free text that classification and label matching work on. One session per
# process, shared with the MRZ reader.
_pp = None
PP_HEIGHT = 48


def pp_session():
    """(onnxruntime session, vocabulary with 0 = CTC blank and the last class = space)."""
    global _pp
    if _pp is None:
        with _lock:
            if _pp is None:
                path = os.path.join(_rapid_dir(), "models", "ch_PP-OCRv4_rec_infer.onnx")
                sess = ort_session(path, simplify_graph=True)
                vocab = sess.get_modelmeta().custom_metadata_map["character"].splitlines()
                _pp = (sess, ["<blank>", *vocab, " "])
    return _pp


def _pp_input(crop: np.ndarray, max_w: int = 1600) -> np.ndarray:
    im = crop if crop.ndim == 3 else cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
    h, w = im.shape[:2]
    tw = int(min(max_w, max(16, round(w * PP_HEIGHT / max(h, 1)))))
    im = cv2.resize(
        im, (tw, PP_HEIGHT), interpolation=cv2.INTER_AREA if h > PP_HEIGHT else cv2.INTER_CUBIC
    )
    return im.astype(np.float32).transpose(2, 0, 1) / 127.5 - 1.0


def read_line_pp(crop: np.ndarray) -> Reading:
    """Greedy CTC reading of one line crop (full-width forms folded to ASCII). Lines are
    read one at a time: padding a batch to its widest line costs more than it saves."""
    sess, vocab = pp_session()
    probs = sess.run(None, {sess.get_inputs()[0].name: _pp_input(crop)[None]})[0][0]
    chars, confs, prev = [], [], 0
    for f, c in enumerate(probs.argmax(axis=1)):
        c = int(c)
        if c != prev and c != 0 and c < len(vocab):
            chars.append(vocab[c])
            confs.append(float(probs[f, c]))
        prev = c
    text = unicodedata.normalize("NFKC", "".join(chars)).strip()
    return Reading(text, float(np.mean(confs)) if confs else 0.0)
