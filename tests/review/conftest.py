import pytest

from kyc_portal.review import roles
from tests.review.factories import user_with_role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Many users per test: the production hasher's deliberate slowness only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def role_users(db):
    """One user per role, plus a second senior reviewer for four-eyes."""
    users = {role: user_with_role(role) for role in roles.ROLES}
    users["Senior reviewer 2"] = user_with_role(roles.SENIOR_REVIEWER)
    return users
