"""The objectivity read models recomputed from the facts the journal keeps (marks, period
marks, lessons): what the event handlers would have built, for one school."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.models import (
    ClassGrade,
    LessonCancellation,
    LessonProjection,
    Mark,
    ObjectivityDistribution,
    ObjectivityMark,
    ObjectivityPeriodMark,
    ObjectivityWorkType,
    PeriodMark,
)
from okrug_journal.oversight.objectivity import counts
from okrug_journal.policy.service import school_policy


@dataclass(frozen=True)
class LessonPlace:
    teacher_id: UUID
    class_id: UUID
    subject_id: UUID
    subject_name: str
    lesson_date: date
    class_name: str
    grade: int | None


async def _lessons(session: AsyncSession) -> dict[UUID, LessonPlace]:
    classes = {
        class_id: (name, grade)
        for class_id, name, grade in await session.execute(
            select(ClassGrade.class_id, ClassGrade.class_name, ClassGrade.grade)
        )
    }
    places: dict[UUID, LessonPlace] = {}
    cancelled = select(
        LessonCancellation.lesson_id,
        LessonCancellation.teacher_id,
        LessonCancellation.class_id,
        LessonCancellation.subject_id,
        LessonCancellation.subject_name,
        LessonCancellation.lesson_date,
    )
    for lesson_id, teacher, class_id, subject, name, day in await session.execute(cancelled):
        class_name, grade = classes.get(class_id, ("", None))
        places[lesson_id] = LessonPlace(teacher, class_id, subject, name, day, class_name, grade)
    held = select(
        LessonProjection.lesson_id,
        LessonProjection.teacher_id,
        LessonProjection.class_id,
        LessonProjection.subject_id,
        LessonProjection.subject_name,
        LessonProjection.lesson_date,
        LessonProjection.class_name,
        LessonProjection.class_grade,
    )
    for row in await session.execute(held):
        lesson_id, teacher, class_id, subject, name, day, class_name, grade = row
        known_name, known_grade = classes.get(class_id, ("", None))
        places[lesson_id] = LessonPlace(
            teacher,
            class_id,
            subject,
            name,
            day,
            class_name or known_name,
            grade if grade is not None else known_grade,
        )
    return places


async def _clear(session: AsyncSession) -> None:
    for model in (
        ObjectivityMark,
        ObjectivityDistribution,
        ObjectivityWorkType,
        ObjectivityPeriodMark,
    ):
        await session.execute(delete(model))


async def _rebuild_marks(
    session: AsyncSession, runtime: Runtime | None, school_id: UUID, now: datetime
) -> int:
    policy = await school_policy(session, runtime, school_id)
    lessons = await _lessons(session)
    changes = counts.CountChanges.empty()
    kept: list[dict[str, object]] = []
    marks = select(Mark.id, Mark.lesson_id, Mark.value, Mark.work_type, Mark.weight)
    for mark_id, lesson_id, value, work_type, weight in await session.execute(marks):
        place = lessons.get(lesson_id)
        if place is None:
            continue
        state = counts.MarkState(
            teacher_id=place.teacher_id,
            class_id=place.class_id,
            subject_id=place.subject_id,
            subject_name=place.subject_name,
            class_name=place.class_name,
            grade=place.grade,
            work_type=work_type,
            weight=weight,
            value=counts.five_point_value(value),
            periods=tuple(counts.periods_of(policy, place.lesson_date)),
        )
        changes.add(state, +1)
        kept.append(
            {
                "school_id": school_id,
                "mark_id": mark_id,
                "teacher_id": state.teacher_id,
                "class_id": state.class_id,
                "subject_id": state.subject_id,
                "subject_key": counts.subject_key(state.subject_name),
                "subject_name": state.subject_name,
                "class_name": state.class_name,
                "grade": state.grade,
                "work_type": work_type,
                "weight": weight,
                "value": state.value,
                "periods": list(state.periods),
                "deleted": False,
                "as_of": now,
            }
        )
    await counts.write(session, school_id, changes)
    for start in range(0, len(kept), 1000):
        await session.execute(insert(ObjectivityMark), kept[start : start + 1000])
    distribution_rows = {key for key, _ in changes.distribution}
    return len(kept) + len(distribution_rows) + len(changes.work_types)


async def _rebuild_period_marks(session: AsyncSession, school_id: UUID, now: datetime) -> int:
    lessons = await _lessons(session)
    subjects = {(p.class_id, p.subject_id): p for p in lessons.values()}
    period_marks = select(
        PeriodMark.id,
        PeriodMark.period,
        PeriodMark.class_id,
        PeriodMark.subject_id,
        PeriodMark.value,
        PeriodMark.weighted_average,
        PeriodMark.recorded_by,
    )
    written = 0
    for pm_id, period, class_id, subject_id, value, average, by in await session.execute(
        period_marks
    ):
        five_point = counts.five_point_value(value)
        place = subjects.get((class_id, subject_id))
        if five_point is None or place is None:
            continue
        await counts.set_period_mark(
            session,
            ObjectivityPeriodMark(
                school_id=school_id,
                period_mark_id=pm_id,
                period=period,
                class_id=class_id,
                subject_id=subject_id,
                subject_key=counts.subject_key(place.subject_name),
                subject_name=place.subject_name,
                class_name=place.class_name,
                grade=place.grade,
                teacher_id=by,
                value=five_point,
                weighted_average=average,
                as_of=now,
            ),
        )
        written += 1
    return written


async def rebuild(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """Recompute the school's objectivity read models (the tenant is set to the school);
    the rows written."""
    now = datetime.now(UTC)
    await _clear(session)
    written = await _rebuild_marks(session, runtime, school_id, now)
    return written + await _rebuild_period_marks(session, school_id, now)
