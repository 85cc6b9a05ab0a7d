import pytest

from kyc_portal.review import roles
from tests.review.factories import user_with_role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def auditor(db):
    return user_with_role(roles.AUDITOR)
