import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from kyc_portal.audit.services import audit_log_record


@pytest.mark.django_db
def test_customers_are_labelled_by_id_never_by_their_email():
    customer = get_user_model().objects.create_user(username="hoa@example.test", password="x")
    with transaction.atomic():
        entry = audit_log_record(action="test.event", obj=customer, actor=customer)
    assert entry.actor_label == f"user #{customer.pk}"
    assert "hoa@example.test" not in str(entry.__dict__)


@pytest.mark.django_db
def test_staff_are_labelled_by_user_name():
    reviewer = get_user_model().objects.create_user(username="reviewer1", is_staff=True)
    with transaction.atomic():
        entry = audit_log_record(action="test.event", obj=reviewer, actor=reviewer)
    assert entry.actor_label == "reviewer1"
