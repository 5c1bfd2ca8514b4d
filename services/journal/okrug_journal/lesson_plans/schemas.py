from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

MAX_TOPICS = 400
# missing: no plan; mismatch: hours differ from the curriculum's; matches; unknown: schedule
# could not say.
PlanStatus = Literal["missing", "mismatch", "matches", "unknown"]


class TopicIn(BaseModel):
    """One planned topic; `hours` whole lessons (one lesson is one hour) cover it. A topic
    sent with the `id` of one of the plan's topics keeps that id (lesson records that name
    it stay linked); one without gets a new id."""

    id: UUID | None = None
    section: str | None = Field(default=None, max_length=300)
    topic: str = Field(min_length=1, max_length=500)
    hours: int = Field(ge=1, le=200)


class PlanCreate(BaseModel):
    """A lesson plan (КТП, J7) of a subject for a class, or for one group of the class."""

    class_id: UUID
    subject_id: UUID
    group_id: UUID | None = None
    topics: list[TopicIn] = Field(default=[], max_length=MAX_TOPICS)


class PlanReplace(BaseModel):
    topics: list[TopicIn] = Field(max_length=MAX_TOPICS)


class TopicRead(BaseModel):
    id: UUID
    number: int  # 1-based position in the plan
    section: str | None
    topic: str
    hours: int


class CurriculumCheck(BaseModel):
    """The plan's hours against the curriculum's for the class's grade and year (S1 4.4.10:
    the hours of the plan must match the curriculum). A plan that does not match is kept
    (a teacher saves work in progress) and flagged here."""

    year_id: UUID | None
    year_name: str
    grade: int
    in_curriculum: bool
    curriculum_hours: int
    hours_per_week: float
    planned_hours: int
    matches: bool
    # planned_hours - curriculum_hours: negative when the plan is short.
    difference: int


class PlanSummary(BaseModel):
    id: UUID
    class_id: UUID
    subject_id: UUID
    group_id: UUID | None
    year_id: UUID | None
    topic_count: int
    planned_hours: int
    updated_by: UUID
    updated_at: datetime


class PlanRead(PlanSummary):
    topics: list[TopicRead]
    # None when schedule did not answer: the plan is still shown.
    curriculum: CurriculumCheck | None


class OfferedTopic(TopicRead):
    covered: bool  # the plan's hours up to it are used up by held lessons before this one
    next: bool


class LessonTopics(BaseModel):
    """Topics offered when a lesson is recorded: the next not yet covered one first, then
    the plan's topics in order (J7, S1 4.4.6)."""

    lesson_id: UUID
    plan_id: UUID | None
    held_before: int  # held lessons of the plan before this one
    current_topic_id: UUID | None  # the topic the lesson's record already names
    topics: list[OfferedTopic]


class PlanCheckRow(BaseModel):
    """A subject a class is taught (from its timetable's lessons) or has a plan of, with its
    plan's state for the deputy's check (J7: entered by 15 September, S0 #20; hours equal to
    the curriculum's, S1 4.4.10)."""

    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    group_id: UUID | None
    group_name: str | None
    plan_id: UUID | None
    planned_hours: int
    curriculum: CurriculumCheck | None
    status: PlanStatus
