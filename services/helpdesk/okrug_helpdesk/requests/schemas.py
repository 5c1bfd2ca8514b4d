from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from okrug_common.roles import Role
from okrug_helpdesk.models import (
    HistoryChange,
    RequestCategory,
    RequestChannel,
    RequestKind,
    RequestStatus,
    Side,
)

Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
StaffRole = Literal[
    Role.DIRECTOR,
    Role.DEPUTY_DIRECTOR,
    Role.SCHOOL_ADMIN,
    Role.SECRETARY,
    Role.CLASS_TEACHER,
    Role.TEACHER,
]
# A logged call came by one of these; the web form is the school's own.
LoggedChannel = Literal[
    RequestChannel.PHONE, RequestChannel.VISIT, RequestChannel.EMAIL, RequestChannel.CHAT
]
# What the desk may move a request to by itself (a reopening is the school's).
DeskStatus = Literal[
    RequestStatus.IN_PROGRESS,
    RequestStatus.WAITING_FOR_SCHOOL,
    RequestStatus.ANSWERED,
    RequestStatus.CLOSED,
]
# A district message answers the request, or asks the school for something.
AfterDeskMessage = Literal[RequestStatus.ANSWERED, RequestStatus.WAITING_FOR_SCHOOL]


class RequestCreate(BaseModel):
    category: RequestCategory
    kind: RequestKind = RequestKind.QUESTION
    subject: Subject = Field(description="Short subject line, e.g. 'Не открывается журнал 5Б'")
    text: LongText
    author_role: StaffRole | None = Field(
        default=None,
        description="The staff role the request is made in; the author's highest by default",
    )


class RequestLog(BaseModel):
    """A call, visit, e-mail or chat message the desk logs on the caller's behalf (H1)."""

    school_id: UUID
    channel: LoggedChannel
    caller_id: UUID | None = Field(
        default=None,
        description="The caller's person id in the school, when known: they follow the "
        "request and are told of answers",
    )
    caller_name: PersonName = Field(description="Who called, as they introduced themselves")
    caller_role: StaffRole
    category: RequestCategory
    kind: RequestKind = RequestKind.QUESTION
    subject: Subject
    text: LongText


class MessageCreate(BaseModel):
    body: LongText
    status: AfterDeskMessage | None = Field(
        default=None,
        description="The desk's message: answered (the default) or waiting_for_school. "
        "Ignored for the school's messages",
    )


class Assignment(BaseModel):
    assignee_id: UUID = Field(description="The member of the desk who takes the request")


class StatusChange(BaseModel):
    status: DeskStatus


class RequestRead(BaseModel):
    id: UUID
    school_id: UUID
    author_id: UUID | None = Field(description="The school's person the request is from")
    author_role: str
    caller_name: str | None = Field(description="The caller's name, for a logged call")
    logged_by: UUID | None = Field(description="The member of the desk who logged the call")
    channel: RequestChannel
    category: RequestCategory
    kind: RequestKind
    subject: str
    text: str
    status: RequestStatus
    assignee_id: UUID | None
    answered_by: UUID | None = Field(description="Who gave the first answer")
    answered_at: datetime | None = Field(description="When the first answer was given")
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    seconds_to_answer: int | None = Field(
        description="Time to the first answer (H1); null until answered"
    )


class MessageRead(BaseModel):
    id: UUID
    author_id: UUID
    side: Side
    body: str
    created_at: datetime


class AttachmentRead(BaseModel):
    id: UUID
    file_name: str
    media_type: str
    size_bytes: int
    uploaded_by: UUID
    created_at: datetime


class HistoryRead(BaseModel):
    change: HistoryChange
    actor_id: UUID
    from_status: RequestStatus | None
    to_status: RequestStatus | None
    assignee_id: UUID | None
    at: datetime


class RequestDetail(RequestRead):
    messages: list[MessageRead]
    attachments: list[AttachmentRead]
    history: list[HistoryRead]
