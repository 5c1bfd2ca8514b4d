from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class GuardianLinkCreate(BaseModel):
    guardian_id: UUID
    student_id: UUID


class GuardianLinkRead(BaseModel):
    guardian_id: UUID
    student_id: UUID
    created_at: datetime


class GuardianLinkOfPerson(BaseModel):
    """A link of a person's: their guardian (for a student) or their child (for a parent),
    with the other person's name."""

    guardian_id: UUID
    student_id: UUID
    other_id: UUID = Field(description="The other person of the link")
    other_last_name: str
    other_first_name: str
    other_middle_name: str | None
    created_at: datetime
