"""ORM models of the helpdesk service. Every tenant table leads its keys with school_id."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import CheckConstraint, DateTime, Index, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class RequestCategory(StrEnum):
    """What a request is (H1, S3 VI 5.4): a question, remark or proposal from a school, or an
    act of methodological, consulting or technical help."""

    QUESTION = "question"
    REMARK = "remark"
    PROPOSAL = "proposal"
    METHODOLOGICAL = "methodological"
    CONSULTING = "consulting"
    TECHNICAL = "technical"


class RequestStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


def _one_of(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class HelpRequest(Base):
    """One entry of the district's request log (H1)."""

    __tablename__ = "requests"
    __table_args__ = (
        CheckConstraint(_one_of("category", RequestCategory), name="category_known"),
        CheckConstraint(_one_of("status", RequestStatus), name="status_known"),
        CheckConstraint(
            "(answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL)",
            name="answer_complete",
        ),
        Index("ix_requests_status_created", "school_id", "status", "created_at"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    author_id: Mapped[UUID]
    author_role: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=RequestStatus.OPEN.value)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[UUID | None]
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def seconds_to_answer(self) -> int | None:
        if self.answered_at is None:
            return None
        return max(0, int((self.answered_at - self.created_at).total_seconds()))


TENANT_TABLES = ("requests", "processed_events", "outbox")
