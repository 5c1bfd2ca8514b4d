from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

# What a lesson's record still lacks: its topic, the class's attendance, the homework.
MissingKind = Literal["topic", "attendance", "homework"]


class MissingEntry(BaseModel):
    entry: MissingKind
    due_at: datetime = Field(description="When it is due under the school's policy (J4)")
    late: bool = Field(description="The due moment has passed")


class MadeEntry(BaseModel):
    """An entry of the lesson made, against its deadline (J4): who made it and how."""

    entry: MissingKind
    timeliness: Literal["on_time", "late"]
    entered_at: datetime
    entered_by: UUID = Field(description="Who made it: the teacher, a substitute, a school admin")
    entered_by_name: str | None = Field(
        default=None, description='Who made it ("Иванова М. П."), when not the teacher asking'
    )
    source: Literal["typed", "paper", "offline"] = Field(
        description="Typed and sent as made, imported from a paper journal, or kept in the "
        "browser through an outage and sent later (J13)"
    )


class DayLesson(BaseModel):
    """One lesson of the teacher and what its record holds and lacks."""

    lesson_id: UUID
    lesson_date: date
    starts_at: datetime
    ends_at: datetime | None
    period: int | None
    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    group_id: UUID | None
    group_name: str | None
    room_name: str | None
    substituting: bool = Field(description="The teacher substitutes the planned one (J8)")
    held: bool | None = Field(description="As recorded; none before the lesson is recorded")
    topic: str | None
    has_homework: bool
    attendance_taken: bool
    marks: int = Field(description="How many marks the lesson has")
    edit_window_closes_at: datetime
    missing: list[MissingEntry]
    made: list[MadeEntry] = Field(description="The topic, attendance and homework made (J4)")


class TaughtSubject(BaseModel):
    """A class (or group) and subject the teacher teaches: a journal they keep."""

    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    group_id: UUID | None
    group_name: str | None


class TeacherDay(BaseModel):
    """The teacher's home (J1, J4): the day's lessons with what is still to be entered and
    by when, earlier lessons still open for entry that lack a topic or attendance, and the
    journals the teacher keeps at this school."""

    day: date = Field(description="The day shown")
    today: date = Field(description="Today in the school's time zone")
    time_zone: str = Field(description="The school's time zone, for lesson times and deadlines")
    lessons: list[DayLesson]
    unfinished: list[DayLesson]
    journals: list[TaughtSubject]
