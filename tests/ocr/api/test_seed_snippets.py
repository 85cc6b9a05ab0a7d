"""The 13 demo snippets of the original service's documentation (tests/ocr/api/seed/, a copy
of the seed), run UNCHANGED except for the host, the key and the file paths / image URLs,
against our live server, with synthetic card images."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import requests

from tests.ocr.api.cards import assert_reads_back, assert_reads_front

SEED = Path(__file__).parent / "seed" / "ocr-api-cmt-tcc-passport.md"
ORIGINAL_HOST = "https://cloud.computervision.com.vn"


def seed_snippets() -> dict[int, str]:
    """Snippet number -> its Python code, as written in the seed."""
    text = SEED.read_text(encoding="utf-8")
    out = {}
    for section in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        number = int(section.split(".", 1)[0])
        out[number] = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    return out


SNIPPETS = seed_snippets()
FRONT_SNIPPETS = {2, 5, 8, 11, 12, 13}
BACK_SNIPPETS = {3, 6, 9}
BOTH_SNIPPETS = {1, 4, 7}


def run_snippet(number: int, *, host: str, key: str, secret: str, replacements: dict) -> dict:
    code = SNIPPETS[number]
    code = code.replace(ORIGINAL_HOST, host)
    code = code.replace("<replace-with-your-api-key>", key)
    code = code.replace("<replace-with-your-api-secret>", secret)
    for placeholder, value in replacements.items():
        assert placeholder in code, (number, placeholder)
        code = code.replace(placeholder, value)
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, f"seed-snippet-{number}", "exec"), namespace)  # noqa: S102
    response = namespace["response"]
    assert printed.getvalue().strip(), "the snippet prints the answer"
    return {"status": response.status_code, "body": response.json()}


def replacements_for(number: int, files: dict, image_base: str) -> dict:
    front, back, pdf = str(files["front"]), str(files["back"]), str(files["pdf"])
    # The seed's own example URL has Vietnamese letters; keep them, unencoded, as it does.
    seed_url = "https://vemaybaybackinh.net/assets/uploads/2019/01/thẻ-căn-cước.jpg"
    return {
        1: {"mat truoc url": f"{image_base}/front.jpg", "mat sau url": f"{image_base}/back.jpg"},
        2: {seed_url: f"{image_base}/mattruoc/thẻ-căn-cước.jpg"},
        3: {seed_url: f"{image_base}/matsau/thẻ-căn-cước.jpg"},
        4: {"/path/to/your/mattruoc.jpg": front, "/path/to/your/matsau.jpg": back},
        5: {"/path/to/your/image.jpg": front},
        6: {"/path/to/your/image.jpg": back},
        7: {"/path/to/your/img_mattruoc.jpg": front, "/path/to/your/img_matsau.jpg": back},
        8: {'"path_img"': f'"{front}"'},
        9: {'"path_img"': f'"{back}"'},
        10: {"/path/to/your/example.pdf": pdf},
        11: {"https://example.com/image.png": f"{image_base}/front.jpg"},
        12: {"/path/to/your/example.jpg": front},
        13: {'"path_img"': f'"{front}"'},
    }[number]


ENVELOPE_KEYS = {
    "errorCode", "errorMessage", "type", "card_type", "valid", "invalidCode", "invalidMessage",
    "data", "fields", "checks", "request_id", "elapsed_ms",
}  # fmt: skip


@pytest.mark.live
@pytest.mark.parametrize("number", sorted(SNIPPETS))
def test_seed_snippet_works_unchanged_against_our_server(
    number, live_server, api_client_key, card_files, chip_card, image_server, settings
):
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"]
    image_server.routes.file("/mattruoc/thẻ-căn-cước.jpg", chip_card[0].image_bytes)
    image_server.routes.file("/matsau/thẻ-căn-cước.jpg", chip_card[1].image_bytes)
    key, secret = api_client_key
    front, back = chip_card

    answer = run_snippet(
        number,
        host=live_server.url,
        key=key,
        secret=secret,
        replacements=replacements_for(number, card_files, image_server.base),
    )

    body = answer["body"]
    assert answer["status"] == 200, body
    assert ENVELOPE_KEYS <= set(body)
    assert body["errorCode"] == "0" and body["errorMessage"] == "Thành công"
    assert body["valid"] in ("True", "False") and isinstance(body["elapsed_ms"], int)
    if number in FRONT_SNIPPETS:
        assert_reads_front(body, front)
    elif number in BACK_SNIPPETS:
        assert_reads_back(body, back)
    elif number in BOTH_SNIPPETS:
        assert set(body["data"]) == {"mattruoc", "matsau"}
        assert_reads_front(body["data"]["mattruoc"], front)
        assert_reads_back(body["data"]["matsau"], back)
        assert body["checks"] and all(
            c["result"] in ("pass", "fail", "skip") for c in body["checks"]
        )
    else:  # 10: v1/get_infor, a two-page PDF
        assert [side["page"] for side in body["data"]] == [1, 2]
        assert_reads_front(body["data"][0], front)


@pytest.mark.live
def test_url_snippet_is_refused_without_the_allowlist(
    live_server, api_client_key, card_files, image_server, settings
):
    settings.OCR_URL_ALLOWLIST = []
    key, secret = api_client_key
    answer = run_snippet(
        11,
        host=live_server.url,
        key=key,
        secret=secret,
        replacements=replacements_for(11, card_files, image_server.base),
    )
    assert answer["status"] == 400
    assert answer["body"]["errorCode"] == "2"
    assert answer["body"]["data"] == {}
    assert image_server.routes.hits == [], "the private address was never contacted"


@pytest.mark.live
def test_unencoded_urls_with_their_own_query_strings_are_accepted(
    live_server, api_client_key, chip_card, image_server, settings
):
    """As the seed's demos do: URLs pasted into the query string without encoding."""
    settings.OCR_URL_ALLOWLIST = ["127.0.0.1"]
    front, back = chip_card
    front_url = f"{image_server.base}/front.jpg?signature=a1&expires=2"
    back_url = f"{image_server.base}/back.jpg?signature=b2&expires=3"
    response = requests.get(
        f"{live_server.url}/backend/api/v1/request/ocr/cmt/get_haimat?mattruoc=%s&matsau=%s"
        % (front_url, back_url),
        auth=api_client_key,
        timeout=60,
    )
    body = response.json()
    assert body["errorCode"] == "0", body
    assert_reads_front(body["data"]["mattruoc"], front)
    assert_reads_back(body["data"]["matsau"], back)
    assert image_server.routes.hits == ["/front.jpg", "/back.jpg"]
