from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import SessionDep
from okrug_schedule import access
from okrug_schedule.models import Building, Room, RoomKind
from okrug_schedule.rooms import service
from okrug_schedule.rooms.schemas import BuildingCreate, BuildingRead, RoomCreate, RoomRead

router = APIRouter(tags=["rooms"])


def _building(building: Building) -> BuildingRead:
    return BuildingRead(id=building.id, name=building.name, address=building.address)


def room_read(room: Room) -> RoomRead:
    return RoomRead(
        id=room.id,
        name=room.name,
        building_id=room.building_id,
        capacity=room.capacity,
        kind=RoomKind(room.kind),
    )


@router.post("/buildings", status_code=status.HTTP_201_CREATED, response_model=BuildingRead)
async def create_building(
    data: BuildingCreate, principal: access.StructureWriter, session: SessionDep
) -> BuildingRead:
    return _building(await service.create_building(session, principal.require_school(), data))


@router.get("/buildings", response_model=list[BuildingRead])
async def list_buildings(
    principal: access.StructureReader, session: SessionDep
) -> list[BuildingRead]:
    return [_building(b) for b in await service.list_buildings(session)]


@router.post("/rooms", status_code=status.HTTP_201_CREATED, response_model=RoomRead)
async def create_room(
    data: RoomCreate, principal: access.StructureWriter, session: SessionDep
) -> RoomRead:
    return room_read(await service.create_room(session, principal.require_school(), data))


@router.get("/rooms", response_model=list[RoomRead])
async def list_rooms(
    principal: access.StructureReader, session: SessionDep, building_id: UUID | None = None
) -> list[RoomRead]:
    return [room_read(r) for r in await service.list_rooms(session, building_id)]
