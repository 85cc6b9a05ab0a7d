"""Decisions: each outcome moves the application through the state machine, is recorded
immutably with its audit row, and notifies the customer; the four-eyes rule."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding.models import Application
from kyc_portal.onboarding.services import application_transition
from kyc_portal.review import services
from kyc_portal.review.models import Decision, ImmutableRecordError, Notification, RejectReason
from tests.review.factories import application_waiting

Status = Application.Status


@pytest.fixture
def waiting(db):
    return application_waiting(read=False)


def test_approve_moves_to_approved_with_decision_audit_and_email_notice(waiting, role_users):
    reviewer = role_users["Reviewer"]
    with transaction.atomic():
        decision = services.application_approve(
            application=waiting, reviewer=reviewer, internal_note="looks fine"
        )
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED and waiting.decided_at is not None
    assert decision.outcome == Decision.Outcome.APPROVED
    assert decision.reviewer_label == reviewer.username
    actions = list(
        AuditLogEntry.objects.filter(application_id=waiting.pk).values_list("action", flat=True)
    )
    assert "decision.approved" in actions
    transition = AuditLogEntry.objects.get(application_id=waiting.pk, after={"status": "approved"})
    assert transition.actor_id == reviewer.pk
    # The note may hold personal details: the audit row does not copy it.
    row = AuditLogEntry.objects.get(action="decision.approved")
    assert "looks fine" not in str(row.after) + row.reason
    assert Notification.objects.get(decision=decision).channel == "email"


def test_reject_needs_a_listed_reason(waiting, role_users):
    with pytest.raises(services.ReviewError, match="reason"):
        services.application_reject(
            application=waiting, reviewer=role_users["Reviewer"], reason_code="because"
        )
    decision = services.application_reject(
        application=waiting,
        reviewer=role_users["Reviewer"],
        reason_code=RejectReason.DOCUMENT_TAMPERED,
        internal_note="edges look edited",
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.REJECTED
    assert decision.reason_code == "document_tampered"


def test_resubmission_shows_the_reason_to_the_customer(waiting, role_users):
    with pytest.raises(services.ReviewError):
        services.application_request_resubmission(
            application=waiting, reviewer=role_users["Reviewer"], customer_message="  "
        )
    services.application_request_resubmission(
        application=waiting,
        reviewer=role_users["Reviewer"],
        customer_message="Ảnh mặt sau bị mờ, vui lòng chụp lại.",
        internal_note="glare",
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.RESUBMISSION_REQUESTED
    assert waiting.customer_message == "Ảnh mặt sau bị mờ, vui lòng chụp lại."


def test_decided_application_cannot_be_decided_again(waiting, role_users):
    services.application_approve(application=waiting, reviewer=role_users["Reviewer"])
    with pytest.raises(services.ReviewError, match="not waiting"):
        services.application_reject(
            application=waiting, reviewer=role_users["Senior reviewer"], reason_code="other"
        )


def test_decision_is_immutable(waiting, role_users):
    decision = services.application_approve(application=waiting, reviewer=role_users["Reviewer"])
    decision.outcome = Decision.Outcome.REJECTED
    with pytest.raises(ImmutableRecordError):
        decision.save()
    with pytest.raises(ImmutableRecordError):
        decision.delete()
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).update(outcome="rejected")
    with pytest.raises(ImmutableRecordError):
        Decision.objects.filter(pk=decision.pk).delete()
    assert Decision.objects.get(pk=decision.pk).outcome == Decision.Outcome.APPROVED


def test_four_eyes_first_approval_then_a_different_senior_confirms(waiting, role_users, settings):
    settings.REVIEW_FOUR_EYES = True
    reviewer, senior = role_users["Reviewer"], role_users["Senior reviewer"]
    first = services.application_approve(application=waiting, reviewer=reviewer)
    waiting.refresh_from_db()
    assert first.outcome == Decision.Outcome.FIRST_APPROVAL
    assert waiting.status == Status.NEEDS_REVIEW
    assert not Notification.objects.exists()  # nothing to tell the customer yet

    # The same person cannot give the second approval, even a senior.
    with pytest.raises(services.ReviewError, match="different"):
        services.application_approve(application=waiting, reviewer=reviewer)
    # Another plain reviewer lacks the senior right.
    with pytest.raises(PermissionDenied):
        services.application_approve(application=waiting, reviewer=_second_reviewer())
    final = services.application_approve(application=waiting, reviewer=senior)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    assert final.confirms_id == first.pk
    assert AuditLogEntry.objects.filter(action="decision.first_approval").count() == 1


def test_four_eyes_senior_first_approval_needs_another_senior(waiting, role_users, settings):
    settings.REVIEW_FOUR_EYES = True
    senior, senior2 = role_users["Senior reviewer"], role_users["Senior reviewer 2"]
    services.application_approve(application=waiting, reviewer=senior)
    with pytest.raises(services.ReviewError, match="different"):
        services.application_approve(application=waiting, reviewer=senior)
    services.application_approve(application=waiting, reviewer=senior2)
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED


def test_four_eyes_first_approval_does_not_survive_a_resubmission(waiting, role_users, settings):
    settings.REVIEW_FOUR_EYES = True
    services.application_approve(application=waiting, reviewer=role_users["Reviewer"])
    services.application_request_resubmission(
        application=waiting, reviewer=role_users["Senior reviewer"], customer_message="Chụp lại"
    )
    with transaction.atomic():
        for status in (Status.SUBMITTED, Status.PROCESSING, Status.NEEDS_REVIEW):
            application_transition(application=waiting, to=status, actor_label="system")
    # The senior's approval is now a first approval again, not a confirmation.
    decision = services.application_approve(
        application=waiting, reviewer=role_users["Senior reviewer"]
    )
    waiting.refresh_from_db()
    assert decision.outcome == Decision.Outcome.FIRST_APPROVAL
    assert waiting.status == Status.NEEDS_REVIEW


def _second_reviewer():
    from kyc_portal.review import roles
    from tests.review.factories import user_with_role

    return user_with_role(roles.REVIEWER)


def test_claim_and_assign(waiting, role_users):
    reviewer, senior = role_users["Reviewer"], role_users["Senior reviewer"]
    services.application_claim(application=waiting, user=reviewer)
    waiting.refresh_from_db()
    assert waiting.assignee == reviewer
    other = _second_reviewer()
    with pytest.raises(services.ReviewError, match="already claimed"):
        services.application_claim(application=waiting, user=other)
    with pytest.raises(PermissionDenied):
        services.application_assign(application=waiting, assignee=other, actor=reviewer)
    with pytest.raises(services.ReviewError, match="not a reviewer"):
        services.application_assign(
            application=waiting, assignee=role_users["Auditor"], actor=senior
        )
    services.application_assign(application=waiting, assignee=other, actor=senior)
    waiting.refresh_from_db()
    assert waiting.assignee == other
    rows = AuditLogEntry.objects.filter(action="application.assign").order_by("id")
    assert [r.after["assignee_id"] for r in rows] == [reviewer.pk, other.pk]
    assert rows.last().actor == senior


def test_database_refuses_changing_or_deleting_a_decision(waiting, role_users):
    from django.db import DatabaseError, connection

    decision = services.application_reject(
        application=waiting, reviewer=role_users["Reviewer"], reason_code="other",
        internal_note="private remark",
    )  # fmt: skip
    for statement in (
        "UPDATE review_decision SET outcome = 'approved' WHERE id = %s",
        "UPDATE review_decision SET internal_note = 'rewritten' WHERE id = %s",
        "UPDATE review_decision SET reviewer_id = NULL, reviewer_label = 'x' WHERE id = %s",
        "DELETE FROM review_decision WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="immutable"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [decision.pk])
    # Retention may blank the notes, nothing else.
    assert Decision.objects.filter(pk=decision.pk).redact_notes() == 1
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.outcome, decision.internal_note, decision.reason_code) == (
        "rejected", "", "other",
    )  # fmt: skip


def test_a_claimed_application_is_decided_by_its_reviewer_or_a_senior(waiting, role_users):
    services.application_claim(application=waiting, user=role_users["Reviewer"])
    with pytest.raises(services.ReviewError, match="claimed by another"):
        services.application_reject(
            application=waiting, reviewer=_second_reviewer(), reason_code="other"
        )
    services.application_reject(
        application=waiting, reviewer=role_users["Senior reviewer"], reason_code="other"
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.REJECTED
