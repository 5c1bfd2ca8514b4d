from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

AttendanceStatus = Literal["absent", "late"]
AbsenceReason = Literal["illness", "excused", "unexcused"]


class AttendanceSet(BaseModel):
    status: AttendanceStatus
    reason: AbsenceReason | None = None


class AttendanceRead(BaseModel):
    lesson_id: UUID
    student_id: UUID
    status: AttendanceStatus
    reason: AbsenceReason | None
    recorded_by: UUID
    recorded_at: datetime
