"""The bounded pool that runs OCR work in each server process.

At most ``OCR_API_WORKERS`` jobs run at once and at most ``OCR_API_QUEUE`` more wait. A
request that finds the queue full, or whose job has not started within
``OCR_API_QUEUE_TIMEOUT`` seconds, is answered errorCode 7 (HTTP 503, Retry-After) instead
of piling up; a started job that overruns ``OCR_API_JOB_TIMEOUT`` also gives errorCode 7.
"""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings

from .envelope import ApiError


class OcrPool:
    def __init__(self, workers: int, queue: int):
        self.workers = max(1, workers)
        self.queue = max(0, queue)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr-api")
        self._slots = threading.BoundedSemaphore(self.workers + self.queue)
        self._lock = threading.Lock()
        self.in_flight = 0  # admitted jobs, running or waiting

    def run(self, function, /, *args, queue_timeout: float, job_timeout: float, **kwargs):
        """Run ``function`` in the pool and return its result (its exceptions propagate)."""
        if not self._slots.acquire(blocking=False):
            raise ApiError("7", "ocr queue full")
        started = threading.Event()

        def job():
            started.set()
            return function(*args, **kwargs)

        with self._lock:
            self.in_flight += 1
        try:
            future: Future = self._executor.submit(job)
        except RuntimeError:
            self._release()
            raise
        future.add_done_callback(lambda _f: self._release())
        if not started.wait(queue_timeout) and future.cancel():
            raise ApiError("7", "ocr queue wait timed out")
        try:
            return future.result(timeout=job_timeout)
        except FutureTimeout as exc:
            raise ApiError("7", "ocr job timed out") from exc
        except CancelledError as exc:
            raise ApiError("7", "ocr job cancelled") from exc

    def _release(self) -> None:
        with self._lock:
            self.in_flight -= 1
        self._slots.release()


_pool: OcrPool | None = None
_pool_lock = threading.Lock()


def ocr_pool() -> OcrPool:
    """This process's pool (rebuilt if the settings changed, e.g. in tests)."""
    global _pool
    workers, queue = int(settings.OCR_API_WORKERS), int(settings.OCR_API_QUEUE)
    with _pool_lock:
        if _pool is None or (_pool.workers, _pool.queue) != (max(1, workers), max(0, queue)):
            _pool = OcrPool(workers, queue)
        return _pool


def run_ocr(function, /, *args, **kwargs):
    return ocr_pool().run(
        function,
        *args,
        queue_timeout=float(settings.OCR_API_QUEUE_TIMEOUT),
        job_timeout=float(settings.OCR_API_JOB_TIMEOUT),
        **kwargs,
    )
