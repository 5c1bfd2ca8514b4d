from datetime import datetime
from typing import Self
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, model_validator

from okrug_common.errors import InvalidInput


class LessonCreate(BaseModel):
    class_id: UUID
    subject_id: UUID
    teacher_id: UUID
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise InvalidInput("A lesson must end after it starts.", field="ends_at")
        return self


class LessonRead(BaseModel):
    id: UUID
    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    teacher_id: UUID
    starts_at: datetime
    ends_at: datetime
