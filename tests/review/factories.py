"""Test data for review, audit and retention: users in each role, applicants, applications
waiting for review with real synthetic card images (ocr.synth) read by the real engine."""

import hashlib
import io
import uuid
from functools import lru_cache

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from kyc_portal.onboarding.models import (
    Applicant,
    Application,
    Document,
    DocumentImage,
    DocumentType,
    Extraction,
    FieldCorrection,
)
from kyc_portal.onboarding.services import application_transition
from kyc_portal.review import roles

PASSWORD = "correct-horse-battery-staple-42"
Status = Application.Status

# synth card kind -> the declared document type
KIND_TYPES = {"chip": DocumentType.CHIP_CCCD, "cccd": DocumentType.CCCD,
              "cmnd12": DocumentType.CMND, "cc2024": DocumentType.CAN_CUOC_2024}  # fmt: skip


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}-{uuid.uuid4().hex[:4]}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.is_staff = extracted in roles.STAFF_ROLES
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def user_with_role(role: str, **values):
    return UserFactory(role=role, **values)


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    user = factory.SubFactory(UserFactory, role=roles.APPLICANT)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(ApplicantFactory)


@lru_cache(maxsize=32)
def card_side(kind: str, seed: int, side: int, read: bool):
    """(image bytes, API result or None) of one synthetic card side; the engine runs once."""
    from ocr.synth import generate_pair

    sample = generate_pair(kind, seed=seed)[side]
    if not read:
        return sample.image_bytes, None
    from ocr.engine import extract_side

    return sample.image_bytes, extract_side(sample.image_bytes).to_api()


def document_add(
    application: Application, *, kind: str = "chip", seed: int = 1, read: bool = True
) -> Document:
    """A document with both sides stored privately and, with ``read``, the engine's result."""
    document = Document.objects.create(application=application, declared_type=KIND_TYPES[kind])
    for index, side in enumerate(("front", "back")):
        data, api = card_side(kind, seed, index, read)
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            content_type = Image.MIME.get(picture.format, "image/jpeg")
        image = DocumentImage(
            document=document, side=side, sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data), width=width, height=height, content_type=content_type,
            ocr_status=DocumentImage.OcrStatus.DONE if read else DocumentImage.OcrStatus.PENDING,
        )  # fmt: skip
        image.file.save(f"{uuid.uuid4().hex}.img", ContentFile(data), save=True)
        if api is not None:
            data_values = {k: v for k, v in api["data"].items() if not k.endswith("_confidence")}
            Extraction.objects.create(
                image=image, api_result=api, fields=data_values,
                confidences={k: m["confidence"] for k, m in api["fields"].items()},
                checks=api["checks"], card_type=api["card_type"], doc_class=api["type"],
                valid=api["valid"] == "True", invalid_code=api["invalidCode"],
                engine_version="test", elapsed_ms=1,
            )  # fmt: skip
    return document


def application_waiting(
    *, kind: str = "chip", seed: int = 1, read: bool = True, flags=(), applicant=None
) -> Application:
    """An application that went draft → submitted → processing → needs_review, as the
    onboarding pipeline moves it (audited transitions)."""
    values = {"flags": list(flags)}
    if applicant is not None:
        values["applicant"] = applicant
    application = ApplicationFactory(**values)
    document_add(application, kind=kind, seed=seed, read=read)
    with transaction.atomic():
        for status in (Status.SUBMITTED, Status.PROCESSING, Status.NEEDS_REVIEW):
            application_transition(application=application, to=status, actor_label="system")
    application.refresh_from_db()
    return application


def correction_add(document: Document, *, field: str, value: str) -> FieldCorrection:
    extraction = Extraction.objects.filter(image__document=document, image__side="front").first()
    ocr_value = str((extraction.fields if extraction else {}).get(field, ""))
    return FieldCorrection.objects.create(
        document=document, field=field, ocr_value=ocr_value, corrected_value=value
    )
