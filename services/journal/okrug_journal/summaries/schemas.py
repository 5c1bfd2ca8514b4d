"""Summary sheets of a student and of a class (J10) as JSON."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

ROUNDING = (
    "average = sum of values / count, weighted average = sum(value x weight) / sum(weights), "
    "over five-point marks only (pass/fail are counted, not averaged); Decimal, ROUND_HALF_UP "
    "to 2 places"
)
COUNTED = (
    "lessons: the student's lessons of the range (their class's lessons for the whole class, "
    "lessons of a group they are in on the lesson's date, and any lesson where they have a mark or "
    "an attendance entry); held: those whose lesson record says held (a lesson without a "
    "record is not counted as held); marks, lates and absences: the student's entries on "
    "those lessons"
)


class MarkItem(BaseModel):
    lesson_date: date
    value: str
    work_type: str
    work_type_title: str
    weight: Decimal


REASONS = ("illness", "excused", "unexcused")


class Absences(BaseModel):
    """Lessons missed, by the reason recorded (J2); no_reason: absent without a reason yet."""

    illness: int = 0
    excused: int = 0
    unexcused: int = 0
    no_reason: int = 0
    total: int = 0

    def add(self, reason: str | None, count: int = 1) -> None:
        name = reason if reason in REASONS else "no_reason"
        setattr(self, name, getattr(self, name) + count)
        self.total += count

    def merge(self, other: "Absences") -> None:
        for name in (*REASONS, "no_reason"):
            self.add(name, getattr(other, name))


class SubjectFigures(BaseModel):
    """One subject of one student over the range."""

    subject_id: UUID
    subject_name: str
    lessons_planned: int
    lessons_held: int
    marks: list[MarkItem]
    marks_count: int
    average: Decimal | None
    weighted_average: Decimal | None
    lates: int
    absences: Absences


class Totals(BaseModel):
    lessons_held: int
    marks_count: int
    lates: int
    absences: Absences


class Range(BaseModel):
    date_from: date
    date_to: date


class StudentSummary(BaseModel):
    school_name: str
    student_id: UUID
    student_name: str
    class_names: list[str]
    date_from: date
    date_to: date
    subjects: list[SubjectFigures]
    totals: Totals
    rounding: str = Field(default=ROUNDING)
    counted: str = Field(default=COUNTED)


class SubjectHeading(BaseModel):
    subject_id: UUID
    subject_name: str
    # The class's lessons of the subject in the range whose record says held.
    lessons_held: int


class StudentRow(BaseModel):
    student_id: UUID
    student_name: str
    # In the order of ClassSummary.subjects.
    subjects: list[SubjectFigures]
    totals: Totals


class ClassSummary(BaseModel):
    school_name: str
    class_id: UUID
    class_name: str
    date_from: date
    date_to: date
    subjects: list[SubjectHeading]
    students: list[StudentRow]
    rounding: str = Field(default=ROUNDING)
    counted: str = Field(default=COUNTED)
