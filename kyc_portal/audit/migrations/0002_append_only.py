"""The database itself refuses UPDATE and DELETE on the audit log (PostgreSQL and SQLite).

TRUNCATE is left to privileges: production runs the application as a role that does not own
the table (README, "Deploying"), while the test suite's flush between tests uses it.
"""

from django.db import migrations

from kyc_portal.core.migration_sql import run_sql_per_vendor

TABLE = "audit_auditlogentry"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'audit log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS audit_log_no_update_delete ON {TABLE};
DROP FUNCTION IF EXISTS audit_log_refuse_change();
"""
SQLITE_UP = [
    f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END;",
    f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_log_no_update;",
    "DROP TRIGGER IF EXISTS audit_log_no_delete;",
]


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        run_sql_per_vendor(postgresql=(POSTGRES_UP, POSTGRES_DOWN), sqlite=(SQLITE_UP, SQLITE_DOWN))
    ]
