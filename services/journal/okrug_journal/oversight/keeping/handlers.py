"""Event handlers of the journal-keeping read models (O1): the journal's timeliness facts
(ENTRIES_TIMED) and schedule's lessons (planned, published, moved, cancelled, replaced).
The shared consumer runs each in a transaction scoped to the event's school, once."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.event_catalog import JournalEvents, ScheduleEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.models import ClassGrade, OversightEntryFact
from okrug_journal.oversight.keeping import fill, read_model
from okrug_journal.policy.service import school_policy

KIND_OF = {
    journal_pb2.ENTRY_KIND_ATTENDANCE: "attendance",
    journal_pb2.ENTRY_KIND_TOPIC: "topic",
    journal_pb2.ENTRY_KIND_HOMEWORK: "homework",
    journal_pb2.ENTRY_KIND_MARK: "mark",
    journal_pb2.ENTRY_KIND_PERIOD_MARK: "period-mark",
}
TIMELINESS_OF = {
    journal_pb2.ENTRY_TIMELINESS_ON_TIME: "on-time",
    journal_pb2.ENTRY_TIMELINESS_LATE: "late",
    journal_pb2.ENTRY_TIMELINESS_MISSING: "missing",
}
SOURCE_OF = {
    journal_pb2.ENTRY_SOURCE_TYPED: "typed",
    journal_pb2.ENTRY_SOURCE_PAPER: "paper",
    journal_pb2.ENTRY_SOURCE_OFFLINE: "offline",
}


def _date(value: common_pb2.Date) -> date:
    return date(value.year, value.month, value.day)


def _uuid(value: str) -> UUID | None:
    return UUID(value) if value else None


async def _grade_of(session: AsyncSession, class_id: UUID) -> int | None:
    found = await session.scalar(select(ClassGrade.grade).where(ClassGrade.class_id == class_id))
    return int(found) if found is not None else None


async def fact_row(
    session: AsyncSession, school_id: UUID, fact: journal_pb2.EntryFact
) -> OversightEntryFact | None:
    """The read model's row of a fact; None for a fact of no kind or timeliness known here
    (a newer producer's), which is left out rather than counted wrong."""
    kind, timeliness = KIND_OF.get(fact.kind), TIMELINESS_OF.get(fact.timeliness)
    if kind is None or timeliness is None:
        return None
    class_id = UUID(fact.class_id)
    lesson_date = _date(fact.lesson_date)
    return OversightEntryFact(
        school_id=school_id,
        fact_id=UUID(fact.fact_id),
        kind=kind,
        timeliness=timeliness,
        lesson_id=_uuid(fact.lesson_id),
        class_id=class_id,
        subject_id=UUID(fact.subject_id),
        teacher_id=UUID(fact.teacher_id),
        grade=await _grade_of(session, class_id),
        lesson_date=lesson_date,
        week=read_model.week_of(lesson_date),
        period=fact.period,
        due_at=fact.due_at.ToDatetime(UTC) if fact.HasField("due_at") else None,
        entered_at=fact.entered_at.ToDatetime(UTC) if fact.HasField("entered_at") else None,
        entered_by=_uuid(fact.entered_by),
        source=SOURCE_OF.get(fact.source, ""),
    )


def on_entries_timed(
    runtime: Runtime | None,
) -> Callable[[AsyncSession, journal_pb2.EntriesTimed], Awaitable[None]]:
    async def handle(session: AsyncSession, event: journal_pb2.EntriesTimed) -> None:
        school_id = UUID(event.context.school_id)
        policy = await school_policy(session, runtime, school_id)
        for fact in event.facts:
            row = await fact_row(session, school_id, fact)
            if row is None:
                continue
            if row.lesson_id is not None:
                await read_model.lesson_row(session, policy, school_id, row.lesson_id)
            await read_model.record_fact(session, row)

    return handle


def planned_lesson(
    school_id: UUID, lesson: schedule_pb2.Lesson, *, cancelled: bool = False
) -> read_model.PlannedLesson:
    teacher = UUID(lesson.teacher_id)
    return read_model.PlannedLesson(
        school_id=school_id,
        lesson_id=UUID(lesson.lesson_id),
        class_id=UUID(lesson.class_id),
        class_name=lesson.class_name,
        subject_id=UUID(lesson.subject_id),
        subject_name=lesson.subject_name,
        teacher_id=teacher,
        planned_teacher_id=_uuid(lesson.planned_teacher_id) or teacher,
        grade=lesson.class_grade or None,
        lesson_date=_date(lesson.lesson_date),
        starts_at=lesson.starts_at.ToDatetime(UTC) if lesson.HasField("starts_at") else None,
        cancelled=cancelled or lesson.status == schedule_pb2.LESSON_STATUS_CANCELLED,
    )


class LessonEvent(Protocol):
    @property
    def context(self) -> common_pb2.EventContext: ...

    @property
    def lesson(self) -> schedule_pb2.Lesson: ...


def on_lesson(
    runtime: Runtime | None, *, cancelled: bool = False
) -> Callable[[AsyncSession, Any], Awaitable[None]]:
    """A lesson planned, moved, replaced or cancelled: its row and counts follow."""

    async def handle(session: AsyncSession, event: LessonEvent) -> None:
        school_id = UUID(event.context.school_id)
        policy = await school_policy(session, runtime, school_id)
        await read_model.plan_lesson(
            session, policy, planned_lesson(school_id, event.lesson, cancelled=cancelled)
        )

    return handle


def on_timetable_published(
    runtime: Runtime | None,
) -> Callable[[AsyncSession, schedule_pb2.TimetablePublished], Awaitable[None]]:
    async def handle(session: AsyncSession, event: schedule_pb2.TimetablePublished) -> None:
        school_id = UUID(event.context.school_id)
        policy = await school_policy(session, runtime, school_id)
        for lesson in event.lessons:
            await read_model.plan_lesson(session, policy, planned_lesson(school_id, lesson))

    return handle


class MarkEvent(Protocol):
    @property
    def context(self) -> common_pb2.EventContext: ...

    @property
    def mark(self) -> journal_pb2.Mark: ...


def on_mark(runtime: Runtime | None) -> Callable[[AsyncSession, Any], Awaitable[None]]:
    """A mark recorded, changed or deleted: the fill rate of its class in the subject and
    period is recomputed."""

    async def handle(session: AsyncSession, event: MarkEvent) -> None:
        school_id = UUID(event.context.school_id)
        policy = await school_policy(session, runtime, school_id)
        await fill.refresh_for_lesson(session, policy, school_id, UUID(event.mark.lesson_id))

    return handle


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    lesson, mark = on_lesson(runtime), on_mark(runtime)
    return [
        Subscription("journal-oversight-marks", JournalEvents.MARK_RECORDED, mark),
        Subscription("journal-oversight-mark-changes", JournalEvents.MARK_CHANGED, mark),
        Subscription("journal-oversight-mark-deletions", JournalEvents.MARK_DELETED, mark),
        Subscription(
            "journal-oversight-entries", JournalEvents.ENTRIES_TIMED, on_entries_timed(runtime)
        ),
        Subscription(
            "journal-oversight-timetables",
            ScheduleEvents.TIMETABLE_PUBLISHED,
            on_timetable_published(runtime),
        ),
        Subscription("journal-oversight-lessons", ScheduleEvents.LESSON_PLANNED, lesson),
        Subscription("journal-oversight-lesson-moves", ScheduleEvents.LESSON_MOVED, lesson),
        Subscription(
            "journal-oversight-cancellations",
            ScheduleEvents.LESSON_CANCELLED,
            on_lesson(runtime, cancelled=True),
        ),
        Subscription("journal-oversight-substitutions", ScheduleEvents.SUBSTITUTION_SET, lesson),
        Subscription(
            "journal-oversight-substitutions-removed", ScheduleEvents.SUBSTITUTION_REMOVED, lesson
        ),
    ]
