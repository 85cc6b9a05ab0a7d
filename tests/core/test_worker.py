import pytest
from django.db import connection

from kyc_portal.core.models import WorkerHeartbeat
from kyc_portal.core.tasks import worker_heartbeat_task
from tests.support.live import wait_until


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_task_sent_through_broker_runs_on_real_worker_and_writes_postgres(celery_worker):
    assert connection.vendor == "postgresql"
    assert not WorkerHeartbeat.objects.exists()

    worker_heartbeat_task.delay()

    row = wait_until(
        lambda: WorkerHeartbeat.objects.filter(hostname=celery_worker.name).first(),
        timeout=30,
        message="the worker did not write its heartbeat",
    )
    assert row.tasks_seen == 1
    assert "Task kyc_portal.core.tasks.worker_heartbeat_record" in celery_worker.log()
