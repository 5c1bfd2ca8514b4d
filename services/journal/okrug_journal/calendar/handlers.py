"""The calendar projection follows schedule's announcements (S1)."""

from datetime import UTC
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.events import Subscription
from okrug_journal.calendar import service
from okrug_journal.timeliness import expectations


async def on_calendar_changed(session: AsyncSession, event: schedule_pb2.CalendarChanged) -> None:
    school_id = UUID(event.context.school_id)
    occurred_at = event.context.occurred_at.ToDatetime(tzinfo=UTC)
    await service.store_calendar(session, school_id, event.calendar, occurred_at)
    # A holiday added or a period moved moves the deadlines of what is still expected (J4).
    await expectations.reschedule(session, None, school_id)


def subscriptions() -> list[Subscription[Any]]:
    return [Subscription("journal-calendars", ScheduleEvents.CALENDAR_CHANGED, on_calendar_changed)]
