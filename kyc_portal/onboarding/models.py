"""The applicant's data: who, what they consented to, the document and what OCR read.

State changes go through ``services.py`` (each one transactional, audited); reads through
``selectors.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kyc_portal.core.fields import EncryptedJSONField, EncryptedTextField


class DocumentType(models.TextChoices):
    CHIP_CCCD = "chip_cccd", "CCCD gắn chip (2021)"
    CCCD = "cccd", "CCCD (2016)"
    CMND = "cmnd", "CMND"
    CAN_CUOC_2024 = "can_cuoc_2024", "Căn cước (2024)"
    PASSPORT = "passport", "Hộ chiếu"


class Side(models.TextChoices):
    FRONT = "front", "Mặt trước"
    BACK = "back", "Mặt sau"


class Applicant(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applicant"
    )
    # sha256 of the private resume link's token; the token itself is never stored.
    resume_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    resume_token_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Applicant #{self.pk}"


class SignInFailure(models.Model):
    """One failed sign-in, for throttling; the e-mail is kept only as a keyed digest."""

    email_digest = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)


class Consent(models.Model):
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="consents")
    version = models.CharField(max_length=32)
    text_sha256 = models.CharField(max_length=64)
    given_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["applicant", "version"], name="one_consent_per_version")
        ]


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Nháp"
        SUBMITTED = "submitted", "Đã nộp"
        PROCESSING = "processing", "Đang xử lý"
        NEEDS_REVIEW = "needs_review", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        REJECTED = "rejected", "Từ chối"
        RESUBMISSION_REQUESTED = "resubmission_requested", "Cần nộp lại"
        EXPIRED = "expired", "Hết hạn"
        ABANDONED = "abandoned", "Bỏ dở"

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        max_length=32, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Shown to the customer (e.g. why resubmission is needed); internal notes live on decisions.
    customer_message = models.TextField(blank=True)
    # Machine-detected problems: duplicate_id, expired_document, failed_checks, sides_mismatch.
    flags = models.JSONField(default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Filled by the ID number read from the document, for duplicate detection and search.
    id_number_digest = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Application #{self.pk} ({self.status})"


class Document(models.Model):
    """One identity document presented for an application; a resubmission adds a new one."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    declared_type = models.CharField(max_length=32, choices=DocumentType.choices)
    # The engine's card_type of the front (or passport page), e.g. chip_id_card_front.
    detected_type = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class DocumentImage(models.Model):
    class OcrStatus(models.TextChoices):
        PENDING = "pending", "Chờ xử lý"
        PROCESSING = "processing", "Đang đọc"
        DONE = "done", "Đã đọc"
        FAILED = "failed", "Lỗi"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="images")
    side = models.CharField(max_length=8, choices=Side.choices)
    # Our own name under a private storage prefix; never the uploaded file name.
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    content_type = models.CharField(max_length=32)
    quality = models.JSONField(default=dict, blank=True)
    ocr_status = models.CharField(
        max_length=16, choices=OcrStatus.choices, default=OcrStatus.PENDING, db_index=True
    )
    ocr_error = models.CharField(max_length=255, blank=True)
    ocr_attempts = models.PositiveSmallIntegerField(default=0)
    ocr_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the customer retakes this side; the latest image per side has none.
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "side"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_image_per_side",
            )
        ]


class Extraction(models.Model):
    """What the OCR read from one image: exactly one per image (idempotent tasks)."""

    image = models.OneToOneField(DocumentImage, on_delete=models.PROTECT, related_name="extraction")
    # The API-shaped result (spec: ocr-api.md), as the engine or the remote API returned it.
    api_result = EncryptedJSONField()
    # Normalised field values and their confidences, keyed by the spec's data keys.
    fields = EncryptedJSONField(default=dict)
    confidences = models.JSONField(default=dict)
    checks = EncryptedJSONField(default=list)
    doc_class = models.CharField(max_length=32, blank=True)
    card_type = models.CharField(max_length=32, blank=True)
    valid = models.BooleanField(default=True)
    invalid_code = models.CharField(max_length=4, blank=True)
    engine_version = models.CharField(max_length=64)
    elapsed_ms = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class FieldCorrection(models.Model):
    """The customer's correction of one OCR field; the OCR value stays on the extraction."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(max_length=64)
    ocr_value = EncryptedTextField(blank=True)
    corrected_value = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "field"], name="one_correction_per_field")
        ]
