from uuid import UUID

from pydantic import BaseModel, Field

from okrug_schedule.models import RoomKind


class BuildingCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="e.g. 'Основной корпус'")
    address: str | None = Field(default=None, max_length=500)


class BuildingRead(BaseModel):
    id: UUID
    name: str
    address: str | None


class RoomCreate(BaseModel):
    name: str = Field(min_length=1, max_length=50, description="e.g. '204' or 'Спортзал'")
    building_id: UUID | None = None
    capacity: int | None = Field(default=None, ge=1, le=2000)
    kind: RoomKind = RoomKind.CLASSROOM


class RoomRead(BaseModel):
    id: UUID
    name: str
    building_id: UUID | None
    capacity: int | None
    kind: RoomKind
