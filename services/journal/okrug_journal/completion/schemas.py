from datetime import date
from uuid import UUID

from pydantic import BaseModel


class CompletionRow(BaseModel):
    """One subject (or one group's lessons of it) of a class over the range (J8, S0 6.3).
    planned = held + missed + upcoming; missed = cancelled + not_held."""

    subject_id: UUID
    subject_name: str
    group_id: UUID | None
    group_name: str | None
    # Lessons of the timetable in the range, cancelled ones included.
    planned: int
    # Lessons whose record says they were held.
    held: int
    # Cancelled, or recorded as not held, or past without a record.
    missed: int
    cancelled: int
    not_held: int
    # Still ahead (today's or later lessons without a record).
    upcoming: int
    # Taught by another teacher than the timetable planned (a substitution).
    substituted: int
    # The lesson plan (КТП) of these lessons: its hours for the year; None without a plan.
    plan_id: UUID | None
    plan_hours: int | None
    # Held lessons of the range (one lesson is one hour).
    held_hours: int


class CompletionReport(BaseModel):
    class_id: UUID
    date_from: date
    date_to: date
    # The policy's study period the range is, when asked by one.
    period: str | None
    rows: list[CompletionRow]
