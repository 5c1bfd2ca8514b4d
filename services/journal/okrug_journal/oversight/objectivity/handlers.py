"""The objectivity read models follow the journal's own events (O2, J3): a mark recorded,
changed or deleted moves the counts of its teacher, class, subject and study periods; a
period mark set is kept beside its weighted average. The tenant is already set."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.grades import lesson_grade
from okrug_journal.models import (
    ClassGrade,
    LessonCancellation,
    LessonProjection,
    ObjectivityPeriodMark,
    PeriodMark,
)
from okrug_journal.oversight.objectivity import counts
from okrug_journal.policy.service import school_policy

log = structlog.get_logger(__name__)


def _moment(context: common_pb2.EventContext) -> datetime:
    if context.HasField("occurred_at"):
        return context.occurred_at.ToDatetime(tzinfo=UTC)
    return datetime.now(UTC)


async def class_of(
    session: AsyncSession, school_id: UUID, class_id: UUID
) -> tuple[str, int | None]:
    """The class's name and grade level as the journal knows them (no call to schedule)."""
    known = await session.get(ClassGrade, (school_id, class_id))
    if known is not None:
        return known.class_name, known.grade
    lesson = await session.scalar(
        select(LessonProjection)
        .where(LessonProjection.class_id == class_id)
        .order_by(LessonProjection.class_grade.is_(None))
        .limit(1)
    )
    return (lesson.class_name, lesson.class_grade) if lesson is not None else ("", None)


async def mark_state(
    session: AsyncSession,
    runtime: Runtime | None,
    school_id: UUID,
    mark: journal_pb2.Mark,
    teacher_id: UUID,
) -> counts.MarkState | None:
    """The mark as the read models count it, its lesson looked up in the journal's
    projection (or among the cancelled lessons); None for a lesson the journal never had."""
    lesson_id = UUID(mark.lesson_id)
    lesson: LessonProjection | LessonCancellation | None = await session.get(
        LessonProjection, (school_id, lesson_id)
    )
    if lesson is None:
        lesson = await session.get(LessonCancellation, (school_id, lesson_id))
        if lesson is None:
            return None
    class_name, grade = await class_of(session, school_id, lesson.class_id)
    if isinstance(lesson, LessonProjection):
        class_name = lesson.class_name or class_name
        if lesson.class_grade is not None:
            grade = lesson.class_grade
        elif grade is None and runtime is not None:
            grade = await lesson_grade(session, runtime, lesson)
    policy = await school_policy(session, runtime, school_id)
    return counts.MarkState(
        teacher_id=teacher_id,
        class_id=lesson.class_id,
        subject_id=lesson.subject_id,
        subject_name=lesson.subject_name,
        class_name=class_name,
        grade=grade,
        work_type=mark.work_type,
        weight=Decimal(str(mark.weight)).quantize(Decimal("0.01")),
        value=counts.five_point_value(mark.value),
        periods=tuple(counts.periods_of(policy, lesson.lesson_date)),
    )


MarkEvent = journal_pb2.MarkRecorded | journal_pb2.MarkChanged | journal_pb2.MarkDeleted


def on_mark(runtime: Runtime | None) -> Callable[[AsyncSession, Any], Awaitable[None]]:
    """A mark recorded, changed or deleted: its counts follow (deleted: out of them)."""

    async def handle(session: AsyncSession, event: MarkEvent) -> None:
        school_id = UUID(event.context.school_id)
        mark_id = UUID(event.mark.mark_id)
        teacher_id = UUID(event.lesson.teacher_id)
        state = await mark_state(session, runtime, school_id, event.mark, teacher_id)
        if state is None:
            # Counted from the facts by the next rebuild, if the lesson ever reaches the
            # journal; logged by id only.
            log.warning("objectivity_mark_without_lesson", mark_id=str(mark_id))
            return
        deleted = isinstance(event, journal_pb2.MarkDeleted)
        await counts.apply_mark(
            session, school_id, mark_id, state, _moment(event.context), deleted=deleted
        )

    return handle


def _average(text: str) -> Decimal | None:
    try:
        return Decimal(text).quantize(Decimal("0.01")) if text else None
    except InvalidOperation:
        return None


async def subject_lesson(
    session: AsyncSession, class_id: UUID, subject_id: UUID
) -> LessonProjection | None:
    """Some lesson of the subject in the class: its subject's name and its teacher."""
    return await session.scalar(
        select(LessonProjection)
        .where(LessonProjection.class_id == class_id, LessonProjection.subject_id == subject_id)
        .order_by(LessonProjection.lesson_date.desc())
        .limit(1)
    )


async def on_period_mark_set(session: AsyncSession, event: journal_pb2.PeriodMarkSet) -> None:
    """A period mark beside the weighted average it was set against; marks of another scale
    than five points are not compared."""
    value = counts.five_point_value(event.value)
    if value is None:
        return
    school_id = UUID(event.context.school_id)
    class_id, subject_id = UUID(event.class_id), UUID(event.subject_id)
    period_mark_id = await session.scalar(
        select(PeriodMark.id).where(
            PeriodMark.student_id == UUID(event.student_id),
            PeriodMark.subject_id == subject_id,
            PeriodMark.period == event.period,
        )
    )
    if period_mark_id is None:
        return
    lesson = await subject_lesson(session, class_id, subject_id)
    name = event.subject_name or (lesson.subject_name if lesson else "")
    class_name, grade = await class_of(session, school_id, class_id)
    if event.context.actor_person_id:
        teacher_id = UUID(event.context.actor_person_id)
    elif lesson is not None:
        teacher_id = lesson.teacher_id
    else:
        return
    await counts.set_period_mark(
        session,
        ObjectivityPeriodMark(
            school_id=school_id,
            period_mark_id=period_mark_id,
            period=event.period,
            class_id=class_id,
            subject_id=subject_id,
            subject_key=counts.subject_key(name),
            subject_name=name,
            class_name=class_name,
            grade=grade,
            teacher_id=teacher_id,
            value=value,
            weighted_average=_average(event.weighted_average),
            as_of=_moment(event.context),
        ),
    )


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    mark = on_mark(runtime)
    return [
        Subscription("oversight-objectivity-marks", JournalEvents.MARK_RECORDED, mark),
        Subscription("oversight-objectivity-mark-changes", JournalEvents.MARK_CHANGED, mark),
        Subscription("oversight-objectivity-mark-deletions", JournalEvents.MARK_DELETED, mark),
        Subscription(
            "oversight-objectivity-period-marks",
            JournalEvents.PERIOD_MARK_SET,
            on_period_mark_set,
        ),
    ]
