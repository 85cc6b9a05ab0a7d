"""MRZ reading benchmark: our reader against PassportEye, on the same specimens, one run.

    .venv/bin/python benchmarks/bench_mrz.py [--specimens DIR] [--repeat N]

Both run on one core (ONNX Runtime, OpenCV, BLAS and Tesseract limited to one thread).
Accuracy is exact: a document counts only if every MRZ line equals the truth, a line only
if it is equal character for character.  Times are wall-clock per image, after a warm-up
(models loaded once per process), median of ``--repeat`` runs per image.  PassportEye is a
benchmark-only dependency (``pip install passporteye``; MIT; uses Tesseract).
"""

from __future__ import annotations

import os

for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("OCR_ENGINE_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr.engine.mrz import read_mrz  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "realdata" / "mrz-specimens"


def ours(path: Path) -> list[str] | None:
    image = cv2.imread(str(path))
    result = read_mrz(image)
    return result.lines if result else None


def passporteye(path: Path) -> list[str] | None:
    from passporteye import read_mrz as pe_read
    from passporteye.mrz.text import MRZOCRCleaner

    mrz = pe_read(str(path))
    if mrz is None:
        return None
    raw = mrz.aux.get("raw_text", "")
    try:
        return list(MRZOCRCleaner.apply(raw))
    except Exception:  # PassportEye's cleaner rejects shapes it does not know
        return [line for line in raw.splitlines() if line.strip()]


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as one)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn, path: Path, repeat: int) -> tuple[list[str] | None, float, float]:
    walls, cpus = [], []
    out = None
    for _ in range(repeat):
        c0, t0 = _cpu(), time.perf_counter()
        out = fn(path)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
    return out, statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--specimens", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--only", choices=["ours", "passporteye"], default=None)
    args = ap.parse_args()
    cv2.setNumThreads(1)
    truth = json.loads((args.specimens / "truth.json").read_text())
    names = [n for n in sorted(truth) if truth[n].get("readable", True)]
    readers = {"ours": ours, "PassportEye": passporteye}
    if args.only == "ours":
        readers.pop("PassportEye")
    elif args.only == "passporteye":
        readers.pop("ours")
    # warm-up: load models once per process
    first = args.specimens / names[0]
    for fn in readers.values():
        fn(first)
    rows = []
    stats = {k: {"docs": 0, "lines": 0, "times": [], "cpu": []} for k in readers}
    n_lines = sum(len(truth[n]["lines"]) for n in names)
    for name in names:
        want = truth[name]["lines"]
        row = [name]
        for key, fn in readers.items():
            got, ms, cpu_ms = timed(fn, args.specimens / name, args.repeat)
            exact = got == want
            good_lines = sum(1 for a, b in zip(got or [], want, strict=False) if a == b)
            stats[key]["docs"] += exact
            stats[key]["lines"] += good_lines
            stats[key]["times"].append(ms)
            stats[key]["cpu"].append(cpu_ms)
            row.append(
                f"{'ok' if exact else 'miss'} ({good_lines}/{len(want)}) "
                f"{ms:.0f} ms, cpu {cpu_ms:.0f} ms"
            )
        rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"## MRZ reading: {len(names)} specimens, {n_lines} lines\n")
    print(f"(host load average {load:.1f} on {os.cpu_count()} CPUs at the end of the run)\n")
    print(
        "| reader | documents exact | lines exact | median wall ms / image "
        "| median CPU ms / image | mean wall ms / image |"
    )
    print("|---|---|---|---|---|---|")
    for key in readers:
        s = stats[key]
        print(
            f"| {key} | {s['docs']}/{len(names)} ({100 * s['docs'] / len(names):.0f} %) "
            f"| {s['lines']}/{n_lines} ({100 * s['lines'] / n_lines:.0f} %) "
            f"| {statistics.median(s['times']):.0f} | {statistics.median(s['cpu']):.0f} "
            f"| {statistics.mean(s['times']):.0f} |"
        )
    if len(readers) == 2:
        for label, k in (("wall", "times"), ("CPU", "cpu")):
            a = statistics.median(stats["ours"][k])
            b = statistics.median(stats["PassportEye"][k])
            print(f"\nMedian {label} time, PassportEye / ours: {b / a:.1f}x")
    print("\n| specimen | " + " | ".join(readers) + " |")
    print("|---|" + "---|" * len(readers))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
