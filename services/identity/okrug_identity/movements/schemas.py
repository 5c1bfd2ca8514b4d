from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class EnrolmentCreate(BaseModel):
    effective_on: date = Field(description="Date of enrolment (the order's date of effect)")
    order_number: str | None = Field(default=None, max_length=100, description="№ приказа")
    from_school_id: UUID | None = Field(
        default=None, description="Arrival from another school of the district"
    )


class TransferCreate(BaseModel):
    effective_on: date
    to_school_id: UUID = Field(description="The school of the district the student moves to")
    order_number: str | None = Field(default=None, max_length=100)


class WithdrawalCreate(BaseModel):
    effective_on: date
    reason: str = Field(min_length=2, max_length=500)
    order_number: str | None = Field(default=None, max_length=100)


class MovementRead(BaseModel):
    id: UUID
    student_id: UUID
    kind: str
    effective_on: date
    order_number: str | None
    reason: str | None
    other_school_id: UUID | None
    recorded_by: UUID | None
    recorded_at: datetime


class StudentStatus(BaseModel):
    student_id: UUID
    status: str = Field(description="enrolled | transferred_out | withdrawn | not_enrolled")
    since: date | None
    movements: list[MovementRead]
