"""Rebuild the forecast's read model of a school from the marks the journal keeps (J12):
forget it, then refresh every student's standing in every subject and period that has marks.
No failing event is published: a rebuild restores the state, it does not report a change."""

from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.forecast import standings
from okrug_journal.grades import lesson_grade
from okrug_journal.models import LessonProjection, Mark
from okrug_journal.policy.schemas import StudyPeriod
from okrug_journal.policy.service import school_policy


def _latest_lessons(period: StudyPeriod) -> Select[UUID, LessonProjection]:
    """Per student and subject with marks in the period, the lesson of their latest mark
    (its class is the standing's class)."""
    return (
        select(Mark.student_id, LessonProjection)
        .join(
            LessonProjection,
            (LessonProjection.school_id == Mark.school_id)
            & (LessonProjection.lesson_id == Mark.lesson_id),
        )
        .where(
            LessonProjection.lesson_date >= period.starts_on,
            LessonProjection.lesson_date <= period.ends_on,
        )
        .ext(distinct_on(Mark.student_id, LessonProjection.subject_id))
        .order_by(Mark.student_id, LessonProjection.subject_id, LessonProjection.lesson_date.desc())
    )


async def rebuild(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """Returns how many standings were refreshed (the tenant is set); registered in
    oversight/rebuild.py (`okrug-journal rebuild-oversight <school> --model forecast`)."""
    policy = await school_policy(session, runtime, school_id)
    await standings.clear_school(session)
    periods = standings.forecast_periods(policy)
    refreshed = 0
    for period in sorted(periods, key=lambda p: p.code):
        finest = standings.is_finest(period, periods)
        for student_id, lesson in (await session.execute(_latest_lessons(period))).all():
            grade = await lesson_grade(session, runtime, lesson)
            await standings.refresh_standing(
                session, lesson, grade, student_id, period, finest, None, publish=False
            )
            refreshed += 1
    return refreshed
