import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocr.engine import EngineError, extract_file


class Command(BaseCommand):
    help = (
        "Read image or PDF files with the OCR engine; prints one JSON line per file: "
        '{"file": ..., "sides": [SIDE, ...]} or {"file": ..., "errorCode": ..., "error": ...}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, paths, **options):
        failed = 0
        for path in paths:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            try:
                out = {"file": path, "sides": [side.to_api() for side in extract_file(data)]}
            except EngineError as exc:
                failed += 1
                out = {"file": path, "errorCode": exc.error_code, "error": type(exc).__name__}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(paths)} files could not be read")
