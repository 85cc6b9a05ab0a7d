"""python -m ocr.synth --out DIR --per-type N --seed S [--difficulty easy,medium,hard]

Writes DIR/<card_type>/<difficulty>_<seed>.jpg|png and DIR/truth.json (file name -> truth).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ocr.synth import CARD_TYPES, DEFECTS, DIFFICULTIES, generate_sample, make_pdf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ocr.synth", description=__doc__)
    ap.add_argument("--out", required=True, help="output directory (e.g. ocr/synth/out or /tmp)")
    ap.add_argument("--per-type", type=int, default=5, help="samples per card type and difficulty")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument(
        "--difficulty", default=",".join(DIFFICULTIES), help="comma-separated difficulties"
    )
    ap.add_argument("--types", default=",".join(CARD_TYPES), help="comma-separated card types")
    ap.add_argument("--defect", choices=DEFECTS, default=None)
    ap.add_argument("--docs", action="store_true", help="also write the clean documents (PNG)")
    ap.add_argument("--pdf", action="store_true", help="also write all.pdf of every photo")
    args = ap.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, dict] = {}
    pages = []
    t0 = time.perf_counter()
    n = 0
    for ct in [t for t in args.types.split(",") if t]:
        (out / ct).mkdir(exist_ok=True)
        for diff in [d for d in args.difficulty.split(",") if d]:
            for seed in range(args.seed, args.seed + args.per_type):
                try:
                    s = generate_sample(ct, seed, diff, defect=args.defect)
                except ValueError as exc:  # e.g. no expired 9-digit CMND
                    print(f"skip {ct} {diff} {seed}: {exc}", file=sys.stderr)
                    continue
                name = f"{ct}/{diff}_{seed}.{s.ext}"
                (out / name).write_bytes(s.image_bytes)
                if args.docs:
                    s.document.save(out / f"{ct}/{diff}_{seed}_doc.png")
                truth[name] = s.truth
                if args.pdf:
                    pages.append(s.image)
                n += 1
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    if pages:
        make_pdf(pages, out / "all.pdf")
    dt = time.perf_counter() - t0
    print(f"{n} samples in {dt:.1f} s ({dt / max(n, 1):.3f} s each) -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
