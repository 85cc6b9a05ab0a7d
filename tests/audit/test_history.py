"""Auditors' history: search by applicant, ID number, reviewer, action and dates; one
applicant's timeline; CSV export, itself audited; failed sign-ins recorded without the
password or the user name."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.audit.receivers import username_digest
from kyc_portal.review import roles, services
from tests.review.factories import application_waiting, user_with_role


@pytest.fixture
def story(db):
    """Two applicants; the first is sent back for resubmission, then approved."""
    reviewer = user_with_role(roles.REVIEWER, username="reviewer.lan")
    senior = user_with_role(roles.SENIOR_REVIEWER, username="senior.minh")
    first = application_waiting(kind="chip", seed=7, read=True)
    second = application_waiting(read=False)
    services.application_claim(application=first, user=reviewer)
    services.application_review_open(application=first, user=reviewer)
    services.application_request_resubmission(
        application=first, reviewer=reviewer, customer_message="Chụp lại mặt sau"
    )
    services.application_reject(application=second, reviewer=senior, reason_code="other")
    return {"first": first, "second": second, "reviewer": reviewer, "senior": senior}


def _search(client, **filters):
    response = client.post(reverse("audit:history"), filters)
    assert response.status_code == 200
    return response.context["entries"]


def test_search_by_applicant_id_number_reviewer_action_and_dates(client, auditor, story):
    client.force_login(auditor)
    first = story["first"]

    by_applicant = _search(client, applicant_id=first.applicant_id)
    assert {e.application_id for e in by_applicant if e.application_id} == {first.pk}
    assert {"application.transition", "application.assign", "decision.resubmission_requested",
            "application.view_personal_data"} <= {e.action for e in by_applicant}  # fmt: skip

    id_number = first.documents.first().images.get(side="front").extraction.fields["id"]
    assert id_number
    by_id = _search(client, id_number=id_number)
    assert by_id and {e.application_id for e in by_id} == {first.pk}

    by_reviewer = _search(client, reviewer="senior.minh")
    assert by_reviewer and all(e.actor_label == "senior.minh" for e in by_reviewer)
    assert {e.application_id for e in by_reviewer} == {story["second"].pk}

    decisions = _search(client, action="decision.")
    assert {e.action for e in decisions} == {"decision.resubmission_requested", "decision.rejected"}

    today = timezone.localdate()
    assert _search(client, date_from=today.isoformat(), date_to=today.isoformat())
    assert _search(client, date_to=(today - timedelta(days=1)).isoformat()) == []


def test_search_form_rejects_bad_input_with_a_message(client, auditor, story):
    client.force_login(auditor)
    response = client.post(reverse("audit:history"), {"applicant_id": "abc", "date_from": "32/13"})
    assert response.status_code == 200
    assert response.context["entries"] is None
    assert set(response.context["form"].errors) == {"applicant_id", "date_from"}


def test_id_number_never_travels_in_a_url(client, auditor, story):
    client.force_login(auditor)
    page = client.get(reverse("audit:history")).content.decode()
    assert 'method="post"' in page
    response = client.get(reverse("audit:history"), {"id_number": "001203004005"})
    assert response.context["entries"] is None  # GET never searches


def test_timeline_shows_the_applicants_whole_story_in_order(client, auditor, story):
    client.force_login(auditor)
    first = story["first"]
    response = client.get(reverse("audit:timeline", args=[first.pk]))
    assert response.status_code == 200
    entries = list(response.context["entries"])
    assert [e.created_at for e in entries] == sorted(e.created_at for e in entries)
    actions = [e.action for e in entries]
    assert actions.index("application.assign") < actions.index("decision.resubmission_requested")
    assert all(e.application_id == first.pk for e in entries)
    assert "reviewer.lan" in response.content.decode()


def test_csv_export_is_complete_and_itself_audited(client, auditor, story):
    client.force_login(auditor)
    first = story["first"]
    id_number = first.documents.first().images.get(side="front").extraction.fields["id"]
    expected = AuditLogEntry.objects.filter(application_id=first.pk).count()
    response = client.post(reverse("audit:export"), {"id_number": id_number})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == expected
    assert {row["application_id"] for row in rows} == {str(first.pk)}
    decided = [row for row in rows if row["action"] == "decision.resubmission_requested"]
    assert len(decided) == 1 and decided[0]["actor_label"] == "reviewer.lan"
    assert json.loads(decided[0]["after"])["outcome"] == "resubmission_requested"

    export = AuditLogEntry.objects.get(action="audit_log.export")
    assert export.actor == auditor
    assert export.after == {"filters": {"id_number": "given"}, "rows": expected}
    # The ID number searched for is not copied into the log.
    assert id_number not in json.dumps(list(AuditLogEntry.objects.values()), default=str)


def test_csv_cells_cannot_become_spreadsheet_formulas(client, auditor, db):
    from django.db import transaction

    with transaction.atomic():
        AuditLogEntry.objects.create(action="test.event", object_type="x", object_id="1",
                                     reason="=HYPERLINK(\"http://evil\")")  # fmt: skip
    client.force_login(auditor)
    response = client.post(reverse("audit:export"), {"action": "test."})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["reason"].startswith("'=")


def test_failed_sign_in_is_recorded_without_password_or_user_name(client, db):
    user_with_role(roles.REVIEWER, username="reviewer.hoa")
    response = client.post(
        reverse("admin:login"), {"username": "reviewer.hoa", "password": "wrong-password-123"}
    )
    assert response.status_code == 200  # the form again, with an error
    row = AuditLogEntry.objects.get(action="auth.login_failed")
    dumped = json.dumps(
        {k: v for k, v in AuditLogEntry.objects.filter(pk=row.pk).values()[0].items()},
        default=str,
    )
    assert "wrong-password-123" not in dumped and "reviewer.hoa" not in dumped
    assert row.after == {"username_sha256": username_digest("reviewer.hoa")}
    assert row.ip_address == "127.0.0.1"


def test_staff_sign_in_is_recorded(client, db):
    user = user_with_role(roles.AUDITOR, username="auditor.binh")
    user.set_password("Sufficiently-Long-Pass-1")
    user.save()
    client.post(
        reverse("admin:login"),
        {"username": "auditor.binh", "password": "Sufficiently-Long-Pass-1"},
    )
    assert AuditLogEntry.objects.filter(action="auth.login", actor=user).count() == 1


def test_audit_rows_cannot_be_changed_through_the_admin(client, auditor, story):
    admin_user = user_with_role(roles.ADMIN)
    client.force_login(admin_user)
    row = AuditLogEntry.objects.first()
    response = client.post(
        reverse("admin:audit_auditlogentry_change", args=[row.pk]), {"reason": "rewritten"}
    )
    assert response.status_code in (200, 403)
    delete = client.post(
        reverse("admin:audit_auditlogentry_delete", args=[row.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    row.refresh_from_db()
    assert row.reason != "rewritten"


def test_after_retention_an_id_number_still_finds_the_audit_trail(client, auditor, story):
    from kyc_portal.onboarding.models import Application
    from kyc_portal.onboarding.services import id_number_digest
    from kyc_portal.review.models import Redaction
    from kyc_portal.review.selectors import application_matching_ids

    first = story["first"]
    fields = first.documents.first().images.get(side="front").extraction.fields
    id_number, name = fields["id"], fields["name"]
    assert application_matching_ids(text=name) == [first.pk]
    Application.objects.filter(pk=first.pk).update(
        id_number_digest=id_number_digest(id_number=id_number)
    )
    services.application_redact(application=first, reason=Redaction.Reason.RETENTION)
    client.force_login(auditor)
    found = _search(client, id_number=id_number)
    assert {e.application_id for e in found} == {first.pk}
    assert "application.redact" in {e.action for e in found}
    # Names were redacted: a name search no longer finds the application.
    assert application_matching_ids(text=name) == []
