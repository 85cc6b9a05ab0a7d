"""The queue (filters, POSTed ID/name search, oldest first, claim action) and the review page
(images from the staff-only view, boxes drawn on them, low-confidence fields, corrections,
checks and flags), with real synthetic cards read by the real engine."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.onboarding.models import Application
from kyc_portal.review.selectors import LOW_CONFIDENCE
from tests.review.factories import application_waiting, correction_add


@pytest.fixture
def read_application(db):
    return application_waiting(kind="chip", seed=11, read=True, flags=["failed_checks"])


def test_review_page_shows_both_sides_fields_boxes_corrections_and_checks(
    client, read_application, role_users
):
    application = read_application
    document = application.documents.first()
    front = document.images.get(side="front")
    correction_add(document, field="name", value="TRẦN THỊ SỬA")
    client.force_login(role_users["Reviewer"])
    response = client.get(reverse("admin:onboarding_application_change", args=[application.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    detail = response.context["detail"]
    assert [side.image.side for side in detail.sides] == ["front", "back"]

    front_view = detail.sides[0]
    api_fields = front.extraction.api_result["fields"]
    boxed = [key for key, meta in api_fields.items() if meta.get("box")]
    assert boxed, "the engine gave field boxes"
    assert {box.key for box in front_view.boxes} == set(boxed)
    for box in front_view.boxes:
        x0, y0, x1, y1 = api_fields[box.key]["box"]
        assert (
            f'data-field="{box.key}" x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"' in page
        )
    assert f'viewBox="0 0 {front.width} {front.height}"' in page

    rows = [row for side in detail.sides for row in side.fields]
    for row in rows:
        assert row.low_confidence == (
            row.confidence is not None and row.confidence < LOW_CONFIDENCE
        )
    assert page.count("field-row low-confidence") == sum(row.low_confidence for row in rows)

    name_row = next(row for row in front_view.fields if row.key == "name")
    assert name_row.corrected_value == "TRẦN THỊ SỬA"
    assert "<mark>TRẦN THỊ SỬA</mark>" in page
    for check in front.extraction.checks:
        assert check["code"] in page
    assert "failed_checks" in page
    assert detail.cross_checks, "front and back of one card are compared"
    for check in detail.cross_checks:
        assert f"<code>{check['code']}</code> {check['result']}" in page

    image_url = reverse("admin:onboarding_application_image", args=[application.pk, front.pk])
    assert image_url in page
    assert "/media/" not in page


def test_document_image_is_served_no_store_and_audited(client, read_application, role_users):
    front = read_application.documents.first().images.get(side="front")
    client.force_login(role_users["Reviewer"])
    url = reverse("admin:onboarding_application_image", args=[read_application.pk, front.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert response["Content-Type"] == front.content_type
    with front.file.open("rb") as handle:
        assert response.content == handle.read()
    row = AuditLogEntry.objects.get(action="document_image.view")
    assert row.actor == role_users["Reviewer"] and row.object_id == str(front.pk)
    # An image of another application is not reachable through this application's URL.
    other = application_waiting(read=False)
    wrong = reverse(
        "admin:onboarding_application_image",
        args=[read_application.pk, other.documents.first().images.first().pk],
    )
    assert client.get(wrong).status_code == 404


def test_queue_oldest_first_filters_and_post_search(client, read_application, role_users):
    newer = application_waiting(read=False)
    decided = application_waiting(read=False)
    Application.objects.filter(pk=decided.pk).update(status=Application.Status.APPROVED)
    Application.objects.filter(pk=read_application.pk).update(
        submitted_at=timezone.now() - timedelta(days=4)
    )
    client.force_login(role_users["Reviewer"])
    changelist = reverse("admin:onboarding_application_changelist")

    queue = client.get(changelist, {"status__exact": "needs_review"})
    ids = [a.pk for a in queue.context["cl"].result_list]
    assert ids == [read_application.pk, newer.pk]
    assert (
        'action="' + reverse("admin:onboarding_application_search") + '"' in queue.content.decode()
    )

    def listed(params):
        return {a.pk for a in client.get(changelist, params).context["cl"].result_list}

    assert listed({"flag": "failed_checks"}) == {read_application.pk}
    assert listed({"flag": "any"}) == {read_application.pk}
    assert listed({"age": "3d", "status__exact": "needs_review"}) == {read_application.pk}
    assert listed({"document_type": "chip_cccd", "status__exact": "needs_review"}) == {
        read_application.pk, newer.pk}  # fmt: skip
    assert listed({"document_type": "passport"}) == set()

    extraction = read_application.documents.first().images.get(side="front").extraction
    for text in (extraction.fields["id"], extraction.fields["name"].split()[-1].lower()):
        response = client.post(reverse("admin:onboarding_application_search"), {"text": text})
        assert response.status_code == 302 and response["Location"].endswith("?match=1")
        assert text not in response["Location"]
        assert listed({"match": "1"}) == {read_application.pk}
    client.post(reverse("admin:onboarding_application_search"), {"text": "000000000000"})
    assert listed({"match": "1"}) == set()


def test_claim_action_from_the_queue_and_assignee_filter(client, read_application, role_users):
    reviewer = role_users["Reviewer"]
    client.force_login(reviewer)
    changelist = reverse("admin:onboarding_application_changelist")
    response = client.post(
        changelist, {"action": "claim_selected", "_selected_action": [read_application.pk]}
    )
    assert response.status_code == 302
    read_application.refresh_from_db()
    assert read_application.assignee == reviewer
    mine = client.get(changelist, {"assignee": "me"}).context["cl"].result_list
    assert [a.pk for a in mine] == [read_application.pk]
    assert not client.get(changelist, {"assignee": "none"}).context["cl"].result_list


def test_invalid_decision_form_is_a_message_not_a_crash(client, read_application, role_users):
    client.force_login(role_users["Reviewer"])
    url = reverse("admin:onboarding_application_decide", args=[read_application.pk, "reject"])
    response = client.post(url, {"reason_code": "made-up"}, follow=True)
    assert response.status_code == 200
    assert "Missing" in response.content.decode()
    read_application.refresh_from_db()
    assert read_application.status == Application.Status.NEEDS_REVIEW
    bad = reverse("admin:onboarding_application_decide", args=[read_application.pk, "delete"])
    assert client.post(bad).status_code == 404
    assert client.get(url).status_code == 405


def test_overview_charts_count_decisions_by_outcome(client, role_users, db):
    from kyc_portal.review import services

    outcomes = []
    for _ in range(3):
        application = application_waiting(read=False, flags=[])
        outcomes.append(application)
    services.application_approve(application=outcomes[0], reviewer=role_users["Reviewer"])
    services.application_approve(application=outcomes[1], reviewer=role_users["Reviewer"])
    services.application_reject(
        application=outcomes[2], reviewer=role_users["Reviewer"], reason_code="other"
    )
    client.force_login(role_users["Auditor"])
    response = client.get(reverse("review:overview"), {"days": "7"})
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.totals["approved"] == 2 and figures.totals["rejected"] == 1
    assert sum(figures.outcomes_per_day["approved"]) == 2
    assert len(figures.decision_hours) == 3
    page = response.content.decode()
    assert page.count('<svg class="chart"') == 4
    assert page.count('class="series-approved"') >= 2  # a bar and the legend
    # No inline script anywhere (CSP script-src 'self').
    assert page.count("<script") == page.count('<script src="')
    assert client.get(reverse("review:overview"), {"days": "x"}).status_code == 200


def test_review_page_links_applications_with_the_same_id_number(client, role_users, db):
    first = application_waiting(read=False)
    second = application_waiting(read=False, flags=["duplicate_id"])
    Application.objects.filter(pk__in=[first.pk, second.pk]).update(id_number_digest="a" * 64)
    client.force_login(role_users["Reviewer"])
    response = client.get(reverse("admin:onboarding_application_change", args=[second.pk]))
    assert response.context["detail"].same_id_applications == [first.pk]
    link = reverse("admin:onboarding_application_change", args=[first.pk])
    assert f'<a href="{link}">#{first.pk}</a>' in response.content.decode()


def test_after_redaction_the_page_shows_no_image_and_the_image_url_is_gone(
    client, read_application, role_users
):
    from kyc_portal.review import services
    from kyc_portal.review.models import Redaction

    front = read_application.documents.first().images.get(side="front")
    services.application_reject(
        application=read_application, reviewer=role_users["Reviewer"], reason_code="other"
    )
    services.application_redact(application=read_application, reason=Redaction.Reason.RETENTION)
    client.force_login(role_users["Reviewer"])
    page = client.get(
        reverse("admin:onboarding_application_change", args=[read_application.pk])
    ).content.decode()
    assert 'class="doc-image"' not in page
    assert "Image removed" in page and "Personal data removed" in page
    url = reverse("admin:onboarding_application_image", args=[read_application.pk, front.pk])
    assert client.get(url).status_code == 404
