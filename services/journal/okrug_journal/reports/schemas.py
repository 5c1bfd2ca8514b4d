"""Class reports (J11): attendance by month and results for a study period, as JSON."""

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.summaries.schemas import ROUNDING, Absences

PERCENT_ROUNDING = "share x 100, Decimal, ROUND_HALF_UP to 1 decimal place; null for no students"
ATTENDANCE_COUNTED = (
    "absences and lates: the attendance entries of the student on the class's lessons dated "
    "in the month (lessons of its groups included); lessons_held: the class's lessons of the "
    "month whose record says held, lessons of its groups at the same date and start counted once"
)
CATEGORIES = (
    "by the period marks set for the class and period: not_assessed - no period mark at all; "
    "failing - a 2, 1 or 'fail'; excellent - only 5s; good - 4s and 5s, at least one 4; "
    "one_three - exactly one 3, the rest 4 or 5; threes - two or more 3s; pass_only - only "
    "'pass' marks. 'pass' marks do not change a category"
)

Category = Literal[
    "excellent", "good", "one_three", "threes", "failing", "not_assessed", "pass_only"
]


class AttendanceRow(BaseModel):
    student_id: UUID
    student_name: str
    absences: Absences
    lates: int


class AttendanceTotals(BaseModel):
    absences: Absences
    lates: int


class ClassAttendance(BaseModel):
    school_name: str
    class_id: UUID
    class_name: str
    month: str
    date_from: date
    date_to: date
    lessons_held: int
    students: list[AttendanceRow]
    totals: AttendanceTotals
    counted: str = Field(default=ATTENDANCE_COUNTED)


class SubjectRef(BaseModel):
    subject_id: UUID
    subject_name: str


class SubjectResult(BaseModel):
    subject_id: UUID
    period_mark: str | None
    marks_count: int
    average: Decimal | None
    weighted_average: Decimal | None


class ResultRow(BaseModel):
    student_id: UUID
    student_name: str
    # In the order of ClassResults.subjects.
    subjects: list[SubjectResult]
    category: Category


class ResultCounts(BaseModel):
    students: int
    excellent: int
    good: int
    one_three: int
    threes: int
    failing: int
    not_assessed: int
    pass_only: int


class ClassResults(BaseModel):
    school_name: str
    class_id: UUID
    class_name: str
    period: str
    date_from: date
    date_to: date
    subjects: list[SubjectRef]
    students: list[ResultRow]
    counts: ResultCounts
    # успеваемость: students with a period mark and none failing, of all students, in %.
    success_rate: Decimal | None
    # качество знаний: students with only 4s and 5s (excellent + good), of all students, in %.
    quality_rate: Decimal | None
    categories: str = Field(default=CATEGORIES)
    rounding: str = Field(default=ROUNDING)
    percent_rounding: str = Field(default=PERCENT_ROUNDING)
