"""Row-level security is on and forced for every tenant table of every service, and the
roles the services run as cannot get around it (docs/CONVENTIONS.md, Tenancy; X2)."""

import asyncpg
import pytest

from okrug_local import postgres
from okrug_local.platform import Platform
from okrug_local.ports import SERVICES
from tests.instance import TEST_INSTANCE

# Tables without school_id that still hold per-person data; each has its own policy.
NON_TENANT_TABLES_WITH_RLS = {("identity", "local_accounts")}
# Tables every service has that are neither tenant data nor reachable by the app role.
INFRASTRUCTURE_TABLES = {"alembic_version"}


async def _connect(service: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        postgres.admin_url(TEST_INSTANCE, database=postgres.database_name(service))
    )


@pytest.mark.parametrize("service", SERVICES)
async def test_every_table_has_row_level_security_enabled_and_forced(
    platform: Platform, service: str
) -> None:
    connection = await _connect(service)
    try:
        tables = await connection.fetch(
            """
            SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                   EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                           AND a.attname = 'school_id' AND NOT a.attisdropped) AS has_school,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
            """
        )
    finally:
        await connection.close()
    names = {t["name"] for t in tables}
    assert "outbox" in names, names
    assert len(names) > 3, names
    for table in tables:
        if table["name"] in INFRASTRUCTURE_TABLES:
            continue
        assert table["has_school"] or (service, table["name"]) in NON_TENANT_TABLES_WITH_RLS, (
            f"{service}.{table['name']} has no school_id: a tenant table must lead with it"
        )
        assert table["enabled"], f"{service}.{table['name']}: RLS not enabled"
        assert table["forced"], f"{service}.{table['name']}: RLS not forced"
        assert table["policies"] > 0, f"{service}.{table['name']}: no policy"


@pytest.mark.parametrize("service", SERVICES)
async def test_indexes_of_tenant_tables_lead_with_school_id(
    platform: Platform, service: str
) -> None:
    connection = await _connect(service)
    try:
        indexes = await connection.fetch(
            """
            SELECT t.relname AS table_name, i.relname AS index_name, a.attname AS first_column
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
            WHERE t.relnamespace = 'public'::regnamespace
              AND EXISTS (SELECT 1 FROM pg_attribute s WHERE s.attrelid = t.oid AND s.attname = 'school_id')
            """
        )
    finally:
        await connection.close()
    # The outbox is read by the relay across schools in commit order, never by tenant.
    offending = [
        f"{r['table_name']}.{r['index_name']}"
        for r in indexes
        if r["first_column"] != "school_id" and r["table_name"] != "outbox"
    ]
    assert indexes, "expected indexes on tenant tables"
    assert offending == []


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("kind", ["app", "relay", "reporting"])
async def test_service_roles_cannot_bypass_row_level_security(
    platform: Platform, service: str, kind: str
) -> None:
    role = postgres.role_name(service, kind)
    connection = await _connect(service)
    try:
        attributes = await connection.fetchrow(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1",
            role,
        )
        owned = await connection.fetchval(
            """
            SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
            WHERE c.relnamespace = 'public'::regnamespace AND r.rolname = $1
            """,
            role,
        )
        member_of_owner = await connection.fetchval(
            "SELECT pg_has_role($1, $2, 'MEMBER')", role, postgres.role_name(service, "owner")
        )
    finally:
        await connection.close()
    assert attributes is not None, f"role {role} missing"
    assert dict(attributes) == {
        "rolsuper": False,
        "rolbypassrls": False,
        "rolcreaterole": False,
        "rolcreatedb": False,
    }
    assert owned == 0, f"{role} owns tables: RLS would not apply to it"
    assert member_of_owner is False


async def test_the_app_role_cannot_create_tables_or_change_policies(platform: Platform) -> None:
    url = postgres.database_urls(TEST_INSTANCE, "journal", driver="postgresql")["app"]
    connection = await asyncpg.connect(url)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("CREATE TABLE sneaky (id int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("ALTER TABLE marks DISABLE ROW LEVEL SECURITY")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("SELECT * FROM outbox")
    finally:
        await connection.close()
