"""State changes of the onboarding data. Each is one transaction that writes its audit row
and schedules side effects with ``transaction.on_commit``."""

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.audit.services import audit_log_record
from kyc_portal.core.queue import enqueue_on_commit

from . import fields as field_rules
from .consent import CONSENT_VERSION, consent_text_sha256
from .models import (
    Applicant,
    Application,
    Consent,
    Document,
    DocumentImage,
    Extraction,
    FieldCorrection,
    SignInFailure,
)
from .quality import check_upload

logger = logging.getLogger(__name__)

Status = Application.Status

# The application's state machine: every allowed move, and nothing else.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.ABANDONED, Status.EXPIRED},
    Status.SUBMITTED: {Status.PROCESSING},
    Status.PROCESSING: {Status.NEEDS_REVIEW, Status.SUBMITTED},
    Status.NEEDS_REVIEW: {Status.APPROVED, Status.REJECTED, Status.RESUBMISSION_REQUESTED},
    Status.RESUBMISSION_REQUESTED: {Status.SUBMITTED, Status.ABANDONED, Status.EXPIRED},
    Status.APPROVED: set(),
    Status.REJECTED: set(),
    Status.EXPIRED: set(),
    Status.ABANDONED: set(),
}
DECIDED = {Status.APPROVED, Status.REJECTED, Status.RESUBMISSION_REQUESTED}


class TransitionNotAllowed(Exception):
    def __init__(self, current: str, target: str):
        super().__init__(f"application cannot go from {current} to {target}")
        self.current = current
        self.target = target


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor=None,
    actor_label: str = "",
    reason: str = "",
    customer_message: str | None = None,
    ip_address: str | None = None,
) -> Application:
    """Move ``application`` to status ``to`` if the state machine allows it; audited.

    The row is locked first, so two concurrent transitions cannot both succeed from the
    same state.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    current = locked.status
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(current, to)
    now = timezone.now()
    locked.status = to
    update_fields = ["status", "updated_at"]
    if to == Status.SUBMITTED:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    if to in DECIDED:
        locked.decided_at = now
        update_fields.append("decided_at")
    if customer_message is not None:
        locked.customer_message = customer_message
        update_fields.append("customer_message")
    locked.save(update_fields=update_fields)
    audit_log_record(
        action="application.transition",
        obj=locked,
        actor=actor,
        actor_label=actor_label,
        application_id=locked.pk,
        before={"status": current},
        after={"status": to},
        reason=reason,
        ip_address=ip_address,
    )
    application.refresh_from_db()
    return locked


# --- Accounts -----------------------------------------------------------------------------
RESUME_TOKEN_LIFETIME = dt.timedelta(hours=24)
RESUME_LINKS_PER_HOUR = 3


class OnboardingError(Exception):
    """A request the customer can fix; ``message`` is shown to them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def keyed_digest(*, purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under a key derived from SECRET_KEY for ``purpose``.

    Used for values we must match later but never store in clear (e-mail in throttling rows,
    ID numbers for duplicate detection).
    """
    key = hashlib.sha256(f"{purpose}|{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def email_normalise(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def applicant_sign_up(*, email: str, password: str, ip_address: str | None = None) -> Applicant:
    """A new customer account (username = e-mail) and its applicant record; audited."""
    email = email_normalise(email)
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=email).exists():
        raise OnboardingError(_("Đã có tài khoản với e-mail này. Hãy đăng nhập."))
    user = user_model.objects.create_user(username=email, email=email, password=password)
    applicant = Applicant.objects.create(user=user)
    audit_log_record(action="applicant.sign_up", obj=applicant, actor=user, ip_address=ip_address)
    return applicant


def applicant_get_or_create(*, user) -> Applicant:
    """The user's applicant record (a customer who signed up elsewhere gets one now)."""
    applicant, _created = Applicant.objects.get_or_create(user=user)
    return applicant


def sign_in_failure_record(*, email: str, ip_address: str | None) -> SignInFailure:
    return SignInFailure.objects.create(
        email_digest=keyed_digest(purpose="sign-in", value=email_normalise(email)),
        ip_address=ip_address,
    )


@transaction.atomic
def applicant_resume_link_send(*, email: str, link_for_token) -> bool:
    """E-mail a private one-time link that signs the applicant in; True if one was sent.

    Only the token's sha256 is stored. The caller answers the same way whether or not the
    address has an account, so the form does not reveal who is registered.
    """
    applicant = (
        Applicant.objects.select_for_update()
        .filter(user__username__iexact=email_normalise(email), user__is_active=True)
        .select_related("user")
        .first()
    )
    if applicant is None:
        return False
    # A few e-mails an hour at most, so the form cannot be used to flood someone's inbox.
    recent = AuditLogEntry.objects.filter(
        action="applicant.resume_link_sent",
        object_id=str(applicant.pk),
        created_at__gte=timezone.now() - dt.timedelta(hours=1),
    )
    if recent.count() >= RESUME_LINKS_PER_HOUR:
        return False
    token = secrets.token_urlsafe(32)
    applicant.resume_token_hash = hashlib.sha256(token.encode()).hexdigest()
    applicant.resume_token_expires_at = timezone.now() + RESUME_TOKEN_LIFETIME
    applicant.save(update_fields=["resume_token_hash", "resume_token_expires_at"])
    audit_log_record(action="applicant.resume_link_sent", obj=applicant, actor=applicant.user)
    link = link_for_token(token)
    recipient = applicant.user.email or applicant.user.username
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Liên kết tiếp tục hồ sơ eKYC"),
            message=_(
                "Mở liên kết sau để tiếp tục hồ sơ (dùng được một lần, trong 24 giờ):\n%(link)s"
            )
            % {"link": link},
            from_email=None,
            recipient_list=[recipient],
        )
    )
    return True


@transaction.atomic
def applicant_resume_token_exchange(*, token: str, ip_address: str | None = None):
    """The user the one-time token belongs to (the token is spent), or None."""
    if not token or len(token) > 128:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    applicant = (
        Applicant.objects.select_for_update()
        .filter(resume_token_hash=digest, user__is_active=True)
        .select_related("user")
        .first()
    )
    if applicant is None:
        return None
    expired = (
        applicant.resume_token_expires_at is None
        or applicant.resume_token_expires_at < timezone.now()
    )
    applicant.resume_token_hash = ""
    applicant.resume_token_expires_at = None
    applicant.save(update_fields=["resume_token_hash", "resume_token_expires_at"])
    if expired:
        return None
    audit_log_record(
        action="applicant.resume_link_used",
        obj=applicant,
        actor=applicant.user,
        ip_address=ip_address,
    )
    return applicant.user


# --- Consent and document -----------------------------------------------------------------
@transaction.atomic
def consent_give(*, applicant: Applicant, ip_address: str | None = None) -> Consent:
    """Record the applicant's consent to the current version of the text; audited."""
    consent = Consent.objects.filter(
        applicant=applicant, version=CONSENT_VERSION, withdrawn_at__isnull=True
    ).first()
    if consent is not None:
        return consent
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                applicant=applicant,
                version=CONSENT_VERSION,
                text_sha256=consent_text_sha256(),
                ip_address=ip_address,
            )
    except IntegrityError as exc:  # withdrawn earlier: a withdrawn consent stays withdrawn
        raise OnboardingError(_("Bạn đã rút lại sự đồng ý với phiên bản này.")) from exc
    audit_log_record(
        action="consent.give",
        obj=consent,
        actor=applicant.user,
        after={"version": CONSENT_VERSION, "text_sha256": consent.text_sha256},
        ip_address=ip_address,
    )
    return consent


def consent_is_current(*, applicant: Applicant) -> bool:
    return Consent.objects.filter(
        applicant=applicant, version=CONSENT_VERSION, withdrawn_at__isnull=True
    ).exists()


# Statuses in which the customer may (re)capture a document.
EDITABLE = {Status.DRAFT, Status.RESUBMISSION_REQUESTED}
# Ended without approval: the applicant may start a new application.
RESTARTABLE = {Status.REJECTED, Status.EXPIRED, Status.ABANDONED}


@transaction.atomic
def document_choose(*, applicant: Applicant, declared_type: str) -> Document:
    """Start (or restart) the capture with the chosen document type; audited.

    Opens a draft application if the applicant has none in progress. While no side has been
    uploaded the type may change in place; afterwards (or after a resubmission request) a new
    Document starts, so earlier photos stay as they were.
    """
    if not consent_is_current(applicant=applicant):
        raise OnboardingError(_("Bạn cần đồng ý với điều khoản trước khi tiếp tục."))
    if declared_type not in field_rules.DocumentType.values:
        raise OnboardingError(_("Loại giấy tờ không hợp lệ."))
    application = (
        Application.objects.select_for_update()
        .filter(applicant=applicant)
        .order_by("-created_at", "-id")
        .first()
    )
    if application is not None and application.status == Status.APPROVED:
        raise OnboardingError(_("Hồ sơ đã được duyệt. Cảm ơn bạn!"))
    if application is not None and application.status not in EDITABLE | RESTARTABLE:
        raise OnboardingError(_("Hồ sơ của bạn đang được xử lý."))
    if application is None or application.status in RESTARTABLE:
        application = Application.objects.create(applicant=applicant)
        audit_log_record(
            action="application.create",
            obj=application,
            actor=applicant.user,
            application_id=application.pk,
            after={"status": application.status},
        )
    from .selectors import document_in_capture

    # after a resubmission request this is None until a new document is started
    document = document_in_capture(applicant=applicant)
    if document is not None and not document.images.exists():
        before = document.declared_type
        document.declared_type = declared_type
        document.save(update_fields=["declared_type"])
        audit_log_record(
            action="document.change_type",
            obj=document,
            actor=applicant.user,
            application_id=application.pk,
            before={"declared_type": before},
            after={"declared_type": declared_type},
        )
        return document
    document = Document.objects.create(application=application, declared_type=declared_type)
    audit_log_record(
        action="document.create",
        obj=document,
        actor=applicant.user,
        application_id=application.pk,
        after={"declared_type": declared_type},
    )
    return document


@transaction.atomic
def document_image_upload(
    *, document: Document, side: str, data: bytes, actor=None
) -> DocumentImage:
    """Check, re-encode and store one photographed side, then queue its OCR; audited.

    Raises ``quality.UploadRejected`` (with what to do) before anything is stored. A retake
    supersedes the side's previous image; the stored file name is ours (a uuid).
    """
    application = Application.objects.select_for_update().get(pk=document.application_id)
    if not consent_is_current(applicant=application.applicant):
        raise OnboardingError(_("Bạn cần đồng ý với điều khoản trước khi tiếp tục."))
    if application.status not in EDITABLE:
        raise OnboardingError(_("Hồ sơ đã được gửi; không thể thay ảnh."))
    if side not in field_rules.sides_needed(document.declared_type):
        raise OnboardingError(_("Giấy tờ này không có mặt đó."))
    checked = check_upload(data)
    sha256 = hashlib.sha256(checked.jpeg_bytes).hexdigest()
    previous = DocumentImage.objects.filter(
        document=document, side=side, superseded_at__isnull=True
    )
    same = previous.filter(sha256=sha256).first()
    if same is not None:
        # The same photo sent twice (a double tap, a retried request): one record, one task.
        return same
    now = timezone.now()
    superseded = list(previous.values_list("pk", flat=True))
    previous.update(superseded_at=now)
    image = DocumentImage(
        document=document,
        side=side,
        sha256=sha256,
        size_bytes=len(checked.jpeg_bytes),
        width=checked.width,
        height=checked.height,
        content_type="image/jpeg",
        quality=checked.metrics,
    )
    image.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(checked.jpeg_bytes), save=False)
    image.save()
    audit_log_record(
        action="document_image.upload",
        obj=image,
        actor=actor,
        application_id=application.pk,
        after={"side": side, "sha256": image.sha256, "superseded": superseded},
    )
    document_image_ocr_enqueue(image_id=image.pk)
    return image


def document_image_ocr_enqueue(*, image_id: int) -> None:
    """Send the OCR task once the current transaction commits (never for a rolled-back row)."""
    from .tasks import document_image_ocr_task

    enqueue_on_commit(document_image_ocr_task, image_id)


# Customer-facing messages of an OCR failure, by DocumentImage.ocr_error code.
OCR_ERROR_MESSAGES = {
    "no_document": gettext_lazy(
        "Không tìm thấy giấy tờ trong ảnh. Hãy chụp lại cả tấm giấy tờ, rõ nét."
    ),
    "invalid_image": gettext_lazy("Ảnh không đọc được. Hãy chụp lại."),
    "unavailable": gettext_lazy("Hệ thống đọc ảnh đang bận. Hãy thử lại sau ít phút."),
}
RETAKE_ERRORS = {"no_document", "invalid_image"}


def ocr_read(*, data: bytes) -> tuple[dict, object]:
    """Read one side: the spec-shaped result and the engine's SideResult (or None).

    The in-process engine by default; ``ocr.client`` when settings.OCR_BACKEND == "api".
    """
    if settings.OCR_BACKEND == "api":
        from ocr import client  # written by the OCR API helper; only imported when used

        return client.extract_side(data), None
    from ocr.engine import extract_side

    result = extract_side(data)
    return result.to_api(), result


def document_image_ocr_run(*, image_id: int) -> DocumentImage | None:
    """Run the OCR of one image and store its Extraction: safe to run twice (idempotent).

    Three short transactions around the slow read: claim (status processing, attempts+1),
    read (no transaction held), store (one Extraction per image, audited). Engine errors
    (no card, unreadable) end in status failed with a code the page explains; any other
    exception propagates for the task to retry.
    """
    from ocr.engine import EngineError, InvalidImage, NoDocumentFound, TooLarge

    with transaction.atomic():
        image = DocumentImage.objects.select_for_update().filter(pk=image_id).first()
        if image is None or image.superseded_at is not None:
            return None
        if image.ocr_status == DocumentImage.OcrStatus.DONE or hasattr(image, "extraction"):
            return image
        image.ocr_status = DocumentImage.OcrStatus.PROCESSING
        image.ocr_attempts += 1
        image.ocr_started_at = timezone.now()
        image.ocr_error = ""
        image.save(update_fields=["ocr_status", "ocr_attempts", "ocr_started_at", "ocr_error"])
    with image.file.open("rb") as fh:
        data = fh.read()
    started = timezone.now()
    try:
        api, _side_result = ocr_read(data=data)
    except NoDocumentFound:
        return document_image_ocr_fail(image_id=image_id, code="no_document")
    except (InvalidImage, TooLarge):
        return document_image_ocr_fail(image_id=image_id, code="invalid_image")
    except EngineError:
        return document_image_ocr_fail(image_id=image_id, code="unavailable")
    elapsed_ms = int((timezone.now() - started).total_seconds() * 1000)
    return document_image_ocr_store(image_id=image_id, api=api, elapsed_ms=elapsed_ms)


@transaction.atomic
def document_image_ocr_store(*, image_id: int, api: dict, elapsed_ms: int) -> DocumentImage:
    from ocr.engine import ENGINE_VERSION

    image = DocumentImage.objects.select_for_update().get(pk=image_id)
    if hasattr(image, "extraction"):
        return image
    data = api.get("data") or {}
    fields = {k: v for k, v in data.items() if not k.endswith("_confidence")}
    confidences = {k: v for k, v in data.items() if k.endswith("_confidence")}
    Extraction.objects.create(
        image=image,
        api_result=api,
        fields=fields,
        confidences=confidences,
        checks=api.get("checks") or [],
        doc_class=api.get("type", ""),
        card_type=api.get("card_type", ""),
        valid=str(api.get("valid", "True")) == "True",
        invalid_code=str(api.get("invalidCode", "0"))[:4],
        engine_version=ENGINE_VERSION if settings.OCR_BACKEND != "api" else "api",
        elapsed_ms=elapsed_ms,
    )
    image.ocr_status = DocumentImage.OcrStatus.DONE
    image.ocr_error = ""
    image.save(update_fields=["ocr_status", "ocr_error"])
    document = image.document
    if image.side == "front" and api.get("card_type"):
        document.detected_type = api["card_type"][:32]
        document.save(update_fields=["detected_type"])
    audit_log_record(
        action="document_image.ocr_done",
        obj=image,
        application_id=document.application_id,
        actor_label="ocr",
        after={"ocr_status": image.ocr_status, "card_type": api.get("card_type", "")},
    )
    return image


@transaction.atomic
def document_image_ocr_fail(*, image_id: int, code: str) -> DocumentImage:
    """Mark the image failed with a customer-facing error ``code``; audited."""
    image = DocumentImage.objects.select_for_update().select_related("document").get(pk=image_id)
    if image.ocr_status == DocumentImage.OcrStatus.DONE:
        return image
    image.ocr_status = DocumentImage.OcrStatus.FAILED
    image.ocr_error = code
    image.save(update_fields=["ocr_status", "ocr_error"])
    audit_log_record(
        action="document_image.ocr_failed",
        obj=image,
        application_id=image.document.application_id,
        actor_label="ocr",
        after={"ocr_status": image.ocr_status, "ocr_error": code},
    )
    return image


@transaction.atomic
def document_image_ocr_retry(*, image: DocumentImage, actor=None) -> DocumentImage:
    """Queue the OCR again for a failed image (the customer's retry button); audited."""
    locked = DocumentImage.objects.select_for_update().get(pk=image.pk)
    if locked.ocr_status != DocumentImage.OcrStatus.FAILED or locked.superseded_at:
        return locked
    locked.ocr_status = DocumentImage.OcrStatus.PENDING
    locked.ocr_error = ""
    locked.save(update_fields=["ocr_status", "ocr_error"])
    audit_log_record(
        action="document_image.ocr_retry",
        obj=locked,
        actor=actor,
        application_id=locked.document.application_id,
        after={"ocr_status": locked.ocr_status},
    )
    document_image_ocr_enqueue(image_id=locked.pk)
    return locked


OCR_STUCK_AFTER = dt.timedelta(minutes=5)
OCR_MAX_ATTEMPTS = 5


def document_image_ocr_requeue_stuck(*, older_than: dt.timedelta = OCR_STUCK_AFTER) -> int:
    """The sweep: re-queue images left pending/processing (lost message, killed worker)."""
    cutoff = timezone.now() - older_than
    stuck = DocumentImage.objects.filter(
        superseded_at__isnull=True,
        ocr_status__in=[DocumentImage.OcrStatus.PENDING, DocumentImage.OcrStatus.PROCESSING],
    ).filter(
        # a pending row never started: judge it by its creation time
        Q(ocr_started_at__lt=cutoff) | Q(ocr_started_at__isnull=True, created_at__lt=cutoff)
    )
    count = 0
    for image_id, attempts in stuck.values_list("pk", "ocr_attempts"):
        if attempts >= OCR_MAX_ATTEMPTS:
            document_image_ocr_fail(image_id=image_id, code="unavailable")
            continue
        with transaction.atomic():
            audit_log_record(
                action="document_image.ocr_requeue",
                object_type="onboarding.documentimage",
                object_id=image_id,
                actor_label="sweep",
            )
            document_image_ocr_enqueue(image_id=image_id)
        count += 1
    return count


# --- Confirm and submit -------------------------------------------------------------------
@transaction.atomic
def field_corrections_apply(*, document: Document, values: dict[str, str], actor=None) -> int:
    """Store the customer's corrections of OCR fields; the OCR value is kept; audited.

    ``values`` maps field keys to what the customer typed. A value equal to the OCR value
    removes an earlier correction. Returns the number of fields corrected now.
    """
    from .selectors import document_ocr_values

    application = Application.objects.select_for_update().get(pk=document.application_id)
    if application.status not in EDITABLE:
        raise OnboardingError(_("Hồ sơ đã được gửi; không thể sửa."))
    allowed = set(field_rules.display_fields(document.declared_type))
    ocr_values = document_ocr_values(document=document)
    changed = []
    for key, raw in values.items():
        if key not in allowed:
            continue
        value = " ".join(str(raw).split())[:500]
        ocr_value = ocr_values.get(key, "")
        existing = FieldCorrection.objects.filter(document=document, field=key).first()
        if value == ocr_value:
            if existing is not None:
                existing.delete()
                changed.append(key)
            continue
        if existing is not None and existing.corrected_value == value:
            continue
        FieldCorrection.objects.update_or_create(
            document=document,
            field=key,
            defaults={"ocr_value": ocr_value, "corrected_value": value},
        )
        changed.append(key)
    if changed:
        audit_log_record(
            action="document.fields_corrected",
            obj=document,
            actor=actor,
            application_id=application.pk,
            after={"fields": sorted(changed)},
        )
    return len(changed)


def document_ready_to_submit(*, document: Document) -> bool:
    sides = field_rules.sides_needed(document.declared_type)
    done = DocumentImage.objects.filter(
        document=document,
        superseded_at__isnull=True,
        ocr_status=DocumentImage.OcrStatus.DONE,
        side__in=sides,
    ).count()
    return done == len(sides)


@transaction.atomic
def application_submit(
    *, application: Application, actor=None, ip_address: str | None = None
) -> Application:
    """The customer sends the application: → submitted, then the checks run in a task.

    Sending it again (a double click, a retried request) changes nothing and queues nothing.
    """
    from .selectors import document_fields, document_latest

    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in EDITABLE:
        return application

    document = document_latest(application=application)
    if document is None or not document_ready_to_submit(document=document):
        raise OnboardingError(_("Hãy chụp đủ các mặt giấy tờ và chờ đọc xong trước khi gửi."))
    missing = [
        row["label"]
        for row in document_fields(document=document)
        if row["key"] in field_rules.REQUIRED_FIELDS and not row["value"]
    ]
    if missing:
        raise OnboardingError(
            _("Hãy điền: %(fields)s.") % {"fields": ", ".join(str(m) for m in missing)}
        )
    application = application_transition(
        application=application,
        to=Status.SUBMITTED,
        actor=actor,
        reason="customer submitted",
        customer_message="",
        ip_address=ip_address,
    )
    application_checks_enqueue(application_id=application.pk)
    return application


def application_checks_enqueue(*, application_id: int) -> None:
    from .tasks import application_checks_task

    enqueue_on_commit(application_checks_task, application_id)


ID_DIGITS = re.compile(r"[^0-9A-Z]")


def id_number_digest(*, id_number: str) -> str:
    normalised = ID_DIGITS.sub("", id_number.upper())
    return keyed_digest(purpose="id-number", value=normalised) if normalised else ""


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except (ValueError, AttributeError):
        return None


def application_flags_compute(*, application: Application) -> tuple[list[str], str]:
    """Machine checks of a submitted application: (flags, id_number_digest)."""
    from .selectors import document_extractions, document_fields, document_latest

    document = document_latest(application=application)
    values = {row["key"]: row["value"] for row in document_fields(document=document)}
    flags = []
    digest = id_number_digest(id_number=values.get("id", ""))
    if (
        digest
        and Application.objects.filter(id_number_digest=digest)
        .exclude(applicant_id=application.applicant_id)
        .exists()
    ):
        flags.append("duplicate_id")
    due = _parse_date(values.get("duedate", ""))
    if due is not None and due < timezone.localdate():
        flags.append("expired_document")
    extractions = document_extractions(document=document)
    if any(
        (not e.valid) or any(c.get("result") == "fail" for c in e.checks)
        for e in extractions.values()
    ):
        flags.append("failed_checks")
    if "front" in extractions and "back" in extractions:
        if any(c.result == "fail" for c in _cross_check(extractions["front"], extractions["back"])):
            flags.append("sides_mismatch")
    if FieldCorrection.objects.filter(document=document).exists():
        flags.append("customer_corrections")
    return flags, digest


def _side_result(extraction: Extraction):
    from ocr.engine import Field, SideResult

    result = SideResult(card_type=extraction.card_type)
    for key, value in (extraction.fields or {}).items():
        if value not in ("", None, []):
            result.fields[key] = Field(value)
    return result


def _cross_check(front: Extraction, back: Extraction):
    from ocr.engine import cross_check_sides

    return cross_check_sides(_side_result(front), _side_result(back))


def application_checks_run(*, application_id: int) -> Application | None:
    """submitted → processing → (flags, digest) → needs_review; safe to run twice.

    The move to processing commits first: if the worker dies during the checks, the sweep
    finds the application in processing and sends it back to submitted to run again.
    """
    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.status not in {Status.SUBMITTED, Status.PROCESSING}:
        return application
    if application.status == Status.SUBMITTED:
        try:
            application = application_transition(
                application=application, to=Status.PROCESSING, actor_label="checks"
            )
        except TransitionNotAllowed:
            return Application.objects.get(pk=application_id)
    flags, digest = application_flags_compute(application=application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application_id)
        if locked.status != Status.PROCESSING:
            return locked
        locked.flags = flags
        locked.id_number_digest = digest
        locked.save(update_fields=["flags", "id_number_digest", "updated_at"])
        audit_log_record(
            action="application.checks",
            obj=locked,
            actor_label="checks",
            application_id=locked.pk,
            after={"flags": flags},
        )
        return application_transition(
            application=locked, to=Status.NEEDS_REVIEW, actor_label="checks"
        )


APPLICATION_STUCK_AFTER = dt.timedelta(minutes=5)


def application_checks_requeue_stuck(*, older_than: dt.timedelta = APPLICATION_STUCK_AFTER) -> int:
    """The sweep: re-run the checks of applications left in submitted/processing."""
    cutoff = timezone.now() - older_than
    count = 0
    for application in Application.objects.filter(
        status__in=[Status.SUBMITTED, Status.PROCESSING], updated_at__lt=cutoff
    ):
        with transaction.atomic():
            if application.status == Status.PROCESSING:
                try:
                    application_transition(
                        application=application,
                        to=Status.SUBMITTED,
                        actor_label="sweep",
                        reason="checks did not finish",
                    )
                except TransitionNotAllowed:
                    continue
            application_checks_enqueue(application_id=application.pk)
        count += 1
    return count
