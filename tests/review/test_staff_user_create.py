import pytest
from django.core.management import CommandError, call_command

from kyc_portal.audit.models import AuditLogEntry


def test_creates_a_staff_user_in_the_role_with_an_audit_row(db, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "Review-Desk-2026!")
    call_command("staff_user_create", "reviewer.thu", role="Senior reviewer")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="reviewer.thu")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("review.confirm_approval") and not user.has_perm("review.export_audit_log")
    assert user.check_password("Review-Desk-2026!")
    row = AuditLogEntry.objects.get(action="staff_user.create")
    assert row.after == {"role": "Senior reviewer"} and "Review-Desk" not in str(row.after)


def test_refuses_weak_passwords_unknown_roles_and_duplicates(db, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short|too common|numeric"):
        call_command("staff_user_create", "weak", role="Reviewer")
    with pytest.raises(CommandError):
        call_command("staff_user_create", "x", role="Applicant")
    monkeypatch.setenv("STAFF_PASSWORD", "Review-Desk-2026!")
    call_command("staff_user_create", "dup", role="Auditor")
    with pytest.raises(CommandError, match="already exists"):
        call_command("staff_user_create", "dup", role="Auditor")
