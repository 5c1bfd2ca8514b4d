from uuid import UUID

from pydantic import BaseModel, Field

from okrug_schedule.models import SubjectComponent


class SubjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="e.g. 'Математика'")
    component: SubjectComponent | None = Field(
        default=None,
        description="federal (from the federal list) or school (the school's own); "
        "when omitted, federal if the name is on the federal list",
    )


class SubjectRead(BaseModel):
    id: UUID
    name: str
    component: SubjectComponent = SubjectComponent.SCHOOL


class SubjectLinks(BaseModel):
    """Who teaches the subject, where it is taught and to which classes (S2)."""

    teacher_ids: list[UUID] = Field(default_factory=list, max_length=200)
    room_ids: list[UUID] = Field(default_factory=list, max_length=200)
    class_ids: list[UUID] = Field(default_factory=list, max_length=500)
