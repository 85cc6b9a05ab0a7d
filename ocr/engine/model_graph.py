"""PP-OCRv4's ONNX graphs, simplified before a session is made of them.

Both PP-OCRv4 models (the text detector and the line recogniser, shipped in the
`rapidocr-onnxruntime` wheel) are PP-LCNetV3 networks exported from Paddle: every
convolution is followed by a "learnable affine block", a scalar multiply and a scalar add,
and every hard-swish is spelled out as add 3, clip to 0..6, multiply, divide by 6, with
another scalar affine block after it. onnxruntime fuses none of these, and each one is a
pass over a whole feature map: a third of the detector's time went to them.

`simplify` rewrites them into what computes the same values (up to float rounding):
- a convolution's affine block is folded into its weights and bias;
- a hard-swish becomes HardSigmoid(alpha=1/6, beta=0.5) times its input (two ops, not four);
- a scale (and, for an unpadded convolution, a shift) between an activation and the
  convolutions that alone read it is folded into those convolutions' weights (and bias).
  (Not the shift of a padded convolution: its zero padding would take the shift too.)

The weights themselves are not changed otherwise (no quantisation): the detector's lines
and the recogniser's readings stay as they were; tests/ocr/engine/test_model_graph.py
compares the outputs of both graphs.
"""

from __future__ import annotations

import numpy as np


def _graph_tools(model):
    from onnx import numpy_helper

    g = model.graph
    consts: dict[str, np.ndarray] = {}
    for n in g.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    for init in g.initializer:
        consts[init.name] = numpy_helper.to_array(init)
    return g, consts


class _Graph:
    """The nodes with their producers and consumers, for rewriting in place."""

    def __init__(self, model) -> None:
        self.model = model
        self.g, self.consts = _graph_tools(model)
        self.nodes = list(self.g.node)
        self.removed: set[int] = set()
        self.outputs = {o.name for o in self.g.output}
        self._index()

    def _index(self) -> None:
        self.consumers: dict[str, list] = {}
        for n in self.nodes:
            if id(n) in self.removed:
                continue
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)

    def scalar(self, name: str) -> float | None:
        v = self.consts.get(name)
        if v is None or v.size != 1:
            return None
        return float(v.reshape(-1)[0])

    def only_consumer(self, name: str, op_type: str):
        """The one node that reads `name`, if it is of `op_type` (and `name` is no output)."""
        users = self.consumers.get(name, [])
        if len(users) != 1 or users[0].op_type != op_type or name in self.outputs:
            return None
        return users[0]

    def scalar_operand(self, node) -> tuple[str, float] | None:
        """(the other input, the scalar constant) of a binary node with one scalar input."""
        a, b = node.input
        if self.scalar(b) is not None and a not in self.consts:
            return a, self.scalar(b)
        if self.scalar(a) is not None and b not in self.consts:
            return b, self.scalar(a)
        return None

    def set_const(self, name: str, value: np.ndarray) -> str:
        """A new initializer holding `value` (float32), by a name derived from `name`."""
        from onnx import numpy_helper

        new = f"{name}__simplified"
        k = 0
        while new in self.consts:
            k += 1
            new = f"{name}__simplified{k}"
        arr = np.asarray(value, dtype=np.float32)
        self.g.initializer.append(numpy_helper.from_array(arr, new))
        self.consts[new] = arr
        return new

    def rename_input(self, old: str, new: str) -> None:
        for n in self.consumers.get(old, []):
            for k, i in enumerate(n.input):
                if i == old:
                    n.input[k] = new

    def remove(self, node) -> None:
        self.removed.add(id(node))

    def finish(self):
        from onnx import NodeProto

        kept = []
        for n in self.nodes:
            if id(n) not in self.removed:
                kept.append(NodeProto())
                kept[-1].CopyFrom(n)  # (before the nodes they are part of are cleared)
        # the constants that only the removed nodes (or replaced weights) read go too
        read = {i for n in kept for i in n.input} | self.outputs
        kept = [n for n in kept if n.op_type != "Constant" or n.output[0] in read]
        unread = [t for t in self.g.initializer if t.name not in read]
        for t in unread:
            self.g.initializer.remove(t)
        del self.g.node[:]
        self.g.node.extend(kept)
        return self.model


def _conv_weights(gr: _Graph, conv) -> tuple[np.ndarray, np.ndarray] | None:
    if len(conv.input) < 2 or conv.input[1] not in gr.consts:
        return None
    w = gr.consts[conv.input[1]].astype(np.float32)
    if len(conv.input) > 2:
        if conv.input[2] not in gr.consts:
            return None
        b = gr.consts[conv.input[2]].astype(np.float32)
    else:
        b = np.zeros(w.shape[0], dtype=np.float32)
    return w, b


def _set_conv_weights(gr: _Graph, conv, w: np.ndarray, b: np.ndarray) -> None:
    wname = gr.set_const(conv.input[1], w)
    bname = gr.set_const(conv.input[2] if len(conv.input) > 2 else conv.name + "_b", b)
    conv.input[1] = wname
    if len(conv.input) > 2:
        conv.input[2] = bname
    else:
        conv.input.append(bname)


def _fold_conv_affine(gr: _Graph) -> int:
    """Conv -> Mul(s) [-> Add(t)], each read by the next alone: s and t into the conv."""
    done = 0
    for conv in list(gr.nodes):
        if conv.op_type != "Conv" or id(conv) in gr.removed:
            continue
        out = conv.output[0]
        scale, shift, last, gone = 1.0, 0.0, out, []
        mul = gr.only_consumer(out, "Mul")
        if mul is not None and (op := gr.scalar_operand(mul)) is not None and op[0] == out:
            scale, last, gone = op[1], mul.output[0], [mul]
        add = gr.only_consumer(last, "Add")
        if add is not None and (op := gr.scalar_operand(add)) is not None and op[0] == last:
            shift, last, gone = op[1], add.output[0], [*gone, add]
        if not gone or (wb := _conv_weights(gr, conv)) is None:
            continue
        w, b = wb
        _set_conv_weights(
            gr, conv, w * np.float32(scale), b * np.float32(scale) + np.float32(shift)
        )
        conv.output[0] = last  # the conv now writes what the block wrote
        for n in gone:
            gr.remove(n)
        gr.consumers.pop(out, None)
        done += 1
    gr._index()
    return done


def _fuse_hardswish(gr: _Graph) -> int:
    """Add(x, 3) -> Clip(0, 6) -> Mul(x, .) -> Div(6)  =>  Mul(x, HardSigmoid(x))."""
    from onnx import helper

    done = 0
    for add in list(gr.nodes):
        if add.op_type != "Add" or id(add) in gr.removed:
            continue
        op = gr.scalar_operand(add)
        if op is None or op[1] != 3.0:
            continue
        x = op[0]
        clip = gr.only_consumer(add.output[0], "Clip")
        if clip is None or len(clip.input) != 3:
            continue
        if (gr.scalar(clip.input[1]), gr.scalar(clip.input[2])) != (0.0, 6.0):
            continue
        mul = gr.only_consumer(clip.output[0], "Mul")
        if mul is None or x not in mul.input:
            continue
        div = gr.only_consumer(mul.output[0], "Div")
        if div is None or div.input[0] != mul.output[0] or gr.scalar(div.input[1]) != 6.0:
            continue
        gate = helper.make_node(
            "HardSigmoid", [x], [clip.output[0]], alpha=1.0 / 6.0, beta=0.5, name=add.name + "_hs"
        )
        gr.nodes[next(i for i, n in enumerate(gr.nodes) if n is add)] = gate
        mul.output[0] = div.output[0]
        gr.remove(add)
        gr.remove(clip)
        gr.remove(div)
        done += 1
    gr._index()
    return done


def _fold_affine_into_next_convs(gr: _Graph) -> int:
    """Mul(y, s) [-> Add(t)] read by convolutions alone: s (and t, where no conv pads) into
    their weights."""
    done = 0
    for mul in list(gr.nodes):
        if mul.op_type != "Mul" or id(mul) in gr.removed:
            continue
        op = gr.scalar_operand(mul)
        if op is None:
            continue
        y, scale = op
        shift, last, add = 0.0, mul.output[0], None
        nxt = gr.only_consumer(last, "Add")
        if nxt is not None and (o := gr.scalar_operand(nxt)) is not None and o[0] == last:
            shift, last, add = o[1], nxt.output[0], nxt
        convs = gr.consumers.get(last, [])
        if not convs or last in gr.outputs:
            continue
        if any(
            c.op_type != "Conv" or c.input[0] != last or _conv_weights(gr, c) is None for c in convs
        ):
            continue
        unpadded = all(
            not any(v for a in c.attribute if a.name == "pads" for v in a.ints)
            and not any(
                a.name == "auto_pad" and a.s not in (b"", b"NOTSET", b"VALID") for a in c.attribute
            )
            for c in convs
        )
        fold_shift = add is not None and unpadded
        for c in convs:
            w, b = _conv_weights(gr, c)
            if fold_shift:
                # conv(s*y + t) = conv_{s*W}(y) + t * (the sum of each filter's weights,
                # over its own inputs, grouped or not)
                per_out = w.reshape(w.shape[0], -1).sum(axis=1)
                b = b + np.float32(shift) * per_out.astype(np.float32)
            _set_conv_weights(gr, c, w * np.float32(scale), b)
        if fold_shift:
            gr.rename_input(last, y)
            gr.remove(mul)
            gr.remove(add)
        elif add is not None:
            # (the shift stays, applied to the unscaled values: Add(y, t / s))
            if scale == 0.0:
                continue
            new_t = gr.set_const(mul.name + "_shift", np.array(shift / scale, dtype=np.float32))
            add.input[:] = [y, new_t]
            gr.remove(mul)
        else:
            gr.rename_input(last, y)
            gr.remove(mul)
        gr._index()
        done += 1
    return done


def simplify(model_bytes: bytes) -> bytes:
    """The model with its affine blocks and hard-swishes rewritten (see the module doc)."""
    import onnx

    model = onnx.load_from_string(model_bytes)
    gr = _Graph(model)
    _fold_conv_affine(gr)
    _fuse_hardswish(gr)
    _fold_affine_into_next_convs(gr)
    model = gr.finish()
    onnx.checker.check_model(model)
    return model.SerializeToString()
