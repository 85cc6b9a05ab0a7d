import pytest
from django.core.files.base import ContentFile

from kyc_portal.core.crypto import (
    DecryptionError,
    decrypt_bytes,
    decrypt_text,
    encrypt_bytes,
    encrypt_text,
    generate_key,
)
from kyc_portal.core.fields import EncryptedJSONField
from kyc_portal.core.storage import EncryptedFileSystemStorage

KEY_OLD = generate_key()
KEY_NEW = generate_key()


def test_round_trip_and_random_nonce(settings):
    settings.DATA_ENCRYPTION_KEYS = [KEY_OLD]
    first, second = encrypt_bytes(b"NGUYEN VAN A"), encrypt_bytes(b"NGUYEN VAN A")
    assert first != second
    assert b"NGUYEN" not in first
    assert decrypt_bytes(first) == decrypt_bytes(second) == b"NGUYEN VAN A"
    assert decrypt_text(encrypt_text("Nguyễn Thị Ánh")) == "Nguyễn Thị Ánh"


def test_altered_ciphertext_is_refused(settings):
    settings.DATA_ENCRYPTION_KEYS = [KEY_OLD]
    blob = bytearray(encrypt_bytes(b"001203004567"))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError, match="altered"):
        decrypt_bytes(bytes(blob))
    with pytest.raises(DecryptionError, match="not an encrypted"):
        decrypt_bytes(b"plain text")


def test_rotation_old_key_still_decrypts_and_removed_key_does_not(settings):
    settings.DATA_ENCRYPTION_KEYS = [KEY_OLD]
    blob = encrypt_bytes(b"secret")
    settings.DATA_ENCRYPTION_KEYS = [KEY_NEW, KEY_OLD]
    assert decrypt_bytes(blob) == b"secret"
    settings.DATA_ENCRYPTION_KEYS = [KEY_NEW]
    with pytest.raises(DecryptionError, match="not configured"):
        decrypt_bytes(blob)


def test_encrypted_json_field_stores_no_plain_text(settings):
    settings.DATA_ENCRYPTION_KEYS = [KEY_OLD]
    field = EncryptedJSONField()
    stored = field.get_prep_value({"name": "TRẦN THỊ B", "id": "079190000001"})
    assert "079190000001" not in stored and "TRẦN" not in stored
    assert field.from_db_value(stored, None, None) == {"name": "TRẦN THỊ B", "id": "079190000001"}


def test_storage_encrypts_files_and_reencrypts_under_the_new_key(settings, tmp_path):
    settings.DATA_ENCRYPTION_KEYS = [KEY_OLD]
    storage = EncryptedFileSystemStorage(location=tmp_path)
    name = storage.save("documents/card.jpg", ContentFile(b"\xff\xd8\xff image bytes"))
    on_disk = (tmp_path / name).read_bytes()
    assert b"image bytes" not in on_disk
    assert storage.open(name).read() == b"\xff\xd8\xff image bytes"

    settings.DATA_ENCRYPTION_KEYS = [KEY_NEW, KEY_OLD]
    assert storage.reencrypt(name) is True
    assert storage.reencrypt(name) is False  # already under the current key
    settings.DATA_ENCRYPTION_KEYS = [KEY_NEW]
    assert storage.open(name).read() == b"\xff\xd8\xff image bytes"
    with pytest.raises(NotImplementedError):
        storage.url(name)


def test_a_field_encrypted_under_a_removed_key_raises_instead_of_showing_ciphertext(settings):
    from kyc_portal.core.fields import EncryptedTextField

    field = EncryptedTextField()
    settings.DATA_ENCRYPTION_KEYS = [KEY_OLD]
    stored = field.get_prep_value("079190000001")
    settings.DATA_ENCRYPTION_KEYS = [KEY_NEW]
    with pytest.raises(DecryptionError):
        field.from_db_value(stored, None, None)
    assert field.from_db_value("plain legacy text", None, None) == "plain legacy text"
