from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

ChangeKind = Literal["mark", "attendance-reason", "period-mark"]


class MarkChangeRead(BaseModel):
    id: UUID
    kind: ChangeKind = Field(description="A mark, the reason of an absence or late, a period mark")
    mark_id: UUID | None = Field(description="The mark or period mark; none for attendance")
    lesson_id: UUID | None = Field(description="None for a period mark")
    lesson_date: date | None
    subject_id: UUID
    subject_name: str | None
    class_id: UUID
    student_id: UUID
    teacher_id: UUID | None = Field(description="The lesson's teacher of record")
    action: Literal["changed", "deleted"]
    old: dict[str, Any]
    new: dict[str, Any] | None
    reason: str | None
    changed_by: UUID
    changed_at: datetime
