"""Behaviour behind the production server: the rate limit holds across several gunicorn
worker processes (it is counted in the database, not in process memory), and an oversized
body gets its envelope, not a reset connection."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from ocr.models import ApiUsage
from ocr.services import api_key_create
from tests.support import live

pytestmark = pytest.mark.live
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup, tmp_path_factory):
    """A real gunicorn (3 worker processes) on the test database, as `make run` serves."""
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "KYC_ENV": "development", "DATABASE_URL": live.test_database_url()}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "kyc_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "2",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def ready():
        try:
            return requests.get(f"{base}/healthz", timeout=5).ok
        except requests.RequestException:
            return False

    try:
        live.wait_until(ready, timeout=90, message="gunicorn did not start")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def test_rate_limit_is_shared_by_all_worker_processes(gunicorn_server, transactional_db):
    if time.localtime().tm_sec >= 45:  # keep the burst in one minute window
        time.sleep(61 - time.localtime().tm_sec)
    api_key, secret = api_key_create(name="multi", rate_limit_per_minute=5)
    url = f"{gunicorn_server}/backend/api/v1/request/ocr/cmt/get_mattruoc"

    def call(_):
        # A fresh connection each time so that the requests spread over the workers.
        return requests.get(url, auth=(api_key.key, secret), timeout=30).json()["errorCode"]

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(call, range(12)))
    # 5 admitted (errorCode 6: no url given), every other one refused, whichever process.
    assert sorted(codes) == ["4"] * 7 + ["6"] * 5
    assert ApiUsage.objects.filter(api_key=api_key).count() == 12


def test_oversized_body_gets_error_3_from_gunicorn(gunicorn_server, transactional_db, settings):
    api_key, secret = api_key_create(name="big")
    body = b"\xff\xd8\xff" + b"\0" * (settings.OCR_MAX_UPLOAD_BYTES + 1)
    response = requests.post(
        f"{gunicorn_server}/backend/api/v1/request/ocr/cmt/get_infor_all",
        auth=(api_key.key, secret),
        files={"image": ("big.jpg", body)},
        timeout=60,
    )
    assert response.status_code == 400 and response.json()["errorCode"] == "3"
    # The server is fine afterwards.
    response = requests.get(
        f"{gunicorn_server}/backend/api/v1/request/ocr/cmt/get_infor_all",
        auth=(api_key.key, secret),
        timeout=30,
    )
    assert response.json()["errorCode"] == "6"
