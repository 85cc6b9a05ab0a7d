"""The customer's pages: thin views over services (writes) and selectors (reads).

Every view that touches onboarding data works on ``request.user``'s own applicant only;
ids of other applicants' rows answer 404.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kyc_portal.core.http import client_ip

from . import fields as field_rules
from . import selectors, services
from .consent import CONSENT_PARAGRAPHS, CONSENT_VERSION
from .forms import (
    CaptureForm,
    ConsentForm,
    DocumentChoiceForm,
    ResumeLinkForm,
    SignInForm,
    SignUpForm,
)
from .models import Application, DocumentImage, DocumentType, Side
from .quality import UploadRejected

Status = Application.Status
RESUME_SESSION_KEY = "onboarding_resume_token"


def applicant_required(view):
    """Signed in, with an applicant record passed to the view as ``applicant``."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        applicant = services.applicant_get_or_create(user=request.user)
        return view(request, applicant, *args, **kwargs)

    return wrapper


# --- Start and accounts -------------------------------------------------------------------
def start(request):
    """What we collect and why, before any account exists."""
    return render(request, "onboarding/start.html", {"consent_paragraphs": CONSENT_PARAGRAPHS})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applicant = services.applicant_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                ip_address=client_ip(request),
            )
        except services.OnboardingError as exc:
            form.add_error("email", exc.message)
        else:
            login(request, applicant.user)
            return redirect("onboarding:next")
    return render(request, "onboarding/sign_up.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        ip_address = client_ip(request)
        if selectors.sign_in_throttled(email=email, ip_address=ip_address):
            form.add_error(
                None,
                _(
                    "Quá nhiều lần đăng nhập sai. Hãy thử lại sau 15 phút hoặc nhận liên kết "
                    "tiếp tục qua e-mail."
                ),
            )
            status = 429
        else:
            user = authenticate(
                request,
                username=services.email_normalise(email),
                password=form.cleaned_data["password"],
            )
            if user is None:  # the failure is recorded by receivers.record_sign_in_failure
                form.add_error(None, _("E-mail hoặc mật khẩu không đúng."))
                status = 401
            else:
                login(request, user)
                return redirect(_safe_next(request) or "onboarding:next")
    return render(request, "onboarding/sign_in.html", {"form": form}, status=status)


def _safe_next(request) -> str | None:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@require_POST
def sign_out(request):
    logout(request)
    return redirect("home")


@never_cache
@require_http_methods(["GET", "POST"])
def resume_request(request):
    form = ResumeLinkForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        services.applicant_resume_link_send(
            email=form.cleaned_data["email"],
            link_for_token=lambda token: request.build_absolute_uri(
                reverse("onboarding:resume_link", args=[token])
            ),
        )
        sent = True  # the same answer whether or not the address is registered
    return render(request, "onboarding/resume_request.html", {"form": form, "sent": sent})


@never_cache
def resume_link(request, token: str):
    """The e-mailed link: keep the token in the session and leave its URL at once."""
    request.session[RESUME_SESSION_KEY] = token
    return redirect("onboarding:resume_continue")


@never_cache
@require_http_methods(["GET", "POST"])
def resume_continue(request):
    """A button spends the token (a mail scanner's GET must not)."""
    if RESUME_SESSION_KEY not in request.session:
        return redirect("onboarding:resume_request")
    if request.method == "POST":
        token = request.session.pop(RESUME_SESSION_KEY)
        user = services.applicant_resume_token_exchange(token=token, ip_address=client_ip(request))
        if user is None:
            messages.error(
                request, _("Liên kết đã hết hạn hoặc đã được dùng. Hãy yêu cầu liên kết mới.")
            )
            return redirect("onboarding:resume_request")
        login(request, user)
        return redirect("onboarding:next")
    return render(request, "onboarding/resume_continue.html")


# --- The journey --------------------------------------------------------------------------
@applicant_required
def next_step(request, applicant):
    """Send the applicant to where they left off."""
    if not services.consent_is_current(applicant=applicant):
        return redirect("onboarding:consent")
    application = selectors.application_latest(applicant=applicant)
    if application is None:
        return redirect("onboarding:document")
    document = selectors.document_in_capture(applicant=applicant)
    if document is None:
        if application.status == Status.DRAFT:
            return redirect("onboarding:document")
        return redirect("onboarding:status")
    progress = selectors.document_progress(document=document)
    if progress["missing"]:
        return redirect("onboarding:capture", side=progress["missing"][0])
    if not progress["done"]:
        return redirect("onboarding:processing")
    return redirect("onboarding:confirm")


@applicant_required
@require_http_methods(["GET", "POST"])
def consent(request, applicant):
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(applicant=applicant, ip_address=client_ip(request))
        except services.OnboardingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("onboarding:next")
    return render(
        request,
        "onboarding/consent.html",
        {"form": form, "paragraphs": CONSENT_PARAGRAPHS, "version": CONSENT_VERSION},
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def document(request, applicant):
    if not services.consent_is_current(applicant=applicant):
        return redirect("onboarding:consent")
    application = selectors.application_latest(applicant=applicant)
    if application is not None and application.status not in (
        services.EDITABLE | services.RESTARTABLE
    ):
        return redirect("onboarding:status")
    current = selectors.document_in_capture(applicant=applicant)
    form = DocumentChoiceForm(
        request.POST or None, initial={"declared_type": current.declared_type} if current else {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_choose(
                applicant=applicant, declared_type=form.cleaned_data["declared_type"]
            )
        except services.OnboardingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("onboarding:capture", side=Side.FRONT)
    return render(request, "onboarding/document.html", {"form": form})


SIDE_TITLES = {
    Side.FRONT: gettext_lazy("Mặt trước"),
    Side.BACK: gettext_lazy("Mặt sau"),
}


@applicant_required
@require_http_methods(["GET", "POST"])
def capture(request, applicant, side: str):
    document = selectors.document_in_capture(applicant=applicant)
    if document is None:
        return redirect("onboarding:next")
    sides = field_rules.sides_needed(document.declared_type)
    if side not in sides:
        raise Http404
    form = CaptureForm(request.POST or None, request.FILES or None)
    error = None
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("image")
        try:
            if upload is None:
                raise UploadRejected("empty")
            if upload.size > settings.OCR_MAX_UPLOAD_BYTES:
                raise UploadRejected("too_large_file")
            services.document_image_upload(
                document=document, side=side, data=upload.read(), actor=request.user
            )
        except UploadRejected as exc:
            error, status = exc.message, 422
        except services.OnboardingError as exc:
            error, status = exc.message, 409
        else:
            progress = selectors.document_progress(document=document)
            if progress["missing"]:
                return redirect("onboarding:capture", side=progress["missing"][0])
            return redirect("onboarding:processing")
    current = selectors.document_images_current(document=document).get(side)
    context = {
        "form": form,
        "side": side,
        "side_title": _("Trang thông tin")
        if document.declared_type == DocumentType.PASSPORT
        else SIDE_TITLES[side],
        "step": sides.index(side) + 1,
        "steps": len(sides),
        "document": document,
        "current": current,
        "error": error,
        "is_passport": document.declared_type == DocumentType.PASSPORT,
    }
    return render(request, "onboarding/capture.html", context, status=status)


def _progress_context(document):
    progress = selectors.document_progress(document=document)
    for entry in progress["sides"]:
        image = entry["image"]
        entry["error"] = (
            services.OCR_ERROR_MESSAGES.get(image.ocr_error, "")
            if image and image.ocr_status == DocumentImage.OcrStatus.FAILED
            else ""
        )
        entry["retake"] = bool(image and image.ocr_error in services.RETAKE_ERRORS)
        entry["title"] = (
            _("Trang thông tin")
            if document.declared_type == DocumentType.PASSPORT
            else SIDE_TITLES[entry["side"]]
        )
    return {"progress": progress, "document": document}


@applicant_required
def processing(request, applicant):
    document = selectors.document_in_capture(applicant=applicant)
    if document is None:
        return redirect("onboarding:next")
    return render(request, "onboarding/processing.html", _progress_context(document))


@applicant_required
def processing_status(request, applicant):
    """The htmx fragment; polling stops when nothing is waiting (no trigger in the answer)."""
    document = selectors.document_in_capture(applicant=applicant)
    if document is None:
        response = HttpResponse(status=286)  # htmx: stop polling
        response["HX-Redirect"] = reverse("onboarding:status")
        return response
    return render(request, "onboarding/_progress.html", _progress_context(document))


@applicant_required
@require_POST
def image_retry(request, applicant, image_id: int):
    image = selectors.document_image_for_applicant(applicant=applicant, image_id=image_id)
    if image.document.application.status not in services.EDITABLE:
        raise Http404
    services.document_image_ocr_retry(image=image, actor=request.user)
    return redirect("onboarding:processing")


@applicant_required
def image_file(request, applicant, image_id: int):
    """One of the applicant's own photos; never cached, never at a public URL."""
    image = selectors.document_image_for_applicant(applicant=applicant, image_id=image_id)
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response


@applicant_required
@require_http_methods(["GET", "POST"])
def confirm(request, applicant):
    document = selectors.document_in_capture(applicant=applicant)
    if document is None:
        return redirect("onboarding:next")
    progress = selectors.document_progress(document=document)
    if not progress["done"]:
        return redirect("onboarding:next")
    error = None
    if request.method == "POST":
        values = {
            key: request.POST[f"field_{key}"]
            for key in field_rules.display_fields(document.declared_type)
            if f"field_{key}" in request.POST
        }
        try:
            services.field_corrections_apply(document=document, values=values, actor=request.user)
            services.application_submit(
                application=document.application,
                actor=request.user,
                ip_address=client_ip(request),
            )
        except services.OnboardingError as exc:
            error = exc.message
        else:
            return redirect("onboarding:status")
    context = {
        "document": document,
        "rows": selectors.document_fields(document=document),
        "sides": progress["sides"],
        "error": error,
    }
    return render(request, "onboarding/confirm.html", context, status=400 if error else 200)


STATUS_TEXT = {
    Status.DRAFT: gettext_lazy("Chưa gửi. Hãy hoàn tất các bước để gửi hồ sơ."),
    Status.SUBMITTED: gettext_lazy("Đã gửi. Chúng tôi đang kiểm tra hồ sơ của bạn."),
    Status.PROCESSING: gettext_lazy("Đã gửi. Chúng tôi đang kiểm tra hồ sơ của bạn."),
    Status.NEEDS_REVIEW: gettext_lazy("Đang chờ nhân viên duyệt."),
    Status.APPROVED: gettext_lazy("Hồ sơ đã được duyệt. Cảm ơn bạn!"),
    Status.REJECTED: gettext_lazy("Hồ sơ không được chấp nhận."),
    Status.RESUBMISSION_REQUESTED: gettext_lazy("Cần nộp lại giấy tờ."),
    Status.EXPIRED: gettext_lazy("Hồ sơ đã hết hạn."),
    Status.ABANDONED: gettext_lazy("Hồ sơ đã bị hủy."),
}


@applicant_required
def status(request, applicant):
    application = selectors.application_latest(applicant=applicant)
    if application is None:
        return redirect("onboarding:next")
    document = selectors.document_latest(application=application)
    context = {
        "application": application,
        "status_text": STATUS_TEXT[application.status],
        "document": document,
        "can_resubmit": application.status == Status.RESUBMISSION_REQUESTED,
        "can_restart": application.status in services.RESTARTABLE,
        "in_progress": application.status in (Status.SUBMITTED, Status.PROCESSING),
    }
    return render(request, "onboarding/status.html", context)
