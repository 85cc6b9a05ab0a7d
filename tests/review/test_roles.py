"""Every role against every staff action and object it must not reach, over HTTP (the admin,
the review page, images, audit history and export, overview, API keys) and at the service
layer. Allowed roles succeed; the others get a 403 (staff) or the sign-in page (applicant)."""

import pytest
from django.urls import reverse

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding.models import Application
from kyc_portal.review import roles, services
from kyc_portal.review.models import Decision
from ocr.models import ApiKey
from tests.review.factories import ApplicantFactory, application_waiting

R, S, AU, AD, AP = (
    roles.REVIEWER, roles.SENIOR_REVIEWER, roles.AUDITOR, roles.ADMIN, roles.APPLICANT,
)  # fmt: skip
ALL = (R, S, AU, AD, AP)


@pytest.fixture
def waiting(db):
    return application_waiting(read=False)


def _client(client, user):
    client.force_login(user)
    return client


def _refused(response, role):
    """Staff without the right get 403; an applicant never gets past the admin sign-in."""
    if role == AP:
        return response.status_code == 302 and "/admin/login/" in response["Location"]
    return response.status_code == 403


GET_PAGES = {
    # name: (url builder, roles allowed)
    "admin index": (lambda a: reverse("admin:index"), {R, S, AU, AD}),
    "queue": (lambda a: reverse("admin:onboarding_application_changelist"), {R, S, AU, AD}),
    "review page": (
        lambda a: reverse("admin:onboarding_application_change", args=[a.pk]),
        {R, S, AU, AD},
    ),
    "document image": (
        lambda a: reverse(
            "admin:onboarding_application_image",
            args=[a.pk, a.documents.first().images.get(side="front").pk],
        ),
        {R, S, AD},
    ),
    "audit history": (lambda a: reverse("audit:history"), {AU, AD}),
    "timeline": (lambda a: reverse("audit:timeline", args=[a.pk]), {AU, AD}),
    "overview": (lambda a: reverse("review:overview"), {R, S, AU, AD}),
    "audit log admin": (lambda a: reverse("admin:audit_auditlogentry_changelist"), {AU, AD}),
    "api key add": (lambda a: reverse("admin:ocr_apikey_add"), {AD}),
}


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("page", list(GET_PAGES))
def test_get_pages_by_role(client, waiting, role_users, role, page):
    url_for, allowed = GET_PAGES[page]
    response = _client(client, role_users[role]).get(url_for(waiting))
    if role in allowed:
        assert response.status_code == 200, (page, role)
    else:
        assert _refused(response, role), (page, role, response.status_code)


@pytest.mark.parametrize("role", ALL)
def test_review_page_shows_images_only_to_roles_with_personal_data_right(
    client, waiting, role_users, role
):
    if role == AP:
        return  # covered above: applicants never reach the page
    response = _client(client, role_users[role]).get(
        reverse("admin:onboarding_application_change", args=[waiting.pk])
    )
    shows_images = b'class="doc-image"' in response.content
    assert shows_images == (role in {R, S, AD})
    opened = AuditLogEntry.objects.filter(
        action="application.view_personal_data", actor=role_users[role]
    ).exists()
    assert opened == shows_images


DECIDE = {
    "approve": {"internal_note": ""},
    "reject": {"reason_code": "document_expired", "internal_note": ""},
    "resubmit": {"customer_message": "Chụp lại mặt sau", "internal_note": ""},
}


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("action", list(DECIDE))
def test_decisions_by_role(client, waiting, role_users, role, action):
    url = reverse("admin:onboarding_application_decide", args=[waiting.pk, action])
    response = _client(client, role_users[role]).post(url, DECIDE[action])
    waiting.refresh_from_db()
    if role in {R, S, AD}:
        assert response.status_code == 302
        assert waiting.status != Application.Status.NEEDS_REVIEW
        assert Decision.objects.filter(application=waiting).count() == 1
    else:
        assert _refused(response, role)
        assert waiting.status == Application.Status.NEEDS_REVIEW
        assert not Decision.objects.exists()


@pytest.mark.parametrize("role", ALL)
def test_claim_by_role(client, waiting, role_users, role):
    url = reverse("admin:onboarding_application_claim", args=[waiting.pk])
    response = _client(client, role_users[role]).post(url)
    waiting.refresh_from_db()
    if role in {R, S, AD}:
        assert response.status_code == 302 and waiting.assignee == role_users[role]
    else:
        assert _refused(response, role) and waiting.assignee is None


@pytest.mark.parametrize("role", ALL)
def test_assign_by_role(client, waiting, role_users, role):
    url = reverse("admin:onboarding_application_assign", args=[waiting.pk])
    target = role_users[R]
    response = _client(client, role_users[role]).post(url, {"assignee": target.pk})
    waiting.refresh_from_db()
    if role in {S, AD}:
        assert response.status_code == 302 and waiting.assignee == target
    else:
        assert _refused(response, role) and waiting.assignee is None


@pytest.mark.parametrize("role", ALL)
def test_audit_export_by_role(client, waiting, role_users, role):
    response = _client(client, role_users[role]).post(
        reverse("audit:export"), {"application_id": waiting.pk}
    )
    exported = AuditLogEntry.objects.filter(action="audit_log.export").exists()
    if role in {AU, AD}:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert exported
    else:
        assert _refused(response, role)
        assert not exported


@pytest.mark.parametrize("role", ALL)
def test_api_key_change_by_role(client, db, role_users, role):
    api_key = ApiKey.objects.create(name="partner", key="k" * 32, secret_digest="0" * 64)
    url = reverse("admin:ocr_apikey_change", args=[api_key.pk])
    response = _client(client, role_users[role]).post(
        url, {"name": "renamed", "quota": "", "rate_limit_per_minute": ""}
    )
    api_key.refresh_from_db()
    if role == AD:
        assert response.status_code == 302 and api_key.name == "renamed"
    elif role == AU:
        # Read-only: the form is shown but a POST changes nothing.
        assert response.status_code in (200, 403) and api_key.name == "partner"
    else:
        assert _refused(response, role) and api_key.name == "partner"


@pytest.mark.parametrize("role", ALL)
def test_decision_records_are_read_only_for_every_role(client, waiting, role_users, role):
    decision = services.application_approve(application=waiting, reviewer=role_users[S])
    url = reverse("admin:review_decision_change", args=[decision.pk])
    client = _client(client, role_users[role])
    response = client.post(url, {"outcome": "rejected"})
    assert response.status_code in (302, 403, 200)
    assert Decision.objects.get(pk=decision.pk).outcome == Decision.Outcome.APPROVED
    delete = client.post(
        reverse("admin:review_decision_delete", args=[decision.pk]), {"post": "yes"}
    )
    assert delete.status_code in (302, 403)
    assert Decision.objects.filter(pk=decision.pk).exists()


@pytest.mark.parametrize("role", ALL)
def test_erasure_by_role(db, role_users, role):
    applicant = ApplicantFactory()
    application_waiting(read=False, applicant=applicant)
    if role in {S, AD}:
        assert services.applicant_erase(applicant=applicant, requested_by=role_users[role]) == 1
    else:
        with pytest.raises(services.PermissionDenied):
            services.applicant_erase(applicant=applicant, requested_by=role_users[role])
        applicant.refresh_from_db()
        assert applicant.erased_at is None


def test_applicant_may_erase_only_their_own_data(db, role_users):
    mine = ApplicantFactory()
    other = ApplicantFactory()
    with pytest.raises(services.PermissionDenied):
        services.applicant_erase(applicant=other, requested_by=mine.user)
    assert services.applicant_erase(applicant=mine, requested_by=mine.user) == 0
    mine.refresh_from_db()
    assert mine.erased_at is not None


def test_four_eyes_reviewer_cannot_give_the_final_approval(client, waiting, role_users, settings):
    settings.REVIEW_FOUR_EYES = True
    url = reverse("admin:onboarding_application_decide", args=[waiting.pk, "approve"])
    _client(client, role_users[S]).post(url, {"internal_note": ""})
    client.logout()
    response = _client(client, role_users[R]).post(url, {"internal_note": ""})
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.NEEDS_REVIEW
    client.logout()
    _client(client, role_users["Senior reviewer 2"]).post(url, {"internal_note": ""})
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.APPROVED


def test_inactive_staff_is_refused_by_the_services(waiting, role_users):
    reviewer = role_users[R]
    reviewer.is_active = False
    reviewer.save()
    with pytest.raises(services.PermissionDenied):
        services.application_approve(application=waiting, reviewer=reviewer)
