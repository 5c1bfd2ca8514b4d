from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

AttendanceStatus = Literal["absent", "late"]
AbsenceReason = Literal["illness", "excused", "unexcused"]
# The longest range one absence note may cover (a long illness takes several notes).
MAX_NOTE_DAYS = 120


class AttendanceSet(BaseModel):
    status: AttendanceStatus
    reason: AbsenceReason | None = None


class ReasonCorrection(BaseModel):
    """A later correction of an absence's or late's reason (J2); the status stays. None
    clears a reason given by mistake."""

    reason: AbsenceReason | None
    comment: str | None = Field(
        default=None, max_length=500, description="Why (kept in the change audit)"
    )


class AttendanceRead(BaseModel):
    lesson_id: UUID
    student_id: UUID
    status: AttendanceStatus
    reason: AbsenceReason | None
    recorded_by: UUID
    recorded_at: datetime
    reason_corrected_by: UUID | None = None
    reason_corrected_at: datetime | None = None


class AbsenceNoteCreate(BaseModel):
    """A sick note or another excuse for the days from `date_from` to `date_to` inclusive
    (J2)."""

    date_from: date
    date_to: date
    reason: AbsenceReason
    comment: str | None = Field(default=None, max_length=500)

    @field_validator("date_to")
    @classmethod
    def _range(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("date_from")
        if start is None:
            return value
        if value < start:
            raise PydanticCustomError("absence-note-reversed", "date_to is before date_from")
        if (value - start).days + 1 > MAX_NOTE_DAYS:
            raise PydanticCustomError(
                "absence-note-too-long",
                "a note covers at most {max_days} days",
                {"max_days": MAX_NOTE_DAYS},
            )
        return value


class AbsenceNoteRead(BaseModel):
    id: UUID
    class_id: UUID
    student_id: UUID
    date_from: date
    date_to: date
    reason: AbsenceReason
    comment: str | None
    created_by: UUID
    created_at: datetime


class AbsenceNoteCreated(AbsenceNoteRead):
    # Absences and lates already recorded in the range whose reason the note set.
    applied: int


class WeekLesson(BaseModel):
    lesson_id: UUID
    lesson_date: date
    starts_at: datetime
    subject_id: UUID
    subject_name: str
    # A lesson of one of the class's groups; None for the whole class.
    group_id: UUID | None
    # Whether the lesson's record says it was held.
    held: bool


class WeekStudent(BaseModel):
    student_id: UUID
    student_name: str
    # "Иванова М. П.", as a journal prints it where space is short.
    short_name: str
    # The lessons of the week that are the student's (the whole class's, their groups').
    lesson_ids: list[UUID]


class WeekEntry(BaseModel):
    lesson_id: UUID
    student_id: UUID
    status: AttendanceStatus
    reason: AbsenceReason | None


class AttendanceWeek(BaseModel):
    """A class's attendance from Monday to Saturday: lessons by date and start, students in
    journal order, and every absence and late recorded on those lessons."""

    class_id: UUID
    class_name: str
    date_from: date
    date_to: date
    lessons: list[WeekLesson]
    students: list[WeekStudent]
    entries: list[WeekEntry]
