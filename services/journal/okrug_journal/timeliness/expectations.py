"""The entries the journal expects by a deadline (J4), kept as schedule's lessons reach the
lesson projection: per lesson its attendance, topic and homework (none for grade levels
without marks, J5), and per class, subject and study period the period marks, due
`period_marks_working_days` working days after the period ends. A lesson moved or
substituted is expected anew at its new moment; a cancelled one no longer; a policy change
moves the deadlines of what is still expected.

Which periods a class gets period marks for: grades 10-11 half-years where the school's
calendar has half-years, the other grades terms (or trimesters), every grade the year
(SENIOR_GRADES, the usual Russian practice); a kind the calendar lacks is not expected."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.grades import grade_of_name
from okrug_journal.models import EntryExpectation, EntryTimeliness, LessonProjection, LessonRecord
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod
from okrug_journal.policy.service import school_policy
from okrug_journal.timeliness.facts import lesson_fact_id, period_marks_id, period_of

# Grade levels whose period marks are given per half-year rather than per term.
SENIOR_GRADES = frozenset({10, 11})
# Lessons handled per statement: a year's timetable at once would pass PostgreSQL's limit
# of bind parameters per statement (about 5 expectations of 9 columns per lesson).
CHUNK = 500


def _grade(lesson: LessonProjection) -> int | None:
    return lesson.class_grade or grade_of_name(lesson.class_name)


def _lesson_expectations(policy: JournalPolicy, lesson: LessonProjection) -> list[dict[str, Any]]:
    day, deadlines = lesson.lesson_date, policy.deadlines
    due = {
        "attendance": rules.attendance_due(policy, day, lesson.starts_at),
        "topic": rules.days_due(policy, day, deadlines.topics_days),
    }
    if _grade(lesson) not in policy.grades_without_marks:
        due["homework"] = rules.days_due(policy, day, deadlines.homework_days)
    period = period_of(policy, day)
    return [
        {
            "school_id": lesson.school_id,
            "id": lesson_fact_id(kind, lesson.lesson_id),
            "kind": kind,
            "lesson_id": lesson.lesson_id,
            "class_id": lesson.class_id,
            "subject_id": lesson.subject_id,
            "period": period,
            "lesson_date": day,
            "due_at": at,
        }
        for kind, at in due.items()
    ]


def marked_periods(policy: JournalPolicy, grade: int | None, day: date) -> list[StudyPeriod]:
    """The study periods containing `day` that the class's grade gets period marks for."""
    containing = [p for p in policy.study_periods if p.starts_on <= day <= p.ends_on]
    kinds = {p.kind for p in policy.study_periods}
    if grade in SENIOR_GRADES and "half-year" in kinds:
        wanted = {"half-year", "year"}
    else:
        wanted = {"term", "trimester", "year"}
    return [p for p in containing if p.kind in wanted]


def _period_mark_expectations(
    policy: JournalPolicy, lesson: LessonProjection
) -> list[dict[str, Any]]:
    grade = _grade(lesson)
    if grade in policy.grades_without_marks or lesson.subject_id in policy.no_assessment_subjects:
        return []
    return [
        {
            "school_id": lesson.school_id,
            "id": period_marks_id(lesson.class_id, lesson.subject_id, period.code),
            "kind": "period-mark",
            "lesson_id": None,
            "class_id": lesson.class_id,
            "subject_id": lesson.subject_id,
            "period": period.code,
            "lesson_date": period.ends_on,
            "due_at": rules.period_mark_due(policy, period.ends_on),
        }
        for period in marked_periods(policy, grade, lesson.lesson_date)
    ]


async def expect_lessons(
    session: AsyncSession, runtime: Runtime | None, school_id: UUID, lesson_ids: Iterable[UUID]
) -> None:
    """Expect the entries of lessons as the projection now holds them (new, moved or
    substituted): what is already entered, or recorded as not held, is not expected."""
    ids = list(lesson_ids)
    if not ids:
        return
    policy = await school_policy(session, runtime, school_id)
    for start in range(0, len(ids), CHUNK):
        lessons = (
            await session.scalars(
                select(LessonProjection)
                .where(LessonProjection.lesson_id.in_(ids[start : start + CHUNK]))
                .execution_options(populate_existing=True)
            )
        ).all()
        if lessons:
            await _expect(session, policy, lessons)


async def _expect(
    session: AsyncSession, policy: JournalPolicy, lessons: Sequence[LessonProjection]
) -> None:
    ids = [lesson.lesson_id for lesson in lessons]
    not_held = set(
        await session.scalars(
            select(LessonRecord.lesson_id).where(
                LessonRecord.lesson_id.in_(ids), LessonRecord.held.is_(False)
            )
        )
    )
    rows = [
        row
        for lesson in lessons
        if lesson.lesson_id not in not_held
        for row in _lesson_expectations(policy, lesson)
    ]
    made = set(
        await session.scalars(
            select(EntryTimeliness.fact_id).where(
                EntryTimeliness.fact_id.in_([r["id"] for r in rows])
            )
        )
    )
    rows = [r for r in rows if r["id"] not in made]
    periods = {r["id"]: r for lesson in lessons for r in _period_mark_expectations(policy, lesson)}
    await _upsert(session, rows, moving=True)
    await _upsert(session, list(periods.values()), moving=False)


async def _upsert(session: AsyncSession, rows: list[dict[str, Any]], *, moving: bool) -> None:
    """A lesson's expectations follow the lesson (`moving`); a period's are added once."""
    if not rows:
        return
    statement = insert(EntryExpectation).values(rows)
    if moving:
        statement = statement.on_conflict_do_update(
            index_elements=["school_id", "id"],
            set_={k: statement.excluded[k] for k in ("period", "lesson_date", "due_at")},
        )
    else:
        statement = statement.on_conflict_do_nothing()
    await session.execute(statement)


async def period_teacher(
    session: AsyncSession, class_id: UUID, subject_id: UUID, last_day: date
) -> LessonProjection | None:
    """The class's last lesson of the subject up to `last_day`: its teacher of record is the
    subject's teacher a period mark is counted for."""
    lesson: LessonProjection | None = await session.scalar(
        select(LessonProjection)
        .where(
            LessonProjection.class_id == class_id,
            LessonProjection.subject_id == subject_id,
            LessonProjection.lesson_date <= last_day,
        )
        .order_by(LessonProjection.lesson_date.desc(), LessonProjection.starts_at.desc())
        .limit(1)
    )
    return lesson


async def forget_lesson(session: AsyncSession, school_id: UUID, lesson_id: UUID) -> None:
    """A cancelled lesson, or one recorded as not held, expects no entries."""
    await session.execute(
        delete(EntryExpectation)
        .where(EntryExpectation.school_id == school_id, EntryExpectation.lesson_id == lesson_id)
        .execution_options(synchronize_session=False)
    )


async def reschedule(session: AsyncSession, runtime: Runtime | None, school_id: UUID) -> None:
    """The school's policy changed: what is still expected falls due under the new rules."""
    lesson_ids: set[UUID] = set(
        await session.scalars(
            select(EntryExpectation.lesson_id).where(
                EntryExpectation.school_id == school_id, EntryExpectation.lesson_id.is_not(None)
            )
        )
    )
    periods = (
        await session.scalars(
            select(EntryExpectation).where(
                EntryExpectation.school_id == school_id, EntryExpectation.kind == "period-mark"
            )
        )
    ).all()
    policy = await school_policy(session, runtime, school_id)
    for expected in periods:
        period = policy.period(expected.period or "")
        if period is None:
            await session.delete(expected)
            continue
        expected.lesson_date = period.ends_on
        expected.due_at = rules.period_mark_due(policy, period.ends_on)
    await session.flush()
    await session.execute(
        delete(EntryExpectation)
        .where(EntryExpectation.school_id == school_id, EntryExpectation.lesson_id.is_not(None))
        .execution_options(synchronize_session=False)
    )
    await expect_lessons(session, runtime, school_id, lesson_ids)
