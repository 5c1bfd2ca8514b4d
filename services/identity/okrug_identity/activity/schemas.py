from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class RoleActivity(BaseModel):
    role: str
    title: str
    persons: int = Field(description="Persons holding the role at the end of the month")
    signed_in: int = Field(description="Signed in at least once during the month")
    active: int = Field(description="Used the platform on at least `active_days` days")
    never_signed_in: int = Field(description="Never signed in up to the end of the month")


class PersonActivity(BaseModel):
    person_id: UUID
    name: str
    username: str
    roles: list[str]
    sign_ins: int
    days_of_use: int
    last_sign_in: datetime | None


class ActivityReport(BaseModel):
    school_id: UUID
    school_name: str
    month: str
    time_zone: str
    active_days: int
    roles: list[RoleActivity]
    never_signed_in: list[PersonActivity] | None = Field(
        description="Who never signed in (school leadership only; the district gets counts)"
    )
    active: list[PersonActivity] | None = Field(description="Who is active (school leadership)")
    generated_at: datetime


class PersonActivityRead(BaseModel):
    person_id: UUID
    month: str
    sign_ins: list[datetime]
    days_of_use: list[date]
