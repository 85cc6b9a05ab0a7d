"""Every sign-in form is throttled by the same backend: the staff admin's too."""

import pytest
from django.contrib.auth import get_user_model

from kyc_portal.audit.models import AuditLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Nhan-vien-2026!"


def admin_sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_admin_sign_in_is_refused_after_five_failures_even_with_the_right_password(client):
    get_user_model().objects.create_user("reviewer1", password=PASSWORD, is_staff=True)
    for _ in range(5):
        assert admin_sign_in(client, "reviewer1", "wrong").status_code == 200

    response = admin_sign_in(client, "reviewer1", PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert "_auth_user_id" not in client.session
    assert AuditLogEntry.objects.filter(action="auth.login_failed").count() == 6


def test_another_staff_member_can_still_sign_in(client):
    get_user_model().objects.create_user("reviewer1", password=PASSWORD, is_staff=True)
    get_user_model().objects.create_user("reviewer2", password=PASSWORD, is_staff=True)
    for _ in range(5):
        admin_sign_in(client, "reviewer1", "wrong")
    response = admin_sign_in(client, "reviewer2", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_signing_up_keeps_the_customer_signed_in_on_the_next_page(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "lan@example.test", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/onboarding/consent/").status_code == 200
