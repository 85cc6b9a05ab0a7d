"""Decision notifications: a real Celery worker sends the customer's email and calls the
integrator's webhook (a real local HTTP server stands in for the integrator), signed with
HMAC-SHA256, retried with backoff after a failure; delivery status kept on the model."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.review import roles, services
from kyc_portal.review.models import Notification
from tests.review.factories import application_waiting, user_with_role
from tests.support.live import wait_until

SECRET = "webhook-test-secret-0123456789"


class Integrator:
    """An integrator's endpoint: fails the first ``failures`` calls with HTTP 500."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls: list[dict] = []
        integrator = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                integrator.calls.append(
                    {"headers": dict(self.headers), "body": body, "at": time.monotonic()}
                )
                status = 500 if len(integrator.calls) <= integrator.failures else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/kyc"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def integrator():
    endpoint = Integrator(failures=1)
    yield endpoint
    endpoint.close()


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_decision_email_and_signed_webhook_with_retry(settings, integrator, own_worker):
    settings.REVIEW_WEBHOOK_URL = integrator.url
    settings.REVIEW_WEBHOOK_SECRET = SECRET
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    worker = own_worker(
        REVIEW_WEBHOOK_URL=integrator.url,
        REVIEW_WEBHOOK_SECRET=SECRET,
        REVIEW_NOTIFY_RETRY_SECONDS=1,
    )
    application = application_waiting(kind="chip", seed=3, read=True)
    personal = application.documents.first().images.get(side="front").extraction.fields
    reviewer = user_with_role(roles.REVIEWER)
    with transaction.atomic():
        decision = services.application_reject(
            application=application, reviewer=reviewer, reason_code="document_expired"
        )

    webhook = wait_until(
        lambda: Notification.objects.filter(
            decision=decision, channel="webhook", status="sent"
        ).first(),
        timeout=60,
        message=f"webhook not delivered:\n{worker.log()[-3000:]}",
    )
    assert webhook.attempts == 2 and webhook.last_http_status == 204
    assert len(integrator.calls) == 2
    # Backoff: the retry waited (1 s base) before the second call.
    assert integrator.calls[1]["at"] - integrator.calls[0]["at"] >= 0.9

    call = integrator.calls[1]
    headers = {k.lower(): v for k, v in call["headers"].items()}
    timestamp = headers["x-kyc-timestamp"]
    expected = hmac.new(
        SECRET.encode(), timestamp.encode() + b"." + call["body"], hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(headers["x-kyc-signature"], "sha256=" + expected)
    assert abs(int(timestamp) - time.time()) < 120
    assert headers["x-kyc-delivery"] == str(webhook.pk)
    payload = json.loads(call["body"])
    assert payload == {
        "event": "application.decided",
        "application_id": application.pk,
        "decision_id": decision.pk,
        "outcome": "rejected",
        "reason_code": "document_expired",
        "decided_at": payload["decided_at"],
    }
    # Minimal personal data: nothing the engine read from the card is in the body.
    for key in ("id", "name", "born"):
        if personal.get(key):
            assert personal[key] not in call["body"].decode()

    email = wait_until(
        lambda: (
            Notification.objects.filter(decision=decision, channel="email")
            .exclude(status="pending")
            .first()
        ),
        timeout=30,
    )
    assert email.status == "sent" and email.attempts == 1
    log = worker.log()
    assert "eKYC verification result" in log or "=?utf-8?" in log
    assert application.applicant.user.email in log  # console backend: the message's To:
    assert set(
        AuditLogEntry.objects.filter(application_id=application.pk).values_list("action", flat=True)
    ) >= {"decision.rejected", "notification.sent"}


@pytest.mark.django_db
def test_webhook_gives_up_after_the_last_retry(settings, integrator):
    """The final attempt marks the notification failed instead of raising for a retry."""
    integrator.failures = 100
    settings.REVIEW_WEBHOOK_URL = integrator.url
    settings.REVIEW_WEBHOOK_SECRET = SECRET
    application = application_waiting(read=False)
    reviewer = user_with_role(roles.REVIEWER)
    decision = services.application_approve(application=application, reviewer=reviewer)
    notice = Notification.objects.get(decision=decision, channel="webhook")
    with pytest.raises(services.DeliveryFailed):
        services.notification_deliver(notification_id=notice.pk, final_attempt=False)
    notice.refresh_from_db()
    assert notice.status == "pending" and notice.attempts == 1
    assert notice.last_error == "webhook: HTTP 500"
    services.notification_deliver(notification_id=notice.pk, final_attempt=True)
    notice.refresh_from_db()
    assert notice.status == "failed" and notice.attempts == 2
    # Delivered or given up, a notification is never sent again.
    services.notification_deliver(notification_id=notice.pk, final_attempt=True)
    assert len(integrator.calls) == 2


@pytest.mark.django_db
def test_unreachable_webhook_is_a_recorded_failure(settings):
    settings.REVIEW_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    settings.REVIEW_WEBHOOK_SECRET = SECRET
    settings.REVIEW_WEBHOOK_TIMEOUT = 2
    application = application_waiting(read=False)
    decision = services.application_approve(
        application=application, reviewer=user_with_role(roles.REVIEWER)
    )
    notice = Notification.objects.get(decision=decision, channel="webhook")
    services.notification_deliver(notification_id=notice.pk, final_attempt=True)
    notice.refresh_from_db()
    assert notice.status == "failed"
    assert notice.last_error == "webhook: ConnectionError"


@pytest.mark.django_db
def test_webhook_without_a_secret_is_never_sent_unsigned(settings, integrator):
    settings.REVIEW_WEBHOOK_URL = integrator.url
    settings.REVIEW_WEBHOOK_SECRET = ""
    application = application_waiting(read=False)
    decision = services.application_approve(
        application=application, reviewer=user_with_role(roles.REVIEWER)
    )
    notice = Notification.objects.get(decision=decision, channel="webhook")
    services.notification_deliver(notification_id=notice.pk, final_attempt=True)
    notice.refresh_from_db()
    assert notice.status == "failed" and "SECRET" in notice.last_error
    assert integrator.calls == []
