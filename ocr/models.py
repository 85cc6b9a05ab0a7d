from django.conf import settings
from django.db import models


class ApiKey(models.Model):
    """A client of the OCR API. The secret is shown once and stored only as a digest."""

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=64, unique=True)
    # HMAC-SHA256 of the secret: the secret has 256 random bits, so a fast digest is enough
    # and keeps authentication cheap on every request.
    secret_digest = models.CharField(max_length=64)
    quota = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Total successful requests allowed; empty = unlimited."
    )
    used = models.PositiveBigIntegerField(default=0)
    rate_limit_per_minute = models.PositiveIntegerField(
        null=True, blank=True, help_text="Requests per minute; empty = unlimited."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Fixed one-minute rate-limit window, updated by one conditional UPDATE per request so
    # that every gunicorn process shares the count (ocr.services.api_key_rate_limit_take).
    rate_window_start = models.DateTimeField(null=True, blank=True, editable=False)
    rate_window_count = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.key[:8]}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiUsage(models.Model):
    """One row per API request: no image and no personal data."""

    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="usage"
    )
    endpoint = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    doc_class = models.CharField(max_length=32, blank=True)
    error_code = models.CharField(max_length=4)
    http_status = models.PositiveSmallIntegerField()
    latency_ms = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
