from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.policy import DEFAULT_WORK_TYPES


class MarkCreate(BaseModel):
    student_id: UUID
    value: Literal["1", "2", "3", "4", "5"] = Field(description="A mark on the five-point scale")
    work_type: str = Field(
        min_length=1, max_length=40, description=f"One of: {', '.join(DEFAULT_WORK_TYPES)}"
    )


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
