from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class PersonalDataUpdate(BaseModel):
    """Fields to set (a field sent as null clears it; a field left out is kept). Every field
    given a value must be covered by a recorded consent (I3)."""

    birth_date: date | None = None
    address: str | None = Field(default=None, max_length=500)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()-]{5,20}$")
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    document_type: str | None = Field(default=None, max_length=100)
    document_number: str | None = Field(default=None, max_length=50)
    document_issued_on: date | None = None
    snils: str | None = Field(default=None, pattern=r"^\d{3}-\d{3}-\d{3} \d{2}$")


class PersonalDataRead(BaseModel):
    person_id: UUID
    birth_date: date | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    document_type: str | None = None
    document_number: str | None = None
    document_issued_on: date | None = None
    snils: str | None = None
    blocked_fields: list[str] = Field(
        default_factory=list, description="Stored but blocked: no active consent covers them"
    )
    destroy_by: date | None = None
    updated_at: datetime | None = None
