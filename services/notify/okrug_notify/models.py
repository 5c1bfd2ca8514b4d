"""ORM models of the notify service. Every tenant table leads its keys with school_id."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import CheckConstraint, DateTime, Index, Text, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class MessageKind(StrEnum):
    MARK = "mark"
    ABSENCE = "absence"
    DIRECT = "direct"
    # A school's monitoring report delivered to its director (O5).
    MONITORING_REPORT = "monitoring-report"
    HELPDESK = "helpdesk"


_KINDS = ", ".join(f"'{kind.value}'" for kind in MessageKind)


class Message(Base):
    """One message in one person's inbox (N1). `student_id` names the student the message
    is about (a guardian may have several children); `source_event_id` the event that caused
    it, unique per recipient so a replayed event cannot write a message twice."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KINDS})", name="kind_known"),
        Index("ix_messages_recipient_created", "school_id", "recipient_id", "created_at"),
        Index(
            "uq_messages_source_recipient",
            "school_id",
            "source_event_id",
            "recipient_id",
            unique=True,
            postgresql_where=text("source_event_id IS NOT NULL"),
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    recipient_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    student_id: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    source_event_id: Mapped[UUID | None]


class GuardianLink(Base):
    """Projection of identity's guardian links (who is whose parent / legal guardian), fed by
    IdentityEvents.GUARDIAN_LINKED and rebuildable from identity over gRPC."""

    __tablename__ = "guardians"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    guardian_id: Mapped[UUID] = mapped_column(primary_key=True)


TENANT_TABLES = ("messages", "guardians", "processed_events", "outbox")
