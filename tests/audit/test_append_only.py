import pytest
from django.db import DatabaseError, transaction

from kyc_portal.audit.models import AuditLogEntry
from kyc_portal.audit.services import audit_log_record


@pytest.fixture
def entry(db):
    with transaction.atomic():
        return audit_log_record(action="test.event", object_type="thing", object_id=1)


def test_database_refuses_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditLogEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    entry.refresh_from_db()
    assert entry.reason == ""


def test_database_refuses_delete(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditLogEntry.objects.filter(pk=entry.pk).delete()
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_raw_sql_update(entry):
    from django.db import connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditlogentry SET action = 'x' WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_log_record(action="test.event", object_type="thing", object_id=1)
