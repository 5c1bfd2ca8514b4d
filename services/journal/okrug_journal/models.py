"""ORM models of the journal. Projections of other services' data (lessons, class
membership, guardian links) are kept locally, fed by events, rebuildable over gRPC."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, DateTime, Index, Numeric, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class LessonProjection(Base):
    """A lesson as schedule last told us: who teaches it (teacher of record), which class."""

    __tablename__ = "lesson_projection"
    __table_args__ = (
        Index("ix_lesson_projection_teacher", "school_id", "teacher_id", "lesson_date"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    subject_name: Mapped[str] = mapped_column(Text)
    teacher_id: Mapped[UUID]
    lesson_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClassMemberProjection(Base):
    __tablename__ = "class_member_projection"
    __table_args__ = (Index("ix_class_member_projection_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)


class GuardianProjection(Base):
    __tablename__ = "guardian_projection"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    guardian_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)


class Mark(Base):
    """A mark is data: scale, value, work type and its weight (J3)."""

    __tablename__ = "marks"
    __table_args__ = (
        Index("ix_marks_student", "school_id", "student_id", "recorded_at"),
        Index("ix_marks_lesson", "school_id", "lesson_id"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID]
    student_id: Mapped[UUID]
    scale: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    work_type: Mapped[str] = mapped_column(Text)
    weight: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    recorded_by: Mapped[UUID]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Attendance(Base):
    """Absent or late, per student per lesson (J2)."""

    __tablename__ = "attendance"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[UUID]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


TENANT_TABLES = (
    "lesson_projection",
    "class_member_projection",
    "guardian_projection",
    "marks",
    "attendance",
)
