from django.core.management.base import BaseCommand

from ocr.services import api_key_create


class Command(BaseCommand):
    help = "Create an OCR API key; prints 'api_key api_secret' on one line (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--quota", type=int, default=None)
        parser.add_argument("--rate-limit", type=int, default=None, help="requests per minute")

    def handle(self, *args, name, quota, rate_limit, **options):
        api_key, secret = api_key_create(name=name, quota=quota, rate_limit_per_minute=rate_limit)
        self.stdout.write(f"{api_key.key} {secret}")
