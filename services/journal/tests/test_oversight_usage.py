"""Usage (O4): persons doing real work counted per school, week and kind of work, each once
a week: lesson entries (from the entries' timeliness facts), absence-reason work by class
teachers (corrections and notes), diary reads by parents and students (not by staff)."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import asyncpg
from google.protobuf.timestamp_pb2 import Timestamp
from journal_support import MOSCOW, School, district_person, person
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_attendance_reasons import make_class_teacher, record
from test_diary import link_guardian

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import UsageWeek
from okrug_journal.oversight.usage import handlers, rebuild

TIMED = journal_pb2.EntryTimeliness


async def counts(
    sessions: async_sessionmaker[AsyncSession], school: School
) -> dict[tuple[date, str], int]:
    async with tenant_transaction(sessions, school.id) as session:
        rows = await session.scalars(select(UsageWeek))
        return {(r.week, r.activity): r.persons for r in rows}


def fact(
    timeliness: int, entered_by: Principal | None, entered_at: datetime | None
) -> journal_pb2.EntryFact:
    found = journal_pb2.EntryFact(
        fact_id=str(uuid4()),
        kind=journal_pb2.ENTRY_KIND_TOPIC,
        timeliness=timeliness,  # type: ignore[arg-type]
        lesson_id=str(uuid4()),
        entered_by=str(entered_by.person_id) if entered_by else "",
    )
    if entered_at is not None:
        moment = Timestamp()
        moment.FromDatetime(entered_at)
        found.entered_at.CopyFrom(moment)
    return found


async def test_lesson_entries_count_each_person_once_a_week_in_the_schools_time_zone(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    t1, t2 = school.teacher, school.other_teacher

    def moscow(day: int, hour: int) -> datetime:
        return datetime(2026, 12, day, hour, 30, tzinfo=MOSCOW).astimezone(UTC)

    event = journal_pb2.EntriesTimed(
        context=common_pb2.EventContext(school_id=str(school.id)),
        facts=[
            fact(TIMED.ENTRY_TIMELINESS_ON_TIME, t1, moscow(1, 23)),  # Tuesday 1 December
            fact(TIMED.ENTRY_TIMELINESS_LATE, t1, moscow(1, 23)),
            fact(TIMED.ENTRY_TIMELINESS_ON_TIME, t2, moscow(1, 23)),
            fact(TIMED.ENTRY_TIMELINESS_ON_TIME, t2, moscow(2, 0)),  # Wednesday, 00:30
            # Sunday 23:30 in Moscow is 20:30 UTC: still the week of 30 November.
            fact(TIMED.ENTRY_TIMELINESS_ON_TIME, t1, moscow(6, 23)),
            # Monday 7 December 00:30 in Moscow (Sunday 21:30 UTC): the next week.
            fact(TIMED.ENTRY_TIMELINESS_ON_TIME, t2, moscow(7, 0)),
            fact(TIMED.ENTRY_TIMELINESS_MISSING, None, None),  # nobody's work
        ],
    )
    handle = handlers.on_entries_timed(service.runtime)
    for _ in range(2):  # delivered twice: the same persons, counted once
        async with tenant_transaction(sessions, school.id) as session:
            await handle(session, event)
    # Week of 30 November: t1 (Tuesday twice, Sunday) and t2 (Tuesday, Wednesday) = 2
    # persons; week of 7 December: t2 = 1.
    assert await counts(sessions, school) == {
        (date(2026, 11, 30), "lesson-entries"): 2,
        (date(2026, 12, 7), "lesson-entries"): 1,
    }


async def test_class_teachers_diary_readers_and_the_rebuild(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    today = datetime.now(MOSCOW).date()
    week = today - timedelta(days=today.weekday())
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    student, classmate = school.students[0], school.students[1]
    lesson = await school.lesson(days_ago=1)
    await record(service, school, lesson, student, "absent", None)
    corrected = await service.http.patch(
        f"/journal/lessons/{lesson}/attendance/{student}",
        json={"reason": "illness"},
        headers=school.auth(class_teacher),
    )
    assert corrected.status_code == 200, corrected.text
    noted = await service.http.post(
        f"/journal/classes/{school.class_id}/students/{classmate}/absence-notes",
        json={
            "date_from": str(today - timedelta(days=3)),
            "date_to": str(today),
            "reason": "illness",
        },
        headers=school.auth(class_teacher),
    )
    assert noted.status_code == 201, noted.text

    await link_guardian(school, school.parent, student)
    second_parent = person(school.id, Role.PARENT)
    await link_guardian(school, second_parent, classmate)
    as_student = Principal(
        subject=str(student),
        person_id=student,
        school_id=school.id,
        roles=frozenset({Role.STUDENT}),
    )
    reads = [
        (school.parent, student, "week"),
        (school.parent, student, "marks"),
        (second_parent, classmate, "week"),
        (as_student, student, "week"),
        (school.director, student, "week"),  # staff reading a diary is no diary use
    ]
    for reader, whose, what in reads:
        answer = await service.http.get(
            f"/journal/diary/students/{whose}/{what}", headers=school.auth(reader)
        )
        assert answer.status_code == 200, answer.text

    # The class teacher corrected a reason and wrote a note: 1 person. Two parents read
    # (one of them twice): 2; one student: 1.
    expected = {
        (week, "absence-reasons"): 1,
        (week, "diary-parents"): 2,
        (week, "diary-students"): 1,
    }
    assert await counts(sessions, school) == expected

    await admin_conn.execute("DELETE FROM usage_weeks WHERE school_id = $1", school.id)
    await admin_conn.execute(
        "DELETE FROM usage_actors WHERE school_id = $1 AND activity = 'absence-reasons'",
        school.id,
    )
    async with tenant_transaction(sessions, school.id) as session:
        await rebuild.rebuild(session, service.runtime, school.id)
    assert await counts(sessions, school) == expected


async def test_persons_active_per_role_from_identity(
    school: School, sessions: async_sessionmaker[AsyncSession]
) -> None:
    day, week = date(2026, 12, 3), date(2026, 11, 30)
    teacher_and_class_teacher, director, parent = uuid4(), uuid4(), uuid4()
    published = [
        (teacher_and_class_teacher, ["class-teacher", "teacher"]),
        (director, ["director", "teacher"]),
        (parent, ["parent"]),
        (parent, ["parent"]),  # the same fact again: counted once
    ]
    for person_id, roles in published:
        event = identity_pb2.PersonActive(
            context=common_pb2.EventContext(school_id=str(school.id)),
            person_id=str(person_id),
            day=common_pb2.Date(year=day.year, month=day.month, day=day.day),
            roles=roles,
        )
        async with tenant_transaction(sessions, school.id) as session:
            await handlers.on_person_active(session, event)
    # teachers: the teacher and the director who also teaches = 2; class teachers 1;
    # leadership (the director) 1; parents 1; students none.
    assert await counts(sessions, school) == {
        (week, "active-teachers"): 2,
        (week, "active-class-teachers"): 1,
        (week, "active-leadership"): 1,
        (week, "active-parents"): 1,
    }


async def active(school: School, day: date, roles: list[str], persons: int) -> None:
    for _ in range(persons):
        event = identity_pb2.PersonActive(
            context=common_pb2.EventContext(school_id=str(school.id)),
            person_id=str(uuid4()),
            day=common_pb2.Date(year=day.year, month=day.month, day=day.day),
            roles=roles,
        )
        async with tenant_transaction(school.sessions, school.id) as session:
            await handlers.on_person_active(session, event)


async def test_the_district_reads_every_schools_weeks_and_a_director_their_own(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    other = await School(sessions, service).setup()
    await active(school, date(2026, 11, 2), ["parent"], 3)  # a Monday
    await active(school, date(2026, 11, 13), ["parent"], 2)  # the next week's Friday
    await active(other, date(2026, 11, 8), ["parent"], 4)  # the first week's Sunday
    await active(other, date(2026, 11, 8), ["teacher"], 1)
    week_range = {"date_from": "2026-11-04", "date_to": "2026-11-15"}

    answer = await service.http.get(
        "/journal/oversight/usage",
        params=week_range,
        headers=service.auth(district_person(Role.DISTRICT_ADMIN)),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    # The range's weeks start on Mondays 2 and 9 November.
    assert body["weeks"] == ["2026-11-02", "2026-11-09"]
    schools = {s["school_id"]: s["weeks"] for s in body["schools"]}
    assert schools[str(school.id)] == [
        {"week": "2026-11-02", "counts": {"active-parents": 3}},
        {"week": "2026-11-09", "counts": {"active-parents": 2}},
    ]
    # In total, week of 2 November: parents 3 + 4 = 7, teachers 1; of 9 November: 2.
    assert body["total"] == [
        {"week": "2026-11-02", "counts": {"active-parents": 7, "active-teachers": 1}},
        {"week": "2026-11-09", "counts": {"active-parents": 2}},
    ]
    assert {a["activity"] for a in body["activities"]} >= {"lesson-entries", "diary-parents"}

    own = await service.http.get(
        "/journal/oversight/usage", params=week_range, headers=school.auth(school.director)
    )
    assert own.status_code == 200, own.text
    assert [s["school_id"] for s in own.json()["schools"]] == [str(school.id)]
    assert own.json()["total"][0]["counts"] == {"active-parents": 3}
    refused = await service.http.get(
        "/journal/oversight/usage", params=week_range, headers=school.auth(school.teacher)
    )
    assert refused.status_code == 403
