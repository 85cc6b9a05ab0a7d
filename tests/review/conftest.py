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


@pytest.fixture
def own_worker(django_db_setup, django_db_blocker):
    """Start a real worker with extra environment; while it runs, any other worker of this
    session's queue stops consuming it, so the task is taken by this one."""
    from kyc_portal.celery import app as celery_app
    from tests.support.live import session_queue, start_worker

    # Before the test sends anything: tasks must go to this session's queue, not the default.
    session_queue()
    started = []

    def start(**extra_env):
        queue = session_queue()
        others = [
            name
            for reply in celery_app.control.ping(timeout=1.0)
            for name in reply
            if name.endswith("@" + queue)
        ]
        if others:
            celery_app.control.cancel_consumer(queue, destination=others, reply=True)
        worker = start_worker(extra_env={key: str(value) for key, value in extra_env.items()})
        started.append((worker, others))
        return worker

    yield start
    queue = session_queue()
    for worker, others in started:
        worker.stop()
        if others:
            celery_app.control.add_consumer(queue, destination=others, reply=True)
