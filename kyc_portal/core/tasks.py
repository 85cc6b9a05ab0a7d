from celery import shared_task

from .services import worker_heartbeat_record


@shared_task(name="kyc_portal.core.tasks.worker_heartbeat_record", bind=True, ignore_result=True)
def worker_heartbeat_task(self) -> int:
    """Periodic proof of life: the worker writes its heartbeat row to the database."""
    return worker_heartbeat_record(hostname=self.request.hostname or "unknown").pk
