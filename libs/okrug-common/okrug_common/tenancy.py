"""Row-level security DDL for migrations.

Naming convention shared by every deployment: the service's database `X` has the roles
`X_owner` (owns tables, runs migrations), `X_app` (requests and consumers, subject to RLS),
`X_relay` (reads and deletes the outbox only) and `X_reporting` (district read models).
"""

from alembic import op

CURRENT_SCHOOL = "nullif(current_setting('app.school_id', true), '')::uuid"
DISTRICT_SCOPE = "current_setting('app.district', true) = 'on'"


def role(suffix: str) -> str:
    """SQL expression naming a role of this database, e.g. role('app')."""
    return f"current_database() || '_{suffix}'"


def enable_tenant_rls(
    table: str, *, district_read: bool = False, district_write: bool = False
) -> None:
    """Enable and force RLS on a tenant table: rows of the current school only.

    `district_read` / `district_write` add policies for transactions that the service scoped
    to the district (district roles, verified from the token)."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING (school_id = {CURRENT_SCHOOL}) WITH CHECK (school_id = {CURRENT_SCHOOL})"
    )
    if district_read:
        op.execute(f"CREATE POLICY district_read ON {table} FOR SELECT USING ({DISTRICT_SCOPE})")
    if district_write:
        op.execute(
            f"CREATE POLICY district_update ON {table} FOR UPDATE "
            f"USING ({DISTRICT_SCOPE}) WITH CHECK ({DISTRICT_SCOPE})"
        )


def grant_reporting_read(table: str, *, district_policy: bool = True) -> None:
    """Let the reporting role read a read model of oversight (DESIGN, Tenancy): SELECT on
    this table only, and a policy, for that role alone, letting every school's rows through
    in a transaction scoped to the district (`app.district=on`). Run after
    `enable_tenant_rls(table)`; `district_policy=False` for a table whose own policies
    already let the district read it. Never for a table naming a student: the district
    reads counts, not persons (X2)."""
    _execute_for_role(f"GRANT SELECT ON {table} TO %I", "reporting")
    if not district_policy:
        return
    _execute_for_role(
        f"CREATE POLICY district_reporting ON {table} FOR SELECT TO %I USING ({DISTRICT_SCOPE})",
        "reporting",
    )


def _execute_for_role(statement_template: str, suffix: str) -> None:
    """Run a statement that names a role of this database (role names vary per deployment)."""
    quoted = statement_template.replace("'", "''")
    op.execute(f"DO $$ BEGIN EXECUTE format('{quoted}', {role(suffix)}); END $$")


def grant_service_roles() -> None:
    """Grants for the app, relay and reporting roles; run at the end of every migration."""
    _execute_for_role(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I", "app"
    )
    _execute_for_role("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I", "app")
    _execute_for_role("REVOKE ALL ON alembic_version FROM %I", "app")
    _execute_for_role("REVOKE SELECT, UPDATE, DELETE ON outbox FROM %I", "app")
    _execute_for_role("GRANT SELECT, UPDATE, DELETE ON outbox TO %I", "relay")


def enable_plumbing_rls() -> None:
    """RLS for the outbox (the app inserts its school's events; the relay role sees all of
    them) and the processed-events table, plus the trigger that wakes the relay."""
    from okrug_common.outbox import outbox_notify_trigger_sql

    enable_tenant_rls("outbox")
    _execute_for_role("CREATE POLICY relay_all ON outbox TO %I USING (true)", "relay")
    for statement in outbox_notify_trigger_sql():
        op.execute(statement)
    enable_tenant_rls("processed_events")
