"""ORM models of the schedule service. Every tenant table leads its keys with school_id.

Dates (`*_on`, `since`, `until`, `lesson_date`) are calendar dates in the school's time zone;
`until` is exclusive (a membership with until = 10 November ends on the 9th). Timestamps are
UTC. No double booking (S8) is enforced by exclusion constraints on `lessons` (btree_gist):
a teacher, a room, a class (or one of its groups) is never in two planned lessons at once.
"""

from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    Time,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from okrug_common.db import service_metadata
from okrug_common.events import processed_events_table
from okrug_common.outbox import outbox_table

# The district's own rows (its default calendars) carry this school id: every table leads
# with school_id, and row-level security lets every school read these rows.
DISTRICT_SCHOOL_ID = UUID(int=0)


class Base(DeclarativeBase):
    metadata = service_metadata()


outbox = outbox_table(Base.metadata)
processed_events = processed_events_table(Base.metadata)


class YearStatus(StrEnum):
    OPEN = "open"
    ARCHIVED = "archived"


class PeriodKind(StrEnum):
    TERM = "term"
    TRIMESTER = "trimester"
    HALF_YEAR = "half_year"
    YEAR = "year"


class HolidayKind(StrEnum):
    VACATION = "vacation"
    HOLIDAY = "holiday"
    DAY_OFF = "day_off"


class RoomKind(StrEnum):
    CLASSROOM = "classroom"
    LABORATORY = "laboratory"
    COMPUTER = "computer"
    GYM = "gym"
    WORKSHOP = "workshop"
    HALL = "hall"
    OTHER = "other"


class SubjectComponent(StrEnum):
    FEDERAL = "federal"
    SCHOOL = "school"


class TimetableStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class LessonStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class ChangeKind(StrEnum):
    ADDED = "added"
    MOVED = "moved"
    CANCELLED = "cancelled"
    SUBSTITUTED = "substituted"
    SUBSTITUTION_REMOVED = "substitution_removed"


# --- calendar (S1) ----------------------------------------------------------------------------


class AcademicYear(Base):
    __tablename__ = "academic_years"
    __table_args__ = (
        UniqueConstraint("school_id", "name"),
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint("working_days_per_week IN (5, 6)", name="working_days_per_week"),
        ExcludeConstraint(
            ("school_id", "="),
            (text("daterange(starts_on, ends_on, '[]')"), "&&"),
            name="academic_years_no_overlap",
            using="gist",
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text, server_default=YearStatus.OPEN.value)
    # The kind of study period subjects are assessed by unless a rule says otherwise.
    default_period_kind: Mapped[str] = mapped_column(Text, server_default=PeriodKind.TERM.value)
    # 5: Monday to Friday; 6: Monday to Saturday (the journal's working days follow it).
    working_days_per_week: Mapped[int] = mapped_column(SmallInteger, server_default=text("5"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[UUID | None]
    next_year_id: Mapped[UUID | None]


class StudyPeriod(Base):
    __tablename__ = "study_periods"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        UniqueConstraint("school_id", "year_id", "kind", "number"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        ExcludeConstraint(
            ("school_id", "="),
            ("year_id", "="),
            ("kind", "="),
            (text("daterange(starts_on, ends_on, '[]')"), "&&"),
            name="study_periods_no_overlap",
            using="gist",
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(Text)
    number: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class Holiday(Base):
    """Holidays, vacations and days off: no lessons are generated on these days."""

    __tablename__ = "holidays"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        Index("ix_holidays_year", "school_id", "year_id", "starts_on"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class AssessmentRule(Base):
    """A subject (or, with no subject, every subject of a grade) is assessed by this kind of
    study period: half-years for some, terms for others."""

    __tablename__ = "assessment_rules"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        UniqueConstraint(
            "school_id", "year_id", "grade", "subject_id", postgresql_nulls_not_distinct=True
        ),
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID]
    grade: Mapped[int] = mapped_column(SmallInteger)
    subject_id: Mapped[UUID | None]
    period_kind: Mapped[str] = mapped_column(Text)


class DistrictCalendar(Base):
    """A default calendar the district publishes; a school creates its year from it.
    school_id is always DISTRICT_SCHOOL_ID."""

    __tablename__ = "district_calendars"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    default_period_kind: Mapped[str] = mapped_column(Text)
    working_days_per_week: Mapped[int] = mapped_column(SmallInteger, server_default=text("5"))
    periods: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    holidays: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    published_by: Mapped[UUID | None]
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


# --- reference books (S2) ---------------------------------------------------------------------


class Building(Base):
    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "building_id"], ["buildings.school_id", "buildings.id"]),
        UniqueConstraint("school_id", "building_id", "name", postgresql_nulls_not_distinct=True),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    building_id: Mapped[UUID | None]
    name: Mapped[str] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text, server_default=RoomKind.CLASSROOM.value)


class Subject(Base):
    __tablename__ = "subjects"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    # federal: from the federal curriculum's list; school: the school's own component.
    component: Mapped[str] = mapped_column(Text, server_default=SubjectComponent.SCHOOL.value)


class SubjectTeacher(Base):
    __tablename__ = "subject_teachers"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    teacher_id: Mapped[UUID] = mapped_column(primary_key=True)


class SubjectRoom(Base):
    __tablename__ = "subject_rooms"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        ForeignKeyConstraint(["school_id", "room_id"], ["rooms.school_id", "rooms.id"]),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    room_id: Mapped[UUID] = mapped_column(primary_key=True)


class SubjectClass(Base):
    __tablename__ = "subject_classes"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)


# --- bell schedules (S5) ----------------------------------------------------------------------


class BellSchedule(Base):
    __tablename__ = "bell_schedules"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class BellPeriod(Base):
    __tablename__ = "bell_periods"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "bell_schedule_id"],
            ["bell_schedules.school_id", "bell_schedules.id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("number BETWEEN 0 AND 20", name="number_range"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    bell_schedule_id: Mapped[UUID] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)


# --- classes, groups, membership (S3) ---------------------------------------------------------


class SchoolClass(Base):
    __tablename__ = "classes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        ForeignKeyConstraint(
            ["school_id", "bell_schedule_id"], ["bell_schedules.school_id", "bell_schedules.id"]
        ),
        UniqueConstraint(
            "school_id", "year_id", "grade", "letter", postgresql_nulls_not_distinct=True
        ),
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    grade: Mapped[int] = mapped_column(SmallInteger)
    letter: Mapped[str] = mapped_column(Text)
    class_teacher_id: Mapped[UUID | None]
    # The academic year the class belongs to (every class has one: S1, the group-move rule).
    year_id: Mapped[UUID]
    # The class it was promoted from at the last rollover (5A of last year for this 6A).
    previous_class_id: Mapped[UUID | None]
    # The class's shift: its default bell schedule.
    bell_schedule_id: Mapped[UUID | None]

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"


class ClassMember(Base):
    """Membership with effective dates, so history is never rewritten."""

    __tablename__ = "class_members"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        Index("ix_class_members_student", "school_id", "student_id"),
        CheckConstraint("until IS NULL OR until > since", name="until_after_since"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(Date, primary_key=True)
    until: Mapped[date | None] = mapped_column(Date)


class Group(Base):
    """A group that splits a class for a subject (two English groups). `part` numbers the
    class's groups from 1; lessons of different groups of a class may run at once."""

    __tablename__ = "groups"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        UniqueConstraint("school_id", "class_id", "name", name="uq_groups_class_name"),
        UniqueConstraint("school_id", "class_id", "part", name="uq_groups_class_part"),
        CheckConstraint("part > 0", name="part_positive"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    name: Mapped[str] = mapped_column(Text)
    part: Mapped[int] = mapped_column(SmallInteger)


class GroupMember(Base):
    __tablename__ = "group_members"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "group_id"], ["groups.school_id", "groups.id"]),
        Index("ix_group_members_student", "school_id", "student_id"),
        CheckConstraint("until IS NULL OR until > since", name="until_after_since"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    group_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(Date, primary_key=True)
    until: Mapped[date | None] = mapped_column(Date)


class DeputyGrade(Base):
    """The grade levels a deputy director is responsible for (S6): they edit only these."""

    __tablename__ = "deputy_grades"
    __table_args__ = (CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    deputy_id: Mapped[UUID] = mapped_column(primary_key=True)
    grade: Mapped[int] = mapped_column(SmallInteger, primary_key=True)


# --- curriculum and teaching load (S4) --------------------------------------------------------


class CurriculumItem(Base):
    __tablename__ = "curriculum_items"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),
        CheckConstraint("hours_per_week > 0", name="hours_positive"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID] = mapped_column(primary_key=True)
    grade: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    hours_per_week: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    hours_per_year: Mapped[int] = mapped_column(Integer)


class TeachingAssignment(Base):
    """Who teaches which subject to which class or group, with hours (тарификация)."""

    __tablename__ = "teaching_load"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        ForeignKeyConstraint(["school_id", "group_id"], ["groups.school_id", "groups.id"]),
        UniqueConstraint(
            "school_id",
            "year_id",
            "teacher_id",
            "subject_id",
            "class_id",
            "group_id",
            postgresql_nulls_not_distinct=True,
        ),
        Index("ix_teaching_load_class", "school_id", "class_id"),
        CheckConstraint("hours_per_week > 0", name="hours_positive"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID]
    teacher_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    class_id: Mapped[UUID]
    group_id: Mapped[UUID | None]
    hours_per_week: Mapped[Decimal] = mapped_column(Numeric(4, 1))


# --- timetable (S6) ---------------------------------------------------------------------------


class Timetable(Base):
    """A class's weekly template over a date range: drafted, then published (which generates
    the dated lessons)."""

    __tablename__ = "timetables"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "year_id"], ["academic_years.school_id", "academic_years.id"]
        ),
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        ForeignKeyConstraint(
            ["school_id", "bell_schedule_id"], ["bell_schedules.school_id", "bell_schedules.id"]
        ),
        CheckConstraint("valid_to >= valid_from", name="valid_range"),
        Index("ix_timetables_class", "school_id", "class_id", "valid_from"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID]
    class_id: Mapped[UUID]
    bell_schedule_id: Mapped[UUID]
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text, server_default=TimetableStatus.DRAFT.value)
    created_by: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[UUID | None]
    # The day by which it should have been published (2 days before its study period).
    publish_deadline: Mapped[date | None] = mapped_column(Date)
    published_late: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    lessons_generated: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class TimetableEntry(Base):
    __tablename__ = "timetable_entries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_id", "timetable_id"], ["timetables.school_id", "timetables.id"]
        ),
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        ForeignKeyConstraint(["school_id", "room_id"], ["rooms.school_id", "rooms.id"]),
        ForeignKeyConstraint(["school_id", "group_id"], ["groups.school_id", "groups.id"]),
        UniqueConstraint(
            "school_id",
            "timetable_id",
            "weekday",
            "period",
            "group_id",
            postgresql_nulls_not_distinct=True,
        ),
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday_range"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    timetable_id: Mapped[UUID]
    weekday: Mapped[int] = mapped_column(SmallInteger)  # ISO: 1 = Monday
    period: Mapped[int] = mapped_column(SmallInteger)
    subject_id: Mapped[UUID]
    teacher_id: Mapped[UUID]
    room_id: Mapped[UUID | None]
    group_id: Mapped[UUID | None]


# --- lessons and their changes (S6-S8) --------------------------------------------------------

PLANNED_ONLY = text("status = 'planned'")


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (
        ForeignKeyConstraint(["school_id", "class_id"], ["classes.school_id", "classes.id"]),
        ForeignKeyConstraint(["school_id", "subject_id"], ["subjects.school_id", "subjects.id"]),
        ForeignKeyConstraint(["school_id", "group_id"], ["groups.school_id", "groups.id"]),
        ForeignKeyConstraint(["school_id", "room_id"], ["rooms.school_id", "rooms.id"]),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_lessons_teacher_time", "school_id", "teacher_id", "starts_at"),
        Index("ix_lessons_class_time", "school_id", "class_id", "starts_at"),
        Index("ix_lessons_room_time", "school_id", "room_id", "starts_at"),
        Index("ix_lessons_timetable", "school_id", "timetable_id", "lesson_date"),
        ExcludeConstraint(
            ("school_id", "="),
            ("teacher_id", "="),
            (text("tstzrange(starts_at, ends_at)"), "&&"),
            name="lessons_teacher_not_double_booked",
            using="gist",
            where=PLANNED_ONLY,
        ),
        ExcludeConstraint(
            ("school_id", "="),
            ("room_id", "="),
            (text("tstzrange(starts_at, ends_at)"), "&&"),
            name="lessons_room_not_double_booked",
            using="gist",
            where=PLANNED_ONLY,
        ),
        # class_part 0 is the whole class ([0, inf)), a group's part k is [k, k+1): a whole
        # class lesson collides with every lesson of the class, a group's only with its own.
        ExcludeConstraint(
            ("school_id", "="),
            ("class_id", "="),
            (text("tstzrange(starts_at, ends_at)"), "&&"),
            (
                text(
                    "int4range(class_part, CASE WHEN class_part = 0 THEN NULL "
                    "ELSE class_part + 1 END)"
                ),
                "&&",
            ),
            name="lessons_class_not_double_booked",
            using="gist",
            where=PLANNED_ONLY,
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    # Teacher of record: the substitute when there is one (S7).
    teacher_id: Mapped[UUID]
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lesson_date: Mapped[date] = mapped_column(Date)
    # The teacher the timetable (or whoever added the lesson) planned.
    planned_teacher_id: Mapped[UUID]
    group_id: Mapped[UUID | None]
    class_part: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    room_id: Mapped[UUID | None]
    period: Mapped[int | None] = mapped_column(SmallInteger)
    timetable_id: Mapped[UUID | None]
    status: Mapped[str] = mapped_column(Text, server_default=LessonStatus.PLANNED.value)


class LessonChange(Base):
    """Every change of a lesson after it was planned: the substitution log (S7)."""

    __tablename__ = "lesson_changes"
    __table_args__ = (
        Index("ix_lesson_changes_lesson", "school_id", "lesson_id"),
        Index("ix_lesson_changes_time", "school_id", "changed_at"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    teacher_before: Mapped[UUID | None]
    teacher_after: Mapped[UUID | None]
    starts_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    starts_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[UUID | None]
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


TENANT_TABLES = (
    "academic_years",
    "study_periods",
    "holidays",
    "assessment_rules",
    "buildings",
    "rooms",
    "subjects",
    "subject_teachers",
    "subject_rooms",
    "subject_classes",
    "bell_schedules",
    "bell_periods",
    "classes",
    "class_members",
    "groups",
    "group_members",
    "deputy_grades",
    "curriculum_items",
    "teaching_load",
    "timetables",
    "timetable_entries",
    "lessons",
    "lesson_changes",
    "processed_events",
    "outbox",
)
# Plus district_calendars: the district's rows (school_id = DISTRICT_SCHOOL_ID), readable by
# every school, written only in transactions scoped to the district.
