"""ORM models of the journal. Projections of other services' data (lessons, class
membership, guardian links) are kept locally, fed by events, rebuildable over gRPC."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
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
        Index("ix_lesson_projection_class", "school_id", "class_id", "lesson_date"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    subject_name: Mapped[str] = mapped_column(Text)
    teacher_id: Mapped[UUID]
    lesson_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    class_name: Mapped[str] = mapped_column(Text, server_default="")
    class_grade: Mapped[int | None] = mapped_column(SmallInteger)
    # The group of the class the lesson is for; None for the whole class.
    group_id: Mapped[UUID | None]
    group_name: Mapped[str | None] = mapped_column(Text)
    # The teacher the timetable planned; differs from teacher_id when substituted (J8).
    planned_teacher_id: Mapped[UUID | None]
    period_number: Mapped[int | None] = mapped_column(SmallInteger)
    room_name: Mapped[str | None] = mapped_column(Text)


class ClassMemberProjection(Base):
    __tablename__ = "class_member_projection"
    __table_args__ = (Index("ix_class_member_projection_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)


class ClassTeacherProjection(Base):
    """Schedule's class teacher of each class (ScheduleEvents.CLASS_TEACHER_ASSIGNED): they
    read the whole journal of their class and correct its absence reasons (I5, J2)."""

    __tablename__ = "class_teacher_projection"
    __table_args__ = (Index("ix_class_teacher_projection_teacher", "school_id", "teacher_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    teacher_id: Mapped[UUID]


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
    # "online", or "paper": imported from a paper journal kept during an outage (J13).
    source: Mapped[str] = mapped_column(Text, default="online", server_default="online")
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
    # "online", or "paper": imported from a paper journal kept during an outage (J13).
    source: Mapped[str] = mapped_column(Text, default="online", server_default="online")
    recorded_by: Mapped[UUID]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Who last corrected the reason after the fact (the class teacher, J2), and when.
    reason_corrected_by: Mapped[UUID | None]
    reason_corrected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AbsenceNote(Base):
    """A sick note or another excuse covering days (J2): the reason of every absence and
    late of the student in the class's lessons in the range, also of those recorded later."""

    __tablename__ = "absence_notes"
    __table_args__ = (
        CheckConstraint("date_to >= date_from", name="ordered"),
        Index("ix_absence_notes_student", "school_id", "student_id", "date_from"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    student_id: Mapped[UUID]
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DatedClassMemberProjection(Base):
    """Schedule's dated class membership (ScheduleEvents.CLASS_MEMBERSHIP_CHANGED: transfers,
    leaving, promotion); `until` exclusive. The diary shows a class's lessons to a student
    only on the days they were in it; a student the journal knows only from
    class.member_added has no rows here and is in the class on every day (J9)."""

    __tablename__ = "dated_class_member_projection"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(Date, primary_key=True)
    until: Mapped[date | None] = mapped_column(Date)


class GroupMemberProjection(Base):
    """Schedule's dated group membership (ScheduleEvents.GROUP_MEMBERSHIP_CHANGED): a group
    lesson is in the diary of the group's members on its date (J9). `until` is exclusive."""

    __tablename__ = "group_member_projection"
    __table_args__ = (Index("ix_group_member_projection_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    group_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    since: Mapped[date] = mapped_column(Date, primary_key=True)
    until: Mapped[date | None] = mapped_column(Date)


class SchoolPolicy(Base):
    """The school's own journal rules (J3-J6): only what the school changed from the
    district's defaults; the effective policy is the defaults overlaid with these."""

    __tablename__ = "school_policy"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_by: Mapped[UUID]
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ClassGrade(Base):
    """The grade level of a class (5 for "5Б"), looked up once from schedule's lesson and
    kept here until the lesson projection carries it."""

    __tablename__ = "class_grades"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_name: Mapped[str] = mapped_column(Text)
    grade: Mapped[int] = mapped_column(SmallInteger)


class LessonRecord(Base):
    """What the teacher recorded about a held lesson (J1)."""

    __tablename__ = "lesson_records"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    topic: Mapped[str | None] = mapped_column(Text)
    work_types: Mapped[list[str]] = mapped_column(JSONB)
    homework: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    held: Mapped[bool] = mapped_column(Boolean)
    teacher_id: Mapped[UUID]  # teacher of record when saved (the substitute, if any)
    # "online", or "paper": imported from a paper journal kept during an outage (J13).
    source: Mapped[str] = mapped_column(Text, default="online", server_default="online")
    recorded_by: Mapped[UUID]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    # The lesson plan's topic the lesson covered (J7); None when not taken from a plan.
    plan_topic_id: Mapped[UUID | None]


class IndividualHomework(Base):
    """Homework for one student of the lesson's class (J1)."""

    __tablename__ = "individual_homework"
    __table_args__ = (Index("ix_individual_homework_student", "school_id", "student_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    homework: Mapped[dict[str, Any]] = mapped_column(JSONB)
    set_by: Mapped[UUID]
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MarkChange(Base):
    """One change or deletion in the journal's change audit (J6): of a mark, of an absence's
    reason (J2), of a period mark (J5); who, when, the old and the new value, why."""

    __tablename__ = "mark_changes"
    __table_args__ = (
        Index("ix_mark_changes_changed_at", "school_id", "changed_at"),
        Index("ix_mark_changes_mark", "school_id", "mark_id"),
        CheckConstraint("kind IN ('mark', 'attendance-reason', 'period-mark')", name="kind"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text, server_default="mark")
    mark_id: Mapped[UUID | None]  # the mark or the period mark; none for attendance
    lesson_id: Mapped[UUID | None]  # none for a period mark
    student_id: Mapped[UUID]
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    teacher_id: Mapped[UUID | None]  # the lesson's teacher of record
    action: Mapped[str] = mapped_column(Text)  # changed | deleted
    old: Mapped[dict[str, Any]] = mapped_column(JSONB)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[UUID]
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PeriodMark(Base):
    """A term, half-year, year, exam or final mark (J5), with the averages it was set
    beside."""

    __tablename__ = "period_marks"
    __table_args__ = (
        UniqueConstraint("school_id", "student_id", "subject_id", "period"),
        Index("ix_period_marks_class", "school_id", "class_id", "subject_id", "period"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    student_id: Mapped[UUID]
    period: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    scale: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    weighted_average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    recorded_by: Mapped[UUID]
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class EntryTimeliness(Base):
    """A timeliness fact for oversight (J4, O1): an entry made on time or late against when
    it was due, or not made when it fell due ("missing", recorded by the deadline clock,
    okrug_journal/timeliness/clock.py). A later entry turns a missing fact into a late one
    under the same `fact_id`. `entered_at` is the moment the journal received the entry, the
    one timeliness counts; `claimed_at` the moment the browser says it was made, when it was
    kept there through an outage and sent later (J13): shown, never counted."""

    __tablename__ = "entry_timeliness"
    __table_args__ = (
        Index("ix_entry_timeliness_teacher", "school_id", "teacher_id", "entered_at"),
        Index("ix_entry_timeliness_lesson", "school_id", "lesson_id"),
        UniqueConstraint("school_id", "fact_id"),
        CheckConstraint("timeliness IN ('on_time', 'late', 'missing')", name="timeliness"),
        CheckConstraint(
            "source IN ('typed', 'paper', 'offline') OR (source IS NULL AND timeliness = 'missing')",
            name="source",
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    # One per expected entry (a lesson's topic, a student's period mark...) or per mark.
    fact_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(Text)
    timeliness: Mapped[str] = mapped_column(Text)  # on_time | late | missing
    # The entry (mark, period mark or lesson); None while missing.
    entity_id: Mapped[UUID | None]
    lesson_id: Mapped[UUID | None]
    # The lesson's teacher of record (for a period mark, the subject's teacher of the class).
    teacher_id: Mapped[UUID]
    class_id: Mapped[UUID | None]
    subject_id: Mapped[UUID | None]
    # The lesson's date, or the period's last day for a period mark.
    lesson_date: Mapped[date | None] = mapped_column(Date)
    # The study period's code the entry belongs to; None outside every period.
    period: Mapped[str | None] = mapped_column(Text)
    # Who made the entry (the school admin who imported paper, the substitute); None while
    # missing.
    entered_by: Mapped[UUID | None]
    # None while missing.
    entered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # typed | paper (imported from a paper journal, J13) | offline (kept in the browser
    # through an outage and sent later, J13); None while missing.
    source: Mapped[str | None] = mapped_column(Text)
    # None when the client claimed no moment of its own (an entry sent as it was made).
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotencyKey(Base):
    """The first answer to a write sent with an Idempotency-Key, replayed to retries."""

    __tablename__ = "idempotency_keys"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    principal: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[Any | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LessonPlan(Base):
    """A lesson plan (КТП, J7) of a subject for a class or one group of it; the class
    belongs to one academic year in schedule, so the plan is the year's."""

    __tablename__ = "lesson_plans"
    __table_args__ = (
        UniqueConstraint(
            "school_id", "class_id", "subject_id", "group_id", postgresql_nulls_not_distinct=True
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    group_id: Mapped[UUID | None]
    year_id: Mapped[UUID | None]
    updated_by: Mapped[UUID]
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class LessonPlanTopic(Base):
    """One planned topic of a lesson plan, in order; `hours` lessons cover it."""

    __tablename__ = "lesson_plan_topics"
    __table_args__ = (
        UniqueConstraint("school_id", "plan_id", "position"),
        CheckConstraint("hours >= 1", name="hours_positive"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    plan_id: Mapped[UUID]
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(Text)
    hours: Mapped[int] = mapped_column(Integer)


class LessonCancellation(Base):
    """A lesson schedule cancelled, as it was when cancelled: the projection drops it (so
    nobody writes in it) but completion counts it as planned and missed (J8)."""

    __tablename__ = "lesson_cancellations"
    __table_args__ = (
        Index("ix_lesson_cancellations_class", "school_id", "class_id", "lesson_date"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    subject_name: Mapped[str] = mapped_column(Text, server_default="")
    group_id: Mapped[UUID | None]
    teacher_id: Mapped[UUID]
    planned_teacher_id: Mapped[UUID | None]
    lesson_date: Mapped[date] = mapped_column(Date)
    cancelled_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class PaperImport(Base):
    """One upload of a paper journal kept during an outage (J13): who imported which file
    when, with its counts and rejected lines."""

    __tablename__ = "paper_imports"
    __table_args__ = (Index("ix_paper_imports_imported_at", "school_id", "imported_at"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    file_name: Mapped[str] = mapped_column(Text)
    file_format: Mapped[str] = mapped_column(Text)  # csv | xlsx
    file_sha256: Mapped[str] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer)
    imported: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    rejected_lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    imported_by: Mapped[UUID]
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class PaperImportEntry(Base):
    """An entry once imported from paper, under its identity (paper_import/rows.py):
    the same entry in a later upload is "unchanged", never a second record (J13)."""

    __tablename__ = "paper_import_entries"
    __table_args__ = (Index("ix_paper_import_entries_lesson", "school_id", "lesson_id"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    entry_key: Mapped[str] = mapped_column(Text, primary_key=True)
    import_id: Mapped[UUID]
    line: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)  # mark | attendance | topic | homework
    lesson_id: Mapped[UUID]
    student_id: Mapped[UUID | None]
    work_type: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[UUID | None]


# --- entry facts (J4): entries expected by a deadline -------------------------------------


class EntryExpectation(Base):
    """An entry the journal expects by a deadline (J4): a lesson's attendance, topic or
    homework, or the period marks of a class in a subject (one row for the class; its
    students are looked at when it falls due). The deadline clock claims the rows whose
    `due_at` has passed and records a missing fact for each entry not made; an entry made in
    time removes its row. Rows of every school are claimed by the clock through the district
    scope; the table names no student."""

    __tablename__ = "entry_expectations"
    __table_args__ = (Index("ix_entry_expectations_due", "school_id", "due_at"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    # The fact's id for a lesson's entry (timeliness.facts.lesson_fact_id); the class's
    # period marks' own id for a period mark.
    id: Mapped[UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)  # attendance | topic | homework | period-mark
    lesson_id: Mapped[UUID | None]
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    # The study period's code: the lesson's, or the one whose period marks are due.
    period: Mapped[str | None] = mapped_column(Text)
    # The lesson's date, or the period's last day.
    lesson_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- oversight: objectivity of marks (O2, J3) ----------------------------------------------


class ObjectivityMark(Base):
    """Each mark as the objectivity read models last counted it, without its student: what
    a mark event changes in the counts is its old contribution out and its new one in, so
    an event applied again (or late, older than what is counted: `as_of`) changes nothing.
    The handlers' own bookkeeping; the district reads the counts below, never this."""

    __tablename__ = "objectivity_marks"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    mark_id: Mapped[UUID] = mapped_column(primary_key=True)
    teacher_id: Mapped[UUID]
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    subject_key: Mapped[str] = mapped_column(Text)
    subject_name: Mapped[str] = mapped_column(Text)
    class_name: Mapped[str] = mapped_column(Text)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    work_type: Mapped[str] = mapped_column(Text)
    weight: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    # The mark on the five-point scale; None for a mark of another scale (pass/fail).
    value: Mapped[int | None] = mapped_column(SmallInteger)
    # The study periods (policy codes) the lesson's date falls in: term, half-year, year.
    periods: Mapped[list[str]] = mapped_column(ARRAY(Text))
    deleted: Mapped[bool] = mapped_column(Boolean, server_default="false")
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ObjectivityDistribution(Base):
    """How many marks of each value (five-point scale) a teacher gave a class in a subject
    in a study period (O2). The district's distribution of a subject and grade level is the
    sum of these rows over schools; a subject is the same across schools by its name
    (`subject_key`: the name trimmed and case-folded), since each school has its own ids."""

    __tablename__ = "objectivity_distribution"
    __table_args__ = (
        Index("ix_objectivity_distribution_subject", "school_id", "period", "subject_key", "grade"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    teacher_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_key: Mapped[str] = mapped_column(Text)
    subject_name: Mapped[str] = mapped_column(Text)
    class_name: Mapped[str] = mapped_column(Text)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    marks_1: Mapped[int] = mapped_column(Integer, server_default="0")
    marks_2: Mapped[int] = mapped_column(Integer, server_default="0")
    marks_3: Mapped[int] = mapped_column(Integer, server_default="0")
    marks_4: Mapped[int] = mapped_column(Integer, server_default="0")
    marks_5: Mapped[int] = mapped_column(Integer, server_default="0")


class ObjectivityWorkType(Base):
    """How many marks a school gave of each work type at each weight in a study period (J3):
    the district compares how schools use work types and weights side by side."""

    __tablename__ = "objectivity_work_types"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    work_type: Mapped[str] = mapped_column(Text, primary_key=True)
    weight: Mapped[Decimal] = mapped_column(Numeric(4, 2), primary_key=True)
    marks: Mapped[int] = mapped_column(Integer, server_default="0")


class ObjectivityPeriodMark(Base):
    """A period mark beside the weighted average of the period's marks it was set against
    (J5, O2), without its student (the school's leadership finds the student through
    `period_mark_id`; the district reads counts)."""

    __tablename__ = "objectivity_period_marks"
    __table_args__ = (
        Index("ix_objectivity_period_marks_subject", "school_id", "period", "subject_key", "grade"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    period_mark_id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    subject_key: Mapped[str] = mapped_column(Text)
    subject_name: Mapped[str] = mapped_column(Text)
    class_name: Mapped[str] = mapped_column(Text)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    # Who set the period mark.
    teacher_id: Mapped[UUID]
    value: Mapped[int] = mapped_column(SmallInteger)
    # None when the period had no marks to average.
    weighted_average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))


TENANT_TABLES = (
    "lesson_projection",
    "class_member_projection",
    "class_teacher_projection",
    "guardian_projection",
    "marks",
    "attendance",
    "school_policy",
    "class_grades",
    "lesson_records",
    "individual_homework",
    "mark_changes",
    "period_marks",
    "entry_timeliness",
    "idempotency_keys",
    "paper_imports",
    "paper_import_entries",
    "lesson_plans",
    "lesson_plan_topics",
    "lesson_cancellations",
    "absence_notes",
    "group_member_projection",
    "dated_class_member_projection",
    "entry_expectations",
    "oversight_entry_facts",
    "oversight_timeliness",
    "oversight_lessons",
    "oversight_lesson_counts",
    "oversight_fill",
    "homework_load_items",
    "homework_load_days",
    "usage_actors",
    "usage_weeks",
    "school_calendars",
    "objectivity_marks",
    "objectivity_distribution",
    "objectivity_work_types",
    "objectivity_period_marks",
    "forecast_standings",
    "forecast_failing_counts",
    "monitoring_reports",
    "monitoring_breaches",
    "oversight_attendance_lessons",
    "oversight_attendance_weeks",
)
# Plus oversight_settings: the district's row (school_id = DISTRICT_ROW), readable by every
# school, written only in transactions scoped to the district.


# --- oversight: the district's settings and scope (O1-O5; oversight/) ------------------------

# The district's own rows (its oversight settings) carry this school id: every table leads
# with school_id, and no school has the nil UUID.
DISTRICT_ROW = UUID(int=0)


class OversightSettings(Base):
    """The district's settings of oversight (oversight/settings): one row, school_id is
    DISTRICT_ROW; every school's transactions and the reporting role read it, only a
    transaction scoped to the district writes it."""

    __tablename__ = "oversight_settings"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_by: Mapped[UUID | None]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- oversight: journal keeping (O1; oversight/keeping) ----------------------------------------
# Read models fed by ENTRIES_TIMED and schedule's lesson events, rebuilt from the journal's
# facts (oversight/keeping/rebuild.py). None names a student: the district's reporting role
# reads them.


class OversightEntryFact(Base):
    """One timeliness fact of an entry as ENTRIES_TIMED last said it (a fact sent again with
    its id replaces it: missing -> late), with the lesson's class, subject and grade level."""

    __tablename__ = "oversight_entry_facts"
    __table_args__ = (
        Index("ix_oversight_entry_facts_lesson", "school_id", "lesson_id"),
        Index("ix_oversight_entry_facts_week", "school_id", "week"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    fact_id: Mapped[UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)  # attendance | topic | homework | mark | period-mark
    timeliness: Mapped[str] = mapped_column(Text)  # on-time | late | missing
    lesson_id: Mapped[UUID | None]
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    teacher_id: Mapped[UUID]
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    lesson_date: Mapped[date] = mapped_column(Date)
    week: Mapped[date] = mapped_column(Date)  # the Monday of lesson_date's week
    period: Mapped[str] = mapped_column(Text)  # "" outside every study period
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    entered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    entered_by: Mapped[UUID | None]
    source: Mapped[str] = mapped_column(Text)  # typed | paper | offline | "" (missing)


class OversightTimeliness(Base):
    """Counts of entries on time, late and missing per school, week, study period, teacher,
    class, subject and kind of entry: the sums oversight's timeliness figures read."""

    __tablename__ = "oversight_timeliness"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    teacher_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    on_time: Mapped[int] = mapped_column(Integer, server_default="0")
    late: Mapped[int] = mapped_column(Integer, server_default="0")
    missing: Mapped[int] = mapped_column(Integer, server_default="0")


class OversightLesson(Base):
    """A lesson as oversight sees it: planned by schedule, cancelled or replaced (a
    substitute), held (it has entries), its topic and homework as recorded, and the names
    its figures show (a district reader cannot read the projections)."""

    __tablename__ = "oversight_lessons"
    __table_args__ = (Index("ix_oversight_lessons_week", "school_id", "week"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    class_name: Mapped[str] = mapped_column(Text, server_default="")
    subject_id: Mapped[UUID]
    subject_name: Mapped[str] = mapped_column(Text, server_default="")
    teacher_id: Mapped[UUID]  # of record: the substitute when replaced
    planned_teacher_id: Mapped[UUID]
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    lesson_date: Mapped[date] = mapped_column(Date)
    week: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(Text, server_default="")
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled: Mapped[bool] = mapped_column(Boolean, server_default="false")
    # Entries made for it (facts on time or late): a lesson with entries counts as held.
    entries: Mapped[int] = mapped_column(Integer, server_default="0")
    topic: Mapped[str | None] = mapped_column(Text)
    homework: Mapped[str | None] = mapped_column(Text)


class OversightLessonCounts(Base):
    """Lessons planned, held, replaced and cancelled per school, day, class, subject and
    planned teacher: curriculum completion and replaced and missed lessons (O1, J8)."""

    __tablename__ = "oversight_lesson_counts"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_date: Mapped[date] = mapped_column(Date, primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    teacher_id: Mapped[UUID] = mapped_column(primary_key=True)  # the planned teacher
    week: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(Text, server_default="")
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    planned: Mapped[int] = mapped_column(Integer, server_default="0")
    held: Mapped[int] = mapped_column(Integer, server_default="0")
    replaced: Mapped[int] = mapped_column(Integer, server_default="0")
    cancelled: Mapped[int] = mapped_column(Integer, server_default="0")


class OversightFill(Base):
    """Fill rate of marks (O1) of a class in a subject and study period: its students, their
    marks, and how many students have 0, 1, 2 ... marks (`students_by_marks[k]`: students
    with k marks; the last counts that many or more), so that the students under the
    district's minimum are counted for any minimum without naming one."""

    __tablename__ = "oversight_fill"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_name: Mapped[str] = mapped_column(Text, server_default="")
    subject_name: Mapped[str] = mapped_column(Text, server_default="")
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    students: Mapped[int] = mapped_column(Integer)
    marks: Mapped[int] = mapped_column(Integer)
    # Lessons a week of the subject in the class over the period (its timetable).
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    students_by_marks: Mapped[list[int]] = mapped_column(ARRAY(Integer))


# --- Oversight: homework load (O3) ---------------------------------------------------------


class HomeworkLoadItem(Base):
    """One lesson's homework for the whole class (or one group of it) as homework load
    counts it (O3): its minutes (the teacher's estimate, else the school's default for the
    subject) on the evening before the lesson it is due for (oversight/homework_load)."""

    __tablename__ = "homework_load_items"
    __table_args__ = (Index("ix_homework_load_items_day", "school_id", "class_id", "evening"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    subject_id: Mapped[UUID]
    subject_name: Mapped[str] = mapped_column(Text)
    group_id: Mapped[UUID | None]
    group_name: Mapped[str | None] = mapped_column(Text)
    set_on: Mapped[date] = mapped_column(Date)
    # The class's next lesson of the subject (and group); None when the timetable has none.
    due_lesson_id: Mapped[UUID | None]
    evening: Mapped[date] = mapped_column(Date)
    # None: neither the teacher nor the school's policy gave the time it takes.
    minutes: Mapped[int | None] = mapped_column(SmallInteger)
    estimated_by_teacher: Mapped[bool] = mapped_column(Boolean)


class HomeworkLoadDay(Base):
    """A class's homework minutes on one evening against SanPiN 1.2.3685-21's daily limit
    for its grade (O3): the read model the district and the school read."""

    __tablename__ = "homework_load_days"
    __table_args__ = (Index("ix_homework_load_days_evening", "school_id", "evening"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    evening: Mapped[date] = mapped_column(Date, primary_key=True)
    class_name: Mapped[str] = mapped_column(Text)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    minutes: Mapped[int] = mapped_column(Integer)
    homework_count: Mapped[int] = mapped_column(Integer)
    # Homework counted with no minutes (no estimate and no default for its subject).
    unestimated_count: Mapped[int] = mapped_column(Integer)
    limit_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    over_limit: Mapped[bool] = mapped_column(Boolean)


# --- Oversight: usage (O4) ------------------------------------------------------------------


class UsageActor(Base):
    """Who did which kind of real work in the journal on a day (O4): the school's own
    record, never read by the district (it names persons)."""

    __tablename__ = "usage_actors"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    activity: Mapped[str] = mapped_column(Text, primary_key=True)
    person_id: Mapped[UUID] = mapped_column(primary_key=True)


class UsageWeek(Base):
    """How many persons did each kind of work in a week (Monday to Sunday) at a school
    (O4): counts only, the read model the district reads."""

    __tablename__ = "usage_weeks"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    # The week's Monday.
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    activity: Mapped[str] = mapped_column(Text, primary_key=True)
    persons: Mapped[int] = mapped_column(Integer)


# --- one calendar (S1): schedule's academic years, fed by ScheduleEvents.CALENDAR_CHANGED ------


class SchoolCalendar(Base):
    """A school's academic year as schedule's calendar holds it: the effective policy's
    study periods, holidays and working days come from here (okrug_journal.calendar)."""

    __tablename__ = "school_calendars"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint("working_days_per_week IN (5, 6)", name="working_days_per_week"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    year_id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text)
    working_days_per_week: Mapped[int] = mapped_column(SmallInteger)
    # [{code, kind, name, starts_on, ends_on}] with the journal's codes ("term-1", "year").
    study_periods: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    # [{kind, name, starts_on, ends_on}], inclusive dates.
    holidays: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    # When schedule announced this state: an older announcement arriving late is ignored.
    announced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


# --- forecast (J12) ---------------------------------------------------------------------------


class ForecastStanding(Base):
    """A student's forecast in a subject and study period (J12), kept by the forecast's
    handlers from the mark events: the sums of the period's numeric marks, the weighted
    average and the mark it rounds to. `failing` is the state the failing event turns on;
    `notifies` marks the finest periods of the school's calendar, the ones it is sent for."""

    __tablename__ = "forecast_standings"
    __table_args__ = (
        Index("ix_forecast_standings_class", "school_id", "class_id", "period", "subject_id"),
        Index("ix_forecast_standings_failing", "school_id", "period", "failing"),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    student_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    class_id: Mapped[UUID]
    subject_name: Mapped[str] = mapped_column(Text)
    class_grade: Mapped[int | None] = mapped_column(SmallInteger)
    marks_count: Mapped[int] = mapped_column(Integer)
    weighted_sum: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    weight_sum: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    weighted_average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    projected_mark: Mapped[int | None] = mapped_column(SmallInteger)
    failing: Mapped[bool] = mapped_column(Boolean)
    notifies: Mapped[bool] = mapped_column(Boolean)
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ForecastFailingCount(Base):
    """How many students of a class have a forecast in a subject and period, and how many of
    them are forecast failing: the district's figure (counts, no student), kept beside
    ForecastStanding."""

    __tablename__ = "forecast_failing_counts"
    __table_args__ = (Index("ix_forecast_failing_counts_period", "school_id", "period"),)

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    class_grade: Mapped[int | None] = mapped_column(SmallInteger)
    # The period's bounds and whether it is one of the school's finest: the district's
    # "current period" is each school's finest period containing today, whatever its code.
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    finest: Mapped[bool] = mapped_column(Boolean)
    students: Mapped[int] = mapped_column(Integer)
    failing: Mapped[int] = mapped_column(Integer)


# --- oversight: monitoring reports and thresholds (O5; oversight/monitoring) -------------------
# Snapshots of the read models' figures (counts, no student): the district's reporting role
# reads them; the district's summary is a report of DISTRICT_ROW.


class MonitoringReport(Base):
    """A school's monitoring report of a study period (or the district's summary across
    schools: school_id DISTRICT_ROW): the figures as the read models held them when it was
    made, at the period's end (once per school and period) or on demand."""

    __tablename__ = "monitoring_reports"
    __table_args__ = (
        CheckConstraint("reason IN ('period-end', 'on-demand')", name="reason_known"),
        Index("ix_monitoring_reports_made", "school_id", "made_at"),
        # The clock makes a school's period-end report once.
        Index(
            "ux_monitoring_reports_period_end",
            "school_id",
            "period",
            unique=True,
            postgresql_where=text("reason = 'period-end'"),
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(Text)
    period_name: Mapped[str] = mapped_column(Text)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Who asked for it; None for the clock.
    made_by: Mapped[UUID | None]
    # The figures (monitoring/schemas.py ReportFigures, or DistrictFigures for the summary).
    figures: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Whom it was delivered to, as identity named them then: [{person_id, name, role}]
    # (staff, never a student); the delivery record the screen shows.
    recipients: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class MonitoringBreach(Base):
    """A school's figure below the district's threshold in a study period (O5): opened when
    a measurement first finds it below (threshold_breached is published then, once), closed
    when one finds it back within (threshold_recovered). At most one open per school,
    figure and period."""

    __tablename__ = "monitoring_breaches"
    __table_args__ = (
        Index(
            "ux_monitoring_breaches_open",
            "school_id",
            "figure",
            "period",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    id: Mapped[UUID] = mapped_column(primary_key=True)
    figure: Mapped[str] = mapped_column(Text)  # on-time | fill | completion
    period: Mapped[str] = mapped_column(Text)
    threshold: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    # The share measured when it opened, and the last one measured.
    opened_value: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    last_value: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by_report: Mapped[UUID | None]
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_report: Mapped[UUID | None]


# --- oversight: attendance, the absence rate (O1; oversight/attendance) ------------------------
# Fed by ENTRIES_TIMED (attendance taken) and ABSENCE_RECORDED, rebuilt from the journal's
# attendance (oversight/attendance/rebuild.py). Counts only: the reporting role reads the weeks.


class OversightAttendanceLesson(Base):
    """A lesson whose attendance was taken: its students and how many of them were absent
    or late, as the journal's attendance last said (the handlers' own bookkeeping: each
    refresh moves the weeks' sums by the difference)."""

    __tablename__ = "oversight_attendance_lessons"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    lesson_id: Mapped[UUID] = mapped_column(primary_key=True)
    class_id: Mapped[UUID]
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    week: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(Text)  # "" outside every study period
    # False until the lesson is counted in its week's sums.
    counted: Mapped[bool] = mapped_column(Boolean, server_default="false")
    students: Mapped[int] = mapped_column(Integer)
    absent: Mapped[int] = mapped_column(Integer)
    late: Mapped[int] = mapped_column(Integer)


class OversightAttendanceWeek(Base):
    """Per school, week, study period and class: lessons with attendance taken, students
    marked in them (one per student and lesson), absent and late: the absence rate's sums."""

    __tablename__ = "oversight_attendance_weeks"

    school_id: Mapped[UUID] = mapped_column(primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    period: Mapped[str] = mapped_column(Text, primary_key=True)
    class_id: Mapped[UUID] = mapped_column(primary_key=True)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    lessons: Mapped[int] = mapped_column(Integer, server_default="0")
    students: Mapped[int] = mapped_column(Integer, server_default="0")
    absent: Mapped[int] = mapped_column(Integer, server_default="0")
    late: Mapped[int] = mapped_column(Integer, server_default="0")
