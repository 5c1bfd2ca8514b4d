from datetime import date, datetime
from typing import Self
from uuid import UUID
from zoneinfo import available_timezones

from pydantic import BaseModel, Field, field_validator, model_validator


def _known_zone(value: str) -> str:
    if value not in available_timezones():
        raise ValueError(f"unknown time zone {value!r}")
    return value


class SchoolCreate(BaseModel):
    name: str = Field(min_length=3, max_length=300, description="Full name, e.g. 'МБОУ СОШ № 5'")
    short_name: str | None = Field(default=None, max_length=100)
    time_zone: str = Field(default="Europe/Moscow", description="IANA time zone of the school")

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return _known_zone(value)


class Licence(BaseModel):
    kind: str = Field(
        default="educational", max_length=100, description="e.g. 'образовательная деятельность'"
    )
    number: str = Field(min_length=1, max_length=100)
    issued_on: date
    valid_until: date | None = Field(default=None, description="Empty: without time limit")
    issued_by: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.issued_on:
            raise ValueError("valid_until precedes issued_on")
        return self


class Accreditation(BaseModel):
    number: str = Field(min_length=1, max_length=100)
    issued_on: date
    valid_until: date | None = None
    issued_by: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.issued_on:
            raise ValueError("valid_until precedes issued_on")
        return self


class SchoolProfile(BaseModel):
    """The school's card (I1), kept current by the school admin."""

    name: str = Field(min_length=3, max_length=300)
    short_name: str = Field(min_length=1, max_length=100)
    address: str | None = Field(default=None, max_length=500)
    director_name: str | None = Field(default=None, max_length=300)
    licences: list[Licence] = Field(default_factory=list)
    accreditation: Accreditation | None = None
    time_zone: str = Field(description="IANA time zone of the school")

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return _known_zone(value)


class SchoolRead(BaseModel):
    id: UUID
    name: str
    short_name: str
    time_zone: str
    created_at: datetime
    address: str | None = None
    director_name: str | None = None
    licences: list[Licence] = Field(default_factory=list)
    accreditation: Accreditation | None = None
    profile_updated_at: datetime | None = None
    profile_updated_by: UUID | None = None
