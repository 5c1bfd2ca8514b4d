"""Migration 0002 on a database that already holds lessons: they get their date and planned
teacher, and double bookings made before S8 was enforced are cancelled (the later one), so
the exclusion constraints can be created."""

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from okrug_common.migrations import upgrade
from okrug_common.testing import _create, _drop, off_loop, run
from okrug_schedule.main import definition


@pytest.fixture
def at_0001(postgres_admin_dsn: str) -> Iterator[tuple[str, str]]:
    """A scratch database migrated to 0001 only: (owner URL, superuser DSN)."""
    name = f"okrug_schedule_m{secrets.token_hex(4)}"
    password = secrets.token_hex(12)
    run(_create(postgres_admin_dsn, name, password))
    server = make_url(postgres_admin_dsn)
    owner = server.set(
        drivername="postgresql+asyncpg", username=f"{name}_owner", password=password, database=name
    ).render_as_string(hide_password=False)
    admin = server.set(database=name).render_as_string(hide_password=False)
    try:
        off_loop(upgrade, definition.migrations_dir, owner, "0001")
        yield owner, admin
    finally:
        run(_drop(postgres_admin_dsn, name))


async def test_0002_cancels_double_bookings_made_before_s8(at_0001: tuple[str, str]) -> None:
    owner, admin = at_0001
    school, klass, other_class, subject = uuid4(), uuid4(), uuid4(), uuid4()
    teacher = uuid4()
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(
            "INSERT INTO classes (school_id, id, grade, letter) VALUES ($1, $2, 5, 'А'), ($1, $3, 5, 'Б')",
            school,
            klass,
            other_class,
        )
        await conn.execute(
            "INSERT INTO subjects (school_id, id, name) VALUES ($1, $2, 'Математика')",
            school,
            subject,
        )
        first, second, third = uuid4(), uuid4(), uuid4()
        rows = [
            # 5А at 08:30 and 5Б at 08:40 with the same teacher: the second collides.
            (first, klass, datetime(2026, 3, 2, 5, 30, tzinfo=UTC)),
            (second, other_class, datetime(2026, 3, 2, 5, 40, tzinfo=UTC)),
            # 21:30 UTC on 2 March is 00:30 on 3 March in Moscow.
            (third, klass, datetime(2026, 3, 2, 21, 30, tzinfo=UTC)),
        ]
        for lesson_id, class_id, starts in rows:
            await conn.execute(
                "INSERT INTO lessons (school_id, id, class_id, subject_id, teacher_id, starts_at, "
                "ends_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz + interval '45 minutes')",
                school,
                lesson_id,
                class_id,
                subject,
                teacher,
                starts,
            )
    finally:
        await conn.close()

    off_loop(upgrade, definition.migrations_dir, owner)

    conn = await asyncpg.connect(admin)
    try:
        lessons = {
            r["id"]: r
            for r in await conn.fetch(
                "SELECT id, status, lesson_date, planned_teacher_id FROM lessons"
            )
        }
        changes = await conn.fetch("SELECT lesson_id, kind, reason FROM lesson_changes")
        with pytest.raises(asyncpg.ExclusionViolationError):
            await conn.execute("UPDATE lessons SET status = 'planned' WHERE id = $1", second)
    finally:
        await conn.close()
    assert {lesson_id: r["status"] for lesson_id, r in lessons.items()} == {
        first: "planned",
        second: "cancelled",
        third: "planned",
    }
    assert lessons[third]["lesson_date"].isoformat() == "2026-03-03"
    assert {r["planned_teacher_id"] for r in lessons.values()} == {teacher}
    assert [(r["lesson_id"], r["kind"]) for r in changes] == [(second, "cancelled")]
    assert "S8" in changes[0]["reason"]
    assert isinstance(second, UUID)
