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
