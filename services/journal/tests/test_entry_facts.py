"""Missing entries are facts (issue 11 point 2; J4): a lesson that reaches the journal
expects its attendance, topic and homework, and its class's period marks, by the policy's
deadlines in the school's time zone and working days; the deadline clock records what was
not made as missing, a later entry turns it late under the same fact id, and every batch
of facts is published as one EntriesTimed event naming who entered each entry and how."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import asyncpg
from journal_support import MOSCOW, FakeScheduleChannel, School

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction
from okrug_common.testing import Service
from okrug_journal.projections.handlers import on_lesson_planned, refresh_on_change
from okrug_journal.timeliness import clock
from okrug_journal.timeliness.facts import lesson_fact_id, period_mark_fact_id

TIMED = "okrug.journal.entries.timed"


def lesson_message(school: School, day: date, grade: int = 5) -> schedule_pb2.Lesson:
    starts = datetime.combine(day, time(9), tzinfo=MOSCOW)
    message = schedule_pb2.Lesson(
        lesson_id=str(uuid4()),
        school_id=str(school.id),
        class_id=str(school.class_id),
        class_name=f"{grade}А",
        class_grade=grade,
        subject_id=str(school.subject_id),
        subject_name="Математика",
        teacher_id=str(school.teacher.person_id),
        lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
        status=schedule_pb2.LESSON_STATUS_PLANNED,
    )
    message.starts_at.FromDatetime(starts.astimezone(UTC))
    message.ends_at.FromDatetime((starts + timedelta(minutes=45)).astimezone(UTC))
    return message


async def planned(service: Service, school: School, message: schedule_pb2.Lesson) -> UUID:
    """The lesson reaches the journal as schedule's LessonPlanned event leaves it."""
    async with tenant_transaction(school.sessions, school.id) as session:
        await on_lesson_planned(service.runtime)(
            session, schedule_pb2.LessonPlanned(lesson=message)
        )
    return UUID(message.lesson_id)


async def facts_of(admin: asyncpg.Connection, school: School) -> dict[tuple[str, UUID], dict]:
    rows = await admin.fetch(
        "SELECT * FROM entry_timeliness WHERE school_id = $1 ORDER BY kind", school.id
    )
    return {(r["kind"], r["fact_id"]): dict(r) for r in rows}


async def published(admin: asyncpg.Connection, school: School) -> list[journal_pb2.EntriesTimed]:
    rows = await admin.fetch(
        "SELECT payload FROM outbox WHERE school_id = $1 AND subject = $2 ORDER BY created_at",
        school.id,
        TIMED,
    )
    return [journal_pb2.EntriesTimed.FromString(r["payload"]) for r in rows]


def midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=MOSCOW)


async def test_a_missing_entry_becomes_late_under_the_same_fact(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    day = datetime.now(MOSCOW).date() - timedelta(days=3)
    lesson = await planned(service, school, lesson_message(school, day))
    expected = await admin_conn.fetch(
        "SELECT kind, id, due_at FROM entry_expectations WHERE school_id = $1 AND lesson_id = $2",
        school.id,
        lesson,
    )
    # The policy's defaults: attendance, topic and homework the same day, so each is due at
    # the midnight after the lesson's date in Moscow (day 3 days ago + 1 day, 00:00 MSK).
    assert {(e["kind"], e["id"], e["due_at"]) for e in expected} == {
        (kind, lesson_fact_id(kind, lesson), midnight_after(day))
        for kind in ("attendance", "topic", "homework")
    }

    await clock.record_missing(service.runtime)
    facts = await facts_of(admin_conn, school)
    assert {key: f["timeliness"] for key, f in facts.items()} == {
        (kind, lesson_fact_id(kind, lesson)): "missing"
        for kind in ("attendance", "topic", "homework")
    }
    assert all(
        (f["entered_by"], f["entered_at"], f["teacher_id"], f["due_at"])
        == (None, None, school.teacher.person_id, midnight_after(day))
        for f in facts.values()
    )
    # The lesson's entries are no longer expected (its class's period marks still are).
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM entry_expectations WHERE school_id = $1 AND lesson_id = $2",
            school.id,
            lesson,
        )
        == 0
    )
    [missing] = await published(admin_conn, school)
    assert {
        (f.fact_id, f.timeliness, f.entered_by, f.lesson_id, f.teacher_id) for f in missing.facts
    } == {
        (
            str(lesson_fact_id(kind, lesson)),
            journal_pb2.ENTRY_TIMELINESS_MISSING,
            "",
            str(lesson),
            str(school.teacher.person_id),
        )
        for kind in ("attendance", "topic", "homework")
    }
    assert all(
        f.HasField("due_at")
        and not f.HasField("entered_at")
        and f.source == journal_pb2.ENTRY_SOURCE_UNSPECIFIED
        for f in missing.facts
    )

    # The teacher fills in the topic and attendance from a browser that kept them through
    # an outage: both late, same facts, entered by the teacher, offline.
    made = datetime.now(UTC) - timedelta(days=2)
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={
            "topic": "Дроби",
            "attendance": [{"student_id": str(school.students[0]), "status": "absent"}],
            "claimed_at": made.isoformat(),
        },
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    facts = await facts_of(admin_conn, school)
    assert len(facts) == 3
    assert {
        key[0]: (f["timeliness"], f["entered_by"], f["source"]) for key, f in facts.items()
    } == {
        "attendance": ("late", school.teacher.person_id, "offline"),
        "topic": ("late", school.teacher.person_id, "offline"),
        "homework": ("missing", None, None),
    }
    late = (await published(admin_conn, school))[1]
    assert {(f.kind, f.timeliness, f.source) for f in late.facts} == {
        (
            journal_pb2.ENTRY_KIND_ATTENDANCE,
            journal_pb2.ENTRY_TIMELINESS_LATE,
            journal_pb2.ENTRY_SOURCE_OFFLINE,
        ),
        (
            journal_pb2.ENTRY_KIND_TOPIC,
            journal_pb2.ENTRY_TIMELINESS_LATE,
            journal_pb2.ENTRY_SOURCE_OFFLINE,
        ),
    }
    assert {f.fact_id for f in late.facts} <= {f.fact_id for f in missing.facts}
    assert all(f.entered_by == str(school.teacher.person_id) for f in late.facts)

    # The clock again: nothing more; the leadership reads all three.
    await clock.record_missing(service.runtime)
    assert len(await published(admin_conn, school)) == 2
    shown = await service.http.get(
        f"/journal/lessons/{lesson}/timeliness", headers=school.auth(school.director)
    )
    assert shown.status_code == 200, shown.text
    assert sorted((r["kind"], r["timeliness"], r["source"]) for r in shown.json()) == [
        ("attendance", "late", "offline"),
        ("homework", "missing", None),
        ("topic", "late", "offline"),
    ]
    # The teacher's grid marks the lesson with the same facts.
    grid = await service.http.get(
        f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/grid",
        headers=school.auth(school.teacher),
    )
    assert grid.status_code == 200, grid.text
    [column] = [g for g in grid.json()["lessons"] if g["lesson_id"] == str(lesson)]
    assert sorted((g["entry"], g["timeliness"], g["source"]) for g in column["timeliness"]) == [
        ("attendance", "late", "offline"),
        ("homework", "missing", None),
        ("topic", "late", "offline"),
    ]


async def test_entries_made_in_time_leave_nothing_missing_and_a_correction_does_not_re_time(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await planned(
        service, school, lesson_message(school, datetime.now(MOSCOW).date() + timedelta(days=1))
    )
    body = {
        "topic": "Дроби",
        "homework": {"text": "№ 5"},
        "attendance": [{"student_id": str(school.students[0]), "status": "absent"}],
    }
    for topic in ("Дроби", "Десятичные дроби"):
        saved = await service.http.put(
            f"/journal/lessons/{lesson}/record",
            json={**body, "topic": topic},
            headers=school.auth(school.teacher),
        )
        assert saved.status_code == 200, saved.text
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM entry_expectations WHERE school_id = $1 AND lesson_id = $2",
            school.id,
            lesson,
        )
        == 0
    )
    facts = await facts_of(admin_conn, school)
    assert sorted((k[0], f["timeliness"]) for k, f in facts.items()) == [
        ("attendance", "on_time"),
        ("homework", "on_time"),
        ("topic", "on_time"),
    ]
    # One event: the correction of the topic made no new fact.
    assert [len(e.facts) for e in await published(admin_conn, school)] == [3]


async def test_lessons_not_held_cancelled_or_without_marks_expect_less(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    day = datetime.now(MOSCOW).date() - timedelta(days=2)
    not_held = await planned(service, school, lesson_message(school, day))
    saved = await service.http.put(
        f"/journal/lessons/{not_held}/record",
        json={"held": False},
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    first_grade = await planned(service, school, lesson_message(school, day, grade=1))
    cancelled_message = lesson_message(school, day)
    cancelled = await planned(service, school, cancelled_message)
    cancelled_message.status = schedule_pb2.LESSON_STATUS_CANCELLED
    FakeScheduleChannel.lessons[cancelled] = cancelled_message
    async with tenant_transaction(school.sessions, school.id) as session:
        await refresh_on_change(service.runtime)(
            session,
            schedule_pb2.LessonCancelled(
                context=common_pb2.EventContext(school_id=str(school.id)),
                lesson=cancelled_message,
            ),
        )

    await clock.record_missing(service.runtime)
    facts = await facts_of(admin_conn, school)
    # Grade 1 gets no homework (J5); the lesson not held and the cancelled one expect nothing.
    assert sorted((f["lesson_id"], k[0]) for k, f in facts.items()) == sorted(
        [(first_grade, "attendance"), (first_grade, "topic")]
    )


async def test_period_marks_fall_due_working_days_after_the_period_across_a_weekend_and_a_holiday(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    # Term 1 ends on Friday 23 October 2026; Monday 26 October is a holiday. Period marks
    # are due 2 working days after the term: Sat 24 and Sun 25 are the weekend, Mon 26 the
    # holiday, Tue 27 is the 1st working day and Wed 28 the 2nd, so they are due by the end
    # of Wednesday: Thursday 29 October 00:00 MSK = Wednesday 28 October 21:00 UTC.
    await school.set_calendar(
        [
            {"code": "term-1", "kind": "term", "starts_on": "2026-09-01", "ends_on": "2026-10-23"},
            {"code": "year", "kind": "year", "starts_on": "2026-09-01", "ends_on": "2027-05-26"},
        ],
        [date(2026, 10, 26)],
    )
    await school.set_policy(edit_window="year-end", deadlines={"period_marks_working_days": 2})
    due = datetime(2026, 10, 28, 21, 0, tzinfo=UTC)
    await planned(service, school, lesson_message(school, date(2026, 10, 22)))
    expected = await admin_conn.fetch(
        "SELECT period, due_at FROM entry_expectations "
        "WHERE school_id = $1 AND kind = 'period-mark'",
        school.id,
    )
    assert {(e["period"], e["due_at"]) for e in expected} == {
        ("term-1", due),
        # the year's: 2 working days after Wednesday 26 May 2027: Thu 27, Fri 28 -> Sat 29
        # May 00:00 MSK.
        ("year", datetime(2027, 5, 29, tzinfo=MOSCOW)),
    }
    first, second = school.students[0], school.students[1]
    base = f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods/term-1"
    put = await service.http.put(
        f"{base}/marks/{first}", json={"value": "4"}, headers=school.auth(school.teacher)
    )
    assert put.status_code == 200, put.text

    await clock.record_missing(service.runtime, now=due - timedelta(seconds=1))
    early = await facts_of(admin_conn, school)
    assert [f["timeliness"] for k, f in early.items() if k[0] == "period-mark"] == ["late"]
    await clock.record_missing(service.runtime, now=due)
    period_facts = {
        k[1]: f for k, f in (await facts_of(admin_conn, school)).items() if k[0] == "period-mark"
    }
    # 25 students: the first has a period mark (entered now, after its deadline: late), the
    # other 24 are missing, each its own fact.
    assert len(period_facts) == school.size
    assert sorted(f["timeliness"] for f in period_facts.values()) == ["late"] + ["missing"] * 24
    fact = period_mark_fact_id(school.class_id, school.subject_id, "term-1", second)
    assert period_facts[fact]["timeliness"] == "missing"
    assert (period_facts[fact]["due_at"], period_facts[fact]["period"]) == (due, "term-1")

    put = await service.http.put(
        f"{base}/marks/{second}", json={"value": "5"}, headers=school.auth(school.teacher)
    )
    assert put.status_code == 200, put.text
    after = await admin_conn.fetchrow(
        "SELECT timeliness, entered_by, entity_id FROM entry_timeliness "
        "WHERE school_id = $1 AND fact_id = $2",
        school.id,
        fact,
    )
    assert after is not None
    assert tuple(after) == ("late", school.teacher.person_id, UUID(put.json()["id"]))


async def test_a_policy_change_moves_the_deadlines_of_what_is_still_expected(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    day = datetime.now(MOSCOW).date() + timedelta(days=1)
    lesson = await planned(service, school, lesson_message(school, day))
    await school.set_policy(deadlines={"topics_days": 3, "attendance": {"minutes_after_start": 15}})
    expected = await admin_conn.fetch(
        "SELECT kind, due_at FROM entry_expectations WHERE school_id = $1 AND lesson_id = $2",
        school.id,
        lesson,
    )
    starts = datetime.combine(day, time(9), tzinfo=MOSCOW)
    # The topic now 3 days after the lesson's date (midnight after day + 3), attendance 15
    # minutes after the 09:00 start, homework still the same day.
    assert {(e["kind"], e["due_at"]) for e in expected} == {
        ("topic", midnight_after(day + timedelta(days=3))),
        ("attendance", starts + timedelta(minutes=15)),
        ("homework", midnight_after(day)),
    }
