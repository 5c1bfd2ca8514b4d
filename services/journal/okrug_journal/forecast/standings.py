"""The forecast's read model (J12): one ForecastStanding per student, subject and study
period covering the lesson of a changed mark, recomputed from that student's marks of the
subject in the period (never from the whole journal), and the class's count of students
forecast failing beside it (the district reads only the counts).

The failing event is published when a standing of a finest period (no other period of the
school lies inside it: the terms, or the half-years where there are no terms) turns failing,
and again only after it recovered: the stored `failing` is the state it turns on. The
class's count row is locked first, so two marks of one class counted at once wait for each
other and the count stays exact; the standing is recomputed from committed marks after the
lock, so the order the mark events arrive in does not matter."""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.outbox import emit
from okrug_journal.forecast import rules
from okrug_journal.models import (
    ForecastFailingCount,
    ForecastStanding,
    LessonProjection,
    Mark,
    outbox,
)
from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod

# Exam and final marks have no bounds of their own: only these kinds get a forecast.
FORECAST_KINDS = ("term", "trimester", "half-year", "year")


def forecast_periods(policy: JournalPolicy) -> list[StudyPeriod]:
    return [p for p in policy.study_periods if p.kind in FORECAST_KINDS]


def is_finest(period: StudyPeriod, periods: list[StudyPeriod]) -> bool:
    """No other period lies inside this one (a term, not the half-year or year around it)."""
    return not any(
        other.code != period.code
        and period.starts_on <= other.starts_on
        and other.ends_on <= period.ends_on
        for other in periods
    )


async def _lock_count(
    session: AsyncSession,
    lesson: LessonProjection,
    grade: int | None,
    period: StudyPeriod,
    finest: bool,
) -> None:
    key = {
        "school_id": lesson.school_id,
        "class_id": lesson.class_id,
        "subject_id": lesson.subject_id,
        "period": period.code,
    }
    await session.execute(
        insert(ForecastFailingCount)
        .values(
            **key,
            class_grade=grade,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            finest=finest,
            students=0,
            failing=0,
        )
        .on_conflict_do_nothing()
    )
    await session.execute(
        select(ForecastFailingCount.students)
        .where(
            ForecastFailingCount.class_id == lesson.class_id,
            ForecastFailingCount.subject_id == lesson.subject_id,
            ForecastFailingCount.period == period.code,
        )
        .with_for_update()
    )


async def _sums(
    session: AsyncSession, student_id: UUID, subject_id: UUID, period: StudyPeriod
) -> rules.Sums:
    rows = await session.execute(
        select(Mark.value, Mark.weight)
        .join(
            LessonProjection,
            (LessonProjection.school_id == Mark.school_id)
            & (LessonProjection.lesson_id == Mark.lesson_id),
        )
        .where(
            Mark.student_id == student_id,
            LessonProjection.subject_id == subject_id,
            LessonProjection.lesson_date >= period.starts_on,
            LessonProjection.lesson_date <= period.ends_on,
        )
    )
    return rules.sums_of((value, weight) for value, weight in rows.all())


async def recount(
    session: AsyncSession, school_id: UUID, class_id: UUID, subject_id: UUID, period_code: str
) -> None:
    students, failing = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(ForecastStanding.failing),
            ).where(
                ForecastStanding.class_id == class_id,
                ForecastStanding.subject_id == subject_id,
                ForecastStanding.period == period_code,
            )
        )
    ).one()
    count = await session.get(ForecastFailingCount, (school_id, class_id, subject_id, period_code))
    if count is not None:
        count.students, count.failing = students, failing


async def _failing_event(
    session: AsyncSession, standing: ForecastStanding, actor_id: UUID | None
) -> None:
    await emit(
        session,
        outbox,
        event=JournalEvents.FORECAST_FAILING,
        message=journal_pb2.ForecastFailing(
            student_id=str(standing.student_id),
            class_id=str(standing.class_id),
            subject_id=str(standing.subject_id),
            subject_name=standing.subject_name,
            period=standing.period,
            weighted_average=str(standing.weighted_average),
            projected_mark=str(standing.projected_mark),
        ),
        school_id=standing.school_id,
        actor_id=actor_id,
    )


async def refresh_standing(
    session: AsyncSession,
    lesson: LessonProjection,
    grade: int | None,
    student_id: UUID,
    period: StudyPeriod,
    notifies: bool,
    actor_id: UUID | None,
    *,
    publish: bool = True,
) -> None:
    """Recompute one student's standing in the lesson's subject and `period`; publish the
    failing event when it turns failing (unless `publish` is off: the rebuild); keep the
    class's count."""
    await _lock_count(session, lesson, grade, period, notifies)
    key = (lesson.school_id, student_id, lesson.subject_id, period.code)
    standing = await session.get(ForecastStanding, key, with_for_update=True)
    sums = await _sums(session, student_id, lesson.subject_id, period)
    earlier_class = standing.class_id if standing is not None else None
    if sums.marks_count == 0:
        if standing is not None:
            await session.delete(standing)
            await session.flush()
    else:
        average = sums.weighted_average
        projected = rules.projected_mark(average)
        failing = rules.is_failing(projected)
        now = datetime.now(UTC)
        turned_failing = failing and (standing is None or not standing.failing)
        if standing is None:
            standing = ForecastStanding(
                school_id=lesson.school_id,
                student_id=student_id,
                subject_id=lesson.subject_id,
                period=period.code,
            )
            session.add(standing)
        standing.class_id = lesson.class_id
        standing.subject_name = lesson.subject_name
        standing.class_grade = grade
        standing.marks_count = sums.marks_count
        standing.weighted_sum = sums.weighted_sum
        standing.weight_sum = sums.weight_sum
        standing.weighted_average = average
        standing.projected_mark = projected
        standing.failing = failing
        standing.notifies = notifies
        standing.failing_since = (
            now if turned_failing else (standing.failing_since if failing else None)
        )
        standing.updated_at = now
        await session.flush()
        if turned_failing and notifies and publish:
            await _failing_event(session, standing, actor_id)
    await recount(session, lesson.school_id, lesson.class_id, lesson.subject_id, period.code)
    if earlier_class is not None and earlier_class != lesson.class_id:
        await recount(session, lesson.school_id, earlier_class, lesson.subject_id, period.code)


async def refresh_for_mark(
    session: AsyncSession,
    policy: JournalPolicy,
    lesson: LessonProjection,
    grade: int | None,
    student_id: UUID,
    actor_id: UUID | None,
) -> None:
    """A mark of `student_id` in `lesson` (of a class of `grade`) was recorded, changed or
    deleted."""
    periods = forecast_periods(policy)
    for period in sorted(periods, key=lambda p: p.code):
        if period.starts_on <= lesson.lesson_date <= period.ends_on:
            await refresh_standing(
                session, lesson, grade, student_id, period, is_finest(period, periods), actor_id
            )


async def clear_school(session: AsyncSession) -> None:
    """Forget the school's read model (the tenant is set): the rebuild starts here."""
    await session.execute(delete(ForecastStanding))
    await session.execute(delete(ForecastFailingCount))
