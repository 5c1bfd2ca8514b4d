"""The compliance index (issue 11 point 8) with its homework-load part and its trend week by
week, read from journal keeping's and homework load's read models and checked against hand
computations. Keeping's read models are fed through their handlers (schedule's lessons,
ENTRIES_TIMED); homework load's and fill's rows are written as their handlers leave them
(their feeding is tested in test_oversight_homework_load.py and test_oversight_fill.py)."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from journal_support import FakeScheduleChannel, School, district_person, person
from oversight_support import PlannedLesson, context, deliver, fact
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import HomeworkLoadDay, OversightFill
from okrug_journal.oversight.homework_load.limits import daily_limit
from okrug_journal.oversight.keeping.handlers import on_entries_timed, on_lesson
from okrug_journal.oversight.keeping.read_model import week_of
from okrug_journal.policy.service import school_policy

INDEX = "/journal/oversight/index"
WEEKS = "/journal/oversight/compliance"


async def plan(service: Service, sessions: async_sessionmaker[AsyncSession], lesson: Any) -> None:
    event = schedule_pb2.LessonPlanned(context=context(lesson.school_id), lesson=lesson.proto())
    await deliver(sessions, lesson.school_id, on_lesson(service.runtime), event)


async def timed(
    service: Service, sessions: async_sessionmaker[AsyncSession], school: School, *facts: Any
) -> None:
    event = journal_pb2.EntriesTimed(context=context(school.id), facts=facts)
    await deliver(sessions, school.id, on_entries_timed(service.runtime), event)


async def evening(
    sessions: async_sessionmaker[AsyncSession],
    school: School,
    day: date,
    class_name: str,
    grade: int | None,
    minutes: int,
) -> None:
    """A class's evening as homework load's handler leaves it."""
    limit = daily_limit(grade)
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            HomeworkLoadDay(
                school_id=school.id,
                class_id=uuid4(),
                evening=day,
                class_name=class_name,
                grade=grade,
                minutes=minutes,
                homework_count=2,
                unestimated_count=0,
                limit_minutes=limit,
                over_limit=limit is not None and minutes > limit,
            )
        )


async def fill_row(sessions: async_sessionmaker[AsyncSession], school: School) -> None:
    """5А's mathematics this period: four students, one without marks, three with 3."""
    by_marks = [0] * 21
    by_marks[0], by_marks[3] = 1, 3
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            OversightFill(
                school_id=school.id,
                period="term-2",
                class_id=school.class_id,
                subject_id=school.subject_id,
                class_name="5А",
                subject_name="Математика",
                grade=5,
                students=4,
                marks=9,
                weekly_hours=None,
                students_by_marks=by_marks,
            )
        )


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession], service: Service) -> dict[str, Any]:
    """School A, week 1 (three weeks ago): L1 held (attendance, topic on time, homework late,
    mark missing), L2 planned and not held. Week 2 (two weeks ago): L3 and L4 held, each with
    attendance and topic on time. Today's evening: 5А 100 min (limit 120), 5Б 130 (120, over),
    9А 200 (210), 6А 160 (150, over) and a class of unknown grade (no limit) 500. Fill: four
    students of 5А, one without marks.
    School B, week 1: L5 held, attendance and topic on time; today: 3А 120 min (90, over)."""
    a = await School(sessions, service).setup()
    b = await School(sessions, service).setup()
    today = datetime.now(UTC).date()
    week1 = week_of(today) - timedelta(weeks=3)
    week2 = week1 + timedelta(weeks=1)

    def lesson(school: School, day: date) -> PlannedLesson:
        assert school.teacher.person_id is not None
        return PlannedLesson(
            school.id, school.class_id, school.subject_id, school.teacher.person_id, day
        )

    l1, l2 = lesson(a, week1), lesson(a, week1 + timedelta(days=1))
    l3, l4 = lesson(a, week2), lesson(a, week2 + timedelta(days=1))
    l5 = lesson(b, week1)
    for planned in (l1, l2, l3, l4, l5):
        await plan(service, sessions, planned)
    await timed(
        service,
        sessions,
        a,
        fact(l1, "attendance", "on-time"),
        fact(l1, "topic", "on-time"),
        fact(l1, "homework", "late"),
        fact(l1, "mark", "missing"),
        *(fact(held, kind, "on-time") for held in (l3, l4) for kind in ("attendance", "topic")),
    )
    await timed(
        service, sessions, b, fact(l5, "attendance", "on-time"), fact(l5, "topic", "on-time")
    )
    for name, grade, minutes in (
        ("5А", 5, 100),
        ("5Б", 5, 130),
        ("9А", 9, 200),
        ("6А", 6, 160),
        ("", None, 500),
    ):
        await evening(sessions, a, today, name, grade, minutes)
    await evening(sessions, b, today, "3А", 3, 120)
    await fill_row(sessions, a)
    return {"a": a, "b": b, "week1": week1, "week2": week2, "today": today}


def parts_of(school: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {part["name"]: part for part in school["parts"]}


async def test_the_index_of_two_schools_with_homework_load(
    service: Service, world: dict[str, Any]
) -> None:
    a, b = world["a"], world["b"]
    admin = service.auth(district_person(Role.DISTRICT_ADMIN))
    got = await service.http.get(INDEX, headers=admin)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["weights"] == {
        "timeliness": 0.4,
        "fill": 0.3,
        "completion": 0.3,
        "homework_load": 0.2,
    }
    rows = {row["school_id"]: row for row in body["schools"]}
    school_a, school_b = rows[str(a.id)], rows[str(b.id)]
    counts = {name: (p["met"], p["counted"], p["share"]) for name, p in parts_of(school_a).items()}
    # A: on time 2 (L1) + 4 (L3, L4) of 4 + 4 due = 6 / 8 = 0.75; fill: 3 of 4 students
    # have the minimum of 3 marks = 0.75; lessons held L1, L3, L4 of 4 planned = 0.75;
    # evenings within the limit 5А, 9А of 5А, 5Б, 9А, 6А = 2 / 4 = 0.5 (the class of
    # unknown grade has no limit: not counted).
    assert counts == {
        "timeliness": (6, 8, 0.75),
        "fill": (3, 4, 0.75),
        "completion": (3, 4, 0.75),
        "homework_load": (2, 4, 0.5),
    }
    # A = 100 x (0.4 x 0.75 + 0.3 x 0.75 + 0.3 x 0.75 + 0.2 x 0.5) / (0.4 + 0.3 + 0.3 + 0.2)
    #   = 100 x (0.3 + 0.225 + 0.225 + 0.1) / 1.2 = 100 x 0.85 / 1.2 = 70.83 -> 70.8
    assert school_a["index"] == 70.8
    # B: on time 2 / 2 = 1.0; held 1 / 1 = 1.0; no marks (fill does not count); 3А's
    # evening 120 > 90: 0 / 1 = 0.0.
    # B = 100 x (0.4 x 1.0 + 0.3 x 1.0 + 0.2 x 0.0) / (0.4 + 0.3 + 0.2) = 100 x 0.7 / 0.9
    #   = 77.78 -> 77.8, ranked before A.
    assert parts_of(school_b)["fill"]["share"] is None
    assert parts_of(school_b)["homework_load"]["share"] == 0.0
    assert school_b["index"] == 77.8
    assert school_b["rank"] < school_a["rank"]
    # The homework part's rows are the over-limit evenings of A's classes: 5Б and 6А.
    load_rows = await service.http.get(parts_of(school_a)["homework_load"]["rows"], headers=admin)
    assert load_rows.status_code == 200, load_rows.text
    over = {c["class_name"] for c in load_rows.json()["classes"] if c["over_limit"]}
    assert over == {"5Б", "6А"}
    trend = await service.http.get(school_a["trend"], headers=admin)
    assert trend.status_code == 200, trend.text


async def test_the_weights_the_district_sets_move_the_index(
    service: Service, world: dict[str, Any]
) -> None:
    a, b = world["a"], world["b"]
    admin = service.auth(district_person(Role.DISTRICT_ADMIN))
    try:
        only_load = await service.http.put(
            "/journal/oversight/settings",
            json={
                "index_weights": {"timeliness": 0, "fill": 0, "completion": 0, "homework_load": 1}
            },
            headers=admin,
        )
        assert only_load.status_code == 200, only_load.text
        got = await service.http.get(INDEX, headers=admin)
        rows = {row["school_id"]: row for row in got.json()["schools"]}
        # Homework load alone: A 100 x 0.5 = 50.0, B 100 x 0.0 = 0.0; A now first.
        assert (rows[str(a.id)]["index"], rows[str(b.id)]["index"]) == (50.0, 0.0)
        assert rows[str(a.id)]["rank"] < rows[str(b.id)]["rank"]
    finally:
        reset = await service.http.put("/journal/oversight/settings", json={}, headers=admin)
        assert reset.status_code == 200


async def test_a_schools_index_week_by_week(service: Service, world: dict[str, Any]) -> None:
    a = world["a"]
    admin = service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    got = await service.http.get(f"{WEEKS}/schools/{a.id}/weeks", headers=admin)
    assert got.status_code == 200, got.text
    weeks = {w["week"]: w for w in got.json()["weeks"]}
    this_week = week_of(world["today"])
    assert list(weeks) == [d.isoformat() for d in (world["week1"], world["week2"], this_week)]
    # Week 1: on time 2 of 4 (L1) = 0.5; held 1 (L1) of 2 = 0.5; fill as the period's now,
    # 0.75; no homework evening that week:
    #   100 x (0.4 x 0.5 + 0.3 x 0.75 + 0.3 x 0.5) / (0.4 + 0.3 + 0.3) = 100 x 0.575 = 57.5
    # Week 2: on time 4 / 4, held 2 / 2, fill 0.75:
    #   100 x (0.4 + 0.225 + 0.3) / 1.0 = 92.5
    # This week: no entry due, no lesson planned; fill 0.75 and today's evenings 2 / 4:
    #   100 x (0.3 x 0.75 + 0.2 x 0.5) / (0.3 + 0.2) = 100 x 0.325 / 0.5 = 65.0
    assert [w["index"] for w in weeks.values()] == [57.5, 92.5, 65.0]
    first = parts_of(weeks[world["week1"].isoformat()])
    assert (first["timeliness"]["met"], first["timeliness"]["counted"]) == (2, 4)
    assert first["homework_load"]["share"] is None
    lessons = await service.http.get(first["timeliness"]["rows"], headers=admin)
    assert lessons.status_code == 200, lessons.text
    assert len(lessons.json()) == 2  # L1 and L2: the week's lessons

    district = await service.http.get(f"{WEEKS}/weeks", headers=admin)
    assert district.status_code == 200, district.text
    trends = {s["school_id"]: s["weeks"] for s in district.json()["schools"]}
    assert [w["index"] for w in trends[str(a.id)]] == [57.5, 92.5, 65.0]
    # B, week 1: on time 1.0, held 1.0, no fill: 100 x 0.7 / 0.7 = 100.0; this week:
    # 3А's evening over the limit alone: 0.0.
    assert [w["index"] for w in trends[str(world["b"].id)]] == [100.0, 0.0]


async def test_a_school_sees_its_own_index_and_a_deputy_their_grade_levels(
    service: Service, world: dict[str, Any]
) -> None:
    a, b = world["a"], world["b"]
    mine = await service.http.get(INDEX, headers=a.auth(a.director))
    assert [row["school_id"] for row in mine.json()["schools"]] == [str(a.id)]
    other = await service.http.get(f"{WEEKS}/schools/{a.id}/weeks", headers=b.auth(b.director))
    assert other.status_code == 404
    own_trend = await service.http.get(f"{WEEKS}/weeks", headers=a.auth(a.director))
    assert [s["school_id"] for s in own_trend.json()["schools"]] == [str(a.id)]
    deputy = person(a.id, Role.DEPUTY_DIRECTOR)
    assert deputy.person_id is not None
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [9]
    ninth = await service.http.get(INDEX, headers=a.auth(deputy))
    (row,) = ninth.json()["schools"]
    # Grade 9 only: 9А's evening within the limit (1 / 1); the 5th grade's entries,
    # lessons and marks are not theirs.
    assert {p["name"]: p["share"] for p in row["parts"]} == {
        "timeliness": None,
        "fill": None,
        "completion": None,
        "homework_load": 1.0,
    }
    assert row["index"] == 100.0


async def test_the_filters_narrow_every_part(service: Service, world: dict[str, Any]) -> None:
    a = world["a"]
    admin = service.auth(district_person(Role.DISTRICT_ADMIN))
    week2 = world["week2"].isoformat()
    got = await service.http.get(
        INDEX, params={"week_from": week2, "week_to": week2}, headers=admin
    )
    row = next(r for r in got.json()["schools"] if r["school_id"] == str(a.id))
    # Week 2 alone: on time 4 / 4, held 2 / 2, fill 0.75, no evening:
    # 100 x (0.4 + 0.225 + 0.3) / 1.0 = 92.5.
    assert row["index"] == 92.5
    sixth = await service.http.get(INDEX, params={"grade": 6}, headers=admin)
    row = next(r for r in sixth.json()["schools"] if r["school_id"] == str(a.id))
    # Grade 6: 6А's evening over the limit alone: 0.0.
    assert {p["name"]: p["share"] for p in row["parts"]}["homework_load"] == 0.0
    assert row["index"] == 0.0
    unknown = await service.http.get(INDEX, params={"grade": 12}, headers=admin)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "query.grade"


async def test_a_period_counts_the_evenings_of_each_schools_own_calendar(
    service: Service, world: dict[str, Any], sessions: async_sessionmaker[AsyncSession]
) -> None:
    a = world["a"]
    async with tenant_transaction(sessions, a.id) as session:
        policy = await school_policy(session, None, a.id)
    today = world["today"]
    holding = [p for p in policy.study_periods if p.starts_on <= today <= p.ends_on]
    others = [p for p in policy.study_periods if not p.starts_on <= today <= p.ends_on]
    assert holding, "the school's calendar has no period holding today"
    assert others, "the school's calendar has no period without today"
    admin = service.auth(district_person(Role.DISTRICT_ADMIN))
    for period, counted in ((holding[0].code, 4), (others[0].code, 0)):
        # The district reads A's calendar through the reporting role: today's four class
        # evenings with a limit are in the period holding today, none in another.
        got = await service.http.get(INDEX, params={"period": period}, headers=admin)
        assert got.status_code == 200, got.text
        row = next((r for r in got.json()["schools"] if r["school_id"] == str(a.id)), None)
        load = parts_of(row)["homework_load"] if row else {"counted": 0}
        assert load["counted"] == counted, (period, load)
    got = await service.http.get(INDEX, params={"period": holding[0].code}, headers=admin)
    row = next(r for r in got.json()["schools"] if r["school_id"] == str(a.id))
    # The part's rows are the classes of the period's evenings in A's calendar.
    assert parts_of(row)["homework_load"]["rows"].endswith(
        f"date_from={holding[0].starts_on}&date_to={holding[0].ends_on}"
    )
