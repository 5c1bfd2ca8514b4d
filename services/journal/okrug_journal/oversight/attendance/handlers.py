"""Event handlers of the absence rate's read model (O1): attendance taken (an attendance
fact of ENTRIES_TIMED, on time or late) and an absence or late recorded (ABSENCE_RECORDED)
refresh their lesson from the journal's attendance. The shared consumer runs each in a
transaction scoped to the event's school, once."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.oversight.attendance import read_model
from okrug_journal.policy.service import school_policy

ENTERED = (journal_pb2.ENTRY_TIMELINESS_ON_TIME, journal_pb2.ENTRY_TIMELINESS_LATE)


def taken_lessons(event: journal_pb2.EntriesTimed) -> list[UUID]:
    """The lessons whose attendance the facts say was entered (a missing fact: not taken)."""
    found = {
        UUID(fact.lesson_id)
        for fact in event.facts
        if fact.kind == journal_pb2.ENTRY_KIND_ATTENDANCE
        and fact.timeliness in ENTERED
        and fact.lesson_id
    }
    return sorted(found)


def on_entries_timed(
    runtime: Runtime | None,
) -> Callable[[AsyncSession, journal_pb2.EntriesTimed], Awaitable[None]]:
    async def handle(session: AsyncSession, event: journal_pb2.EntriesTimed) -> None:
        lessons = taken_lessons(event)
        if not lessons:
            return
        school_id = UUID(event.context.school_id)
        policy = await school_policy(session, runtime, school_id)
        for lesson_id in lessons:
            await read_model.refresh(session, policy, school_id, lesson_id)

    return handle


def on_absence_recorded(
    runtime: Runtime | None,
) -> Callable[[AsyncSession, journal_pb2.AbsenceRecorded], Awaitable[None]]:
    async def handle(session: AsyncSession, event: journal_pb2.AbsenceRecorded) -> None:
        if not event.lesson.lesson_id:
            return
        school_id = UUID(event.context.school_id)
        policy = await school_policy(session, runtime, school_id)
        await read_model.refresh(session, policy, school_id, UUID(event.lesson.lesson_id))

    return handle


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    return [
        Subscription(
            "journal-oversight-attendance-taken",
            JournalEvents.ENTRIES_TIMED,
            on_entries_timed(runtime),
        ),
        Subscription(
            "journal-oversight-absences",
            JournalEvents.ABSENCE_RECORDED,
            on_absence_recorded(runtime),
        ),
    ]
