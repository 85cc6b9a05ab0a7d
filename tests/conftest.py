"""Fixtures shared by the whole suite: real PostgreSQL (pytest-django), a real broker and
real Celery worker processes (tests/support/live.py)."""

import pytest

from tests.support.live import session_queue, start_worker


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """One real Celery worker for the session, consuming this session's own queue."""
    session_queue()
    worker = start_worker()
    yield worker
    worker.stop()
