"""Journal keeping's read models and figures (issue 11 point 3; O1, J4): entries on time,
late and missing per school, teacher, class, subject and week; lessons planned, held,
replaced, cancelled and missed; a school ranked among the district's; the drill-down to the
single lesson with each entry's moment against its due moment, who made it and how. Fed by
schedule's lesson events and ENTRIES_TIMED (emitted here until entry-facts publishes them),
each checked against a hand computation."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import FakeScheduleChannel, School, district_person, person
from oversight_support import PlannedLesson, context, deliver, fact
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import LessonRecord
from okrug_journal.oversight.keeping.handlers import on_entries_timed, on_lesson
from okrug_journal.oversight.keeping.read_model import week_of
from okrug_journal.oversight.rebuild import READ_MODELS, rebuild_school

URL = "/journal/oversight/keeping"


class Keeping:
    """Lessons and facts of one school handed to the read models' handlers."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], service: Service, school: School
    ):
        self.sessions, self.service, self.school = sessions, service, school

    def lesson(self, day: date, teacher: UUID, **extra: Any) -> PlannedLesson:
        school = self.school
        return PlannedLesson(school.id, school.class_id, school.subject_id, teacher, day, **extra)

    async def plan(self, lesson: PlannedLesson, *, cancelled: bool = False) -> None:
        runtime = self.service.runtime
        if cancelled:
            event: Any = schedule_pb2.LessonCancelled(
                context=context(lesson.school_id), lesson=lesson.proto(cancelled=True)
            )
            handler = on_lesson(runtime, cancelled=True)
        else:
            event = schedule_pb2.LessonPlanned(
                context=context(lesson.school_id), lesson=lesson.proto()
            )
            handler = on_lesson(runtime)
        await deliver(self.sessions, lesson.school_id, handler, event)

    async def timed(self, *facts: journal_pb2.EntryFact) -> None:
        event = journal_pb2.EntriesTimed(context=context(self.school.id), facts=facts)
        await deliver(self.sessions, self.school.id, on_entries_timed(self.service.runtime), event)


def monday_weeks_ago(weeks: int) -> date:
    return week_of(datetime.now(UTC).date()) - timedelta(weeks=weeks)


def counts(figure: dict[str, Any]) -> tuple[int, int, int]:
    return (figure["on_time"], figure["late"], figure["missing"])


def lessons(figure: dict[str, Any]) -> tuple[int, int, int, int, int]:
    return (
        figure["planned"],
        figure["held"],
        figure["replaced"],
        figure["cancelled"],
        figure["missed"],
    )


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession], service: Service) -> dict[str, Any]:
    """School A: teacher T1's lessons L1 (Mon), L2 (Tue), L4 (Wed, cancelled) and L5 (Thu,
    planned for T1, taught by T2 as a substitute) in week 1; T2's L3 on Monday of week 2.
    School B: L6. Facts:
      L1: attendance, topic, 2 marks on time; homework late      -> 4 on time, 1 late
      L2: attendance missing; topic missing, then late (same id) -> 1 late, 1 missing
      L3: attendance and topic on time                           -> 2 on time
      L5: attendance late (T2, teacher of record)                -> 1 late
      L6 (B): attendance on time, topic missing                  -> 1 on time, 1 missing"""
    a = await School(sessions, service).setup()
    b = await School(sessions, service).setup()
    t1, t2 = a.teacher.person_id, a.other_teacher.person_id
    assert t1 is not None
    assert t2 is not None
    week1, week2 = monday_weeks_ago(3), monday_weeks_ago(2)
    keeping_a, keeping_b = Keeping(sessions, service, a), Keeping(sessions, service, b)
    l1 = keeping_a.lesson(week1, t1)
    l2 = keeping_a.lesson(week1 + timedelta(days=1), t1)
    l4 = keeping_a.lesson(week1 + timedelta(days=2), t1)
    l5 = keeping_a.lesson(week1 + timedelta(days=3), t2, planned_teacher_id=t1)
    l3 = keeping_a.lesson(week2, t2)
    assert b.teacher.person_id is not None
    l6 = keeping_b.lesson(week1, b.teacher.person_id)
    for lesson in (l1, l2, l3, l5):
        await keeping_a.plan(lesson)
    await keeping_a.plan(l4)
    await keeping_a.plan(l4, cancelled=True)
    await keeping_b.plan(l6)
    await keeping_a.timed(
        fact(l1, "attendance", "on-time"),
        fact(l1, "topic", "on-time"),
        fact(l1, "mark", "on-time"),
        fact(l1, "mark", "on-time"),
        fact(l1, "homework", "late"),
    )
    topic_of_l2 = uuid4()
    await keeping_a.timed(
        fact(l2, "attendance", "missing"), fact(l2, "topic", "missing", fact_id=topic_of_l2)
    )
    async with tenant_transaction(sessions, a.id) as session:
        session.add(
            LessonRecord(
                school_id=a.id,
                lesson_id=l2.lesson_id,
                topic="Сложение дробей",
                work_types=[],
                homework={"text": "№ 112, 114"},
                held=True,
                teacher_id=a.admin.person_id,
                source="paper",
                recorded_by=a.admin.person_id,
            )
        )
    await keeping_a.timed(
        fact(l2, "topic", "late", fact_id=topic_of_l2, entered_by=a.admin.person_id, source="paper")
    )
    await keeping_a.timed(fact(l3, "attendance", "on-time"), fact(l3, "topic", "on-time"))
    await keeping_a.timed(fact(l5, "attendance", "late"))
    await keeping_b.timed(fact(l6, "attendance", "on-time"), fact(l6, "topic", "missing"))
    return {
        "a": a, "b": b, "t1": t1, "t2": t2, "week1": week1, "week2": week2,
        "l1": l1, "l2": l2, "l3": l3, "l4": l4, "l5": l5, "topic_of_l2": topic_of_l2,
    }  # fmt: skip


async def test_the_district_ranks_schools_by_entries_on_time(
    service: Service, world: dict[str, Any]
) -> None:
    a, b = world["a"], world["b"]
    got = await service.http.get(
        f"{URL}/schools", headers=service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    )
    assert got.status_code == 200, got.text
    rows = {row["school_id"]: row for row in got.json()["schools"]}
    # A: on time 4 (L1) + 2 (L3) = 6; late 1 (L1 homework) + 1 (L2 topic) + 1 (L5) = 3;
    # missing 1 (L2 attendance): 10 due, 6 / 10 = 0.6 on time.
    school_a = rows[str(a.id)]
    assert counts(school_a["timeliness"]) == (6, 3, 1)
    assert school_a["timeliness"]["on_time_share"] == 0.6
    # B: 1 on time, 1 missing: 1 / 2 = 0.5, ranked after A.
    school_b = rows[str(b.id)]
    assert counts(school_b["timeliness"]) == (1, 0, 1)
    assert school_a["rank"] < school_b["rank"]
    # Under the district's default threshold of 0.9 both are flagged.
    assert (school_a["below_threshold"], school_b["below_threshold"]) == (True, True)
    # Per kind in A: attendance 2 on time (L1, L3), 1 late (L5), 1 missing (L2); topics 2 on
    # time (L1, L3), 1 late (L2); homework 1 late; marks 2 on time.
    by_kind = {k["kind"]: counts(k) for k in school_a["by_kind"]}
    assert by_kind == {
        "attendance": (2, 1, 1),
        "topic": (2, 1, 0),
        "homework": (0, 1, 0),
        "mark": (2, 0, 0),
    }
    # Lessons of A: planned L1-L5 = 5; held L1, L2, L3, L5 = 4 (L2 has its late topic, L4
    # was cancelled); replaced L5 = 1; cancelled L4 = 1; missed 5 - 4 = 1; 4 / 5 = 0.8.
    assert lessons(school_a["lessons"]) == (5, 4, 1, 1, 1)
    assert school_a["lessons"]["held_share"] == 0.8


async def test_a_school_per_teacher_class_and_week(service: Service, world: dict[str, Any]) -> None:
    a, t1, t2 = world["a"], world["t1"], world["t2"]
    headers = service.auth(district_person(Role.DISTRICT_ADMIN))
    by_teacher = await service.http.get(f"{URL}/schools/{a.id}", headers=headers)
    assert by_teacher.status_code == 200, by_teacher.text
    rows = {row["id"]: row for row in by_teacher.json()["rows"]}
    # T1 (teacher of record of L1, L2): on time 4, late 1 + 1, missing 1. T2 (L3, and L5
    # as the substitute): on time 2, late 1.
    assert counts(rows[str(t1)]["timeliness"]) == (4, 2, 1)
    assert counts(rows[str(t2)]["timeliness"]) == (2, 1, 0)
    # Lessons count under the teacher the timetable planned: T1 planned L1, L2, L4, L5
    # (held 3: L1, L2, L5; replaced 1; cancelled 1; missed 4 - 3 = 1); T2 planned L3.
    assert lessons(rows[str(t1)]["lessons"]) == (4, 3, 1, 1, 1)
    assert lessons(rows[str(t2)]["lessons"]) == (1, 1, 0, 0, 0)
    by_class = await service.http.get(
        f"{URL}/schools/{a.id}", params={"by": "class"}, headers=headers
    )
    assert [(r["id"], r["name"]) for r in by_class.json()["rows"]] == [(str(a.class_id), "5А")]
    weeks = await service.http.get(f"{URL}/schools/{a.id}/weeks", headers=headers)
    assert weeks.status_code == 200, weeks.text
    # Week 1: L1, L2, L5 -> 4 on time, 3 late, 1 missing; lessons L1, L2, L4, L5 planned,
    # 3 held. Week 2: L3 -> 2 on time; 1 planned, 1 held.
    assert [
        (w["week"], counts(w["timeliness"]), w["lessons"]["planned"], w["lessons"]["held"])
        for w in weeks.json()
    ] == [
        (world["week1"].isoformat(), (4, 3, 1), 4, 3),
        (world["week2"].isoformat(), (2, 0, 0), 1, 1),
    ]
    only_attendance = await service.http.get(
        f"{URL}/schools/{a.id}/weeks", params={"kind": "attendance"}, headers=headers
    )
    # Attendance of week 1: L1 on time, L5 late, L2 missing.
    assert counts(only_attendance.json()[0]["timeliness"]) == (1, 1, 1)


async def test_the_drill_down_ends_at_one_lesson_and_its_entries_moments(
    service: Service, world: dict[str, Any]
) -> None:
    a, l2 = world["a"], world["l2"]
    headers = service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    week = await service.http.get(
        f"{URL}/schools/{a.id}/lessons",
        params={
            "week": (world["week1"] + timedelta(days=2)).isoformat(),
            "teacher_id": str(world["t1"]),
        },
        headers=headers,
    )
    assert week.status_code == 200, week.text
    listed = [(x["lesson_id"], x["held"], x["cancelled"], x["replaced"]) for x in week.json()]
    assert listed == [
        (str(world["l1"].lesson_id), True, False, False),
        (str(l2.lesson_id), True, False, False),
        (str(world["l4"].lesson_id), False, True, False),
        (str(world["l5"].lesson_id), True, False, True),
    ]
    one = await service.http.get(f"{URL}/schools/{a.id}/lessons/{l2.lesson_id}", headers=headers)
    assert one.status_code == 200, one.text
    lesson = one.json()
    assert (lesson["topic"], lesson["homework"], lesson["attendance_taken"]) == (
        "Сложение дробей",
        "№ 112, 114",
        False,
    )
    entries = {e["kind"]: e for e in lesson["entries"]}
    assert entries["attendance"]["timeliness"] == "missing"
    assert entries["attendance"]["entered_at"] is None
    topic = entries["topic"]
    # Due at 18:00 UTC of the lesson's day, entered 15 hours later (09:00 the next day) by
    # the school admin who imported the paper journal.
    due = datetime.fromisoformat(topic["due_at"])
    assert datetime.fromisoformat(topic["entered_at"]) - due == timedelta(hours=15)
    assert (topic["fact_id"], topic["timeliness"], topic["source"]) == (
        str(world["topic_of_l2"]),
        "late",
        "paper",
    )
    assert topic["entered_by"] == str(a.admin.person_id)


async def test_a_school_sees_only_itself_and_a_deputy_their_grade_levels(
    service: Service, world: dict[str, Any]
) -> None:
    a, b = world["a"], world["b"]
    mine = await service.http.get(f"{URL}/schools", headers=a.auth(a.director))
    assert [row["school_id"] for row in mine.json()["schools"]] == [str(a.id)]
    for path in (
        f"{URL}/schools/{a.id}",
        f"{URL}/schools/{a.id}/weeks",
        f"{URL}/schools/{a.id}/lessons/{world['l2'].lesson_id}",
    ):
        other = await service.http.get(path, headers=b.auth(b.director))
        assert other.status_code == 404, (path, other.text)
    deputy = person(a.id, Role.DEPUTY_DIRECTOR)
    assert deputy.person_id is not None
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [6, 7]
    sixth_and_seventh = await service.http.get(f"{URL}/schools", headers=a.auth(deputy))
    assert sixth_and_seventh.json()["schools"] == []  # A's class is a 5th
    lesson = await service.http.get(
        f"{URL}/schools/{a.id}/lessons/{world['l2'].lesson_id}", headers=a.auth(deputy)
    )
    assert lesson.status_code == 404
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [5]
    fifth = await service.http.get(f"{URL}/schools", headers=a.auth(deputy))
    assert counts(fifth.json()["schools"][0]["timeliness"]) == (6, 3, 1)


async def test_a_fact_sent_again_and_a_lesson_planned_again_change_no_count(
    service: Service, world: dict[str, Any], sessions: async_sessionmaker[AsyncSession]
) -> None:
    a = world["a"]
    keeping = Keeping(sessions, service, a)
    again = fact(world["l2"], "topic", "late", fact_id=world["topic_of_l2"])
    await keeping.timed(again)
    await keeping.plan(world["l1"])
    got = await service.http.get(f"{URL}/schools/{a.id}", headers=a.auth(a.director))
    rows = {row["id"]: row for row in got.json()["rows"]}
    assert counts(rows[str(world["t1"])]["timeliness"]) == (4, 2, 1)
    assert lessons(rows[str(world["t1"])]["lessons"]) == (4, 3, 1, 1, 1)


async def test_a_lesson_moved_to_another_week_takes_its_counts_along(
    service: Service, world: dict[str, Any], sessions: async_sessionmaker[AsyncSession]
) -> None:
    a = world["a"]
    keeping = Keeping(sessions, service, a)
    moved = replace(world["l1"], day=world["week2"] + timedelta(days=1))
    await deliver(
        sessions,
        a.id,
        on_lesson(service.runtime),
        schedule_pb2.LessonMoved(context=context(a.id), lesson=moved.proto()),
    )
    weeks = await service.http.get(f"{URL}/schools/{a.id}/weeks", headers=a.auth(a.director))
    planned = {w["week"]: (w["lessons"]["planned"], w["lessons"]["held"]) for w in weeks.json()}
    # L1 leaves week 1 (4 -> 3 planned, 3 -> 2 held) for week 2 (1 -> 2, 1 -> 2).
    assert planned == {world["week1"].isoformat(): (3, 2), world["week2"].isoformat(): (2, 2)}
    del keeping


async def test_the_rebuild_recomputes_the_lessons_from_the_journals_projection(
    service: Service, school: School, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson(days_ago=1)
    written = await rebuild_school(service.runtime, school.id, READ_MODELS)
    # One lesson in the projection, no fact recorded yet; its class's fill rate in the
    # subject and period: 1 + 1. No homework, nobody's work: homework load and usage none;
    # no attendance taken: no lesson for the absence rate.
    assert written == {
        "keeping": 2,
        "objectivity": 0,
        "homework-load": 0,
        "usage": 0,
        "forecast": 0,
        "attendance": 0,
    }
    row = await admin_conn.fetchrow(
        "SELECT planned, held FROM oversight_lesson_counts WHERE school_id = $1", school.id
    )
    assert row is not None
    assert (row["planned"], row["held"]) == (1, 0)
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={"topic": "Дроби", "attendance": []},
        headers=school.auth(school.teacher, **{"Idempotency-Key": str(uuid4())}),
    )
    assert saved.status_code == 200, saved.text
    again = await rebuild_school(service.runtime, school.id, READ_MODELS)
    facts = await admin_conn.fetchval(
        "SELECT count(*) FROM entry_timeliness WHERE school_id = $1", school.id
    )
    assert facts >= 1
    assert again == {
        "keeping": 1 + facts + 1,
        "objectivity": 0,
        "homework-load": 0,
        "usage": 0,
        "forecast": 0,
        # The lesson saved with its attendance (everyone present): taken.
        "attendance": 1,
    }
    held = await admin_conn.fetchval(
        "SELECT held FROM oversight_lesson_counts WHERE school_id = $1", school.id
    )
    assert held == 1  # the saved lesson has entries: held


async def test_the_compliance_index_of_two_schools(service: Service, world: dict[str, Any]) -> None:
    a, b = world["a"], world["b"]
    admin = service.auth(district_person(Role.DISTRICT_ADMIN))
    got = await service.http.get("/journal/oversight/index", headers=admin)
    assert got.status_code == 200, got.text
    rows = {row["school_id"]: row for row in got.json()["schools"]}
    # Default weights: timeliness 0.4, fill 0.3, completion 0.3 (no marks: no fill share,
    # the part does not count).
    # A: 100 x (0.4 x 0.6 + 0.3 x 0.8) / (0.4 + 0.3) = 100 x 0.48 / 0.7 = 68.57 -> 68.6
    # B: on time 1 of 2 = 0.5; L6 planned and held = 1.0;
    #    100 x (0.4 x 0.5 + 0.3 x 1.0) / 0.7 = 100 x 0.5 / 0.7 = 71.43 -> 71.4
    assert (rows[str(a.id)]["index"], rows[str(b.id)]["index"]) == (68.6, 71.4)
    assert rows[str(b.id)]["rank"] < rows[str(a.id)]["rank"]
    parts = {p["name"]: p for p in rows[str(a.id)]["parts"]}
    assert parts["fill"]["share"] is None
    timeliness_rows = await service.http.get(parts["timeliness"]["rows"], headers=admin)
    assert timeliness_rows.status_code == 200  # the rows that make the figure
    try:
        only_timeliness = await service.http.put(
            "/journal/oversight/settings",
            json={"index_weights": {"timeliness": 1, "fill": 0, "completion": 0}},
            headers=admin,
        )
        assert only_timeliness.status_code == 200, only_timeliness.text
        again = await service.http.get("/journal/oversight/index", headers=admin)
        rows = {row["school_id"]: row for row in again.json()["schools"]}
        # Timeliness alone: A 100 x 0.6 = 60.0, B 100 x 0.5 = 50.0; A now first.
        assert (rows[str(a.id)]["index"], rows[str(b.id)]["index"]) == (60.0, 50.0)
        assert rows[str(a.id)]["rank"] < rows[str(b.id)]["rank"]
    finally:
        await service.http.put("/journal/oversight/settings", json={}, headers=admin)
