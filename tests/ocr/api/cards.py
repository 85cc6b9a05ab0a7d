"""What the API tests check in a read side: what the engine must get from the card itself
(its class, the QR code's exact text, a well-formed ID number, the birth date; for a back its
class and its fields) rather than the OCR accuracy of every printed field, which the engine's
own tests and benchmark measure while the engine is being tuned."""

from __future__ import annotations

import re


def assert_reads_front(side: dict, sample) -> None:
    truth = sample.truth
    assert side["card_type"] == truth["card_type"], side["card_type"]
    assert side["type"] == truth["type"]
    assert side["data"]["qr"] == truth["data"]["qr"]
    assert re.fullmatch(r"\d{12}", side["data"]["id"]), side["data"]["id"]
    assert side["data"]["born"] == truth["data"]["born"]


def assert_reads_back(side: dict, sample) -> None:
    truth = sample.truth
    assert side["card_type"] == truth["card_type"], side["card_type"]
    assert side["type"] == truth["type"]
    assert {"date", "noicap", "dauvet", "mrz", "document_number"} <= set(side["data"])
