from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


def health_status() -> dict:
    """Database reachability and the workers seen within three heartbeat periods."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    horizon = timezone.now() - timedelta(seconds=3 * settings.WORKER_HEARTBEAT_SECONDS)
    workers = WorkerHeartbeat.objects.filter(seen_at__gte=horizon).count()
    return {"database": "ok", "workers_alive": workers}
