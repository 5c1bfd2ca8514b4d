"""Migration 0004 on a database whose local accounts hold school roles as realm-wide roles:
each school role becomes the group of every school of the account (as before, where it held
at each of them), and the roles keep the district ones only."""

import secrets
from collections.abc import Iterator
from uuid import uuid4

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from okrug_common.migrations import upgrade
from okrug_common.testing import _create, _drop, off_loop, run
from okrug_identity.main import definition


@pytest.fixture
def at_0003(postgres_admin_dsn: str) -> Iterator[tuple[str, str]]:
    """A scratch database migrated to 0003 only: (owner URL, superuser DSN)."""
    name = f"okrug_identity_m{secrets.token_hex(4)}"
    password = secrets.token_hex(12)
    run(_create(postgres_admin_dsn, name, password))
    server = make_url(postgres_admin_dsn)
    owner = server.set(
        drivername="postgresql+asyncpg", username=f"{name}_owner", password=password, database=name
    ).render_as_string(hide_password=False)
    admin = server.set(database=name).render_as_string(hide_password=False)
    try:
        off_loop(upgrade, definition.migrations_dir, owner, "0003")
        yield owner, admin
    finally:
        run(_drop(postgres_admin_dsn, name))


async def test_0004_turns_local_school_roles_into_groups_of_each_school(
    at_0003: tuple[str, str],
) -> None:
    owner, admin = at_0003
    first, second = uuid4(), uuid4()
    conn = await asyncpg.connect(admin)
    try:
        await conn.executemany(
            "INSERT INTO local_accounts (username, person_id, password_hash, "
            "must_change_password, roles, school_ids, failed_attempts) "
            "VALUES ($1, $2, 'hash', false, $3, $4, 0)",
            [
                ("two.schools", uuid4(), ["teacher", "class-teacher"], [first, second]),
                ("district", uuid4(), ["district-admin"], []),
                ("nobody", uuid4(), [], [first]),
            ],
        )
        off_loop(upgrade, definition.migrations_dir, owner, "0004")
        rows = {
            r["username"]: (list(r["roles"]), list(r["groups"]))
            for r in await conn.fetch("SELECT username, roles, groups FROM local_accounts")
        }
    finally:
        await conn.close()
    assert rows == {
        "two.schools": (
            [],
            sorted(
                f"/schools/{school}/{role}"
                for school in (first, second)
                for role in ("teacher", "class-teacher")
            ),
        ),
        "district": (["district-admin"], []),
        "nobody": ([], []),
    }
