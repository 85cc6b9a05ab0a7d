"""Real processes for tests: Celery workers against the test database and broker.

The test database only exists inside the pytest session (pytest-django names it
``test_<name>``), so workers get a DATABASE_URL pointing at it, and each session uses its
own queue so that concurrent test runs on one broker never take each other's tasks.
"""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connection

from kyc_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = ROOT / "test-output"


def test_database_url() -> str:
    """DATABASE_URL of the database this pytest session is using (``test_…``)."""
    base = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(base._replace(path="/" + connection.settings_dict["NAME"]))


@dataclass
class WorkerProcess:
    queue: str
    name: str
    process: subprocess.Popen
    log_path: Path
    extra_env: dict = field(default_factory=dict)

    def stop(self, timeout: float = 15) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def session_queue() -> str:
    """This test session's queue: set once on the Celery app before any task is sent."""
    queue = celery_app.conf.get("kyc_test_queue")
    if not queue:
        queue = f"kyc-test-{uuid.uuid4().hex[:10]}"
        celery_app.conf.kyc_test_queue = queue
        celery_app.conf.task_default_queue = queue
    return queue


def start_worker(
    *, concurrency: int = 1, name: str | None = None, extra_env: dict | None = None
) -> WorkerProcess:
    """Start a real ``celery worker`` process on this session's queue and wait until ready."""
    queue = session_queue()
    name = name or f"w{uuid.uuid4().hex[:6]}@{queue}"
    OUTPUT_DIR.mkdir(exist_ok=True)
    log_path = OUTPUT_DIR / f"worker-{name.split('@')[0]}.log"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_QUEUE": queue,
        "KYC_ENV": "development",
        **(extra_env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "kyc_portal", "worker",
        "--queues", queue, "--hostname", name, "--concurrency", str(concurrency),
        "--pool", "prefork", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    log_file = open(log_path, "w")  # noqa: SIM115 - kept open for the process's lifetime
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    worker = WorkerProcess(queue=queue, name=name, process=process, log_path=log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{worker.log()}")
        if celery_app.control.ping(destination=[name], timeout=0.5):
            return worker
        time.sleep(0.5)
    worker.stop()
    raise RuntimeError(f"worker not ready within 60 s:\n{worker.log()}")


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2, message: str = ""):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(message or f"condition not met within {timeout} s")
