from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import SessionDep
from okrug_schedule import access
from okrug_schedule.bells import service
from okrug_schedule.bells.schemas import (
    BellPeriodIn,
    BellPeriods,
    BellScheduleCreate,
    BellScheduleRead,
)
from okrug_schedule.models import BellPeriod, BellSchedule

router = APIRouter(prefix="/bell-schedules", tags=["bell schedules"])


def _read(schedule: BellSchedule, periods: list[BellPeriod]) -> BellScheduleRead:
    return BellScheduleRead(
        id=schedule.id,
        name=schedule.name,
        periods=[
            BellPeriodIn(number=p.number, starts_at=p.starts_at, ends_at=p.ends_at) for p in periods
        ],
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=BellScheduleRead)
async def create(
    data: BellScheduleCreate, principal: access.StructureWriter, session: SessionDep
) -> BellScheduleRead:
    return _read(*await service.create(session, principal.require_school(), data))


@router.get("", response_model=list[BellScheduleRead])
async def list_all(
    principal: access.StructureReader, session: SessionDep
) -> list[BellScheduleRead]:
    return [_read(s, p) for s, p in await service.list_all(session)]


@router.get("/{bell_schedule_id}", response_model=BellScheduleRead)
async def get(
    bell_schedule_id: UUID, principal: access.StructureReader, session: SessionDep
) -> BellScheduleRead:
    schedule = await service.get(session, bell_schedule_id)
    periods = await service.periods_of(session, bell_schedule_id)
    return _read(schedule, list(periods.values()))


@router.put("/{bell_schedule_id}/periods", response_model=BellScheduleRead)
async def replace_periods(
    bell_schedule_id: UUID,
    data: BellPeriods,
    principal: access.StructureWriter,
    session: SessionDep,
) -> BellScheduleRead:
    return _read(*await service.replace_periods(session, bell_schedule_id, data.periods))
