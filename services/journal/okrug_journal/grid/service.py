"""The journal grid of a class (or one of its groups) in a subject for a study period, read
in one request (J1-J6): students by lessons with marks, attendance, topics, homework, the
period's averages beside the period marks, and for each lesson whether the caller may
still change it and, if not, why."""

from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.grid.schemas import (
    GridAttendance,
    GridEntryTiming,
    GridLesson,
    GridMark,
    GridPeriod,
    GridStanding,
    GridStudent,
    GridWorkType,
    JournalGrid,
    LockReason,
)
from okrug_journal.lesson_records.schemas import Homework
from okrug_journal.models import (
    Attendance,
    ClassMemberProjection,
    EntryTimeliness,
    GroupMemberProjection,
    LessonProjection,
    LessonRecord,
    Mark,
    PeriodMark,
)
from okrug_journal.period_marks.service import class_subject_lesson
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod
from okrug_journal.policy.service import school_policy
from okrug_journal.summaries.journal_data import class_names
from okrug_journal.timeliness.facts import LESSON_KINDS

# The periods a grid opens on by default, shortest first: the one containing today.
DEFAULT_KINDS = ("term", "trimester", "half-year", "year")


def chosen_period(policy: JournalPolicy, code: str | None, today: date) -> StudyPeriod:
    """The period asked for; else the shortest one containing today; else the last one
    begun (between terms, in the holidays); else the first."""
    if code is not None:
        return rules.require_period(policy, code)
    if not policy.study_periods:
        raise InvalidInput("The school's policy has no study periods.", field="period")
    for kind in DEFAULT_KINDS:
        for period in policy.study_periods:
            if period.kind == kind and period.starts_on <= today <= period.ends_on:
                return period
    begun = [p for p in policy.study_periods if p.starts_on <= today and p.kind in DEFAULT_KINDS]
    if begun:
        return max(begun, key=lambda p: (p.starts_on, -DEFAULT_KINDS.index(p.kind)))
    return policy.study_periods[0]


def _lessons_where(
    class_id: UUID, subject_id: UUID, group_id: UUID | None, starts: date, ends: date
) -> ColumnElement[bool]:
    group = (
        LessonProjection.group_id.is_(None)
        if group_id is None
        else LessonProjection.group_id == group_id
    )
    return and_(
        LessonProjection.class_id == class_id,
        LessonProjection.subject_id == subject_id,
        group,
        LessonProjection.lesson_date >= starts,
        LessonProjection.lesson_date <= ends,
    )


async def _lock(
    principal: Principal, policy: JournalPolicy, lesson: LessonProjection, now: datetime
) -> LockReason | None:
    if not await access.may_write_lesson(principal, lesson):
        substituted = (
            lesson.planned_teacher_id is not None
            and lesson.planned_teacher_id == principal.person_id
        )
        return "substituted" if substituted else "not-teacher-of-record"
    if now >= rules.edit_window_closes_at(policy, lesson.lesson_date):
        return "edit-window-closed"
    return None


async def _students(
    session: AsyncSession,
    class_id: UUID,
    group_id: UUID | None,
    period: StudyPeriod,
    with_entries: set[UUID],
) -> set[UUID]:
    """The class's members (or the group's during the period) and anyone with an entry."""
    if group_id is None:
        query = select(ClassMemberProjection.student_id).where(
            ClassMemberProjection.class_id == class_id
        )
    else:
        query = select(GroupMemberProjection.student_id).where(
            GroupMemberProjection.group_id == group_id,
            GroupMemberProjection.since <= period.ends_on,
            or_(
                GroupMemberProjection.until.is_(None),
                GroupMemberProjection.until > period.starts_on,
            ),
        )
    return set(await session.scalars(query)) | with_entries


def _period(period: StudyPeriod) -> GridPeriod:
    return GridPeriod.model_validate(period, from_attributes=True)


async def read_grid(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    subject_id: UUID,
    group_id: UUID | None,
    period_code: str | None,
) -> JournalGrid:
    await access.require_class_subject(session, principal, "grid.read", class_id, subject_id)
    school_id = principal.require_school()
    some_lesson = await class_subject_lesson(session, class_id, subject_id)
    policy = await school_policy(session, runtime, school_id)
    now = datetime.now(UTC)
    today = now.astimezone(policy.zone).date()
    period = chosen_period(policy, period_code, today)
    # Lessons to come are not in the journal yet: the grid ends today.
    where = _lessons_where(
        class_id, subject_id, group_id, period.starts_on, min(period.ends_on, today)
    )
    lessons = list(
        await session.scalars(
            select(LessonProjection)
            .where(where)
            .order_by(LessonProjection.lesson_date, LessonProjection.starts_at)
        )
    )
    lesson_ids = [lesson.lesson_id for lesson in lessons]
    records = {
        r.lesson_id: r
        for r in await session.scalars(
            select(LessonRecord).where(LessonRecord.lesson_id.in_(lesson_ids))
        )
    }
    marks = [
        GridMark.model_validate(m, from_attributes=True)
        for m in await session.scalars(
            select(Mark).where(Mark.lesson_id.in_(lesson_ids)).order_by(Mark.recorded_at, Mark.id)
        )
    ]
    attendance = [
        GridAttendance.model_validate(a, from_attributes=True)
        for a in await session.scalars(
            select(Attendance).where(Attendance.lesson_id.in_(lesson_ids))
        )
    ]
    students = await _students(
        session,
        class_id,
        group_id,
        period,
        {m.student_id for m in marks} | {a.student_id for a in attendance},
    )
    names = await people.for_document(runtime, school_id, students)
    period_marks = {
        pm.student_id: pm.value
        for pm in await session.scalars(
            select(PeriodMark).where(
                PeriodMark.class_id == class_id,
                PeriodMark.subject_id == subject_id,
                PeriodMark.period == period.code,
            )
        )
    }
    timings = await _timings(session, lesson_ids)
    grid_lessons = []
    for lesson in lessons:
        record = records.get(lesson.lesson_id)
        grid_lessons.append(
            GridLesson(
                lesson_id=lesson.lesson_id,
                lesson_date=lesson.lesson_date,
                starts_at=lesson.starts_at,
                teacher_id=lesson.teacher_id,
                planned_teacher_id=lesson.planned_teacher_id,
                recorded=record is not None,
                topic=record.topic if record else None,
                plan_topic_id=record.plan_topic_id if record else None,
                homework=Homework.model_validate(record.homework)
                if record and record.homework
                else None,
                work_types=record.work_types if record else [],
                edit_window_closes_at=rules.edit_window_closes_at(policy, lesson.lesson_date),
                lock=await _lock(principal, policy, lesson, now),
                timeliness=timings.get(lesson.lesson_id, []),
            )
        )
    order = names.in_journal_order(students)
    standings = []
    for student in order:
        average, weighted = rules.averages(
            (m.value, m.weight) for m in marks if m.student_id == student
        )
        standings.append(
            GridStanding(
                student_id=student,
                average=average,
                weighted_average=weighted,
                period_mark=period_marks.get(student),
            )
        )
    class_name = (await class_names(session, [class_id])).get(class_id, "")
    return JournalGrid(
        class_id=class_id,
        subject_id=subject_id,
        group_id=group_id,
        class_name=class_name,
        subject_name=some_lesson.subject_name,
        scale=policy.scale,
        period=_period(period),
        periods=[_period(p) for p in policy.study_periods],
        work_types=[
            GridWorkType.model_validate(w, from_attributes=True) for w in policy.work_types
        ],
        students=[
            GridStudent(
                student_id=s,
                last_name=names.of(s).last_name,
                first_name=names.of(s).first_name,
                middle_name=names.of(s).middle_name,
            )
            for s in order
        ],
        lessons=grid_lessons,
        marks=marks,
        attendance=attendance,
        standings=standings,
    )


_NOT_TYPED = ("paper", "offline")


async def _timings(
    session: AsyncSession, lesson_ids: list[UUID]
) -> dict[UUID, list[GridEntryTiming]]:
    """The lessons' entries missing at their deadline, made late, or not typed as made."""
    found: dict[UUID, list[GridEntryTiming]] = {}
    facts = await session.scalars(
        select(EntryTimeliness)
        .where(
            EntryTimeliness.lesson_id.in_(lesson_ids),
            EntryTimeliness.kind.in_(LESSON_KINDS),
            or_(EntryTimeliness.timeliness != "on_time", EntryTimeliness.source.in_(_NOT_TYPED)),
        )
        .order_by(EntryTimeliness.kind)
    )
    for fact in facts:
        assert fact.lesson_id is not None
        found.setdefault(fact.lesson_id, []).append(
            GridEntryTiming.model_validate(
                {
                    "entry": fact.kind,
                    "timeliness": fact.timeliness,
                    "source": fact.source,
                    "entered_by": fact.entered_by,
                }
            )
        )
    return found
