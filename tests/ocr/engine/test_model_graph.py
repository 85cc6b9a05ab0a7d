"""model_graph.simplify: PP-OCRv4's graphs rewritten compute what the shipped ones do."""

from __future__ import annotations

import os
from collections import Counter

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from ocr.engine import recognizer as rz
from ocr.engine.model_graph import simplify

MODELS = os.path.join(rz._rapid_dir(), "models")


def _session(model: bytes) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.log_severity_level = 3
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def _ops(model: bytes) -> Counter:
    return Counter(n.op_type for n in onnx.load_from_string(model).graph.node)


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("ch_PP-OCRv4_det_infer.onnx", (1, 3, 480, 640)),
        ("ch_PP-OCRv4_rec_infer.onnx", (1, 3, 48, 320)),
    ],
)
def test_shipped_models_same_outputs_fewer_ops(name, shape):
    with open(os.path.join(MODELS, name), "rb") as fh:
        shipped = fh.read()
    simple = simplify(shipped)
    before, after = _ops(shipped), _ops(simple)
    # every hard-swish fused, most affine blocks folded into the convolutions
    assert after["Clip"] == 0 and before["Div"] - after["Div"] == before["Clip"]
    assert after["Conv"] == before["Conv"]
    assert after["Mul"] + after["Add"] < 0.5 * (before["Mul"] + before["Add"])
    a, b = _session(shipped), _session(simple)
    x = np.random.default_rng(7).uniform(-1, 1, shape).astype(np.float32)
    inp = a.get_inputs()[0].name
    want, got = a.run(None, {inp: x})[0], b.run(None, {inp: x})[0]
    assert want.shape == got.shape
    np.testing.assert_allclose(got, want, atol=1e-4)
    # the recogniser's alphabet (model metadata) is kept
    assert b.get_modelmeta().custom_metadata_map == a.get_modelmeta().custom_metadata_map


def _const(name: str, value) -> onnx.NodeProto:
    arr = np.asarray(value, dtype=np.float32)
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(arr, name + "_v"))


def _tiny_model(pads: int, consumers: int = 1) -> bytes:
    """conv -> affine -> hard-swish -> affine -> conv(s) with `pads` padding."""
    rng = np.random.default_rng(pads)
    w1 = rng.normal(size=(4, 3, 3, 3)).astype(np.float32)
    b1 = rng.normal(size=4).astype(np.float32)
    inits = [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1")]
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        _const("s1", [1.7]),
        helper.make_node("Mul", ["s1", "c1"], ["m1"]),
        _const("t1", [0.3]),
        helper.make_node("Add", ["m1", "t1"], ["a1"]),
        _const("three", 3.0),
        helper.make_node("Add", ["a1", "three"], ["a3"]),
        _const("zero", 0.0),
        _const("six", 6.0),
        helper.make_node("Clip", ["a3", "zero", "six"], ["cl"]),
        helper.make_node("Mul", ["a1", "cl"], ["mx"]),
        helper.make_node("Div", ["mx", "six"], ["hs"]),
        _const("s2", [0.6]),
        helper.make_node("Mul", ["s2", "hs"], ["m2"]),
        _const("t2", [-0.4]),
        helper.make_node("Add", ["m2", "t2"], ["a2"]),
    ]
    outputs = []
    for k in range(consumers):
        wk = rng.normal(size=(2, 4, 3, 3)).astype(np.float32)
        inits.append(numpy_helper.from_array(wk, f"w{k + 2}"))
        nodes.append(helper.make_node("Conv", ["a2", f"w{k + 2}"], [f"y{k}"], pads=[pads] * 4))
        outputs.append(
            helper.make_tensor_value_info(
                f"y{k}", TensorProto.FLOAT, [1, 2, 7 + 2 * pads, 9 + 2 * pads]
            )
        )
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 9, 11])],
        outputs,
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    return model.SerializeToString()


@pytest.mark.parametrize(("pads", "consumers"), [(0, 1), (1, 1), (0, 2), (1, 2)])
def test_each_fold_exact_on_a_small_graph(pads, consumers):
    model = _tiny_model(pads, consumers)
    simple = simplify(model)
    ops = _ops(simple)
    assert ops["Clip"] == 0 and ops["Div"] == 0 and ops["HardSigmoid"] == 1
    # unpadded: the shift into the next convolutions too; padded: it stays, one Add
    assert ops["Add"] == (0 if pads == 0 else 1)
    assert ops["Mul"] == 1  # the hard-swish's own
    x = np.random.default_rng(1).normal(size=(1, 3, 9, 11)).astype(np.float32)
    want = _session(model).run(None, {"x": x})
    got = _session(simple).run(None, {"x": x})
    for w, g in zip(want, got, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5)


def test_a_graph_without_the_patterns_is_unchanged():
    w = np.ones((1, 1, 1, 1), dtype=np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "w"], ["c"]),
            helper.make_node("Relu", ["c"], ["y"]),
        ],
        "plain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 2, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, 2, 2])],
        [numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    simple = onnx.load_from_string(simplify(model.SerializeToString()))
    assert [n.op_type for n in simple.graph.node] == ["Conv", "Relu"]
