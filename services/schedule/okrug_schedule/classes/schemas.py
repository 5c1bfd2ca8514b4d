from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field


class ClassCreate(BaseModel):
    grade: int = Field(ge=1, le=11, description="Grade level (параллель), 1..11")
    letter: str = Field(min_length=1, max_length=3, description="Class letter, e.g. 'Б'")
    class_teacher_id: UUID | None = None
    year_id: UUID | None = Field(
        default=None, description="Academic year; the year that contains today when omitted"
    )
    bell_schedule_id: UUID | None = Field(default=None, description="The class's shift")


class ClassUpdate(BaseModel):
    class_teacher_id: UUID | None = None
    bell_schedule_id: UUID | None = None


class ClassRead(BaseModel):
    id: UUID
    grade: int
    letter: str
    name: str
    class_teacher_id: UUID | None
    year_id: UUID
    bell_schedule_id: UUID | None = None
    previous_class_id: UUID | None = None


class MemberAdd(BaseModel):
    student_id: UUID
    since: date | None = Field(default=None, description="Effective date; today when omitted")


class MemberRead(BaseModel):
    student_id: UUID
    since: date
    until: date | None
    class_id: UUID | None = None


class LeaveClass(BaseModel):
    on: date | None = Field(
        default=None, description="First day the student is no longer in the class; today"
    )


class Transfer(BaseModel):
    to_class_id: UUID
    on: date | None = Field(default=None, description="First day in the new class; today")


class TransferRead(BaseModel):
    left: MemberRead
    joined: MemberRead
