from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class RoleChangeRead(BaseModel):
    id: UUID
    person_id: UUID
    change: Literal["joined", "granted", "revoked", "left"]
    role: str | None = Field(description="The role granted or revoked")
    changed_by: UUID | None = Field(description="Who made the change")
    changed_at: datetime


class PersonRoles(BaseModel):
    """What a person holds at the school after a change."""

    person_id: UUID
    school_id: UUID
    roles: list[str] = Field(description="The roles the person still holds at this school")
    left_at: datetime | None = Field(description="When the membership of the school ended")
