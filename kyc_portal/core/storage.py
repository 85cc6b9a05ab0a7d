"""Private file storage that encrypts every file at rest (AES-GCM, kyc_portal/core/crypto.py)."""

import os
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from .crypto import decrypt_bytes, encrypt_bytes, is_encrypted, needs_reencryption


class EncryptedFileSystemStorage(FileSystemStorage):
    """Files are written encrypted and read back decrypted; there is no public URL."""

    def __init__(self, *args, **kwargs):
        kwargs["base_url"] = None
        super().__init__(*args, **kwargs)

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as handle:
            blob = handle.read()
        return ContentFile(decrypt_bytes(blob), name=name)

    def url(self, name):
        raise NotImplementedError("private storage: serve files through an authorised view")

    def reencrypt(self, name: str) -> bool:
        """Rewrite ``name`` under the current key (atomically); False if nothing to do."""
        path = self.path(name)
        with open(path, "rb") as handle:
            blob = handle.read()
        if is_encrypted(blob) and not needs_reencryption(blob):
            return False
        plain = decrypt_bytes(blob) if is_encrypted(blob) else blob
        directory = os.path.dirname(path)
        fd, tmp_path = tempfile.mkstemp(dir=directory, prefix=".reencrypt-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(encrypt_bytes(plain))
            os.replace(tmp_path, path)
        except BaseException:
            if os.path.exists(tmp_path):
                os.unlink(tmp_path)
            raise
        return True
