from datetime import datetime
from uuid import UUID

from pydantic import BaseModel


class GuardianLinkCreate(BaseModel):
    guardian_id: UUID
    student_id: UUID


class GuardianLinkRead(BaseModel):
    guardian_id: UUID
    student_id: UUID
    created_at: datetime
