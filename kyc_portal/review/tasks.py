from celery import shared_task
from django.conf import settings

from . import services

MAX_RETRIES = 6


@shared_task(name="kyc_portal.review.tasks.notification_send", bind=True, max_retries=MAX_RETRIES)
def notification_send(self, notification_id: int) -> str:
    """Deliver one decision notification (email or webhook); retried with doubling waits."""
    final_attempt = self.request.retries >= MAX_RETRIES
    try:
        notice = services.notification_deliver(
            notification_id=notification_id, final_attempt=final_attempt
        )
    except services.DeliveryFailed as exc:
        countdown = settings.REVIEW_NOTIFY_RETRY_SECONDS * (2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc
    return notice.status


@shared_task(name="kyc_portal.review.tasks.retention_enforce")
def retention_enforce() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): redact applications past RETENTION_DAYS."""
    return services.retention_enforce()


@shared_task(name="kyc_portal.review.tasks.notifications_sweep", ignore_result=True)
def notifications_sweep() -> int:
    """Periodic: send again the notices whose task was never sent or was lost."""
    return services.notifications_requeue_stuck()
