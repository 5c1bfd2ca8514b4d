from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class SlipsRequest(BaseModel):
    include: list[Literal["students", "parents"]] = Field(
        default=["students", "parents"],
        min_length=1,
        description="Students of the class, and parents with a recorded access application",
    )
    person_ids: list[UUID] | None = Field(
        default=None, description="Only these persons of the class (default: everyone eligible)"
    )
    reissue: bool = Field(
        default=False,
        description="Also persons who already signed in (replaces their password: a lost "
        "password). By default only accounts still waiting for their first sign-in.",
    )


class IssueItemRead(BaseModel):
    person_id: UUID
    username: str
    kind: str


class IssueRead(BaseModel):
    id: UUID
    class_id: UUID | None
    issued_by: UUID | None
    issued_at: datetime
    persons: list[IssueItemRead]


class ApplicationCreate(BaseModel):
    applicant_id: UUID = Field(description="The parent (a person of kind parent)")
    student_id: UUID = Field(description="The child the parent asks access to")
    applied_on: date = Field(description="Date of the written application")
    note: str | None = Field(default=None, max_length=500, description="e.g. the register number")


class ApplicationRead(BaseModel):
    id: UUID
    applicant_id: UUID
    student_id: UUID
    applied_on: date
    note: str | None
    recorded_by: UUID | None
    recorded_at: datetime
