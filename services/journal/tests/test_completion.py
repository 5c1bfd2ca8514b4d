"""Curriculum completion (issue 5 point 7; J8, S0 6.3): per subject of a class over a range
or a study period, the planned lessons (cancelled ones included), held, missed (cancelled,
recorded as not held, or past without a record), substituted, and the lesson plan's hours
against the hours held. Numbers are checked against a hand count of the lessons below."""

import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from journal_support import MOSCOW, FakeScheduleChannel, School, pdf_lines, person
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_journal.models import LessonCancellation, LessonProjection, LessonRecord
from okrug_journal.projections import lesson_changes
from okrug_journal.projections import service as projections

RUSSIAN = "Русский язык"


class Lessons:
    """Lessons of the school's class, put in the projection as schedule's events would."""

    def __init__(self, school: School, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.school, self.sessions = school, sessions
        self.today = datetime.now(MOSCOW).date()

    async def add(
        self,
        days: int,
        *,
        teacher: UUID | None = None,
        planned: UUID | None = None,
        subject: UUID | None = None,
        subject_name: str = "Математика",
    ) -> UUID:
        lesson_id = uuid4()
        day = self.today + timedelta(days=days)
        teacher_id = teacher or self.school.teacher.person_id
        async with tenant_transaction(self.sessions, self.school.id) as session:
            session.add(
                LessonProjection(
                    school_id=self.school.id,
                    lesson_id=lesson_id,
                    class_id=self.school.class_id,
                    subject_id=subject or self.school.subject_id,
                    subject_name=subject_name,
                    teacher_id=teacher_id,
                    planned_teacher_id=planned or teacher_id,
                    lesson_date=day,
                    starts_at=datetime.combine(day, time(9), tzinfo=MOSCOW).astimezone(UTC),
                )
            )
        return lesson_id

    async def record(self, lesson_id: UUID, *, held: bool) -> None:
        async with tenant_transaction(self.sessions, self.school.id) as session:
            lesson = await session.get(LessonProjection, (self.school.id, lesson_id))
            assert lesson is not None
            session.add(
                LessonRecord(
                    school_id=self.school.id,
                    lesson_id=lesson_id,
                    topic="Тема",
                    work_types=[],
                    held=held,
                    teacher_id=lesson.teacher_id,
                    recorded_by=lesson.teacher_id,
                )
            )

    async def cancel(self, lesson_id: UUID) -> None:
        """Schedule cancels the lesson; the journal refreshes it as on a lesson.cancelled."""
        async with tenant_transaction(self.sessions, self.school.id) as session:
            lesson = await session.get(LessonProjection, (self.school.id, lesson_id))
            assert lesson is not None
            starts = Timestamp()
            starts.FromDatetime(lesson.starts_at)
            day = lesson.lesson_date
            FakeScheduleChannel.lessons[lesson_id] = schedule_pb2.Lesson(
                lesson_id=str(lesson_id),
                school_id=str(self.school.id),
                class_id=str(lesson.class_id),
                class_name="5А",
                subject_id=str(lesson.subject_id),
                subject_name=lesson.subject_name,
                teacher_id=str(lesson.teacher_id),
                planned_teacher_id=str(lesson.planned_teacher_id),
                starts_at=starts,
                lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
                status=schedule_pb2.LESSON_STATUS_CANCELLED,
            )
        async with tenant_transaction(self.sessions, self.school.id) as session:
            await lesson_changes.refresh_lesson(
                session, self.school.service.runtime, self.school.id, lesson_id
            )


async def report(school: School, principal: Any, **params: Any) -> Any:
    return await school.service.http.get(
        f"/journal/classes/{school.class_id}/completion",
        params={k: str(v) for k, v in params.items()},
        headers=school.auth(principal),
    )


@pytest.fixture
async def lessons(school: School, sessions: async_sessionmaker[AsyncSession]) -> Lessons:
    return Lessons(school, sessions)


async def test_completion_counts_planned_held_missed_and_substituted_lessons_by_hand(
    school: School, lessons: Lessons, sessions: async_sessionmaker[AsyncSession]
) -> None:
    teacher, substitute = school.teacher.person_id, school.other_teacher.person_id
    russian_teacher = person(school.id, Role.TEACHER)
    russian = uuid4()
    # Mathematics in the range [-10, +5] days from today:
    held_1 = await lessons.add(-9)
    held_substituted = await lessons.add(-8, teacher=substitute, planned=teacher)
    recorded_not_held = await lessons.add(-7)
    await lessons.add(-6)  # past, without a record
    cancelled = await lessons.add(-5)
    cancelled_with_marks = await lessons.add(-4)
    await lessons.add(2)  # upcoming
    outside = await lessons.add(-20)
    # Russian, by its own teacher: one held lesson.
    russian_held = await lessons.add(
        -3, teacher=russian_teacher.person_id, subject=russian, subject_name=RUSSIAN
    )
    for lesson in (held_1, held_substituted, outside, russian_held):
        await lessons.record(lesson, held=True)
    await lessons.record(recorded_not_held, held=False)
    marked = await school.service.http.post(
        f"/journal/lessons/{cancelled_with_marks}/marks",
        json={"student_id": str(school.students[0]), "value": "5", "work_type": "oral"},
        headers=school.auth(school.teacher),
    )
    assert marked.status_code == 201, marked.text
    await lessons.cancel(cancelled)
    await lessons.cancel(cancelled_with_marks)

    # The cancelled lesson without records left the projection; the one with marks stayed;
    # both are kept as cancellations.
    async with tenant_transaction(sessions, school.id) as session:
        assert await session.get(LessonProjection, (school.id, cancelled)) is None
        assert await session.get(LessonProjection, (school.id, cancelled_with_marks)) is not None
        kept = set(await session.scalars(select(LessonCancellation.lesson_id)))
    assert kept == {cancelled, cancelled_with_marks}
    # The cancelled lesson is not readable or writable elsewhere in the journal.
    gone = await school.service.http.put(
        f"/journal/lessons/{cancelled}/record", json={}, headers=school.auth(school.teacher)
    )
    assert gone.status_code == 404

    plan = await school.service.http.post(
        "/journal/lesson-plans",
        json={
            "class_id": str(school.class_id),
            "subject_id": str(school.subject_id),
            "topics": [{"topic": "Дроби", "hours": 3}, {"topic": "Проценты", "hours": 2}],
        },
        headers=school.auth(school.teacher),
    )
    assert plan.status_code == 201, plan.text

    today = lessons.today
    window = {"date_from": today - timedelta(days=10), "date_to": today + timedelta(days=5)}
    response = await report(school, school.director, **window)
    assert response.status_code == 200, response.text
    rows = {r["subject_name"]: r for r in response.json()["rows"]}
    maths = rows["Математика"]
    # Hand count of mathematics, the -20 day lesson being outside the range:
    # planned: held_1, held_substituted, recorded_not_held, past_without_record, cancelled,
    #          cancelled_with_marks, upcoming = 7
    # held: held_1, held_substituted = 2
    # cancelled: cancelled, cancelled_with_marks = 2 (the marks do not make it held)
    # not held: recorded_not_held, past_without_record = 2; missed = 2 + 2 = 4
    # upcoming: 1; substituted: held_substituted = 1
    # plan hours: 3 + 2 = 5; held hours: 2
    assert {k: maths[k] for k in ("planned", "held", "missed", "cancelled", "not_held")} == {
        "planned": 7,
        "held": 2,
        "missed": 4,
        "cancelled": 2,
        "not_held": 2,
    }
    assert (maths["upcoming"], maths["substituted"]) == (1, 1)
    assert (maths["plan_id"], maths["plan_hours"], maths["held_hours"]) == (
        plan.json()["id"],
        5,
        2,
    )
    assert maths["planned"] == maths["held"] + maths["missed"] + maths["upcoming"]
    workbook = await school.service.http.get(
        f"/journal/classes/{school.class_id}/completion.xlsx",
        params={k: str(v) for k, v in window.items()},
        headers=school.auth(school.director),
    )
    assert workbook.status_code == 200, workbook.text
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    table = {r[0]: list(r[1:]) for r in sheet.iter_rows(min_row=4, values_only=True)}
    # planned, held, missed, cancelled, ahead, substituted, plan hours: as counted above.
    assert table["Математика"] == [7, 2, 4, 2, 1, 1, 5]
    assert table[RUSSIAN] == [1, 1, 0, 0, 0, 0, None]
    printed = await school.service.http.get(
        f"/journal/classes/{school.class_id}/completion.pdf",
        params={k: str(v) for k, v in window.items()},
        headers=school.auth(school.director),
    )
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    lines = pdf_lines(printed.content)
    columns = ("planned", "held", "missed", "cancelled", "not_held", "upcoming", "substituted")
    for name, row in rows.items():
        at = lines.index(name)
        plan_hours = "—" if row["plan_hours"] is None else str(row["plan_hours"])
        assert lines[at + 1 : at + 9] == [*(str(row[c]) for c in columns), plan_hours], name
    assert lines[lines.index("Математика") + 1 : lines.index("Математика") + 9] == [
        *"7242211",
        "5",
    ]
    assert {k: rows[RUSSIAN][k] for k in ("planned", "held", "missed", "plan_hours")} == {
        "planned": 1,
        "held": 1,
        "missed": 0,
        "plan_hours": None,
    }

    # The same range as a study period of the school's policy.
    await school.set_calendar(
        [
            {
                "code": "term-2",
                "kind": "term",
                "starts_on": str(window["date_from"]),
                "ends_on": str(window["date_to"]),
            }
        ]
    )
    by_period = await report(school, school.director, period="term-2")
    assert by_period.json()["rows"] == response.json()["rows"]
    assert by_period.json()["period"] == "term-2"


async def test_each_reader_sees_the_subjects_they_may(
    school: School, lessons: Lessons, sessions: async_sessionmaker[AsyncSession]
) -> None:
    russian_teacher = person(school.id, Role.TEACHER)
    await lessons.add(-2)
    await lessons.add(-1, teacher=russian_teacher.person_id, subject=uuid4(), subject_name=RUSSIAN)
    window = {"date_from": lessons.today - timedelta(days=7), "date_to": lessons.today}

    async def subjects(principal: Any, **extra: Any) -> list[str]:
        response = await report(school, principal, **window, **extra)
        assert response.status_code == 200, response.text
        return sorted(r["subject_name"] for r in response.json()["rows"])

    class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    async with tenant_transaction(sessions, school.id) as session:
        await projections.set_class_teacher(
            session, school.id, school.class_id, class_teacher.person_id
        )
    both = sorted(["Математика", RUSSIAN])
    assert await subjects(school.director) == both
    assert await subjects(class_teacher) == both
    assert await subjects(school.teacher) == ["Математика"]
    assert await subjects(russian_teacher) == [RUSSIAN]
    assert await subjects(school.teacher, subject_id=school.subject_id) == ["Математика"]
    not_theirs = await report(school, russian_teacher, **window, subject_id=school.subject_id)
    assert not_theirs.status_code == 403
    for outsider in (school.other_teacher, school.parent):
        assert (await report(school, outsider, **window)).status_code == 403
    other = await School(sessions, school.service).setup()
    assert (await report(school, other.director, **window)).status_code == 404


async def test_bad_ranges_name_the_field(school: School, lessons: Lessons) -> None:
    await lessons.add(-1)
    today = lessons.today
    for params, field in (
        ({}, "date_from"),
        ({"date_from": today, "date_to": today - timedelta(days=1)}, "date_to"),
        ({"period": "term-9"}, "period"),
        ({"period": "term-1", "date_from": today, "date_to": today}, "period"),
        ({"date_from": date(2020, 1, 1), "date_to": date(2022, 1, 1)}, "date_to"),
    ):
        response = await report(school, school.director, **params)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] == field


async def test_a_teacher_whose_lessons_a_substitute_took_still_reads_the_subject(
    school: School, lessons: Lessons
) -> None:
    """S7: the substitute becomes the teacher of record; the timetable's teacher keeps the
    class's subject (its journal, plans, completion), though no lesson of it is theirs now."""
    planned = person(school.id, Role.TEACHER)
    await lessons.add(-1, teacher=school.other_teacher.person_id, planned=planned.person_id)
    window = {"date_from": lessons.today - timedelta(days=7), "date_to": lessons.today}
    for reader in (planned, school.other_teacher):
        response = await report(school, reader, **window, subject_id=school.subject_id)
        assert response.status_code == 200, response.text
        assert [r["substituted"] for r in response.json()["rows"]] == [1]
    stranger = person(school.id, Role.TEACHER)
    refused = await report(school, stranger, **window, subject_id=school.subject_id)
    assert refused.status_code == 403
