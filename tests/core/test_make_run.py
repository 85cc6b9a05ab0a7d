"""`make run`'s script on embedded defaults: no PostgreSQL, no broker daemon."""

import os
import signal
import socket
import subprocess
import time

import pytest
import requests

from tests.support.live import ROOT, wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.live
def test_run_serves_pages_on_embedded_defaults_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_QUEUE"}
    }
    env.update(PORT=str(port), KYC_VAR_DIR=str(tmp_path), KYC_ENV="development")
    process = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if url in line or process.poll() is not None:
                break
        assert any(url in line for line in output), "".join(output)
        assert any("Demo staff user: demo-admin /" in line for line in output)
        assert any("Demo API key: " in line for line in output)

        response = requests.get(url, timeout=10)
        assert response.status_code == 200
        assert "Xác minh danh tính điện tử" in response.text
        assert (tmp_path / "db.sqlite3").exists()
        # The embedded worker runs the periodic heartbeat against SQLite.
        health = wait_until(
            lambda: requests.get(url + "healthz", timeout=5).json()["workers_alive"] >= 1,
            timeout=60,
            interval=1,
            message="no worker heartbeat through the filesystem broker",
        )
        assert health
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(45)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/", timeout=2)
