from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.oversight.usage.service import Activity

ACTIVITY_MEANINGS: dict[Activity, str] = {
    Activity.LESSON_ENTRIES: "persons who made a lesson entry (topic, homework, attendance, "
    "marks), on time or late, whoever entered it",
    Activity.ABSENCE_REASONS: "class teachers who corrected an absence's reason or wrote an "
    "absence note",
    Activity.DIARY_PARENTS: "parents who read a child's diary (week or marks)",
    Activity.DIARY_STUDENTS: "students who read their diary",
    Activity.ACTIVE_TEACHERS: "teachers who used the platform",
    Activity.ACTIVE_CLASS_TEACHERS: "class teachers who used the platform",
    Activity.ACTIVE_LEADERSHIP: "directors, deputies, school admins and secretaries who used "
    "the platform",
    Activity.ACTIVE_PARENTS: "parents who used the platform",
    Activity.ACTIVE_STUDENTS: "students who used the platform",
}


class ActivityMeaning(BaseModel):
    activity: Activity
    meaning: str


class UsageWeekCounts(BaseModel):
    week: date = Field(description="The week's Monday")
    # How many different persons did each kind of work that week; a kind nobody did is
    # left out.
    counts: dict[Activity, int]


class SchoolUsage(BaseModel):
    school_id: UUID
    weeks: list[UsageWeekCounts]


class UsageOverview(BaseModel):
    """Different persons per week (Monday to Sunday) and kind of work: counts only."""

    date_from: date
    date_to: date
    period: str | None
    activities: list[ActivityMeaning]
    weeks: list[date]
    # Every school's persons added up per week (a person counts once per school).
    total: list[UsageWeekCounts]
    schools: list[SchoolUsage]
