"""The substitution log (S7): every change of a lesson, per period and per teacher, and each
teacher's lessons held, substituted, replaced and cancelled."""

from collections import defaultdict
from datetime import date
from uuid import UUID

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import InvalidInput
from okrug_schedule.models import ChangeKind, Lesson, LessonChange, LessonStatus, StudyPeriod


async def period_range(
    session: AsyncSession, period_id: UUID | None, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    if period_id is not None:
        period = await session.scalar(select(StudyPeriod).where(StudyPeriod.id == period_id))
        if period is None:
            raise InvalidInput(f"No study period {period_id}.", field="period_id")
        return period.starts_on, period.ends_on
    if date_from is None or date_to is None:
        raise InvalidInput("Give a study period or both dates.", field="period_id")
    if date_to < date_from:
        raise InvalidInput("date_to must not be before date_from.", field="date_to")
    return date_from, date_to


def _log_query(teacher_id: UUID | None) -> Select[LessonChange, Lesson]:
    query = select(LessonChange, Lesson).join(
        Lesson,
        and_(Lesson.school_id == LessonChange.school_id, Lesson.id == LessonChange.lesson_id),
    )
    if teacher_id is not None:
        query = query.where(
            or_(
                LessonChange.teacher_before == teacher_id,
                LessonChange.teacher_after == teacher_id,
                Lesson.planned_teacher_id == teacher_id,
            )
        )
    return query


async def log(
    session: AsyncSession,
    first: date,
    last: date,
    teacher_id: UUID | None,
    kind: ChangeKind | None,
    limit: int,
) -> list[tuple[LessonChange, Lesson]]:
    query = (
        _log_query(teacher_id)
        .where(Lesson.lesson_date >= first, Lesson.lesson_date <= last)
        .order_by(Lesson.lesson_date, LessonChange.changed_at)
        .limit(limit)
    )
    if kind is not None:
        query = query.where(LessonChange.kind == kind.value)
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def summary(
    session: AsyncSession, first: date, last: date, teacher_id: UUID | None
) -> dict[UUID, dict[str, int]]:
    """Counts per teacher of the lessons dated first..last."""
    planned = Lesson.status == LessonStatus.PLANNED.value
    in_range = and_(Lesson.lesson_date >= first, Lesson.lesson_date <= last)
    counts: dict[UUID, dict[str, int]] = defaultdict(
        lambda: {"held": 0, "substituted": 0, "replaced": 0, "cancelled": 0}
    )
    by_planned = (
        select(
            Lesson.planned_teacher_id,
            func.count().filter(planned, Lesson.teacher_id == Lesson.planned_teacher_id),
            func.count().filter(planned, Lesson.teacher_id != Lesson.planned_teacher_id),
            func.count().filter(Lesson.status == LessonStatus.CANCELLED.value),
        )
        .where(in_range)
        .group_by(Lesson.planned_teacher_id)
    )
    by_record = (
        select(Lesson.teacher_id, func.count())
        .where(in_range, planned, Lesson.teacher_id != Lesson.planned_teacher_id)
        .group_by(Lesson.teacher_id)
    )
    if teacher_id is not None:
        by_planned = by_planned.where(Lesson.planned_teacher_id == teacher_id)
        by_record = by_record.where(Lesson.teacher_id == teacher_id)
    for teacher, held, replaced, cancelled in (await session.execute(by_planned)).all():
        counts[teacher].update(held=held, replaced=replaced, cancelled=cancelled)
    for teacher, substituted in (await session.execute(by_record)).all():
        counts[teacher]["substituted"] = substituted
    return dict(counts)
