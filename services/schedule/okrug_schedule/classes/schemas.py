from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field


class ClassCreate(BaseModel):
    grade: int = Field(ge=1, le=11, description="Grade level (параллель), 1..11")
    letter: str = Field(min_length=1, max_length=3, description="Class letter, e.g. 'Б'")
    class_teacher_id: UUID | None = None


class ClassRead(BaseModel):
    id: UUID
    grade: int
    letter: str
    name: str
    class_teacher_id: UUID | None


class MemberAdd(BaseModel):
    student_id: UUID
    since: date | None = Field(default=None, description="Effective date; today when omitted")


class MemberRead(BaseModel):
    student_id: UUID
    since: date
    until: date | None
