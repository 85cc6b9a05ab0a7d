from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from kyc_portal.audit.services import audit_log_record
from kyc_portal.core.crypto import generate_key
from kyc_portal.core.fields import EncryptedJSONField, EncryptedTextField
from kyc_portal.core.storage import EncryptedFileSystemStorage


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and stored file under the first key of "
        "DATA_ENCRYPTION_KEYS. --new-key prints a fresh key to put first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new key and exit")

    def handle(self, *args, new_key, **options):
        if new_key:
            self.stdout.write(generate_key())
            return
        rows = files = 0
        for model in apps.get_models():
            encrypted = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedJSONField | EncryptedTextField)
            ]
            stored = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, models.FileField)
                and isinstance(f.storage, EncryptedFileSystemStorage)
            ]
            if not encrypted and not stored:
                continue
            for obj in model._default_manager.iterator(chunk_size=200):
                if encrypted:
                    # Reading decrypts with whichever key; saving encrypts with the first.
                    model._default_manager.filter(pk=obj.pk).update(
                        **{f.attname: getattr(obj, f.attname) for f in encrypted}
                    )
                    rows += 1
                for field in stored:
                    name = getattr(obj, field.attname).name
                    if name and field.storage.exists(name) and field.storage.reencrypt(name):
                        files += 1
        with transaction.atomic():
            audit_log_record(
                action="encryption.rotate",
                object_type="system",
                object_id="data-encryption",
                actor_label="system",
                after={"rows": rows, "files": files},
            )
        self.stdout.write(f"re-encrypted {rows} rows and {files} files under the current key")
