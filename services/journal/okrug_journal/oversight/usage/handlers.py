"""Usage (O4) kept current from the journal's timeliness facts (whoever made an entry of a
lesson, on time or late, worked in the journal that day; a missing fact is nobody's work)
and identity's PersonActive (who used the platform that day, per role)."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import IdentityEvents, JournalEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.oversight.usage import service
from okrug_journal.oversight.usage.service import Activity


def on_entries_timed(
    runtime: Runtime,
) -> Callable[[AsyncSession, journal_pb2.EntriesTimed], Awaitable[None]]:
    async def handle(session: AsyncSession, event: journal_pb2.EntriesTimed) -> None:
        school_id = UUID(event.context.school_id)
        for fact in event.facts:
            if fact.timeliness == journal_pb2.ENTRY_TIMELINESS_MISSING or not fact.entered_by:
                continue
            if not fact.HasField("entered_at"):
                continue
            day = await service.school_day(
                session, runtime, school_id, fact.entered_at.ToDatetime(tzinfo=UTC)
            )
            await service.note(
                session, school_id, day, Activity.LESSON_ENTRIES, UUID(fact.entered_by)
            )

    return handle


async def on_person_active(session: AsyncSession, event: identity_pb2.PersonActive) -> None:
    school_id = UUID(event.context.school_id)
    day = date(event.day.year, event.day.month, event.day.day)
    for activity in sorted(service.active_activities(event.roles)):
        await service.note(session, school_id, day, activity, UUID(event.person_id))


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    return [
        Subscription(
            "journal-oversight-usage-entries",
            JournalEvents.ENTRIES_TIMED,
            on_entries_timed(runtime),
        ),
        Subscription(
            "journal-oversight-usage-active", IdentityEvents.PERSON_ACTIVE, on_person_active
        ),
    ]
