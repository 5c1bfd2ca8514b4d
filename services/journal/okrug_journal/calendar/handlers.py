"""The calendar projection follows schedule's announcements (S1)."""

from datetime import UTC
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.events import Subscription
from okrug_journal.calendar import service


async def on_calendar_changed(session: AsyncSession, event: schedule_pb2.CalendarChanged) -> None:
    await service.store_calendar(
        session,
        UUID(event.context.school_id),
        event.calendar,
        event.context.occurred_at.ToDatetime(tzinfo=UTC),
    )


def subscriptions() -> list[Subscription[Any]]:
    return [Subscription("journal-calendars", ScheduleEvents.CALENDAR_CHANGED, on_calendar_changed)]
