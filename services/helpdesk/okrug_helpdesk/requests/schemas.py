from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from okrug_common.roles import Role
from okrug_helpdesk.models import RequestCategory, RequestStatus

Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class RequestCreate(BaseModel):
    category: RequestCategory
    subject: Subject = Field(description="Short subject line, e.g. 'Не открывается журнал 5Б'")
    text: LongText
    author_role: Role | None = Field(
        default=None,
        description="The staff role the request is made in; the author's highest by default",
    )


class RequestAnswer(BaseModel):
    answer: LongText


class RequestRead(BaseModel):
    id: UUID
    school_id: UUID
    author_id: UUID
    author_role: str
    category: RequestCategory
    subject: str
    text: str
    status: RequestStatus
    answer: str | None
    answered_by: UUID | None
    answered_at: datetime | None
    created_at: datetime
    seconds_to_answer: int | None = Field(description="Time to answer (H1); null until answered")
