"""ORM models of the schedule service. Every tenant table leads its keys with school_id."""

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class SchoolClass(Base):
    __tablename__ = "classes"
    __table_args__ = (
        UniqueConstraint("school_id", "grade", "letter"),
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    grade: Mapped[int] = mapped_column(SmallInteger)
    letter: Mapped[str] = mapped_column(Text)
    class_teacher_id: Mapped[UUID | None]

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"


class ClassMember(Base):
    """Membership with effective dates, so history is never rewritten."""

    __tablename__ = "class_members"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        Index("ix_class_members_student", "school_id", "student_id"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(Date, primary_key=True)
    until: Mapped[date | None] = mapped_column(Date)


class Subject(Base):
    __tablename__ = "subjects"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_lessons_teacher_time", "school_id", "teacher_id", "starts_at"),
        Index("ix_lessons_class_time", "school_id", "class_id", "starts_at"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    teacher_id: Mapped[UUID]
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


TENANT_TABLES = ("classes", "class_members", "subjects", "lessons", "processed_events", "outbox")
