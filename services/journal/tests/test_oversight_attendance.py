"""The absence rate (issue 11, O1): per lesson whose attendance was taken its students,
absent and late, summed per school, week, study period and class; kept current by the
attendance facts (ENTRIES_TIMED) and ABSENCE_RECORDED, idempotent, rebuilt from the
journal's attendance; read by the district per school (counts only) beside journal
keeping's figures. Checked against a hand computation."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import JournalEntries, School, district_person
from oversight_support import context, deliver, proto_date
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_oversight_fill import first_term

from okrug.journal.v1 import journal_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import ScratchDatabase, Service
from okrug_journal.models import Attendance, EntryTimeliness, OversightAttendanceWeek
from okrug_journal.oversight.attendance import handlers, rebuild

URL = "/journal/oversight/keeping/schools"


def attendance_taken(school: School, lesson: UUID, day: date) -> journal_pb2.EntriesTimed:
    """The attendance of the lesson entered on time, beside a topic (not attendance)."""
    facts = [
        journal_pb2.EntryFact(
            fact_id=str(uuid4()),
            kind=kind,
            timeliness=journal_pb2.ENTRY_TIMELINESS_ON_TIME,
            lesson_id=str(lesson),
            class_id=str(school.class_id),
            subject_id=str(school.subject_id),
            teacher_id=str(school.teacher.person_id),
            lesson_date=proto_date(day),
        )
        for kind in (journal_pb2.ENTRY_KIND_ATTENDANCE, journal_pb2.ENTRY_KIND_TOPIC)
    ]
    return journal_pb2.EntriesTimed(context=context(school.id), facts=facts)


def absence_recorded(school: School, lesson: UUID, student: UUID) -> journal_pb2.AbsenceRecorded:
    return journal_pb2.AbsenceRecorded(
        context=context(school.id),
        student_id=str(student),
        status=journal_pb2.ATTENDANCE_STATUS_ABSENT,
        lesson=journal_pb2.LessonSummary(lesson_id=str(lesson)),
    )


async def weeks(
    sessions: async_sessionmaker[AsyncSession], school: School
) -> dict[date, tuple[int, int, int, int]]:
    async with tenant_transaction(sessions, school.id) as session:
        rows = await session.scalars(select(OversightAttendanceWeek))
        return {r.week: (r.lessons, r.students, r.absent, r.late) for r in rows}


async def timeliness_fact(
    sessions: async_sessionmaker[AsyncSession], school: School, lesson: UUID, day: date
) -> None:
    """The journal's own record of the attendance entered (what the rebuild reads)."""
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            EntryTimeliness(
                school_id=school.id,
                id=uuid4(),
                fact_id=uuid4(),
                kind="attendance",
                timeliness="on_time",
                entity_id=lesson,
                lesson_id=lesson,
                teacher_id=school.teacher.person_id,
                class_id=school.class_id,
                subject_id=school.subject_id,
                lesson_date=day,
                entered_by=school.teacher.person_id,
                entered_at=datetime.now(UTC),
                source="typed",
            )
        )


@pytest.fixture
async def taken(sessions: async_sessionmaker[AsyncSession], service: Service) -> dict[str, Any]:
    """Four students; in the first week of the first term three lessons with attendance
    taken: the first with one absent and one late, the second with two absent, the third
    with everyone present; a fourth lesson without attendance taken (a missing fact)."""
    school = await School(sessions, service, size=4).setup()
    term = await first_term(sessions, school)
    monday = term.starts_on + timedelta(days=(7 - term.starts_on.weekday()) % 7)
    journal = JournalEntries(sessions, school)
    days = [monday, monday + timedelta(days=1), monday + timedelta(days=2)]
    first, second, third = [
        await journal.lesson(day.isoformat(), school.subject_id, "Математика", True) for day in days
    ]
    untaken = await journal.lesson(monday.isoformat(), school.subject_id, "Математика", None)
    s = school.students
    await journal.attendance(first, s[0], "absent")
    await journal.attendance(first, s[1], "late")
    await journal.attendance(second, s[0], "absent")
    await journal.attendance(second, s[2], "absent")
    taken_handler = handlers.on_entries_timed(service.runtime)
    absence_handler = handlers.on_absence_recorded(service.runtime)
    for delivery in range(2):  # every event delivered twice: counted once
        for lesson, day in zip((first, second, third), days, strict=True):
            if delivery == 0:
                await timeliness_fact(sessions, school, lesson, day)
            await deliver(sessions, school.id, taken_handler, attendance_taken(school, lesson, day))
        await deliver(sessions, school.id, absence_handler, absence_recorded(school, first, s[0]))
        await deliver(sessions, school.id, absence_handler, absence_recorded(school, second, s[2]))
    missing = attendance_taken(school, untaken, monday)
    for found in missing.facts:
        found.timeliness = journal_pb2.ENTRY_TIMELINESS_MISSING
    await deliver(sessions, school.id, taken_handler, missing)
    return {"school": school, "term": term, "monday": monday, "lessons": (first, second, third)}


async def test_the_weeks_sums_follow_the_lessons_attendance_and_the_rebuild_agrees(
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
    admin_conn: asyncpg.Connection,
    taken: dict[str, Any],
) -> None:
    school, monday = taken["school"], taken["monday"]
    first, second, _ = taken["lessons"]
    # Three lessons taken (the missing one is not), 3 x 4 students = 12 marked; absent
    # 1 + 2 + 0 = 3; late 1.
    assert await weeks(sessions, school) == {monday: (3, 12, 3, 1)}

    # The second lesson's first absent student set back to present (no event), then the
    # fourth recorded absent there: the lesson is refreshed, 2 absent still; in the first
    # lesson the late student becomes absent: absent 1 + 1 + 2 = 4, late 0.
    async with tenant_transaction(sessions, school.id) as session:
        await session.execute(
            delete(Attendance).where(
                Attendance.lesson_id == second, Attendance.student_id == school.students[0]
            )
        )
        late = await session.get(Attendance, (school.id, first, school.students[1]))
        assert late is not None
        late.status = "absent"
    journal = JournalEntries(sessions, school)
    await journal.attendance(second, school.students[3], "absent")
    absence_handler = handlers.on_absence_recorded(service.runtime)
    await deliver(
        sessions, school.id, absence_handler, absence_recorded(school, second, school.students[3])
    )
    await deliver(
        sessions, school.id, absence_handler, absence_recorded(school, first, school.students[1])
    )
    expected = {monday: (3, 12, 4, 0)}
    assert await weeks(sessions, school) == expected

    await admin_conn.execute(
        "DELETE FROM oversight_attendance_weeks WHERE school_id = $1", school.id
    )
    async with tenant_transaction(sessions, school.id) as session:
        assert await rebuild.rebuild(session, service.runtime, school.id) == 3
    assert await weeks(sessions, school) == expected


async def test_the_district_reads_each_schools_absence_rate_and_a_director_their_own(
    service: Service, taken: dict[str, Any]
) -> None:
    school, term = taken["school"], taken["term"]
    district = service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    got = await service.http.get(URL, params={"period": term.code}, headers=district)
    assert got.status_code == 200, got.text
    (row,) = [r for r in got.json()["schools"] if r["school_id"] == str(school.id)]
    # 3 absent of 12 students marked: 3 / 12 = 0.25.
    assert row["attendance"] == {
        "lessons": 3,
        "students": 12,
        "absent": 3,
        "late": 1,
        "absence_rate": 0.25,
    }
    assert row["absence_rate"] == 0.25

    by_subject = await service.http.get(
        URL, params={"subject_id": str(school.subject_id)}, headers=district
    )
    assert by_subject.status_code == 200, by_subject.text
    # The sums are per class, not per subject: no absence rate under a subject's filter
    # (and the school, with no keeping figure of the subject here, is not listed at all).
    assert all(r["attendance"] is None for r in by_subject.json()["schools"])

    own = await service.http.get(URL, headers=school.auth(school.director))
    assert own.status_code == 200, own.text
    assert [(r["school_id"], r["absence_rate"]) for r in own.json()["schools"]] == [
        (str(school.id), 0.25)
    ]


async def test_the_reporting_role_reads_the_weeks_not_the_lessons_bookkeeping(
    database: ScratchDatabase, taken: dict[str, Any]
) -> None:
    """The district reads the weeks' counts (granted); the per-lesson rows stay the
    handlers' own."""
    conn = await asyncpg.connect(
        database.reporting_url.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        async with conn.transaction(readonly=True):
            await conn.execute("SELECT set_config('app.district', 'on', true)")
            absent = await conn.fetchval(
                "SELECT sum(absent) FROM oversight_attendance_weeks WHERE school_id = $1",
                taken["school"].id,
            )
            assert absent == 3
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("SELECT 1 FROM oversight_attendance_lessons LIMIT 1")
    finally:
        await conn.close()
