from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

from okrug_journal.attendance.schemas import AbsenceReason, AttendanceStatus
from okrug_journal.lesson_records.schemas import Homework
from okrug_journal.policy.schemas import PeriodKind, Scale

# Why a lesson's cells cannot be changed by the caller: its edit window has closed (J6);
# a substitute is its teacher of record (J8); another teacher's lesson, or a reader who
# writes no lessons (the class teacher, the school's leadership).
LockReason = Literal["edit-window-closed", "substituted", "not-teacher-of-record"]


class GridPeriod(BaseModel):
    code: str
    kind: PeriodKind
    starts_on: date
    ends_on: date


class GridWorkType(BaseModel):
    code: str
    title_ru: str
    weight: Decimal


class GridStudent(BaseModel):
    student_id: UUID
    last_name: str
    first_name: str
    middle_name: str


class GridEntryTiming(BaseModel):
    """A lesson's topic, attendance or homework not made on time, or not typed as made
    (J4): missing at its deadline, made late, imported from paper, kept offline."""

    entry: Literal["attendance", "topic", "homework"]
    timeliness: Literal["on_time", "late", "missing"]
    source: Literal["typed", "paper", "offline"] | None
    entered_by: UUID | None


class GridLesson(BaseModel):
    lesson_id: UUID
    lesson_date: date
    starts_at: datetime
    teacher_id: UUID
    planned_teacher_id: UUID | None
    # Whether the lesson has a saved record; topic, homework and work types are its.
    recorded: bool
    topic: str | None
    plan_topic_id: UUID | None
    homework: Homework | None
    work_types: list[str]
    edit_window_closes_at: datetime
    lock: LockReason | None
    timeliness: list[GridEntryTiming]


class GridMark(BaseModel):
    id: UUID
    lesson_id: UUID
    student_id: UUID
    value: str
    work_type: str
    weight: Decimal


class GridAttendance(BaseModel):
    lesson_id: UUID
    student_id: UUID
    status: AttendanceStatus
    reason: AbsenceReason | None


class GridStanding(BaseModel):
    """The period's averages (ROUND_HALF_UP to two places, pass/fail left out) beside the
    period mark (J3, J5)."""

    student_id: UUID
    average: Decimal | None
    weighted_average: Decimal | None
    period_mark: str | None


class JournalGrid(BaseModel):
    """A class's (or group's) journal in a subject for a study period, in one answer: the
    students in the journal's order by lessons in date order, with everything in the cells."""

    class_id: UUID
    subject_id: UUID
    group_id: UUID | None
    class_name: str
    subject_name: str
    scale: Scale
    period: GridPeriod
    periods: list[GridPeriod]
    work_types: list[GridWorkType]
    students: list[GridStudent]
    lessons: list[GridLesson]
    marks: list[GridMark]
    attendance: list[GridAttendance]
    standings: list[GridStanding]
