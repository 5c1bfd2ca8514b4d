from uuid import UUID

from pydantic import BaseModel, Field


class SubjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="e.g. 'Математика'")


class SubjectRead(BaseModel):
    id: UUID
    name: str
