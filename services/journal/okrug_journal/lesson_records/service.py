"""Saving a lesson at once (J1-J3): topic, work types, homework, the class's attendance
and marks, in one transaction with one outbox event per fact and a timeliness fact per
entry (J4), which keeps the moment the browser claims for the entry beside the moment
received (J13)."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.event_catalog import EventMessage, JournalEvents
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.attendance import absence_notes
from okrug_journal.attendance.service import _STATUS
from okrug_journal.grades import lesson_grade
from okrug_journal.lesson_plans.topics import topic_of_lesson
from okrug_journal.lesson_records.schemas import (
    AttendanceRow,
    Homework,
    IndividualHomework,
    LessonRecordRead,
    LessonSave,
)
from okrug_journal.lessons import require_students, summary, writable_lesson
from okrug_journal.marks.schemas import MarkRead
from okrug_journal.marks.service import mark_timeliness, new_mark, to_proto
from okrug_journal.models import (
    Attendance,
    LessonProjection,
    LessonRecord,
    Mark,
)
from okrug_journal.models import (
    IndividualHomework as IndividualHomeworkRow,
)
from okrug_journal.outbox import emit_many
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.projections import service as projections
from okrug_journal.timeliness import expectations
from okrug_journal.timeliness import service as timeliness
from okrug_journal.timeliness.facts import lesson_occasion


def _homework_proto(homework: Homework) -> journal_pb2.Homework:
    return journal_pb2.Homework(
        text=homework.text,
        pages=homework.pages,
        exercises=homework.exercises,
        attachments=[journal_pb2.Attachment(name=a.name, url=a.url) for a in homework.attachments],
    )


def _homework_json(homework: Homework) -> dict[str, Any]:
    return homework.model_dump(mode="json", include=set(Homework.model_fields))


async def _validate(
    session: AsyncSession,
    runtime: Runtime,
    policy: JournalPolicy,
    lesson: LessonProjection,
    data: LessonSave,
    now: datetime,
) -> None:
    """Everything is checked before anything is written; each refusal names its field."""
    timeliness.check_claim(data.claimed_at, now, "claimed_at")
    for i, code in enumerate(data.work_types):
        rules.require_work_type(policy, code, f"work_types.{i}")
    if data.marks or data.homework is not None or data.individual_homework:
        grade = await lesson_grade(session, runtime, lesson)
        if grade is not None and grade in policy.grades_without_marks:
            field = "marks" if data.marks else "homework"
            raise InvalidInput(
                f"Grade {grade} gets no marks and no homework under the school's policy.",
                field=field,
            )
    for i, mark in enumerate(data.marks):
        rules.check_mark_value(policy, mark.value, f"marks.{i}.value")
        rules.require_work_type(policy, mark.work_type, f"marks.{i}.work_type")
        timeliness.check_claim(mark.claimed_at, now, f"marks.{i}.claimed_at")
    students: list[tuple[UUID, str]] = []
    seen: set[UUID] = set()
    for i, entry in enumerate(data.attendance or []):
        field = f"attendance.{i}.student_id"
        if entry.student_id in seen:
            raise InvalidInput("The student is listed twice.", field=field)
        if entry.status == "present" and entry.reason is not None:
            raise InvalidInput(
                "A present student has no absence reason.", field=f"attendance.{i}.reason"
            )
        seen.add(entry.student_id)
        students.append((entry.student_id, field))
    seen_hw: set[UUID] = set()
    for i, hw in enumerate(data.individual_homework):
        field = f"individual_homework.{i}.student_id"
        if hw.student_id in seen_hw:
            raise InvalidInput("The student is listed twice.", field=field)
        seen_hw.add(hw.student_id)
        students.append((hw.student_id, field))
    students += [(m.student_id, f"marks.{i}.student_id") for i, m in enumerate(data.marks)]
    await require_students(session, runtime, lesson, students)


async def save_lesson(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    lesson_id: UUID,
    data: LessonSave,
) -> LessonRecordRead:
    lesson, policy = await writable_lesson(session, runtime, principal, lesson_id)
    now = datetime.now(UTC)
    await _validate(session, runtime, policy, lesson, data, now)
    if data.plan_topic_id is not None:
        planned = await topic_of_lesson(session, lesson, data.plan_topic_id)
        if data.topic is None:
            data = data.model_copy(update={"topic": planned.topic})
    person = principal.require_person()
    school_id = lesson.school_id
    claimed = data.claimed_at
    occasion = lesson_occasion(policy, lesson)
    facts: list[EventMessage] = []
    entries: list[timeliness.Entry] = []

    record = await session.get(LessonRecord, (school_id, lesson_id))
    first = record is None
    if record is None:
        record = LessonRecord(
            school_id=school_id, lesson_id=lesson_id, recorded_by=person, recorded_at=now
        )
        session.add(record)
    if data.topic is not None and (first or record.topic != data.topic):
        entries.append(
            timeliness.Entry(
                "topic",
                occasion,
                rules.days_due(policy, lesson.lesson_date, policy.deadlines.topics_days),
                lesson_id,
                claimed,
            )
        )
    homework_due = rules.days_due(policy, lesson.lesson_date, policy.deadlines.homework_days)
    if data.homework is not None:
        homework = _homework_json(data.homework)
        if first or record.homework != homework:
            facts.append(
                JournalEvents.HOMEWORK_SET.of(
                    journal_pb2.HomeworkSet(
                        class_id=str(lesson.class_id),
                        homework=_homework_proto(data.homework),
                        lesson=summary(lesson),
                        estimated_minutes=data.homework.minutes or 0,
                    )
                )
            )
            entries.append(timeliness.Entry("homework", occasion, homework_due, lesson_id, claimed))
        record.homework = homework
    elif first:
        record.homework = None
    if data.topic is not None or first:
        record.topic = data.topic
    if data.plan_topic_id is not None or first:
        record.plan_topic_id = data.plan_topic_id
    record.work_types = list(dict.fromkeys(data.work_types))
    was_held = first or record.held
    record.held = data.held
    record.teacher_id = lesson.teacher_id
    record.updated_at = now

    individual = await _save_individual_homework(session, lesson, data.individual_homework, person)
    for hw in individual:
        facts.append(
            JournalEvents.HOMEWORK_SET.of(
                journal_pb2.HomeworkSet(
                    class_id=str(lesson.class_id),
                    student_id=str(hw.student_id),
                    homework=_homework_proto(hw),
                    lesson=summary(lesson),
                    estimated_minutes=hw.minutes or 0,
                )
            )
        )
        entries.append(timeliness.Entry("homework", occasion, homework_due, lesson_id, claimed))

    if data.attendance is not None:
        facts += await _save_attendance(session, lesson, data, person, now)
        entries.append(
            timeliness.Entry(
                "attendance",
                occasion,
                rules.attendance_due(policy, lesson.lesson_date, lesson.starts_at),
                lesson_id,
                claimed,
            )
        )

    marks = [
        new_mark(policy, lesson, m.student_id, m.value, m.work_type, person, now)
        for m in data.marks
    ]
    if marks:
        await session.execute(
            insert(Mark),
            [
                {
                    c: getattr(m, c)
                    for c in (
                        "school_id",
                        "id",
                        "lesson_id",
                        "student_id",
                        "scale",
                        "value",
                        "work_type",
                        "weight",
                        "recorded_by",
                        "recorded_at",
                    )
                }
                for m in marks
            ],
        )
    for mark, sent in zip(marks, data.marks, strict=True):
        facts.append(
            JournalEvents.MARK_RECORDED.of(
                journal_pb2.MarkRecorded(mark=to_proto(mark), lesson=summary(lesson))
            )
        )
        entries.append(mark_timeliness(policy, lesson, mark, sent.claimed_at or claimed))

    await session.flush()
    if not data.held:
        await expectations.forget_lesson(session, school_id, lesson_id)
    elif not was_held:  # recorded as not held before: its entries are expected again
        await expectations.expect_lessons(session, runtime, school_id, [lesson_id])
    await timeliness.record(session, school_id, person, now, entries)
    await emit_many(session, facts, school_id=school_id, actor_id=person)
    rows = await _attendance_rows(session, lesson)
    all_individual = await _individual(session, lesson)
    return _read(record, all_individual, rows, marks)


async def _save_individual_homework(
    session: AsyncSession,
    lesson: LessonProjection,
    wanted: list[IndividualHomework],
    person: UUID,
) -> list[IndividualHomework]:
    """Replace the lesson's individual homework with `wanted` when given; returns what is
    new or changed (each one a fact)."""
    if not wanted:
        return []
    existing = {
        row.student_id: row.homework
        for row in await session.scalars(
            select(IndividualHomeworkRow).where(IndividualHomeworkRow.lesson_id == lesson.lesson_id)
        )
    }
    changed = [hw for hw in wanted if existing.get(hw.student_id) != _homework_json(hw)]
    statement = pg_insert(IndividualHomeworkRow).values(
        [
            {
                "school_id": lesson.school_id,
                "lesson_id": lesson.lesson_id,
                "student_id": hw.student_id,
                "homework": _homework_json(hw),
                "set_by": person,
            }
            for hw in wanted
        ]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "lesson_id", "student_id"],
            set_={"homework": statement.excluded.homework, "set_by": statement.excluded.set_by},
        )
    )
    return changed


async def _save_attendance(
    session: AsyncSession,
    lesson: LessonProjection,
    data: LessonSave,
    person: UUID,
    now: datetime,
) -> list[EventMessage]:
    """The class's attendance becomes what the request says; an absence or late that is new
    or changed is a fact."""
    existing = {
        row.student_id: (row.status, row.reason)
        for row in await session.scalars(
            select(Attendance).where(Attendance.lesson_id == lesson.lesson_id)
        )
    }
    missing = [e for e in data.attendance or [] if e.status != "present"]
    missing = await absence_notes.fill_reasons(session, lesson, missing)
    present = set(existing) - {e.student_id for e in missing}
    if present:
        await session.execute(
            delete(Attendance).where(
                Attendance.lesson_id == lesson.lesson_id,
                Attendance.student_id.in_(present),
            )
        )
    facts: list[EventMessage] = []
    if not missing:
        return facts
    statement = pg_insert(Attendance).values(
        [
            {
                "school_id": lesson.school_id,
                "lesson_id": lesson.lesson_id,
                "student_id": e.student_id,
                "status": e.status,
                "reason": e.reason,
                "recorded_by": person,
                "recorded_at": now,
            }
            for e in missing
        ]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "lesson_id", "student_id"],
            set_={
                k: statement.excluded[k] for k in ("status", "reason", "recorded_by", "recorded_at")
            },
        )
    )
    for e in missing:
        if existing.get(e.student_id) != (e.status, e.reason):
            facts.append(
                JournalEvents.ABSENCE_RECORDED.of(
                    journal_pb2.AbsenceRecorded(
                        student_id=str(e.student_id),
                        status=_STATUS[e.status],
                        reason=e.reason or "",
                        lesson=summary(lesson),
                    )
                )
            )
    return facts


async def _attendance_rows(session: AsyncSession, lesson: LessonProjection) -> list[AttendanceRow]:
    # Only the columns the answer shows: no ORM objects to build for a read-back.
    rows = await session.execute(
        select(Attendance.student_id, Attendance.status, Attendance.reason)
        .where(Attendance.lesson_id == lesson.lesson_id)
        .order_by(Attendance.student_id)
    )
    return [
        AttendanceRow(student_id=student_id, status=status, reason=reason)
        for student_id, status, reason in rows
    ]


async def _individual(session: AsyncSession, lesson: LessonProjection) -> list[IndividualHomework]:
    rows = await session.execute(
        select(IndividualHomeworkRow.student_id, IndividualHomeworkRow.homework)
        .where(IndividualHomeworkRow.lesson_id == lesson.lesson_id)
        .order_by(IndividualHomeworkRow.student_id)
    )
    return [IndividualHomework(student_id=student_id, **homework) for student_id, homework in rows]


def _read(
    record: LessonRecord,
    individual: list[IndividualHomework],
    attendance: list[AttendanceRow],
    marks: list[Mark],
) -> LessonRecordRead:
    return LessonRecordRead(
        lesson_id=record.lesson_id,
        topic=record.topic,
        plan_topic_id=record.plan_topic_id,
        held=record.held,
        work_types=record.work_types,
        homework=Homework.model_validate(record.homework) if record.homework else None,
        individual_homework=individual,
        teacher_id=record.teacher_id,
        recorded_by=record.recorded_by,
        recorded_at=record.recorded_at,
        updated_at=record.updated_at,
        attendance=attendance,
        marks=[MarkRead.model_validate(m, from_attributes=True) for m in marks],
    )


async def read_lesson(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> LessonRecordRead:
    lesson = await projections.lesson(session, runtime, principal.require_school(), lesson_id)
    await access.require_lesson_reader(session, principal, lesson)
    record = await session.get(LessonRecord, (lesson.school_id, lesson_id))
    if record is None:
        now = datetime.now(UTC)
        record = LessonRecord(
            school_id=lesson.school_id,
            lesson_id=lesson_id,
            topic=None,
            work_types=[],
            homework=None,
            held=False,
            teacher_id=lesson.teacher_id,
            recorded_by=lesson.teacher_id,
            recorded_at=now,
            updated_at=now,
        )
    marks = list(
        await session.scalars(
            select(Mark).where(Mark.lesson_id == lesson_id).order_by(Mark.recorded_at, Mark.id)
        )
    )
    return _read(
        record, await _individual(session, lesson), await _attendance_rows(session, lesson), marks
    )
