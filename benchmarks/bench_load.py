"""Load through the web tier: N customers at once, each signing up, consenting, uploading
the front and back of a chip CCCD and submitting, over real HTTP to gunicorn, with two
Celery workers on one queue.

    .venv/bin/python benchmarks/bench_load.py [--customers 200] [--workers 2]

Reports: HTTP 5xx count (must be 0), every application processed (needs_review), the
end-to-end time per customer from the first upload to needs_review (median, p95), and
whether the two workers shared the reads without processing any image twice (one
Extraction and one attempt per image). Uses a temporary PostgreSQL database when
DATABASE_URL points at PostgreSQL (as `make bench` does), dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_onboarding import (  # noqa: E402 - the shared set-up of the onboarding benchmarks
    ROOT,
    drop_database,
    percentile,
    prepare_environment,
    start_workers,
    stop_workers,
)

PASSWORD = "Load-test-2026!"
POLL_SECONDS = 2.0
TIMEOUT_SECONDS = 1800
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD = re.compile(r'name="(field_[a-z_]+)" value="([^"]*)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_web(port: int, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / "gunicorn.log", "w")  # noqa: SIM115 - lives with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kyc_portal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "16", "--timeout", "120", "--keep-alive", "5"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("gunicorn did not start")


class Customer:
    """One customer's browser session, in plain HTTP."""

    def __init__(self, base: str, counters: dict, lock: threading.Lock):
        self.base = base
        self.http = requests.Session()
        self.counters = counters
        self.lock = lock

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.http.request(method, self.base + path, timeout=120, **kwargs)
        except requests.ConnectionError:
            # A kept-alive connection closed by the server as it was reused: browsers send
            # the request again on a fresh connection, and so do we (uploads and submits
            # are idempotent).
            with self.lock:
                self.counters["resent"] += 1
            response = self.http.request(method, self.base + path, timeout=120, **kwargs)
        with self.lock:
            self.counters["requests"] += 1
            if response.status_code >= 500:
                self.counters["5xx"] += 1
        return response

    def post_form(self, path: str, data: dict, files: dict | None = None) -> requests.Response:
        token = CSRF.search(self.request("GET", path).text).group(1)
        return self.request(
            "POST", path, data={"csrfmiddlewaretoken": token, **data}, files=files,
            headers={"Referer": self.base + path}, allow_redirects=False,
        )  # fmt: skip


def one_customer(base, index, front, back, counters, lock, results, errors) -> None:
    customer = Customer(base, counters, lock)
    email = f"load-{index}-{uuid.uuid4().hex[:6]}@example.test"
    try:
        steps = [
            ("/accounts/signup/", {"email": email, "password": PASSWORD, "password_again": PASSWORD}),
            ("/onboarding/consent/", {"agree": "on"}),
            ("/onboarding/document/", {"declared_type": "chip_cccd"}),
        ]  # fmt: skip
        for path, data in steps:
            response = customer.post_form(path, data)
            if response.status_code != 302:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
        started = time.perf_counter()
        for side, sample in (("front", front), ("back", back)):
            path = f"/onboarding/capture/{side}/"
            response = customer.post_form(
                path, {}, {"image": (f"{side}.jpg", sample.image_bytes, "image/jpeg")}
            )
            if response.status_code != 302:
                raise RuntimeError(f"upload {side}: HTTP {response.status_code}")
        while 'id="to-confirm"' not in (
            fragment := customer.request("GET", "/onboarding/processing/status/").text
        ):
            if 'data-status="failed"' in fragment:
                raise RuntimeError("a side failed to read")
            if time.perf_counter() - started > TIMEOUT_SECONDS:
                raise RuntimeError("timeout while reading")
            time.sleep(POLL_SECONDS)
        confirm = customer.request("GET", "/onboarding/confirm/").text
        values = dict(FIELD.findall(confirm))
        response = customer.post_form("/onboarding/confirm/", values)
        if response.status_code != 302:
            raise RuntimeError(f"submit: HTTP {response.status_code}")
        # The status page, as the customer sees it (no database connection of our own:
        # 200 of them would be the benchmark exhausting PostgreSQL, not the product).
        while (
            'data-status="needs_review"' not in customer.request("GET", "/onboarding/status/").text
        ):
            if time.perf_counter() - started > TIMEOUT_SECONDS:
                raise RuntimeError("timeout while checking")
            time.sleep(POLL_SECONDS)
        results.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        errors.append(f"customer {index}: {exc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    db_name, queue = prepare_environment(tmp)
    os.environ["KYC_ENV"] = "development"
    import django

    django.setup()
    from django.core.management import call_command

    from kyc_portal.onboarding.models import Application, DocumentImage, Extraction
    from ocr.synth import generate_pair

    call_command("migrate", verbosity=0)
    print(f"generating {args.customers} synthetic chip cards…", file=sys.stderr)
    cards = [generate_pair("chip", 9000 + i, difficulty="easy") for i in range(args.customers)]
    for front, back in cards:  # render now, outside the measured time
        front.image_bytes, back.image_bytes  # noqa: B018
    port = free_port()
    web = start_web(port, tmp)
    workers = start_workers(args.workers, queue, tmp, loglevel="INFO")
    counters = {"requests": 0, "5xx": 0, "resent": 0}
    lock = threading.Lock()
    results: list[float] = []
    errors: list[str] = []
    try:
        began = time.perf_counter()
        threads = [
            threading.Thread(
                target=one_customer,
                args=(f"http://127.0.0.1:{port}", i, *cards[i], counters, lock, results, errors),
            )
            for i in range(args.customers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
        images = DocumentImage.objects.count()
        extractions = Extraction.objects.count()
        retried = DocumentImage.objects.filter(ocr_attempts__gt=1).count()
        processed = Application.objects.filter(status="needs_review").count()
    finally:
        stop_workers(workers)
        web.terminate()
        web.wait(30)
        if db_name:
            drop_database(db_name)
    read_done = re.compile(r"document_image_ocr\[[^\]]+\] succeeded")
    reads_per_worker = [
        len(read_done.findall((tmp / f"worker-{i}.log").read_text())) for i in range(args.workers)
    ]

    print(f"## Load: {args.customers} customers at once through gunicorn, {args.workers} workers\n")
    print(
        "| customers | processed | HTTP requests | 5xx | wall s | e2e median s | e2e p95 s | images | extractions | images read twice |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    median = f"{statistics.median(results):.1f}" if results else "–"
    p95 = f"{percentile(results, 0.95):.1f}" if results else "–"
    print(f"| {args.customers} | {processed} | {counters['requests']} | {counters['5xx']} | {wall:.0f} | "
          f"{median} | {p95} | {images} | {extractions} | {retried} |")  # fmt: skip
    print(f"\nReads done by each worker: {reads_per_worker}")
    print(f"Requests sent again after a reset kept-alive connection: {counters['resent']}")
    for error in errors[:20]:
        print(f"- {error}")
    ok = (
        not errors
        and counters["5xx"] == 0
        and processed == args.customers
        and extractions == images
        and retried == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
