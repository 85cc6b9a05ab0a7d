"""Benchmark the OCR HTTP API: throughput and latency of POST cmt/get_infor_all at several
concurrencies against a gunicorn server this script starts (as `make run` does), and the
server's peak memory.

    .venv/bin/python benchmarks/bench_api.py [--concurrency 1,4,16] [--requests N]
        [--web-workers 2] [--threads 4] [--ocr-workers 2]

The server runs on the embedded SQLite defaults in a temporary folder, unless
``--database-url`` is given. Each request sends one synthetic chip-card front
(ocr.synth, easy); every answer must be errorCode "0" with the right ID number. Peak memory
is the largest sampled sum of RSS over the gunicorn master and its workers. Prints a
markdown table; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
ENDPOINT = "/backend/api/v1/request/ocr/cmt/get_infor_all"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return out


class MemorySampler(threading.Thread):
    """Samples the summed RSS of a process tree every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_total_kib = 0
        self.peak_worker_kib = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            workers = children(self.pid)
            per_worker = [rss_kib(pid) for pid in workers]
            total = rss_kib(self.pid) + sum(per_worker)
            self.peak_total_kib = max(self.peak_total_kib, total)
            self.peak_worker_kib = max([self.peak_worker_kib, *per_worker])
            time.sleep(self.interval)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def start_server(args, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        str(BIN / "gunicorn"), "kyc_portal.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.web_workers), "--threads", str(args.threads),
        "--timeout", "120", "--graceful-timeout", "10",
    ]  # fmt: skip
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(args.log, "w"),  # noqa: SIM115 - lives as long as the server
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {args.log}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).ok:
                return server, base
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn not ready within 90 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def one_request(base: str, auth, image: bytes, expected_id: str) -> tuple[float, bool]:
    started = time.monotonic()
    try:
        response = requests.post(
            base + ENDPOINT, auth=auth, files={"image": ("card.jpg", image)}, timeout=180
        )
        body = response.json()
        ok = (
            response.status_code == 200
            and body.get("errorCode") == "0"
            and body["data"].get("id") == expected_id
        )
    except (requests.RequestException, ValueError, KeyError):
        ok = False
    return time.monotonic() - started, ok


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--requests", type=int, default=0, help="per level; 0 = max(8, 2 x c)")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--ocr-workers", type=int, default=2, help="OCR_API_WORKERS per process")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--log", default=str(Path(tempfile.gettempdir()) / "bench_api.log"))
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]

    from ocr.synth import generate_sample

    sample = generate_sample("chip_id_card_front", seed=args.seed, difficulty="easy")
    expected_id = sample.truth["data"]["id"]

    with tempfile.TemporaryDirectory(prefix="bench-api-") as var_dir:
        env = {
            **os.environ,
            "KYC_ENV": "development",
            "KYC_VAR_DIR": var_dir,
            "DATABASE_URL": args.database_url,
            "CELERY_BROKER_URL": "",
            "OCR_API_WORKERS": str(args.ocr_workers),
            "OCR_API_QUEUE_TIMEOUT": "120",
            "OCR_API_JOB_TIMEOUT": "120",
            "LOG_LEVEL": "WARNING",
        }
        manage(env, "migrate", "--noinput", "-v", "0")
        key, secret = manage(env, "create_api_key", "benchmark").split()
        server, base = start_server(args, env)
        sampler = MemorySampler(server.pid)
        sampler.start()
        rows, failures = [], 0
        try:
            # Warm-up: one request per worker thread loads the models in every process.
            warm = args.web_workers * args.threads
            with ThreadPoolExecutor(warm) as pool:
                warmup = list(
                    pool.map(
                        lambda _: one_request(base, (key, secret), sample.image_bytes, expected_id),
                        range(warm),
                    )
                )
            failures += sum(not ok for _, ok in warmup)
            for concurrency in levels:
                total = args.requests or max(8, 2 * concurrency)
                started = time.monotonic()
                with ThreadPoolExecutor(concurrency) as pool:
                    results = list(
                        pool.map(
                            lambda _: one_request(
                                base, (key, secret), sample.image_bytes, expected_id
                            ),
                            range(total),
                        )
                    )
                wall = time.monotonic() - started
                latencies = [latency for latency, _ in results]
                errors = sum(not ok for _, ok in results)
                failures += errors
                rows.append(
                    (
                        concurrency, total, errors, total / wall,
                        statistics.median(latencies), percentile(latencies, 0.95),
                    )
                )  # fmt: skip
        finally:
            sampler.stopped.set()
            sampler.join()
            stop_server(server)

    print(
        f"## OCR API: POST cmt/get_infor_all (gunicorn {args.web_workers} workers x "
        f"{args.threads} threads, OCR_API_WORKERS={args.ocr_workers}, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}, {os.cpu_count()} cores)\n"
    )
    print(
        f"Image: synthetic chip-card front, {len(sample.image_bytes) // 1024} KiB {sample.mime}\n"
    )
    print("| concurrency | requests | errors | throughput (req/s) | median (s) | p95 (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for concurrency, total, errors, throughput, median, p95 in rows:
        print(
            f"| {concurrency} | {total} | {errors} | {throughput:.2f} | {median:.2f} | {p95:.2f} |"
        )
    print(
        f"\nPeak RSS: {sampler.peak_total_kib / 1024:.0f} MiB for the gunicorn master and "
        f"workers together; {sampler.peak_worker_kib / 1024:.0f} MiB for the largest worker."
    )
    print(f"Failed requests (warm-up included): {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
