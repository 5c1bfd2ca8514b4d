"""Bell schedules (S5): a school may have several (shifts), each numbered periods with their
start and end times."""

from uuid import UUID, uuid4

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_schedule.bells.schemas import BellPeriodIn, BellScheduleCreate
from okrug_schedule.models import BellPeriod, BellSchedule, Timetable, TimetableStatus


async def create(
    session: AsyncSession, school_id: UUID, data: BellScheduleCreate
) -> tuple[BellSchedule, list[BellPeriod]]:
    name = data.name.strip()
    if await session.scalar(select(BellSchedule.id).where(BellSchedule.name == name)):
        raise Conflict(f"Bell schedule '{name}' already exists.", field="name")
    schedule = BellSchedule(school_id=school_id, id=uuid4(), name=name)
    session.add(schedule)
    await session.flush()
    return schedule, await _store_periods(session, schedule, data.periods)


async def _store_periods(
    session: AsyncSession, schedule: BellSchedule, periods: list[BellPeriodIn]
) -> list[BellPeriod]:
    rows = [
        BellPeriod(
            school_id=schedule.school_id,
            bell_schedule_id=schedule.id,
            number=p.number,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
        )
        for p in sorted(periods, key=lambda p: p.number)
    ]
    session.add_all(rows)
    await session.flush()
    return rows


async def get(session: AsyncSession, bell_schedule_id: UUID) -> BellSchedule:
    schedule = await session.scalar(select(BellSchedule).where(BellSchedule.id == bell_schedule_id))
    if schedule is None:
        raise NotFound(f"No bell schedule {bell_schedule_id} in this school.")
    return schedule


async def for_input(session: AsyncSession, bell_schedule_id: UUID, field: str) -> BellSchedule:
    try:
        return await get(session, bell_schedule_id)
    except NotFound:
        raise InvalidInput(f"No bell schedule {bell_schedule_id}.", field=field) from None


async def periods_of(session: AsyncSession, bell_schedule_id: UUID) -> dict[int, BellPeriod]:
    rows = await session.scalars(
        select(BellPeriod)
        .where(BellPeriod.bell_schedule_id == bell_schedule_id)
        .order_by(BellPeriod.number)
    )
    return {row.number: row for row in rows}


async def list_all(session: AsyncSession) -> list[tuple[BellSchedule, list[BellPeriod]]]:
    schedules = list(await session.scalars(select(BellSchedule).order_by(BellSchedule.name)))
    return [(s, list((await periods_of(session, s.id)).values())) for s in schedules]


async def replace_periods(
    session: AsyncSession, bell_schedule_id: UUID, periods: list[BellPeriodIn]
) -> tuple[BellSchedule, list[BellPeriod]]:
    """Only while no published timetable uses the schedule: published lessons keep the times
    they were generated with."""
    schedule = await get(session, bell_schedule_id)
    published = await session.scalar(
        select(Timetable.id).where(
            Timetable.bell_schedule_id == bell_schedule_id,
            Timetable.status == TimetableStatus.PUBLISHED.value,
        )
    )
    if published is not None:
        raise Conflict(
            f"Published timetable {published} uses this bell schedule; create a new one.",
            field="periods",
        )
    await session.execute(delete(BellPeriod).where(BellPeriod.bell_schedule_id == bell_schedule_id))
    return schedule, await _store_periods(session, schedule, periods)
