"""The diary (J9): what a student and their parents read."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from okrug_journal.attendance.schemas import AbsenceReason, AttendanceStatus
from okrug_journal.lesson_records.schemas import Homework


class DiaryMark(BaseModel):
    id: UUID
    value: str
    work_type: str
    # The work type's name in the school's policy; the code when the policy no longer has it.
    work_type_title: str
    weight: Decimal
    recorded_at: datetime


class DiaryAttendance(BaseModel):
    status: AttendanceStatus
    reason: AbsenceReason | None


class DiaryLesson(BaseModel):
    """One lesson of the student's timetable with what the journal holds of it. Homework is
    the homework set IN this lesson (what was given for next time), not the homework due."""

    lesson_id: UUID
    period_number: int | None
    starts_at: datetime  # in the school's time zone
    ends_at: datetime | None
    subject_id: UUID
    subject_name: str
    room_name: str | None
    # Teacher of record: the substitute when there is one.
    teacher_id: UUID
    # "Фамилия Имя Отчество" as identity has it; None when identity does not know them.
    teacher_name: str | None
    substituted: bool
    group_id: UUID | None
    group_name: str | None
    held: bool | None  # None: not recorded yet
    topic: str | None
    homework: Homework | None
    individual_homework: Homework | None
    marks: list[DiaryMark]
    attendance: DiaryAttendance | None


class DiaryDay(BaseModel):
    date: date
    lessons: list[DiaryLesson]


class DiaryWeek(BaseModel):
    student_id: UUID
    week_start: date  # Monday
    week_end: date  # Sunday
    time_zone: str
    days: list[DiaryDay]  # Monday to Sunday, a day without lessons has none


class SubjectMark(BaseModel):
    lesson_id: UUID
    date: date
    value: str
    work_type: str
    work_type_title: str
    weight: Decimal


class DiaryPeriodMark(BaseModel):
    value: str
    kind: str
    recorded_at: datetime


class SubjectMarks(BaseModel):
    subject_id: UUID
    subject_name: str
    marks: list[SubjectMark]  # oldest first
    average: Decimal | None
    weighted_average: Decimal | None
    period_mark: DiaryPeriodMark | None


class DiaryStudyPeriod(BaseModel):
    code: str
    kind: str
    starts_on: date
    ends_on: date


class DiaryMarks(BaseModel):
    student_id: UUID
    # The period asked for; the current one when neither a period nor dates were given.
    period: str | None
    date_from: date
    date_to: date
    subjects: list[SubjectMarks]  # by subject name
    # The school's study periods, so that a reader can choose another.
    study_periods: list[DiaryStudyPeriod]
    rounding: str = (
        "Averages of numeric marks, rounded half up (ROUND_HALF_UP) to two places; "
        "pass/fail marks are left out."
    )


class DiaryChild(BaseModel):
    student_id: UUID
    # The class the student's latest lesson is in (the journal keeps a transferred
    # student's old class for its history); None when the journal knows no lesson yet.
    class_id: UUID | None
    class_name: str | None
