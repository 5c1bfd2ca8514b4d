"""Builders for oversight's service tests: schedule's lesson events and the journal's
ENTRIES_TIMED facts (until the entry-facts package publishes them, tests emit their own),
handed to the read models' handlers as the shared consumer would (a transaction scoped to
the event's school)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction

KIND = {
    "attendance": journal_pb2.ENTRY_KIND_ATTENDANCE,
    "topic": journal_pb2.ENTRY_KIND_TOPIC,
    "homework": journal_pb2.ENTRY_KIND_HOMEWORK,
    "mark": journal_pb2.ENTRY_KIND_MARK,
    "period-mark": journal_pb2.ENTRY_KIND_PERIOD_MARK,
}
TIMELINESS = {
    "on-time": journal_pb2.ENTRY_TIMELINESS_ON_TIME,
    "late": journal_pb2.ENTRY_TIMELINESS_LATE,
    "missing": journal_pb2.ENTRY_TIMELINESS_MISSING,
}
SOURCE = {
    "typed": journal_pb2.ENTRY_SOURCE_TYPED,
    "paper": journal_pb2.ENTRY_SOURCE_PAPER,
    "offline": journal_pb2.ENTRY_SOURCE_OFFLINE,
}


def context(school_id: UUID) -> common_pb2.EventContext:
    return common_pb2.EventContext(event_id=str(uuid4()), school_id=str(school_id))


def proto_date(day: date) -> common_pb2.Date:
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


def timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


@dataclass(frozen=True)
class PlannedLesson:
    """A lesson of a class as schedule's events carry it."""

    school_id: UUID
    class_id: UUID
    subject_id: UUID
    teacher_id: UUID
    day: date
    grade: int = 5
    class_name: str = "5А"
    subject_name: str = "Математика"
    planned_teacher_id: UUID | None = None
    lesson_id: UUID = field(default_factory=uuid4)

    def proto(self, *, cancelled: bool = False) -> schedule_pb2.Lesson:
        return schedule_pb2.Lesson(
            lesson_id=str(self.lesson_id),
            school_id=str(self.school_id),
            class_id=str(self.class_id),
            class_name=self.class_name,
            subject_id=str(self.subject_id),
            subject_name=self.subject_name,
            teacher_id=str(self.teacher_id),
            planned_teacher_id=str(self.planned_teacher_id or self.teacher_id),
            lesson_date=proto_date(self.day),
            starts_at=timestamp(datetime.combine(self.day, time(6), tzinfo=UTC)),
            class_grade=self.grade,
            status=(
                schedule_pb2.LESSON_STATUS_CANCELLED
                if cancelled
                else schedule_pb2.LESSON_STATUS_PLANNED
            ),
        )


def fact(
    lesson: PlannedLesson,
    kind: str,
    timeliness: str,
    *,
    fact_id: UUID | None = None,
    entered_by: UUID | None = None,
    source: str = "typed",
    period: str = "term-2",
    teacher_id: UUID | None = None,
) -> journal_pb2.EntryFact:
    """A fact of the lesson: due at 18:00 UTC of its day; entered at 17:00 when on time,
    the next day at 09:00 when late, never when missing."""
    due = datetime.combine(lesson.day, time(18), tzinfo=UTC)
    message = journal_pb2.EntryFact(
        fact_id=str(fact_id or uuid4()),
        kind=KIND[kind],
        timeliness=TIMELINESS[timeliness],
        lesson_id=str(lesson.lesson_id),
        class_id=str(lesson.class_id),
        subject_id=str(lesson.subject_id),
        teacher_id=str(teacher_id or lesson.teacher_id),
        lesson_date=proto_date(lesson.day),
        due_at=timestamp(due),
        period=period,
    )
    if timeliness != "missing":
        entered = due - timedelta(hours=1) if timeliness == "on-time" else due + timedelta(hours=15)
        message.entered_at.CopyFrom(timestamp(entered))
        message.entered_by = str(entered_by or teacher_id or lesson.teacher_id)
        message.source = SOURCE[source]
    return message


Handler = Callable[[AsyncSession, Any], Awaitable[None]]


async def deliver(
    sessions: async_sessionmaker[AsyncSession], school_id: UUID, handler: Handler, event: Any
) -> None:
    """The event handled once, as the shared consumer does: in a transaction of its school."""
    async with tenant_transaction(sessions, school_id) as session:
        await handler(session, event)
