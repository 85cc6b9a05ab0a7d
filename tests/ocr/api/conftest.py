"""Fixtures of the OCR API tests: API keys, synthetic card images (ocr.synth), a local
image server. The API runs in pytest-django's live server (a real threaded HTTP server on
the test database)."""

from __future__ import annotations

import pytest

from ocr.services import api_key_create
from ocr.synth import generate_pair, make_pdf
from tests.ocr.api.servers import LocalServer, Routes

CARD_SEED = 7


@pytest.fixture(scope="session")
def chip_card():
    """Front and back of one synthetic chip card (easy photos), with their ground truth."""
    return generate_pair("chip", seed=CARD_SEED, difficulty="easy")


@pytest.fixture(scope="session")
def card_files(chip_card, tmp_path_factory):
    front, back = chip_card
    folder = tmp_path_factory.mktemp("cards")
    paths = {"front": folder / f"front.{front.ext}", "back": folder / f"back.{back.ext}"}
    paths["front"].write_bytes(front.image_bytes)
    paths["back"].write_bytes(back.image_bytes)
    paths["pdf"] = folder / "card.pdf"
    paths["pdf"].write_bytes(make_pdf([front, back]))
    return paths


@pytest.fixture
def api_client_key(transactional_db):
    """(api_key, api_secret) of a fresh unlimited key."""
    api_key, secret = api_key_create(name="tests")
    return api_key.key, secret


@pytest.fixture
def image_server(chip_card):
    front, back = chip_card
    routes = Routes()
    routes.file("/front.jpg", front.image_bytes, front.mime)
    routes.file("/back.jpg", back.image_bytes, back.mime)
    with LocalServer(routes) as server:
        yield server
