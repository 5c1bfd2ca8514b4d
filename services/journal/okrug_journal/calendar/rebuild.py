"""The calendar projection rebuilt from its owner: schedule's ListCalendars (S1)."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common import rpc
from okrug_common.runtime import Runtime
from okrug_journal.calendar import service


async def rebuild_calendar(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """Replace the school's calendar with schedule's; the number of years kept."""
    response = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).ListCalendars,
        schedule_pb2.ListCalendarsRequest(school_id=str(school_id)),
    )
    return await service.replace_calendars(session, school_id, response.calendars)
