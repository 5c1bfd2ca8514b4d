"""Buildings and rooms (S2)."""

from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_schedule.models import Building, Room
from okrug_schedule.rooms.schemas import BuildingCreate, RoomCreate


async def create_building(session: AsyncSession, school_id: UUID, data: BuildingCreate) -> Building:
    name = data.name.strip()
    if await session.scalar(select(Building.id).where(Building.name == name)) is not None:
        raise Conflict(f"Building '{name}' already exists.", field="name")
    building = Building(school_id=school_id, id=uuid4(), name=name, address=data.address)
    session.add(building)
    await session.flush()
    return building


async def list_buildings(session: AsyncSession) -> list[Building]:
    return list(await session.scalars(select(Building).order_by(Building.name)))


async def create_room(session: AsyncSession, school_id: UUID, data: RoomCreate) -> Room:
    name = data.name.strip()
    if (
        data.building_id is not None
        and await session.get(Building, (school_id, data.building_id)) is None
    ):
        raise InvalidInput(f"No building {data.building_id}.", field="building_id")
    same = select(Room.id).where(Room.name == name)
    same = same.where(
        Room.building_id == data.building_id
        if data.building_id is not None
        else Room.building_id.is_(None)
    )
    if await session.scalar(same) is not None:
        raise Conflict(f"Room '{name}' already exists in that building.", field="name")
    room = Room(
        school_id=school_id,
        id=uuid4(),
        name=name,
        building_id=data.building_id,
        capacity=data.capacity,
        kind=data.kind.value,
    )
    session.add(room)
    await session.flush()
    return room


async def list_rooms(session: AsyncSession, building_id: UUID | None = None) -> list[Room]:
    query = select(Room).order_by(Room.name)
    if building_id is not None:
        query = query.where(Room.building_id == building_id)
    return list(await session.scalars(query))


async def get_room(session: AsyncSession, room_id: UUID, field: str = "room_id") -> Room:
    room = await session.scalar(select(Room).where(Room.id == room_id))
    if room is None:
        raise InvalidInput(f"No room {room_id} in this school.", field=field)
    return room


async def find_room(session: AsyncSession, room_id: UUID) -> Room:
    room = await session.scalar(select(Room).where(Room.id == room_id))
    if room is None:
        raise NotFound(f"No room {room_id} in this school.")
    return room
