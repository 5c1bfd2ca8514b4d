from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel


class MarkChangeRead(BaseModel):
    id: UUID
    mark_id: UUID
    lesson_id: UUID
    lesson_date: date | None
    subject_id: UUID
    subject_name: str | None
    class_id: UUID
    student_id: UUID
    teacher_id: UUID
    action: Literal["changed", "deleted"]
    old: dict[str, Any]
    new: dict[str, Any] | None
    reason: str | None
    changed_by: UUID
    changed_at: datetime
