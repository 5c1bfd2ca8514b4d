"""The school journal policy (J3-J6) as data: the district's defaults, the school's
overrides, and the effective policy every rule reads."""

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Scale = Literal["five-point", "pass-fail"]
EditWindow = Literal["year-end", "1-week", "2-weeks", "3-weeks", "1-month"]
# Which entry deadline a work type's marks fall under; "exempt": works with a long checking
# time (J4), never late.
DeadlineKind = Literal["current", "test", "written", "exempt"]
PeriodKind = Literal["term", "trimester", "half-year", "year"]

SCALE_VALUES: dict[str, tuple[str, ...]] = {
    "five-point": ("1", "2", "3", "4", "5"),
    "pass-fail": ("pass", "fail"),
}
ALL_MARK_VALUES = Literal["1", "2", "3", "4", "5", "pass", "fail"]
# The most minutes one homework may be estimated at (O3): four hours, beyond any day's limit.
HOMEWORK_MINUTES_MAX = 240


class WorkType(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")
    title_ru: str = Field(min_length=1, max_length=100)
    weight: Decimal = Field(gt=0, le=10, decimal_places=2)
    deadline: DeadlineKind = "current"


class AttendanceDeadline(BaseModel):
    """Attendance is due either minutes after the lesson starts or days after its date
    (0: the same day)."""

    minutes_after_start: int | None = Field(default=None, ge=1, le=1440)
    days: int | None = Field(default=None, ge=0, le=30)

    @model_validator(mode="after")
    def _exactly_one(self) -> "AttendanceDeadline":
        if (self.minutes_after_start is None) == (self.days is None):
            raise ValueError("set exactly one of minutes_after_start and days")
        return self


class Deadlines(BaseModel):
    """Entry deadlines (J4). Days are calendar days after the lesson date, ending at
    midnight in the school's time zone; 0 means the same day."""

    attendance: AttendanceDeadline = AttendanceDeadline(days=0)
    topics_days: int = Field(default=0, ge=0, le=30)
    homework_days: int = Field(default=0, ge=0, le=30)
    current_marks_days: int = Field(default=2, ge=0, le=30)
    test_marks_days: int = Field(default=3, ge=0, le=30)
    written_work_days: int = Field(default=7, ge=0, le=30)
    period_marks_working_days: int = Field(default=5, ge=0, le=30)


class StudyPeriod(BaseModel):
    """A study period's bounds, from schedule's calendar (okrug_journal.calendar: the
    codes are "term-1".."term-4", "trimester-1".."trimester-3", "half-year-1",
    "half-year-2", "year")."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")
    kind: PeriodKind
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _ordered(self) -> "StudyPeriod":
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class JournalPolicy(BaseModel):
    """The effective policy of a school."""

    scale: Scale = "five-point"
    work_types: list[WorkType] = Field(min_length=1)
    deadlines: Deadlines = Deadlines()
    edit_window: EditWindow = "2-weeks"
    no_assessment_subjects: list[UUID] = []
    grades_without_marks: list[int] = [1]
    time_zone: str = "Europe/Moscow"
    # From schedule's calendar (okrug_journal.calendar), never set by a school: Python
    # weekdays (0 Monday .. 6 Sunday) that are not working days, the holidays of every
    # year, the study periods of the year in force.
    weekend_days: list[int] = [5, 6]
    holidays: list[date] = []
    study_periods: list[StudyPeriod] = []
    # Minutes a subject's homework takes when the teacher gives no estimate (O3), by subject.
    homework_default_minutes: dict[UUID, int] = {}

    @field_validator("work_types")
    @classmethod
    def _unique_codes(cls, value: list[WorkType]) -> list[WorkType]:
        codes = [w.code for w in value]
        if len(codes) != len(set(codes)):
            raise ValueError("work type codes repeat")
        return value

    @field_validator("grades_without_marks")
    @classmethod
    def _grades(cls, value: list[int]) -> list[int]:
        if any(g < 1 or g > 11 for g in value):
            raise ValueError("grade levels are 1..11")
        return sorted(set(value))

    @field_validator("weekend_days")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        if any(d < 0 or d > 6 for d in value) or len(set(value)) > 6:
            raise ValueError("weekdays are 0 (Monday) .. 6 (Sunday), at least one working")
        return sorted(set(value))

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("study_periods")
    @classmethod
    def _period_codes(cls, value: list[StudyPeriod]) -> list[StudyPeriod]:
        codes = [p.code for p in value]
        if len(codes) != len(set(codes)):
            raise ValueError("study period codes repeat")
        return value

    @field_validator("homework_default_minutes")
    @classmethod
    def _minutes(cls, value: dict[UUID, int]) -> dict[UUID, int]:
        if any(m < 1 or m > HOMEWORK_MINUTES_MAX for m in value.values()):
            raise ValueError(f"homework minutes are 1..{HOMEWORK_MINUTES_MAX}")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def work_type(self, code: str) -> WorkType | None:
        return next((w for w in self.work_types if w.code == code), None)

    def period(self, code: str) -> StudyPeriod | None:
        return next((p for p in self.study_periods if p.code == code), None)


class JournalPolicyUpdate(BaseModel):
    """What a school sets; a field left out follows the district's default."""

    model_config = ConfigDict(extra="forbid")

    scale: Scale | None = None
    work_types: list[WorkType] | None = Field(default=None, min_length=1)
    deadlines: Deadlines | None = None
    edit_window: EditWindow | None = None
    no_assessment_subjects: list[UUID] | None = None
    grades_without_marks: list[int] | None = None
    time_zone: str | None = None
    homework_default_minutes: dict[UUID, int] | None = None


class PolicyRead(JournalPolicy):
    school_id: UUID
    # The academic year of schedule's calendar the study periods are of; None while the
    # journal knows no year of the school (no periods, no holidays).
    calendar_year: str | None
    # Fields the school set itself; the rest are the district's defaults.
    school_overrides: list[str]
    # Fields the district locked: the school cannot change them.
    district_locked: list[str]
