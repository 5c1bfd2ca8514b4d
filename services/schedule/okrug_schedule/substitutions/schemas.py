from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel

from okrug_schedule.models import ChangeKind


class ChangeRead(BaseModel):
    """One entry of the substitution log: a lesson added, moved, cancelled or substituted."""

    id: UUID
    lesson_id: UUID
    kind: ChangeKind
    lesson_date: date
    class_id: UUID
    subject_id: UUID
    planned_teacher_id: UUID
    teacher_before: UUID | None
    teacher_after: UUID | None
    starts_before: datetime | None
    starts_after: datetime | None
    reason: str | None
    changed_by: UUID | None
    changed_at: datetime


class TeacherSummary(BaseModel):
    """A teacher's lessons over a period, up to a date (S7, J8, O1): held as planned, taught
    for another teacher (substituted), given to a substitute (replaced), cancelled."""

    teacher_id: UUID
    held: int
    substituted: int
    replaced: int
    cancelled: int


class SubstitutionSummary(BaseModel):
    date_from: date
    date_to: date
    teachers: list[TeacherSummary]
