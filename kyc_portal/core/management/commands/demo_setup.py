import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from ocr.models import ApiKey
from ocr.services import api_key_create

DEMO_USERNAME = "demo-admin"
DEMO_KEY_NAME = "demo"


class Command(BaseCommand):
    help = "Create the demo staff user and demo API key once; prints their secrets only then."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(
                f"Demo staff user '{DEMO_USERNAME}' exists (password shown at creation)."
            )
        else:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username=DEMO_USERNAME, password=password, email="")
            self.stdout.write(f"Demo staff user: {DEMO_USERNAME} / {password}  (shown once)")
        if ApiKey.objects.filter(name=DEMO_KEY_NAME, revoked_at__isnull=True).exists():
            self.stdout.write("Demo API key exists (secret shown at creation).")
        else:
            api_key, secret = api_key_create(name=DEMO_KEY_NAME)
            self.stdout.write(f"Demo API key: {api_key.key} {secret}  (shown once)")
