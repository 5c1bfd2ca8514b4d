"""Journal keeping's read models rebuilt from the journal's facts (O1, issue 11 point 10):
the lessons of the journal's projection of schedule (and those schedule cancelled), then
every timeliness fact the journal recorded, applied as their events would have been."""

from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.models import (
    EntryTimeliness,
    LessonCancellation,
    LessonProjection,
    OversightEntryFact,
    OversightLesson,
    OversightLessonCounts,
    OversightTimeliness,
)
from okrug_journal.oversight.keeping import fill, read_model
from okrug_journal.oversight.keeping.handlers import _grade_of
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy

# The journal's facts table's words for timeliness, in the read model's.
TIMELINESS = {"on_time": "on-time", "late": "late", "missing": "missing"}


async def _clear(session: AsyncSession) -> None:
    """The school's rows (the transaction is scoped to it)."""
    for model in (OversightEntryFact, OversightTimeliness, OversightLesson, OversightLessonCounts):
        await session.execute(delete(model))


async def _lessons(session: AsyncSession, policy: JournalPolicy) -> int:
    count = 0
    for lesson in await session.scalars(select(LessonProjection)):
        await read_model.plan_lesson(session, policy, read_model.planned_from_projection(lesson))
        count += 1
    for cancelled in await session.scalars(select(LessonCancellation)):
        await read_model.plan_lesson(
            session,
            policy,
            read_model.PlannedLesson(
                school_id=cancelled.school_id,
                lesson_id=cancelled.lesson_id,
                class_id=cancelled.class_id,
                class_name="",
                subject_id=cancelled.subject_id,
                subject_name=cancelled.subject_name,
                teacher_id=cancelled.teacher_id,
                planned_teacher_id=cancelled.planned_teacher_id or cancelled.teacher_id,
                grade=await _grade_of(session, cancelled.class_id),
                lesson_date=cancelled.lesson_date,
                starts_at=None,
                cancelled=True,
            ),
        )
        count += 1
    return count


async def _facts(session: AsyncSession, policy: JournalPolicy) -> int:
    """Every timeliness fact the journal recorded (on time, late, missing), period marks'
    too, under the fact ids its events carry."""
    count = 0
    for fact in await session.scalars(select(EntryTimeliness)):
        if fact.class_id is None or fact.subject_id is None or fact.lesson_date is None:
            continue  # a fact of a lesson the journal no longer knows: nothing to count it by
        await read_model.record_fact(
            session,
            OversightEntryFact(
                school_id=fact.school_id,
                fact_id=fact.fact_id,
                kind=fact.kind,
                timeliness=TIMELINESS[fact.timeliness],
                lesson_id=fact.lesson_id,
                class_id=fact.class_id,
                subject_id=fact.subject_id,
                teacher_id=fact.teacher_id,
                grade=await _grade_of(session, fact.class_id),
                lesson_date=fact.lesson_date,
                week=read_model.week_of(fact.lesson_date),
                period=fact.period or read_model.period_of(policy, fact.lesson_date),
                due_at=fact.due_at,
                entered_at=fact.entered_at,
                entered_by=fact.entered_by,
                source=fact.source or "",
            ),
        )
        count += 1
    return count


async def rebuild(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """Replace the school's journal-keeping rows; the lessons, facts and fill-rate groups
    applied."""
    policy = await school_policy(session, runtime, school_id)
    await _clear(session)
    lessons_and_facts = await _lessons(session, policy) + await _facts(session, policy)
    return lessons_and_facts + await fill.rebuild(session, policy, school_id)
