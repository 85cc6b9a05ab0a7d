"""Fixtures shared by the whole suite: real PostgreSQL (pytest-django), a real broker and
real Celery worker processes (tests/support/live.py)."""

import pytest

from tests.support.live import WorkerProcess, session_queue, start_worker


class SessionWorker:
    """The session's shared worker, started on first use and again after a test killed it."""

    def __init__(self):
        self.worker: WorkerProcess | None = None

    def current(self) -> WorkerProcess:
        if self.worker is None or self.worker.process.poll() is not None:
            self.worker = start_worker()
        return self.worker

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()


@pytest.fixture(scope="session")
def session_worker(django_db_setup, django_db_blocker):
    session_queue()
    workers = SessionWorker()
    yield workers
    workers.stop()


@pytest.fixture
def celery_worker(session_worker) -> WorkerProcess:
    """A live real Celery worker consuming this session's own queue (shared by tests)."""
    return session_worker.current()
