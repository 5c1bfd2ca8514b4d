from datetime import date, datetime
from typing import Self
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from okrug_common.errors import InvalidInput
from okrug_schedule.models import LessonStatus


class LessonCreate(BaseModel):
    """A single lesson added by hand (S7); timetables generate the others."""

    class_id: UUID
    subject_id: UUID
    teacher_id: UUID
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    group_id: UUID | None = Field(default=None, description="For one group of the class")
    room_id: UUID | None = None
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise InvalidInput("A lesson must end after it starts.", field="ends_at")
        return self


class LessonMove(BaseModel):
    """Move a lesson to another time and/or room. Without ends_at the lesson keeps its
    length; room_id: null takes the room away."""

    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    room_id: UUID | None = None
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if (
            self.starts_at is None
            and self.ends_at is None
            and "room_id" not in self.model_fields_set
        ):
            raise InvalidInput("Give the new time or the new room.", field="starts_at")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise InvalidInput("A lesson must end after it starts.", field="ends_at")
        return self


class LessonCancel(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class SubstituteSet(BaseModel):
    teacher_id: UUID = Field(description="The substitute: becomes the teacher of record")
    reason: str = Field(min_length=1, max_length=500, description="e.g. 'болезнь учителя'")


class LessonRead(BaseModel):
    id: UUID
    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    teacher_id: UUID = Field(description="Teacher of record (the substitute when there is one)")
    starts_at: datetime
    ends_at: datetime
    lesson_date: date | None = None
    planned_teacher_id: UUID | None = None
    group_id: UUID | None = None
    group_name: str | None = None
    room_id: UUID | None = None
    room_name: str | None = None
    period: int | None = None
    timetable_id: UUID | None = None
    status: LessonStatus = LessonStatus.PLANNED


class LessonStudents(BaseModel):
    lesson_id: UUID
    lesson_date: date
    student_ids: list[UUID]
