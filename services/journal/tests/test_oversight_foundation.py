"""Oversight's foundation (issue 11 points 3 and 10; O1, DESIGN Tenancy, X2): the district
reads through the reporting role, which can read no table naming a student; the scope says
who reads (the district, a school's leadership, a deputy's grade levels); the district's
settings are the district admin's to change and every school's figures read them."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from journal_support import FakeScheduleChannel, School, person
from journal_support import district_person as district
from sqlalchemy import select, text

from okrug_common.db import reporting_transaction
from okrug_common.roles import Role
from okrug_common.testing import ScratchDatabase, Service
from okrug_journal.models import OversightSettings
from okrug_journal.oversight.rebuild import read_models_named
from okrug_journal.oversight.scope import viewer_of

# Columns that name a person of a school (a student above all): no table the district's
# reporting role may read has one.
PERSON_COLUMNS = {"student_id", "person_id", "guardian_id", "parent_id", "entity_id"}
# Tables holding students' records, by name: never readable by the reporting role.
STUDENT_TABLES = (
    "marks",
    "attendance",
    "period_marks",
    "absence_notes",
    "class_member_projection",
    "individual_homework",
    "mark_changes",
)


@pytest.fixture
async def reporting_conn(database: ScratchDatabase) -> AsyncIterator[asyncpg.Connection]:
    dsn = database.reporting_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    yield conn
    await conn.close()


@pytest.fixture
async def default_settings(service: Service) -> AsyncIterator[None]:
    """The district's settings are one row for every test: put the defaults back after."""
    yield
    admin = district(Role.DISTRICT_ADMIN)
    reset = await service.http.put(
        "/journal/oversight/settings", json={}, headers=service.auth(admin)
    )
    assert reset.status_code == 200, reset.text


async def test_the_reporting_role_can_select_no_table_naming_a_student(
    admin_conn: asyncpg.Connection, reporting_conn: asyncpg.Connection
) -> None:
    readable = await admin_conn.fetch(
        """
        SELECT c.relname AS name,
               array_agg(a.attname::text) AS columns
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v')
          AND has_table_privilege(current_database() || '_reporting', c.oid, 'SELECT')
        GROUP BY c.relname
        """
    )
    tables = {row["name"]: set(row["columns"]) for row in readable}
    assert "oversight_settings" in tables  # the grant helper ran: it reads what it is given
    naming = {name: cols & PERSON_COLUMNS for name, cols in tables.items() if cols & PERSON_COLUMNS}
    assert naming == {}
    for table in STUDENT_TABLES:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await reporting_conn.fetch(f"SELECT 1 FROM {table} LIMIT 1")


async def test_a_reporting_transaction_is_read_only_and_sees_the_district(
    service: Service, school: School, default_settings: None
) -> None:
    admin = district(Role.DISTRICT_ADMIN)
    put = await service.http.put(
        "/journal/oversight/settings", json={"min_marks": 4}, headers=service.auth(admin)
    )
    assert put.status_code == 200, put.text
    sessionmaker = service.runtime.reporting_sessionmaker
    assert sessionmaker is not None
    async with reporting_transaction(sessionmaker, None) as session:
        assert await session.scalar(text("SELECT current_user")) == (
            f"{service.runtime.settings.database_url.get_secret_value().rsplit('/', 1)[1]}"
            "_reporting"
        )
        row = await session.scalar(select(OversightSettings))
        assert row is not None
        assert row.settings["min_marks"] == 4
        with pytest.raises(Exception, match="read-only transaction"):
            await session.execute(text("UPDATE oversight_settings SET settings = '{}'"))


async def test_who_views_oversight_and_what(service: Service, school: School) -> None:
    runtime = service.runtime
    working_group = await viewer_of(runtime, district(Role.WORKING_GROUP_MEMBER))
    assert (working_group.is_district, working_group.names_students) == (True, False)
    director = await viewer_of(runtime, school.director)
    assert (director.school_id, director.grade_levels, director.names_students) == (
        school.id,
        None,
        True,
    )
    deputy = person(school.id, Role.DEPUTY_DIRECTOR)
    assert deputy.person_id is not None
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [5, 6]
    viewer = await viewer_of(runtime, deputy)
    assert viewer.grade_levels == {5, 6}
    assert (viewer.sees_grade(5), viewer.sees_grade(7), viewer.sees_grade(None)) == (
        True,
        False,
        False,
    )
    nothing = await viewer_of(runtime, person(school.id, Role.DEPUTY_DIRECTOR))
    assert nothing.grade_levels == frozenset()
    assert nothing.sees_grade(5) is False


async def test_the_district_admin_sets_the_settings_and_every_school_reads_them(
    service: Service, school: School, default_settings: None
) -> None:
    url = "/journal/oversight/settings"
    before = await service.http.get(url, headers=school.auth(school.director))
    assert before.status_code == 200, before.text
    assert before.json()["min_marks"] == 3  # the defaults (or put back by another test)
    admin = district(Role.DISTRICT_ADMIN)
    body = {
        "min_marks": 3,
        "min_marks_by_weekly_hours": [
            {"weekly_hours": 3, "min_marks": 5},
            {"weekly_hours": 5, "min_marks": 7},
        ],
        "thresholds": {"on_time_share": 0.8, "fill_share": 0.9, "completion_share": 0.95},
    }
    put = await service.http.put(url, json=body, headers=service.auth(admin))
    assert put.status_code == 200, put.text
    assert put.json()["updated_by"] == str(admin.person_id)
    for reader in (school.director, district(Role.WORKING_GROUP_MEMBER)):
        got = await service.http.get(url, headers=service.auth(reader))
        assert got.status_code == 200, got.text
        assert got.json()["min_marks_by_weekly_hours"][1] == {"weekly_hours": 5, "min_marks": 7}
        assert got.json()["thresholds"]["on_time_share"] == 0.8


@pytest.mark.parametrize(
    ("who", "method", "status"),
    [
        ("teacher", "GET", 403),
        ("parent", "GET", 403),
        ("support", "GET", 403),
        ("director", "PUT", 403),
        ("working-group", "PUT", 403),
    ],
)
async def test_only_oversights_readers_read_and_the_district_admin_writes(
    service: Service, school: School, who: str, method: str, status: int
) -> None:
    caller = {
        "teacher": school.teacher,
        "parent": school.parent,
        "support": district(Role.SUPPORT_AGENT),
        "director": school.director,
        "working-group": district(Role.WORKING_GROUP_MEMBER),
    }[who]
    response = await service.http.request(
        method, "/journal/oversight/settings", json={}, headers=service.auth(caller)
    )
    assert response.status_code == status, response.text


async def test_bad_settings_are_refused_naming_the_field(
    service: Service, admin_conn: asyncpg.Connection, default_settings: None
) -> None:
    admin = district(Role.DISTRICT_ADMIN)
    before = await admin_conn.fetchval("SELECT count(*) FROM oversight_settings")
    for body, field in (
        ({"min_marks": -1}, "body.min_marks"),
        (
            {
                "min_marks_by_weekly_hours": [
                    {"weekly_hours": 4, "min_marks": 5},
                    {"weekly_hours": 2, "min_marks": 4},
                ]
            },
            "body.min_marks_by_weekly_hours",
        ),
        ({"thresholds": {"on_time_share": 1.5}}, "body.thresholds.on_time_share"),
    ):
        response = await service.http.put(
            "/journal/oversight/settings", json=body, headers=service.auth(admin)
        )
        assert response.status_code == 422, response.text
        assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await admin_conn.fetchval("SELECT count(*) FROM oversight_settings") == before


def test_the_minimum_of_marks_follows_the_subjects_weekly_hours() -> None:
    from okrug_journal.oversight.settings.schemas import DistrictSettings

    settings = DistrictSettings.model_validate(
        {
            "min_marks": 3,
            "min_marks_by_weekly_hours": [
                {"weekly_hours": 3, "min_marks": 5},
                {"weekly_hours": 5, "min_marks": 7},
            ],
        }
    )
    # 1-2 lessons a week: 3; 3-4: 5; 5 and more: 7.
    assert [settings.min_marks_for(h) for h in (None, 1, 2, 3, 4, 5, 6)] == [3, 3, 3, 5, 5, 7, 7]


def test_an_unknown_read_model_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown read models: nope"):
        read_models_named(["nope"])
