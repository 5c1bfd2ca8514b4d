"""Migration 0002 on a database that already holds lessons: they get their date and planned
teacher, and double bookings made before S8 was enforced are cancelled (the later one), so
the exclusion constraints can be created. Migration 0003 puts every class in a year (S1)."""

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
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

    off_loop(upgrade, definition.migrations_dir, owner, "0002")

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


def _academic_years() -> tuple[tuple[date, date], tuple[date, date]]:
    """(last year, this year): 1 September to 31 August, this one containing today."""
    today = date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return (
        (date(start - 1, 9, 1), date(start, 8, 31)),
        (date(start, 9, 1), date(start + 1, 8, 31)),
    )


async def _classes_without_a_year(admin: str, school: UUID, with_year: bool) -> tuple[UUID, UUID]:
    """5А with a member since last year's 2 September, 5Б with none; with_year: the school's
    last year and this year."""
    enrolled, empty = uuid4(), uuid4()
    (last_start, last_end), (this_start, this_end) = _academic_years()
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(
            "INSERT INTO classes (school_id, id, grade, letter) VALUES ($1, $2, 5, 'А'), ($1, $3, 5, 'Б')",
            school,
            enrolled,
            empty,
        )
        await conn.execute(
            "INSERT INTO class_members (school_id, class_id, student_id, since) VALUES ($1, $2, $3, $4)",
            school,
            enrolled,
            uuid4(),
            last_start + timedelta(days=1),
        )
        if with_year:
            await conn.execute(
                "INSERT INTO academic_years (school_id, id, name, starts_on, ends_on) VALUES "
                "($1, $2, 'last', $3, $4), ($1, $5, 'this', $6, $7)",
                school,
                uuid4(),
                last_start,
                last_end,
                uuid4(),
                this_start,
                this_end,
            )
    finally:
        await conn.close()
    return enrolled, empty


async def test_0003_puts_every_class_in_the_year_of_its_first_member(
    at_0001: tuple[str, str],
) -> None:
    """5А's first member joined last year: last year; 5Б has none: the year containing
    today."""
    owner, admin = at_0001
    off_loop(upgrade, definition.migrations_dir, owner, "0002")
    school = uuid4()
    enrolled, empty = await _classes_without_a_year(admin, school, with_year=True)

    off_loop(upgrade, definition.migrations_dir, owner)

    conn = await asyncpg.connect(admin)
    try:
        years = {
            r["id"]: r["name"]
            for r in await conn.fetch(
                "SELECT c.id, y.name FROM classes c JOIN academic_years y ON y.id = c.year_id"
            )
        }
        with pytest.raises(asyncpg.NotNullViolationError):
            await conn.execute(
                "INSERT INTO classes (school_id, id, grade, letter) VALUES ($1, $2, 6, 'А')",
                school,
                uuid4(),
            )
    finally:
        await conn.close()
    assert years == {enrolled: "last", empty: "this"}


async def test_0003_stops_on_a_class_no_year_contains(at_0001: tuple[str, str]) -> None:
    owner, admin = at_0001
    off_loop(upgrade, definition.migrations_dir, owner, "0002")
    await _classes_without_a_year(admin, uuid4(), with_year=False)
    with pytest.raises(Exception, match="2 classes belong to no academic year"):
        off_loop(upgrade, definition.migrations_dir, owner)
