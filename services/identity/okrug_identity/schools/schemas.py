from datetime import datetime
from uuid import UUID
from zoneinfo import available_timezones

from pydantic import BaseModel, Field, field_validator


class SchoolCreate(BaseModel):
    name: str = Field(min_length=3, max_length=300, description="Full name, e.g. 'МБОУ СОШ № 5'")
    short_name: str | None = Field(default=None, max_length=100)
    time_zone: str = Field(default="Europe/Moscow", description="IANA time zone of the school")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError(f"unknown time zone {value!r}")
        return value


class SchoolRead(BaseModel):
    id: UUID
    name: str
    short_name: str
    time_zone: str
    created_at: datetime
