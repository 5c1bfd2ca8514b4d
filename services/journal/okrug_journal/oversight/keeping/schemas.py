"""What journal keeping's figures look like (O1): counts of entries on time, late and
missing with the share on time, and lessons planned, held, replaced, cancelled and missed.
Counts only, but for the students under the minimum of marks, named to their own school's
leadership (StudentBelowMinimum)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.oversight.attendance.schemas import AttendanceCounts

Kind = Literal["attendance", "topic", "homework", "mark", "period-mark"]
Timeliness = Literal["on-time", "late", "missing"]
Source = Literal["typed", "paper", "offline", ""]
Breakdown = Literal["teacher", "class", "subject"]
PERIOD_PATTERN = r"^[a-z][a-z0-9-]{0,39}$"


class Filters(BaseModel):
    """Which entries and lessons a figure counts: of a study period ("term-2"), a grade
    level, a subject, weeks from and to (their Mondays, or any day of them)."""

    period: str | None = Field(default=None, pattern=PERIOD_PATTERN)
    grade: int | None = Field(default=None, ge=1, le=11)
    subject_id: UUID | None = None
    week_from: date | None = None
    week_to: date | None = None


class TimelinessCounts(BaseModel):
    on_time: int
    late: int
    missing: int
    # on_time + late + missing: entries that fell due.
    due: int
    # on_time / due, None when nothing fell due.
    on_time_share: float | None


class KindTimeliness(TimelinessCounts):
    kind: Kind


class LessonCounts(BaseModel):
    """Lessons planned up to today (cancelled ones included), held (with entries), replaced
    (a substitute taught them), cancelled, and missed (planned but not held)."""

    planned: int
    held: int
    replaced: int
    cancelled: int
    missed: int
    # held / planned, None when nothing was planned.
    held_share: float | None


class SchoolKeeping(BaseModel):
    school_id: UUID
    # 1 for the school with the largest share of entries on time.
    rank: int
    timeliness: TimelinessCounts
    by_kind: list[KindTimeliness]
    lessons: LessonCounts
    # The share on time is under the district's threshold (settings.thresholds).
    below_threshold: bool
    # Students absent among those marked in lessons with attendance taken (oversight/
    # attendance); None without attendance taken, or under a subject's filter (the sums are
    # per class).
    absence_rate: float | None = None
    attendance: AttendanceCounts | None = None


class DistrictKeeping(BaseModel):
    on_time_threshold: float
    schools: list[SchoolKeeping]


class KeepingRow(BaseModel):
    """One teacher, class or subject of a school."""

    id: UUID
    name: str
    timeliness: TimelinessCounts
    by_kind: list[KindTimeliness]
    lessons: LessonCounts


class SchoolBreakdown(BaseModel):
    school_id: UUID
    by: Breakdown
    rows: list[KeepingRow]


class WeekKeeping(BaseModel):
    week: date  # its Monday
    timeliness: TimelinessCounts
    lessons: LessonCounts


class LessonKeeping(BaseModel):
    lesson_id: UUID
    lesson_date: date
    starts_at: datetime | None
    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    teacher_id: UUID
    planned_teacher_id: UUID
    cancelled: bool
    held: bool
    replaced: bool
    timeliness: TimelinessCounts


class EntryMoment(BaseModel):
    """One entry of a lesson against its due moment (J4): who made it and how."""

    fact_id: UUID
    kind: Kind
    timeliness: Timeliness
    due_at: datetime | None
    entered_at: datetime | None
    entered_by: UUID | None
    source: Source


class LessonDetail(LessonKeeping):
    topic: str | None
    homework: str | None
    # Attendance was entered (on time or late) for the lesson.
    attendance_taken: bool
    entries: list[EntryMoment]


class FillCounts(BaseModel):
    """Marks per student of a subject in a study period (O1). A student is counted once per
    subject they are taught (`student_count`: students x subjects), and is under the
    minimum with fewer marks than the district's minimum for the subject's weekly hours."""

    student_count: int
    marks: int
    # marks / student_count, None without students.
    marks_per_student: float | None
    below_minimum: int
    # (student_count - below_minimum) / student_count, None without students.
    fill_share: float | None


class SchoolFill(FillCounts):
    school_id: UUID
    below_threshold: bool


class DistrictFill(BaseModel):
    fill_threshold: float
    schools: list[SchoolFill]


class ClassSubjectFill(FillCounts):
    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    period: str
    weekly_hours: float | None
    # The district's minimum of marks per student for this subject's weekly hours.
    min_marks: int


class StudentBelowMinimum(BaseModel):
    """A student under the minimum, named to their school's leadership only (X2)."""

    student_id: UUID
    name: str
    marks: int
