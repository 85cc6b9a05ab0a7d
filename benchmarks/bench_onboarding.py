"""Benchmark the customer's wait: from the first photo's upload to the confirm page showing
the fields read, with one and with two Celery workers.

    .venv/bin/python benchmarks/bench_onboarding.py [--customers 4] [--workers 1,2]

Each customer is a signed-in applicant with a chip CCCD (synthetic, ocr.synth, easy): the
front is uploaded, then the back (through the real capture view: quick checks, encryption at
rest, on_commit enqueue), then the status fragment is polled every second as htmx does, then
the confirm page is fetched; the time until it lists the ID number is the customer's wait.
Two scenarios per worker count: customers one after another ("sequential") and all at once
("burst"). Real worker processes (prefork, concurrency 1 each) on a queue of their own.

Database: with a PostgreSQL DATABASE_URL, a temporary database on that server (created,
migrated, dropped); otherwise SQLite and the filesystem broker in a temporary folder.
Prints a markdown table; exits 1 if any read failed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
POLL_SECONDS = 1.0  # as the page: hx-trigger="every 1s"
TIMEOUT_SECONDS = 600
ID_INPUT = re.compile(r'name="field_id" value="[^"]+"')


def prepare_environment(tmp: Path) -> tuple[str | None, str]:
    """Point this process (and the workers it starts) at throw-away storage."""
    os.environ.setdefault("KYC_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyc_portal.settings")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    queue = f"kyc-bench-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_QUEUE"] = queue
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"kyc_bench_{uuid.uuid4().hex[:8]}"
        base = urlsplit(url)
        with psycopg.connect(urlunsplit(base._replace(path="/postgres")), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(base._replace(path="/" + name))
        return name, queue
    os.environ["KYC_VAR_DIR"] = str(tmp / "var")
    return None, queue


def drop_database(name: str) -> None:
    import psycopg
    from django.db import connections

    try:
        connections.close_all()
    except Exception:  # noqa: BLE001 - settings may never have loaded; drop anyway
        pass
    base = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(base._replace(path="/postgres")), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_workers(
    count: int, queue: str, log_dir: Path, loglevel: str = "WARNING"
) -> list[subprocess.Popen]:
    from kyc_portal.celery import app

    workers = []
    names = []
    for index in range(count):
        name = f"bench{index}-{uuid.uuid4().hex[:4]}@{queue}"
        log = open(log_dir / f"worker-{index}.log", "w")  # noqa: SIM115 - lives with the process
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "kyc_portal",
                    "worker",
                    "--queues",
                    queue,
                    "--hostname",
                    name,
                    "--concurrency",
                    "1",
                    "--pool",
                    "prefork",
                    "--loglevel",
                    loglevel,
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=os.environ.copy(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )
        names.append(name)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=names, timeout=1.0)
        if len(replies) == count:
            return workers
    stop_workers(workers)
    raise RuntimeError("workers not ready")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for process in workers:
        process.terminate()
    for process in workers:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def one_customer(index: int, seed: int, results: list, errors: list) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kyc_portal.onboarding import services
    from ocr.synth import generate_pair

    try:
        front, back = generate_pair("chip", seed, difficulty="easy")
        applicant = services.applicant_sign_up(
            email=f"bench-{seed}-{uuid.uuid4().hex[:6]}@example.test", password="Bench-pass-2026!"
        )
        services.consent_give(applicant=applicant)
        services.document_choose(applicant=applicant, declared_type="chip_cccd")
        http = Client(HTTP_HOST="localhost")
        http.force_login(applicant.user)
        front.image_bytes, back.image_bytes  # noqa: B018 - drawn before the clock starts
        started = time.perf_counter()
        for side, sample in (("front", front), ("back", back)):
            response = http.post(
                reverse("onboarding:capture", args=[side]),
                {"image": SimpleUploadedFile(f"{side}.jpg", sample.image_bytes, "image/jpeg")},
            )
            if response.status_code != 302:
                raise RuntimeError(f"upload {side}: HTTP {response.status_code}")
        while True:
            fragment = http.get(reverse("onboarding:processing_status")).content.decode()
            if 'id="to-confirm"' in fragment:
                break
            if 'data-status="failed"' in fragment:
                raise RuntimeError("a side failed to read")
            if time.perf_counter() - started > TIMEOUT_SECONDS:
                raise RuntimeError("timeout")
            time.sleep(POLL_SECONDS)
        page = http.get(reverse("onboarding:confirm"))
        if page.status_code != 200 or not ID_INPUT.search(page.content.decode()):
            raise RuntimeError("confirm page without the ID number")
        results.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
        errors.append(f"customer {index}: {exc}")
    finally:
        connection.close()


def run_scenario(customers: int, burst: bool, seed0: int) -> tuple[list[float], list[str]]:
    results: list[float] = []
    errors: list[str] = []
    if burst:
        threads = [
            threading.Thread(target=one_customer, args=(i, seed0 + i, results, errors))
            for i in range(customers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for i in range(customers):
            one_customer(i, seed0 + i, results, errors)
    return results, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=4)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]

    tmp = Path(tempfile.mkdtemp(prefix="bench-onboarding-"))
    db_name, queue = prepare_environment(tmp)
    import django

    failed = False
    rows = []
    try:
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        seed0 = 5000
        for count in worker_counts:
            workers = start_workers(count, queue, tmp)
            try:
                # one warm-up customer per worker so model loading is not measured
                run_scenario(count, burst=True, seed0=seed0)
                seed0 += count
                for burst in (False, True):
                    results, errors = run_scenario(args.customers, burst, seed0)
                    seed0 += args.customers
                    failed |= bool(errors)
                    rows.append((count, "burst" if burst else "sequential", results, errors))
            finally:
                stop_workers(workers)
    finally:
        if db_name:
            drop_database(db_name)
    from django.db import connection

    print(f"## Onboarding: upload of the front to fields shown ({connection.vendor}, "
          f"chip CCCD front+back, polling every {POLL_SECONDS:g} s)\n")  # fmt: skip
    print("| workers | customers | arrival | median s | p95 s | max s | failures |")
    print("|---|---|---|---|---|---|---|")
    for count, scenario, results, errors in rows:
        if results:
            figures = (statistics.median(results), percentile(results, 0.95), max(results))
            cells = " | ".join(f"{v:.1f}" for v in figures)
        else:
            cells = "– | – | –"
        print(f"| {count} | {args.customers} | {scenario} | {cells} | {len(errors)} |")
    for *_rest, errors in rows:
        for error in errors:
            print(f"\n- {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
