"""The OpenAPI description is served, rendered, and true: schemathesis (its CLI, a real
process) fuzzes the live server from it and finds no 5xx and no response that breaks it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from ocr.api.openapi import openapi_description

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[3]
ENDPOINTS = {
    ("get", "cmt/get_haimat"), ("post", "cmt/get_haimat"), ("post", "cmt/get_haimatbase64"),
    ("get", "cmt/get_mattruoc"), ("post", "cmt/get_mattruoc"), ("post", "cmt/get_mattruocbase64"),
    ("get", "cmt/get_matsau"), ("post", "cmt/get_matsau"), ("post", "cmt/get_matsaubase64"),
    ("post", "v1/get_infor"),
    ("get", "cmt/get_infor_all"), ("post", "cmt/get_infor_all"), ("post", "cmt/get_infor_allbase64"),
}  # fmt: skip


def test_openapi_describes_all_13_endpoints_with_basic_auth_and_every_error(live_server):
    response = requests.get(f"{live_server.url}/backend/api/v1/openapi.json", timeout=10)
    assert response.status_code == 200
    description = response.json()
    assert description == json.loads(json.dumps(openapi_description()))
    assert description["components"]["securitySchemes"]["basicAuth"] == {
        "type": "http",
        "scheme": "basic",
        "description": "Username: api_key; password: api_secret.",
    }
    operations = {
        (method, path.removeprefix("/backend/api/v1/request/ocr/"))
        for path, item in description["paths"].items()
        for method in item
    }
    assert operations == ENDPOINTS
    for path, item in description["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            assert {"200", "400", "401", "422", "429", "503"} <= statuses, (method, path)
            assert ("parameters" in operation) == (method == "get")
            assert ("requestBody" in operation) == (method == "post")


def test_docs_page_is_server_rendered_without_inline_script(live_server):
    response = requests.get(f"{live_server.url}/backend/api/v1/docs", timeout=10)
    assert response.status_code == 200
    html = response.text
    assert "/backend/api/v1/request/ocr/cmt/get_haimatbase64" in html
    assert "Api_key hoặc api_secret không đúng" in html and "errorCode" in html
    assert "<script>" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, api_client_key, settings, tmp_path
):
    # Generated URLs must not wait on real DNS for long.
    settings.OCR_URL_CONNECT_TIMEOUT = 0.5
    key, secret = api_client_key
    command = [
        str(Path(sys.executable).with_name("st")), "run",
        f"{live_server.url}/backend/api/v1/openapi.json",
        "--auth", f"{key}:{secret}",
        "--checks", "all",
        # "Schema-valid" bytes are not a photo of a card: errorCode 1/3 is the right answer.
        "--exclude-checks", "positive_data_acceptance",
        "--max-examples", "8",
        "--seed", "20261125",
        "--workers", "1",
        "--generation-database", "none",
        "--request-timeout", "30",
        "--no-color",
        "--report", "junit",
        "--report-dir", str(tmp_path),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "Tested: 13" in output, output[-3000:]
    print(output[output.find("SUMMARY") :])  # the figures, for `pytest -s`
