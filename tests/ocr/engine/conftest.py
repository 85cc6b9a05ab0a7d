"""Fixtures for the engine tests (no Django needed)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("OCR_ENGINE_THREADS", "1")


@pytest.fixture(scope="session")
def synth():
    return pytest.importorskip("ocr.synth")


@pytest.fixture(scope="session")
def ref_date(synth):
    return synth.REF_DATE


@pytest.fixture(scope="session")
def rows_doc():
    """A Document of text rows as a line reader gave them, for tests of what the engine
    makes of the text: each row is a string (one box) or a list of boxes side by side, each
    a string or (text, x0, x1) where the box's place along the row matters."""
    import numpy as np

    from ocr.engine.layout import Box, Document, Row

    def make(rows: list) -> Document:
        out = []
        for i, row in enumerate(rows):
            texts = [row] if isinstance(row, str) else row
            boxes = []
            for j, t in enumerate(texts):
                t, x0, x1 = t if isinstance(t, tuple) else (t, 10 + 520 * j, 510 + 520 * j)
                y0 = 40 * i
                boxes.append(Box(t, 0.8, x0, y0, x1, y0 + 30, [x0, y0, x1, y0 + 30]))
            out.append(Row(boxes))
        return Document([b for r in out for b in r.boxes], out, np.zeros((8, 8, 3)), None)

    return make
