"""Benchmark the OCR engine on generated samples of every card type x difficulty.

    .venv/bin/python benchmarks/bench_engine.py --per-type 5 [--difficulty easy,medium,hard]
        [--types chip_id_card_front,...] [--seed0 1000] [--failures /tmp/fail.jsonl]

Prints per-field exact accuracy (addresses compared after whitespace/case normalisation),
type/side accuracy, the rate of samples with every field right, median/p95 time per image
and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# one core, as in production per worker
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OCR_ENGINE_THREADS", "1")

from ocr.engine import EngineError, extract_side  # noqa: E402

LOOSE = {
    "address",
    "country",
    "noidangkykhaisinh",
    "noicap",
    "dauvet",
    "place_of_birth",
}
SKIP = {"qr"}  # compared separately below


def norm_loose(v) -> str:
    s = unicodedata.normalize("NFC", str(v)).lower()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    return s.strip(" .")


def same(key: str, want, got) -> bool:
    if isinstance(want, list):
        return list(want) == list(got or [])
    if key in LOOSE or key.endswith("_name"):
        return norm_loose(want) == norm_loose(got)
    return unicodedata.normalize("NFC", str(want)) == unicodedata.normalize("NFC", str(got or ""))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-type", type=int, default=5)
    ap.add_argument("--difficulty", default="easy,medium,hard")
    ap.add_argument("--types", default="")
    ap.add_argument("--seed0", type=int, default=1000)
    ap.add_argument("--failures", default="")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument(
        "--rss-samples",
        type=int,
        default=33,
        help="images read again in a fresh engine-only process to measure its peak memory",
    )
    args = ap.parse_args(argv)
    rss_dir = tempfile.TemporaryDirectory(prefix="bench-engine-")
    rss_files: list[str] = []

    from ocr.synth import CARD_TYPES, generate_sample

    types = [t for t in (args.types.split(",") if args.types else CARD_TYPES) if t]
    diffs = [d for d in args.difficulty.split(",") if d]
    field_ok = defaultdict(lambda: [0, 0])
    field_ok_diff = defaultdict(lambda: [0, 0])
    type_ok = side_ok = n = all_ok = 0
    per_type = defaultdict(lambda: [0, 0, 0])  # n, type ok, all fields ok
    per_diff = defaultdict(lambda: [0, 0, 0])
    times = []
    cpu_times = []
    errors = 0
    fail_out = open(args.failures, "w", encoding="utf-8") if args.failures else None
    # warm-up (model loading is not per-image work)
    warm = generate_sample(types[0], 1, "easy")
    try:
        extract_side(warm.image_bytes)
    except EngineError:
        pass
    for ct in types:
        for diff in diffs:
            for i in range(args.per_type):
                seed = args.seed0 + i
                s = generate_sample(ct, seed, diff)
                truth = s.truth
                if i == 0 and len(rss_files) < args.rss_samples:
                    rss_files.append(os.path.join(rss_dir.name, f"{ct}-{diff}.{s.ext}"))
                    with open(rss_files[-1], "wb") as fh:
                        fh.write(s.image_bytes)
                # the photo is drawn on first use: before the clock starts, it is the
                # generator's time, not the engine's
                image = s.image_bytes
                t0 = time.perf_counter()
                c0 = time.process_time()
                try:
                    r = extract_side(image, today=_ref_date())
                    api = r.to_api()
                except EngineError as exc:
                    api = {"type": "", "card_type": "", "data": {}, "error": type(exc).__name__}
                    errors += 1
                dt_ = time.perf_counter() - t0
                times.append(dt_)
                cpu_times.append(time.process_time() - c0)
                n += 1
                tok = api["card_type"] == truth["card_type"]
                sok = api["card_type"].rsplit("_", 1)[-1] == truth["card_type"].rsplit("_", 1)[-1]
                type_ok += tok
                side_ok += sok
                bad = []
                for k, want in truth["data"].items():
                    if k in SKIP or want in ("", None, []):
                        continue
                    if k.endswith("_confidence"):
                        continue
                    got = api["data"].get(k, "")
                    ok = same(k, want, got)
                    field_ok[k][0] += ok
                    field_ok[k][1] += 1
                    field_ok_diff[(k, diff)][0] += ok
                    field_ok_diff[(k, diff)][1] += 1
                    if not ok:
                        bad.append((k, want, got))
                if "qr" in truth["data"] and truth["data"]["qr"]:
                    ok = api["data"].get("qr", "") == truth["data"]["qr"]
                    field_ok["qr"][0] += ok
                    field_ok["qr"][1] += 1
                everything = tok and not bad
                all_ok += everything
                per_type[ct][0] += 1
                per_type[ct][1] += tok
                per_type[ct][2] += everything
                per_diff[diff][0] += 1
                per_diff[diff][1] += tok
                per_diff[diff][2] += everything
                if fail_out and (bad or not tok):
                    fail_out.write(
                        json.dumps(
                            {
                                "card_type": ct,
                                "seed": seed,
                                "difficulty": diff,
                                "got_type": api["card_type"],
                                "bad": bad,
                                "time": round(dt_, 3),
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                if not args.quiet:
                    print(
                        f"{ct:22s} {diff:6s} seed={seed} {dt_ * 1000:6.0f} ms type={'ok' if tok else api['card_type'] or '-'} bad={len(bad)}",
                        flush=True,
                    )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"samples: {n}  engine errors: {errors}")
    print(f"type accuracy: {type_ok / n:.4f}   side accuracy: {side_ok / n:.4f}")
    print(f"all fields right: {all_ok / n:.4f}")
    ts = sorted(times)
    p95 = ts[min(len(ts) - 1, int(round(0.95 * (len(ts) - 1))))]
    print(
        f"time per image: median {statistics.median(ts) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {ts[-1] * 1000:.0f} ms"
    )
    cs = sorted(cpu_times)
    cp95 = cs[min(len(cs) - 1, int(round(0.95 * (len(cs) - 1))))]
    print(
        f"CPU time per image: median {statistics.median(cs) * 1000:.0f} ms, p95 {cp95 * 1000:.0f} ms (one thread; wall time suffers when the machine is shared)"
    )
    print(f"peak RSS: {rss_mb:.0f} MB (this process, generator included)")
    if rss_files:
        print(
            f"peak RSS of an engine-only process over {len(rss_files)} images: "
            f"{_engine_only_rss(rss_files):.0f} MB"
        )
    rss_dir.cleanup()
    print()
    print(f"{'field':32s} {'acc':>7s} {'n':>5s}   " + "  ".join(f"{d:>7s}" for d in diffs))
    for k in sorted(field_ok, key=lambda k: (k.startswith(("diachi", "quequan")), k)):
        ok, tot = field_ok[k]
        cols = []
        for d in diffs:
            o, t = field_ok_diff.get((k, d), (0, 0))
            cols.append(f"{o / t:7.3f}" if t else "      -")
        print(f"{k:32s} {ok / tot:7.3f} {tot:5d}   " + "  ".join(cols))
    print()
    print(f"{'card_type':22s} {'n':>4s} {'type':>6s} {'all':>6s}")
    for ct, (nn, t, a) in per_type.items():
        print(f"{ct:22s} {nn:4d} {t / nn:6.3f} {a / nn:6.3f}")
    for d, (nn, t, a) in per_diff.items():
        print(f"{d:22s} {nn:4d} {t / nn:6.3f} {a / nn:6.3f}")
    return 0


# VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork + exec
ENGINE_ONLY = """
import sys
from ocr.engine import EngineError, extract_side
for path in sys.argv[1:]:
    try:
        extract_side(open(path, "rb").read())
    except EngineError:
        pass
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")][0]
print(int(hwm.split()[1]) / 1024)
"""


def _engine_only_rss(paths: list[str]) -> float:
    """Peak RSS (MB) of a fresh process that only loads the engine and reads `paths`: what
    one worker process needs."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run(
        [sys.executable, "-c", ENGINE_ONLY, *paths],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": root},
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _ref_date():
    try:
        from ocr.synth import REF_DATE

        return REF_DATE
    except ImportError:  # pragma: no cover
        return None


if __name__ == "__main__":
    sys.exit(main())
