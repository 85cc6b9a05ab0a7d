"""Sending Celery tasks from a transaction, safely when the broker is down."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send ``task`` with ``args`` once the current transaction commits.

    Never for a rolled-back row, and never an error for the customer when the broker is
    unreachable: the row is already stored with its pending status, and the periodic sweep
    of its app sends the task again once the broker is back.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except (BrokerError, ConnectionError, OSError) as exc:
            logger.warning(
                "broker unavailable, %s%r left to the sweep: %s",
                task.name,
                args,
                type(exc).__name__,
            )

    transaction.on_commit(send)
