"""ORM models of the helpdesk service. Every tenant table leads its keys with school_id."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    Text,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class RequestCategory(StrEnum):
    """The help a request asks for (H1, S3 VI 5.4); service levels (issue 12 point 2) are
    set per category."""

    METHODOLOGICAL = "methodological"
    CONSULTING = "consulting"
    TECHNICAL = "technical"


class RequestKind(StrEnum):
    """What the school brings (H1): a question, a remark or a proposal."""

    QUESTION = "question"
    REMARK = "remark"
    PROPOSAL = "proposal"


class RequestChannel(StrEnum):
    """How the request reached the desk: the school's own web form, or a call, visit, e-mail
    or chat logged by a member of the desk on the caller's behalf (H1)."""

    WEB = "web"
    PHONE = "phone"
    VISIT = "visit"
    EMAIL = "email"
    CHAT = "chat"


class RequestStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING_FOR_SCHOOL = "waiting_for_school"
    ANSWERED = "answered"
    CLOSED = "closed"
    REOPENED = "reopened"


class Side(StrEnum):
    """Who wrote a message of a request's thread: the school or the district's desk."""

    SCHOOL = "school"
    DISTRICT = "district"


class HistoryChange(StrEnum):
    """One recorded change of a request (H1: every change recorded)."""

    OPENED = "opened"
    STATUS = "status"
    ASSIGNED = "assigned"
    MESSAGE = "message"
    ATTACHMENT = "attachment"


def _one_of(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


def _request_key(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["school_id", "request_id"],
        ["requests.school_id", "requests.id"],
        name=f"fk_{table}_request",
        ondelete="CASCADE",
    )


class HelpRequest(Base):
    """One entry of the district's request log (H1). `author_id`/`author_role` are the
    school's person the request is from (the caller, for a logged call; null when the caller
    is not in the directory, then `caller_name` says who called); `logged_by` the member of
    the desk who logged it on the caller's behalf. `answered_at`/`answered_by` keep the
    first answer (time to first answer, H1 and the service levels of point 2)."""

    __tablename__ = "requests"
    __table_args__ = (
        CheckConstraint(_one_of("category", RequestCategory), name="category_known"),
        CheckConstraint(_one_of("kind", RequestKind), name="kind_known"),
        CheckConstraint(_one_of("channel", RequestChannel), name="channel_known"),
        CheckConstraint(_one_of("status", RequestStatus), name="status_known"),
        CheckConstraint("(answered_at IS NULL) = (answered_by IS NULL)", name="answer_complete"),
        CheckConstraint("author_id IS NOT NULL OR caller_name IS NOT NULL", name="requester_named"),
        CheckConstraint("channel = 'web' OR logged_by IS NOT NULL", name="logged_call_has_logger"),
        Index("ix_requests_status_created", "school_id", "status", "created_at"),
        Index("ix_requests_assignee", "school_id", "assignee_id"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    author_id: Mapped[UUID | None]
    author_role: Mapped[str] = mapped_column(Text)
    caller_name: Mapped[str | None] = mapped_column(Text)
    logged_by: Mapped[UUID | None]
    channel: Mapped[str] = mapped_column(Text, server_default=RequestChannel.WEB.value)
    category: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text, server_default=RequestKind.QUESTION.value)
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=RequestStatus.NEW.value)
    assignee_id: Mapped[UUID | None]
    answered_by: Mapped[UUID | None]
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def seconds_to_answer(self) -> int | None:
        if self.answered_at is None:
            return None
        return max(0, int((self.answered_at - self.created_at).total_seconds()))


class RequestMessage(Base):
    """One message of a request's thread, from the school or from the district's desk."""

    __tablename__ = "request_messages"
    __table_args__ = (
        _request_key("request_messages"),
        CheckConstraint(_one_of("side", Side), name="side_known"),
        Index("ix_request_messages_request", "school_id", "request_id", "created_at"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    request_id: Mapped[UUID]
    author_id: Mapped[UUID]
    side: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RequestAttachment(Base):
    """A file attached to a request, kept in the database under the school's row-level
    security: it is served only to whoever may read the request. `media_type` is the type
    found in the content, never the one the upload claimed."""

    __tablename__ = "request_attachments"
    __table_args__ = (
        _request_key("request_attachments"),
        CheckConstraint("size_bytes = octet_length(content)", name="size_matches"),
        Index("ix_request_attachments_request", "school_id", "request_id", "created_at"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    request_id: Mapped[UUID]
    file_name: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RequestHistory(Base):
    """Every change of a request (H1): opened, a status moved, an assignment, a message or
    an attachment added; who did it and when."""

    __tablename__ = "request_history"
    __table_args__ = (
        _request_key("request_history"),
        CheckConstraint(_one_of("change", HistoryChange), name="change_known"),
        Index("ix_request_history_request", "school_id", "request_id", "at"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    request_id: Mapped[UUID]
    change: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[UUID]
    from_status: Mapped[str | None] = mapped_column(Text)
    to_status: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[UUID | None]
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


TENANT_TABLES = (
    "requests",
    "request_messages",
    "request_attachments",
    "request_history",
    "processed_events",
    "outbox",
)
