from uuid import UUID

from pydantic import BaseModel, Field


class DeputyGrades(BaseModel):
    grades: list[int] = Field(max_length=11, description="Grade levels 1..11 the deputy owns")


class DeputyRead(BaseModel):
    deputy_id: UUID
    grades: list[int]
