"""Reads for staff review: the queue, one application's review page, the overview figures."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from kyc_portal.onboarding.models import (
    Application,
    Document,
    DocumentImage,
    Extraction,
    FieldCorrection,
)

# The onboarding checks' own front-vs-back comparison, so that the reviewer sees exactly
# what raised ``sides_mismatch``.
from kyc_portal.onboarding.services import _cross_check, id_number_digest

from .models import Decision

Status = Application.Status
# Fields the engine read with less confidence than this are highlighted for the reviewer.
LOW_CONFIDENCE = 0.8

FIELD_LABELS = {
    "id": "Số định danh / ID number",
    "name": "Họ và tên / Full name",
    "born": "Ngày sinh / Date of birth",
    "sex": "Giới tính / Sex",
    "quoctich": "Quốc tịch / Nationality",
    "nationality": "Quốc tịch / Nationality",
    "dantoc": "Dân tộc / Ethnicity",
    "tongiao": "Tôn giáo / Religion",
    "country": "Quê quán / Place of origin",
    "address": "Nơi thường trú / Residence",
    "duedate": "Có giá trị đến / Expiry",
    "date": "Ngày cấp / Issue date",
    "noicap": "Nơi cấp / Issued by",
    "dauvet": "Đặc điểm nhận dạng / Marks",
    "noidangkykhaisinh": "Nơi đăng ký khai sinh / Birth registration",
    "place_of_birth": "Nơi sinh / Place of birth",
    "person_number": "Số định danh cá nhân / Personal number",
    "surname": "Họ / Surname",
    "given_name": "Tên / Given names",
    "mrz": "MRZ",
    "qr": "QR",
}


def review_queue() -> QuerySet[Application]:
    """Applications waiting for a reviewer, oldest submission first."""
    return (
        Application.objects.filter(status=Status.NEEDS_REVIEW)
        .select_related("assignee")
        .order_by("submitted_at", "pk")
    )


def application_matching_ids(*, text: str) -> list[int]:
    """Applications whose document shows this ID number (exact) or name (contains).

    ID numbers (CCCD/CMND digits, or a passport number: a letter and 7-8 digits) are matched
    by the application's keyed digest, which outlives retention, and by the values read or
    corrected; names only by the values, so redacted applications are no longer found by
    name.
    """
    text = " ".join(text.split())
    if not text:
        return []
    compact = text.replace(" ", "").upper()
    is_id_number = compact.isdigit() or (len(compact) in (8, 9) and compact[1:].isdigit())
    # Read and corrected values are encrypted at rest, so they are compared here after
    # decryption (a scan of the extractions) rather than in SQL.
    folded = text.casefold()

    def matches(value: str | None) -> bool:
        if not value:
            return False
        if is_id_number:
            return value.replace(" ", "").upper() == compact
        return folded in value.casefold()

    keys = ("id", "person_number") if is_id_number else ("name",)
    ids = set()
    for application_id, fields in Extraction.objects.values_list(
        "image__document__application_id", "fields"
    ).iterator(chunk_size=500):
        if any(matches((fields or {}).get(key)) for key in keys):
            ids.add(application_id)
    for application_id, value in (
        FieldCorrection.objects.filter(field__in=keys)
        .values_list("document__application_id", "corrected_value")
        .iterator(chunk_size=500)
    ):
        if matches(value):
            ids.add(application_id)
    if is_id_number:
        digest = id_number_digest(id_number=compact)
        ids |= set(Application.objects.filter(id_number_digest=digest).values_list("pk", flat=True))
    return sorted(ids)


@dataclass
class FieldRow:
    key: str
    label: str
    value: str
    confidence: float | None
    source: str
    corrected_value: str | None
    low_confidence: bool


@dataclass
class Box:
    key: str
    x: int
    y: int
    width: int
    height: int
    low_confidence: bool


@dataclass
class SideView:
    image: DocumentImage
    extraction: Extraction | None
    fields: list[FieldRow] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)


@dataclass
class ReviewDetail:
    application: Application
    document: Document | None
    sides: list[SideView]
    decisions: list[Decision]
    pending_first_approval: Decision | None
    earlier_documents: int
    # Front-vs-back consistency (the engine's cross-side checks on the current images).
    cross_checks: list[dict] = field(default_factory=list)
    # Other applications carrying the same ID number (keyed digest), for duplicate_id.
    same_id_applications: list[int] = field(default_factory=list)


def _value_text(value) -> str:
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _side_view(image: DocumentImage, corrections: dict[str, str]) -> SideView:
    extraction = Extraction.objects.filter(image=image).first()
    view = SideView(image=image, extraction=extraction)
    if extraction is None:
        return view
    api_fields = (extraction.api_result or {}).get("fields") or {}
    values = extraction.fields or (extraction.api_result or {}).get("data") or {}
    for key, meta in api_fields.items():
        if not isinstance(meta, dict):
            continue
        confidence = meta.get("confidence")
        if confidence is None:
            confidence = (extraction.confidences or {}).get(key)
        # judged as shown: a 0.798 shown as 0.8 is not flagged below 0.8
        confidence = None if confidence is None else round(float(confidence), 2)
        low = confidence is not None and confidence < LOW_CONFIDENCE
        view.fields.append(
            FieldRow(
                key=key,
                label=FIELD_LABELS.get(key, key),
                value=_value_text(values.get(key)),
                confidence=confidence,
                source=meta.get("source") or "",
                corrected_value=corrections.get(key),
                low_confidence=low,
            )
        )
        box = meta.get("box")
        if isinstance(box, list) and len(box) == 4 and all(isinstance(v, int) for v in box):
            x0, y0, x1, y1 = box
            view.boxes.append(
                Box(key=key, x=x0, y=y0, width=max(x1 - x0, 1), height=max(y1 - y0, 1),
                    low_confidence=low)
            )  # fmt: skip
    # The printed fields first, in the engine's order; derived codes and MRZ internals last.
    view.fields.sort(key=lambda row: (row.key not in FIELD_LABELS, row.source == "derived"))
    view.checks = [c for c in (extraction.checks or []) if isinstance(c, dict)]
    return view


def application_review_detail(*, application: Application) -> ReviewDetail:
    """Everything the review page shows: the latest document's current images side by side
    with what OCR read (with boxes and confidences), corrections, checks and decisions."""
    documents = list(Document.objects.filter(application=application))
    document = documents[0] if documents else None
    sides: list[SideView] = []
    if document is not None:
        corrections = dict(
            FieldCorrection.objects.filter(document=document).values_list(
                "field", "corrected_value"
            )
        )
        images = DocumentImage.objects.filter(document=document, superseded_at__isnull=True)
        for image in sorted(images, key=lambda i: (i.side != "front", i.pk)):
            sides.append(_side_view(image, corrections))
    decisions = list(Decision.objects.filter(application=application).order_by("created_at"))
    pending = None
    for decision in decisions:
        after_submission = (
            application.submitted_at is None or decision.created_at >= application.submitted_at
        )
        if (
            decision.outcome == Decision.Outcome.FIRST_APPROVAL
            and after_submission
            and not Decision.objects.filter(confirms=decision).exists()
        ):
            pending = decision
    extractions = {side.image.side: side.extraction for side in sides if side.extraction}
    cross_checks = []
    if "front" in extractions and "back" in extractions:
        cross_checks = [
            {"code": check.code, "result": check.result, "message": check.message}
            for check in _cross_check(extractions["front"], extractions["back"])
        ]
    same_id = []
    if application.id_number_digest:
        same_id = list(
            Application.objects.filter(id_number_digest=application.id_number_digest)
            .exclude(pk=application.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return ReviewDetail(
        application=application,
        document=document,
        sides=sides,
        decisions=decisions,
        pending_first_approval=pending,
        earlier_documents=max(len(documents) - 1, 0),
        cross_checks=cross_checks,
        same_id_applications=same_id,
    )


# --- Overview -------------------------------------------------------------------------------


@dataclass
class Overview:
    days: list[str]
    outcomes_per_day: dict[str, list[int]]
    decision_hours: list[float]
    confidence_by_type: dict[str, float]
    check_failure_by_type: dict[str, float]
    totals: dict[str, int]


FINAL_OUTCOMES = [
    Decision.Outcome.APPROVED,
    Decision.Outcome.REJECTED,
    Decision.Outcome.RESUBMISSION_REQUESTED,
]


def overview_figures(*, days: int = 30, now=None) -> Overview:
    """Applications decided per day by outcome, submit-to-decision times, mean OCR
    confidence and check-failure rate per document type, over the last ``days`` days."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    tz = timezone.get_current_timezone()
    day_list = [
        (timezone.localtime(now, tz).date() - timedelta(days=offset)).isoformat()
        for offset in range(days - 1, -1, -1)
    ]
    per_day = {outcome: [0] * days for outcome in FINAL_OUTCOMES}
    index = {day: i for i, day in enumerate(day_list)}
    decided = (
        Decision.objects.filter(created_at__gte=since, outcome__in=FINAL_OUTCOMES)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("day", "outcome")
    )
    for day, outcome in decided:
        position = index.get(day.isoformat())
        if position is not None:
            per_day[outcome][position] += 1

    hours = []
    for decision in Decision.objects.filter(
        created_at__gte=since, outcome__in=FINAL_OUTCOMES
    ).select_related("application"):
        submitted = decision.application.submitted_at
        if submitted and decision.created_at >= submitted:
            hours.append((decision.created_at - submitted).total_seconds() / 3600)

    confidence_sum: dict[str, float] = {}
    confidence_count: dict[str, int] = {}
    checks_failed: dict[str, int] = {}
    checks_run: dict[str, int] = {}
    extractions = Extraction.objects.filter(created_at__gte=since).select_related("image__document")
    for extraction in extractions:
        doc_type = extraction.image.document.get_declared_type_display()
        api_fields = (extraction.api_result or {}).get("fields") or {}
        for meta in api_fields.values():
            if isinstance(meta, dict) and isinstance(meta.get("confidence"), int | float):
                confidence_sum[doc_type] = confidence_sum.get(doc_type, 0) + meta["confidence"]
                confidence_count[doc_type] = confidence_count.get(doc_type, 0) + 1
        for check in extraction.checks or []:
            if isinstance(check, dict) and check.get("result") in ("pass", "fail"):
                checks_run[doc_type] = checks_run.get(doc_type, 0) + 1
                if check["result"] == "fail":
                    checks_failed[doc_type] = checks_failed.get(doc_type, 0) + 1
    return Overview(
        days=day_list,
        outcomes_per_day={str(k): v for k, v in per_day.items()},
        decision_hours=hours,
        confidence_by_type={
            t: confidence_sum[t] / confidence_count[t] for t in sorted(confidence_count)
        },
        check_failure_by_type={
            t: checks_failed.get(t, 0) / checks_run[t] for t in sorted(checks_run)
        },
        totals={
            "waiting": Application.objects.filter(status=Status.NEEDS_REVIEW).count(),
            **{str(k): sum(v) for k, v in per_day.items()},
        },
    )
