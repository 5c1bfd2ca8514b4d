from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class MessageRead(BaseModel):
    id: UUID
    kind: str = Field(description="mark | absence | direct | monitoring-report")
    title: str
    body: str
    student_id: UUID | None = Field(description="The student the message is about, if any")
    created_at: datetime
    read_at: datetime | None


class UnreadCount(BaseModel):
    unread: int
