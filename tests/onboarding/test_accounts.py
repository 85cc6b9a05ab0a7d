"""Sign-up, throttled sign-in and the private one-time resume link."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from kyc_portal.onboarding.models import Applicant, SignInFailure
from kyc_portal.onboarding.selectors import SIGN_IN_MAX_FAILURES_PER_EMAIL
from tests.onboarding.conftest import PASSWORD, make_applicant

pytestmark = pytest.mark.django_db


def test_sign_up_creates_applicant_and_refuses_duplicates(client):
    data = {"email": "Hoa@Example.test", "password": PASSWORD, "password_again": PASSWORD}
    response = client.post(reverse("onboarding:sign_up"), data)
    assert response.status_code == 302
    assert Applicant.objects.get().user.username == "hoa@example.test"
    client.logout()
    response = client.post(reverse("onboarding:sign_up"), {**data, "email": "hoa@example.test"})
    assert response.status_code == 200 and "Đã có tài khoản" in response.content.decode()
    weak = client.post(
        reverse("onboarding:sign_up"),
        {"email": "x@example.test", "password": "123", "password_again": "123"},
    )
    assert weak.status_code == 200 and Applicant.objects.count() == 1


def test_sign_in_failures_are_throttled_even_with_the_right_password(client):
    make_applicant("binh@example.test")
    url = reverse("onboarding:sign_in")
    for _ in range(SIGN_IN_MAX_FAILURES_PER_EMAIL):
        response = client.post(url, {"email": "binh@example.test", "password": "wrong-one"})
        assert response.status_code == 401
    # the failures keep no e-mail in clear
    assert "binh" not in str(list(SignInFailure.objects.values()))
    response = client.post(url, {"email": "BINH@example.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # another account is not affected
    make_applicant("chi@example.test")
    response = client.post(url, {"email": "chi@example.test", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("onboarding:next")


def test_resume_link_signs_in_once_and_never_keeps_the_token_in_a_url(
    client, caplog, django_capture_on_commit_callbacks
):
    applicant = make_applicant("dung@example.test")
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:resume_request"), {"email": "dung@example.test"})
    assert response.status_code == 200
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/resume/[^/\s]+/)", message.body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    applicant.refresh_from_db()
    assert token not in applicant.resume_token_hash and len(applicant.resume_token_hash) == 64
    # opening the link leaves its URL at once and does not spend the token by itself
    response = client.get(link)
    assert response.status_code == 302 and token not in response.url
    page = client.get(response.url)
    assert page.status_code == 200 and token not in page.content.decode()
    response = client.post(reverse("onboarding:resume_continue"))
    assert response.url == reverse("onboarding:next")
    assert int(client.session["_auth_user_id"]) == applicant.user_id
    assert token not in caplog.text
    # spent: a second use signs nobody in
    other = client.__class__()
    response = other.get(link)
    response = other.post(reverse("onboarding:resume_continue"))
    assert response.url == reverse("onboarding:resume_request")
    assert "_auth_user_id" not in other.session


def test_resume_request_answers_the_same_for_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("onboarding:resume_request"), {"email": "nobody@example.test"}
        )
    assert response.status_code == 200 and "Nếu e-mail này đã đăng ký" in response.content.decode()
    assert mail.outbox == []


def test_expired_resume_token_is_refused(client, django_capture_on_commit_callbacks):
    from django.utils import timezone

    applicant = make_applicant("giang@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("onboarding:resume_request"), {"email": "giang@example.test"})
    link = re.search(r"http://testserver(/accounts/resume/[^/\s]+/)", mail.outbox[0].body).group(1)
    Applicant.objects.filter(pk=applicant.pk).update(
        resume_token_expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    client.get(link)
    response = client.post(reverse("onboarding:resume_continue"))
    assert response.url == reverse("onboarding:resume_request")
    assert "_auth_user_id" not in client.session


def test_pages_need_sign_in(client):
    for name in ("next", "consent", "document", "processing", "confirm", "status"):
        response = client.get(reverse(f"onboarding:{name}"))
        assert response.status_code == 302 and response.url.startswith("/accounts/signin/")


def test_resume_links_are_limited_per_hour(client, django_capture_on_commit_callbacks):
    from kyc_portal.onboarding.services import RESUME_LINKS_PER_HOUR

    make_applicant("flood@example.test")
    for _ in range(RESUME_LINKS_PER_HOUR + 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("onboarding:resume_request"), {"email": "flood@example.test"}
            )
        assert response.status_code == 200  # the same answer every time
    assert len(mail.outbox) == RESUME_LINKS_PER_HOUR
