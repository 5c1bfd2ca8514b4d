from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from okrug_journal.attendance.schemas import AbsenceReason
from okrug_journal.marks.schemas import MarkRead
from okrug_journal.policy.schemas import ALL_MARK_VALUES, HOMEWORK_MINUTES_MAX


class Attachment(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    url: str = Field(pattern=r"^https?://", max_length=2000)


class Homework(BaseModel):
    text: str = Field(default="", max_length=4000)
    pages: str = Field(default="", max_length=200)
    exercises: str = Field(default="", max_length=500)
    attachments: list[Attachment] = Field(default=[], max_length=20)
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=HOMEWORK_MINUTES_MAX,
        description="The teacher's estimate of the time it takes, in minutes (O3); without "
        "one, the school policy's default for the subject counts",
    )


class IndividualHomework(Homework):
    student_id: UUID


class AttendanceEntry(BaseModel):
    student_id: UUID
    status: Literal["present", "absent", "late"]
    reason: AbsenceReason | None = None


_CLAIM = (
    "When the entry was made in the browser, for an entry kept there through an outage and "
    "sent later (J13): stored beside the moment received, which alone counts for timeliness"
)


class LessonMark(BaseModel):
    student_id: UUID
    value: ALL_MARK_VALUES
    work_type: str = Field(min_length=1, max_length=40)
    claimed_at: AwareDatetime | None = Field(
        default=None, description=_CLAIM + "; the save's claimed_at when not given"
    )


class LessonSave(BaseModel):
    """Everything a teacher enters at the end of a lesson, saved at once (J1-J3): all of it
    or nothing. `attendance`, when given, is the whole class's: a student left out (or
    "present") was present. `marks` are added to the lesson's marks; retry with the same
    Idempotency-Key to avoid doubles."""

    topic: str | None = Field(default=None, max_length=500)
    # A topic of the lesson's plan (J7); its text is the topic when `topic` is not given.
    plan_topic_id: UUID | None = None
    held: bool = True
    work_types: list[str] = Field(default=[], max_length=20)
    homework: Homework | None = None
    individual_homework: list[IndividualHomework] = Field(default=[], max_length=100)
    attendance: list[AttendanceEntry] | None = Field(default=None, max_length=100)
    marks: list[LessonMark] = Field(default=[], max_length=300)
    # The topic's, homework's and attendance's claim, and each mark's that has none.
    claimed_at: AwareDatetime | None = Field(default=None, description=_CLAIM)


class AttendanceRow(BaseModel):
    student_id: UUID
    status: Literal["absent", "late"]
    reason: AbsenceReason | None


class LessonRecordRead(BaseModel):
    lesson_id: UUID
    topic: str | None
    plan_topic_id: UUID | None = None
    held: bool
    work_types: list[str]
    homework: Homework | None
    individual_homework: list[IndividualHomework]
    teacher_id: UUID
    recorded_by: UUID
    recorded_at: datetime
    updated_at: datetime
    attendance: list[AttendanceRow]
    # On a save: the marks it added; on a read: all the lesson's marks.
    marks: list[MarkRead]
