from datetime import date, datetime
from typing import Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from okrug_common.errors import InvalidInput
from okrug_schedule.models import TimetableStatus


class EntryIn(BaseModel):
    """One lesson of the week: day, period, subject, teacher, room; a group for split
    lessons (two groups of a class may have lessons in the same period)."""

    weekday: int = Field(ge=1, le=7, description="ISO weekday: 1 = Monday .. 7 = Sunday")
    period: int = Field(ge=0, le=20, description="Period number of the bell schedule")
    subject_id: UUID
    teacher_id: UUID
    room_id: UUID | None = None
    group_id: UUID | None = None


class EntryRead(EntryIn):
    id: UUID


class TimetableEntries(BaseModel):
    entries: list[EntryIn] = Field(max_length=200)


class TimetableCreate(TimetableEntries):
    class_id: UUID
    valid_from: date
    valid_to: date
    bell_schedule_id: UUID | None = Field(
        default=None, description="The class's shift when omitted"
    )

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.valid_to < self.valid_from:
            raise InvalidInput("valid_to must not be before valid_from.", field="valid_to")
        return self


class TimetableRead(BaseModel):
    id: UUID
    class_id: UUID
    year_id: UUID
    bell_schedule_id: UUID
    valid_from: date
    valid_to: date
    status: TimetableStatus
    published_at: datetime | None
    publish_deadline: date | None
    published_late: bool
    lessons_generated: int
    entries: list[EntryRead]


class TimetableEnd(BaseModel):
    last_day: date = Field(description="The timetable's last day; its lessons after it go")
