"""The database itself keeps decisions immutable (PostgreSQL and SQLite triggers): no DELETE,
and an UPDATE may only blank the free-text notes (retention) or clear the reviewer link when
a user account is deleted (on_delete=SET_NULL; ``reviewer_label`` keeps the name)."""

from django.db import migrations

from kyc_portal.core.migration_sql import run_sql_per_vendor

TABLE = "review_decision"
FROZEN = ["id", "application_id", "outcome", "reviewer_label", "reason_code", "confirms_id",
          "created_at"]  # fmt: skip

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION review_decision_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
        OR ({", ".join("NEW." + c for c in FROZEN)})
            IS DISTINCT FROM ({", ".join("OLD." + c for c in FROZEN)})
        OR (NEW.reviewer_id IS DISTINCT FROM OLD.reviewer_id AND NEW.reviewer_id IS NOT NULL)
        OR NEW.internal_note NOT IN ('', OLD.internal_note)
        OR NEW.customer_message NOT IN ('', OLD.customer_message)
    THEN
        RAISE EXCEPTION USING
            MESSAGE = 'decisions are immutable: ' || TG_OP || ' refused',
            ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER review_decision_immutable BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION review_decision_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS review_decision_immutable ON {TABLE};
DROP FUNCTION IF EXISTS review_decision_refuse_change();
"""
_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
SQLITE_UP = [
    f"CREATE TRIGGER review_decision_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'decisions are immutable: DELETE refused'); END;",
    f"CREATE TRIGGER review_decision_no_update BEFORE UPDATE ON {TABLE} "
    f"WHEN {_CHANGED} "
    "OR (NEW.reviewer_id IS NOT OLD.reviewer_id AND NEW.reviewer_id IS NOT NULL) "
    "OR NEW.internal_note NOT IN ('', OLD.internal_note) "
    "OR NEW.customer_message NOT IN ('', OLD.customer_message) "
    "BEGIN SELECT RAISE(ABORT, 'decisions are immutable: UPDATE refused'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS review_decision_no_delete;",
    "DROP TRIGGER IF EXISTS review_decision_no_update;",
]


class Migration(migrations.Migration):
    dependencies = [("review", "0002_roles")]

    operations = [
        run_sql_per_vendor(postgresql=(POSTGRES_UP, POSTGRES_DOWN), sqlite=(SQLITE_UP, SQLITE_DOWN))
    ]
