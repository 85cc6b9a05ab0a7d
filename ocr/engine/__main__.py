"""python -m ocr.engine FILE... : print the API JSON of each file."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    from . import ENGINE_VERSION, EngineError, extract_file

    ap = argparse.ArgumentParser(prog="python -m ocr.engine", description=__doc__)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--timings", action="store_true", help="add per-stage timings")
    ap.add_argument("--lines", action="store_true", help="add the text lines read")
    args = ap.parse_args(argv)
    rc = 0
    for path in args.files:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            results = extract_file(data)
            out = []
            for r in results:
                d = r.to_api()
                if args.timings:
                    d["timings"] = {k: round(v * 1000, 1) for k, v in r.timings.items()}
                if args.lines:
                    d["lines"] = r.lines
                out.append(d)
            doc = {"file": path, "engine": ENGINE_VERSION, "results": out}
        except EngineError as exc:
            rc = 1
            doc = {
                "file": path,
                "error": type(exc).__name__,
                "errorCode": exc.error_code,
                "message": str(exc),
            }
        except OSError as exc:
            rc = 1
            doc = {"file": path, "error": "OSError", "message": str(exc)}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    return rc


if __name__ == "__main__":
    sys.exit(main())
