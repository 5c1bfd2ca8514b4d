"""The teacher's day (J1, J4): the lessons of a date with what their records still lack and
by when it is due under the school's policy, the earlier lessons still open for entry that
lack a topic or attendance, and the journals the teacher keeps. Read from the journal's own
projection of schedule's lessons, in a handful of queries whatever the number of lessons."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.runtime import Runtime
from okrug_journal import people
from okrug_journal.grades import grade_of_name
from okrug_journal.models import Attendance, EntryTimeliness, LessonProjection, LessonRecord, Mark
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy
from okrug_journal.teacher_day.schemas import (
    DayLesson,
    MadeEntry,
    MissingEntry,
    TaughtSubject,
    TeacherDay,
)
from okrug_journal.timeliness.facts import LESSON_KINDS

# How far back unfinished lessons are looked for: a month covers every edit window but
# "year-end", where a lesson older than that is the leadership's business, not the day's.
LOOK_BACK_DAYS = 31
MAX_UNFINISHED = 100


@dataclass(frozen=True)
class Recorded:
    """What the journal holds of some lessons, by lesson."""

    records: dict[UUID, LessonRecord]
    attendance_taken: set[UUID]
    marks: dict[UUID, int]
    made: dict[UUID, list[MadeEntry]]


async def teacher_day(
    session: AsyncSession, runtime: Runtime, principal: Principal, day: date | None
) -> TeacherDay:
    teacher_id = principal.require_person()
    policy = await school_policy(session, runtime, principal.require_school())
    now = datetime.now(UTC)
    today = now.astimezone(policy.zone).date()
    shown = day or today
    lessons = await _lessons(session, teacher_id, shown, shown)
    earlier = [
        lesson
        for lesson in await _lessons(
            session, teacher_id, shown - timedelta(days=LOOK_BACK_DAYS), shown - timedelta(days=1)
        )
        if lesson.starts_at <= now and now < rules.edit_window_closes_at(policy, lesson.lesson_date)
    ]
    recorded = await _recorded(session, [lesson.lesson_id for lesson in [*lessons, *earlier]])
    await _name_others(runtime, principal.require_school(), teacher_id, recorded)
    unfinished = [
        read
        for read in (_day_lesson(policy, recorded, lesson, now) for lesson in reversed(earlier))
        if any(m.entry != "homework" for m in read.missing)
    ]
    return TeacherDay(
        day=shown,
        today=today,
        time_zone=policy.time_zone,
        lessons=[_day_lesson(policy, recorded, lesson, now) for lesson in lessons],
        unfinished=unfinished[:MAX_UNFINISHED],
        journals=await _journals(session, teacher_id, rules.year_start(policy, today)),
    )


async def _lessons(
    session: AsyncSession, teacher_id: UUID, first: date, last: date
) -> Sequence[LessonProjection]:
    return (
        await session.scalars(
            select(LessonProjection)
            .where(
                LessonProjection.teacher_id == teacher_id,
                LessonProjection.lesson_date >= first,
                LessonProjection.lesson_date <= last,
            )
            .order_by(LessonProjection.starts_at, LessonProjection.class_name)
        )
    ).all()


async def _recorded(session: AsyncSession, lesson_ids: list[UUID]) -> Recorded:
    if not lesson_ids:
        return Recorded({}, set(), {}, {})
    records = await session.scalars(
        select(LessonRecord).where(LessonRecord.lesson_id.in_(lesson_ids))
    )
    # Attendance is taken once a save said who was there (a timeliness fact), or when some
    # absence was recorded on its own.
    taken = set(
        await session.scalars(
            select(EntryTimeliness.lesson_id).where(
                EntryTimeliness.kind == "attendance",
                EntryTimeliness.timeliness != "missing",
                EntryTimeliness.lesson_id.in_(lesson_ids),
            )
        )
    ) | set(
        await session.scalars(
            select(Attendance.lesson_id).where(Attendance.lesson_id.in_(lesson_ids))
        )
    )
    marks = await session.execute(
        select(Mark.lesson_id, func.count())
        .where(Mark.lesson_id.in_(lesson_ids))
        .group_by(Mark.lesson_id)
    )
    made: dict[UUID, list[MadeEntry]] = {}
    for fact in await session.scalars(
        select(EntryTimeliness)
        .where(
            EntryTimeliness.lesson_id.in_(lesson_ids),
            EntryTimeliness.kind.in_(LESSON_KINDS),
            EntryTimeliness.timeliness != "missing",
        )
        .order_by(EntryTimeliness.kind)
    ):
        assert fact.lesson_id is not None
        made.setdefault(fact.lesson_id, []).append(
            MadeEntry.model_validate(
                {
                    "entry": fact.kind,
                    "timeliness": fact.timeliness,
                    "entered_at": fact.entered_at,
                    "entered_by": fact.entered_by,
                    "source": fact.source,
                }
            )
        )
    return Recorded(
        {record.lesson_id: record for record in records},
        {lesson_id for lesson_id in taken if lesson_id is not None},
        {lesson_id: int(count) for lesson_id, count in marks.all()},
        made,
    )


async def _name_others(
    runtime: Runtime, school_id: UUID, teacher_id: UUID, recorded: Recorded
) -> None:
    """Entries someone else made in the teacher's lessons (a school admin importing paper,
    a substitute) name who made them."""
    others = {
        m.entered_by for made in recorded.made.values() for m in made if m.entered_by != teacher_id
    }
    if not others:
        return
    known = await people.names(runtime, school_id, others)
    for lesson_id, made in recorded.made.items():
        recorded.made[lesson_id] = [
            m
            if m.entered_by == teacher_id
            else m.model_copy(update={"entered_by_name": known[m.entered_by].short})
            for m in made
        ]


def _day_lesson(
    policy: JournalPolicy, recorded: Recorded, lesson: LessonProjection, now: datetime
) -> DayLesson:
    record = recorded.records.get(lesson.lesson_id)
    taken = lesson.lesson_id in recorded.attendance_taken
    return DayLesson(
        lesson_id=lesson.lesson_id,
        lesson_date=lesson.lesson_date,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        period=lesson.period_number,
        class_id=lesson.class_id,
        class_name=lesson.class_name,
        subject_id=lesson.subject_id,
        subject_name=lesson.subject_name,
        group_id=lesson.group_id,
        group_name=lesson.group_name,
        room_name=lesson.room_name,
        substituting=lesson.planned_teacher_id not in (None, lesson.teacher_id),
        held=record.held if record else None,
        topic=record.topic if record else None,
        has_homework=bool(record and record.homework),
        attendance_taken=taken,
        marks=recorded.marks.get(lesson.lesson_id, 0),
        edit_window_closes_at=rules.edit_window_closes_at(policy, lesson.lesson_date),
        missing=_missing(policy, lesson, record, taken, now),
        made=recorded.made.get(lesson.lesson_id, []),
    )


def _missing(
    policy: JournalPolicy,
    lesson: LessonProjection,
    record: LessonRecord | None,
    attendance_taken: bool,
    now: datetime,
) -> list[MissingEntry]:
    """What is still to be entered, each with its due moment (J4); a lesson recorded as not
    held needs nothing more, and grade levels without marks get no homework (J5)."""
    if record is not None and not record.held:
        return []
    day, deadlines = lesson.lesson_date, policy.deadlines
    due: list[tuple[str, datetime]] = []
    if record is None or not record.topic:
        due.append(("topic", rules.days_due(policy, day, deadlines.topics_days)))
    if not attendance_taken:
        due.append(("attendance", rules.attendance_due(policy, day, lesson.starts_at)))
    grade = lesson.class_grade or grade_of_name(lesson.class_name)
    if not (record and record.homework) and grade not in policy.grades_without_marks:
        due.append(("homework", rules.days_due(policy, day, deadlines.homework_days)))
    return [
        MissingEntry.model_validate({"entry": entry, "due_at": at, "late": now >= at})
        for entry, at in due
    ]


async def _journals(session: AsyncSession, teacher_id: UUID, since: date) -> list[TaughtSubject]:
    """The classes (or groups) and subjects of the teacher's lessons this academic year, as
    the access policy's "teaches the class" reads them."""
    rows = await session.execute(
        select(
            LessonProjection.class_id,
            LessonProjection.subject_id,
            LessonProjection.group_id,
            func.max(LessonProjection.class_name),
            func.max(LessonProjection.subject_name),
            func.max(LessonProjection.group_name),
        )
        .where(LessonProjection.teacher_id == teacher_id, LessonProjection.lesson_date >= since)
        .group_by(LessonProjection.class_id, LessonProjection.subject_id, LessonProjection.group_id)
    )
    journals = [
        TaughtSubject(
            class_id=class_id,
            class_name=class_name or "",
            subject_id=subject_id,
            subject_name=subject_name or "",
            group_id=group_id,
            group_name=group_name,
        )
        for class_id, subject_id, group_id, class_name, subject_name, group_name in rows.all()
    ]
    return sorted(journals, key=_journal_order)


def _journal_order(journal: TaughtSubject) -> tuple[int, str, str, str]:
    return (
        grade_of_name(journal.class_name) or 0,
        journal.class_name,
        journal.subject_name,
        journal.group_name or "",
    )
