from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field


class GroupCreate(BaseModel):
    class_id: UUID
    subject_id: UUID
    name: str = Field(min_length=1, max_length=100, description="e.g. 'Английский язык, гр. 1'")


class GroupRead(BaseModel):
    id: UUID
    class_id: UUID
    subject_id: UUID
    name: str
    part: int


class GroupMemberAdd(BaseModel):
    student_id: UUID
    since: date | None = Field(
        default=None,
        description="Effective date; today when omitted. Moving from another group of the "
        "same subject is allowed only at the end of a study period.",
    )


class GroupMemberRead(BaseModel):
    group_id: UUID
    student_id: UUID
    since: date
    until: date | None
    moved_from_group_id: UUID | None = None
