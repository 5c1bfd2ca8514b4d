from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.policy.schemas import ALL_MARK_VALUES


class MarkCreate(BaseModel):
    student_id: UUID
    value: ALL_MARK_VALUES = Field(
        description="A mark on the school's scale: 1-5 (five-point) or pass/fail"
    )
    work_type: str = Field(
        min_length=1, max_length=40, description="A work type code of the school's policy"
    )


class MarkUpdate(BaseModel):
    """A change of a mark inside the edit window (J6); the reason goes to the audit."""

    value: ALL_MARK_VALUES | None = None
    work_type: str | None = Field(default=None, min_length=1, max_length=40)
    reason: str | None = Field(default=None, max_length=500)


class MarkRead(BaseModel):
    id: UUID
    lesson_id: UUID
    student_id: UUID
    scale: str
    value: str
    work_type: str
    weight: Decimal
    recorded_by: UUID
    recorded_at: datetime


class DiaryMark(MarkRead):
    subject_name: str
    lesson_date: date
