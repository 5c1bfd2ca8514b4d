from datetime import date, datetime
from typing import Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from okrug_common.errors import InvalidInput
from okrug_schedule.models import HolidayKind, PeriodKind

PERIOD_NAMES = {
    PeriodKind.TERM: "{n} четверть",
    PeriodKind.TRIMESTER: "{n} триместр",
    PeriodKind.HALF_YEAR: "{n} полугодие",
    PeriodKind.YEAR: "Год",
}


class PeriodIn(BaseModel):
    kind: PeriodKind = Field(description="term (четверть), trimester, half_year, year")
    number: int = Field(ge=1, le=6)
    name: str | None = Field(default=None, max_length=100, description="e.g. '1 четверть'")
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_on < self.starts_on:
            raise InvalidInput(
                "A study period must end on or after its first day.", field="ends_on"
            )
        return self

    def display_name(self) -> str:
        return self.name or PERIOD_NAMES[self.kind].format(n=self.number)


class PeriodRead(BaseModel):
    id: UUID
    kind: PeriodKind
    number: int
    name: str
    starts_on: date
    ends_on: date


class HolidayIn(BaseModel):
    kind: HolidayKind = HolidayKind.VACATION
    name: str = Field(min_length=1, max_length=200, description="e.g. 'Осенние каникулы'")
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_on < self.starts_on:
            raise InvalidInput("A holiday must end on or after its first day.", field="ends_on")
        return self


class HolidayRead(BaseModel):
    id: UUID
    kind: HolidayKind
    name: str
    starts_on: date
    ends_on: date


class CalendarIn(BaseModel):
    """A year's calendar: its dates, study periods and holidays."""

    name: str | None = Field(default=None, max_length=50, description="e.g. '2026/2027'")
    starts_on: date
    ends_on: date
    default_period_kind: PeriodKind = Field(
        default=PeriodKind.TERM, description="What subjects are assessed by unless a rule says"
    )
    working_days_per_week: int = Field(
        default=5, ge=5, le=6, description="5: Monday to Friday; 6: Monday to Saturday"
    )
    periods: list[PeriodIn] = Field(default_factory=list, max_length=30)
    holidays: list[HolidayIn] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ends_on <= self.starts_on:
            raise InvalidInput("A year must end after it starts.", field="ends_on")
        check_periods(self.periods, self.starts_on, self.ends_on, "periods")
        for index, holiday in enumerate(self.holidays):
            check_within(holiday.starts_on, holiday.ends_on, self, f"holidays.{index}")
        return self

    def display_name(self) -> str:
        return self.name or f"{self.starts_on.year}/{self.ends_on.year}"


def check_within(first: date, last: date, year: "CalendarIn | YearLike", field: str) -> None:
    if first < year.starts_on or last > year.ends_on:
        raise InvalidInput(
            f"The dates must lie within the year ({year.starts_on} - {year.ends_on}).",
            field=f"{field}.starts_on",
        )


class YearLike(BaseModel):
    starts_on: date
    ends_on: date


def check_periods(periods: list[PeriodIn], starts_on: date, ends_on: date, field: str) -> None:
    """Within the year; numbers unique and periods not overlapping within each kind."""
    year = YearLike(starts_on=starts_on, ends_on=ends_on)
    for index, period in enumerate(periods):
        check_within(period.starts_on, period.ends_on, year, f"{field}.{index}")
        for other_index, other in enumerate(periods[:index]):
            if other.kind != period.kind:
                continue
            if other.number == period.number:
                raise InvalidInput(
                    f"Two {period.kind} periods are numbered {period.number}.",
                    field=f"{field}.{index}.number",
                )
            if other.starts_on <= period.ends_on and period.starts_on <= other.ends_on:
                raise InvalidInput(
                    f"The period overlaps {field}.{other_index} of the same kind.",
                    field=f"{field}.{index}.starts_on",
                )


class YearCreate(BaseModel):
    """A school's academic year: from the district's default calendar, or spelled out."""

    from_district_calendar_id: UUID | None = None
    calendar: CalendarIn | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.from_district_calendar_id is None) == (self.calendar is None):
            detail = "Give either the district calendar to start from or the calendar itself."
            # Both fields are at fault (both given, or neither): the problem names both.
            both = [
                {"field": f, "detail": detail} for f in ("calendar", "from_district_calendar_id")
            ]
            raise InvalidInput(detail, field="calendar", extra={"errors": both})
        return self


class YearRead(BaseModel):
    id: UUID
    name: str
    starts_on: date
    ends_on: date
    status: str
    default_period_kind: PeriodKind
    working_days_per_week: int
    closed_at: datetime | None
    next_year_id: UUID | None


class AssessmentRuleIn(BaseModel):
    grade: int = Field(ge=1, le=11)
    subject_id: UUID | None = Field(default=None, description="None: every subject of the grade")
    period_kind: PeriodKind


class AssessmentRules(BaseModel):
    rules: list[AssessmentRuleIn] = Field(max_length=500)


class AssessmentRuleRead(AssessmentRuleIn):
    pass


class YearDetail(YearRead):
    periods: list[PeriodRead]
    holidays: list[HolidayRead]
    assessment: list[AssessmentRuleRead]


class DistrictCalendarRead(BaseModel):
    id: UUID
    name: str
    starts_on: date
    ends_on: date
    default_period_kind: PeriodKind
    working_days_per_week: int
    periods: list[PeriodIn]
    holidays: list[HolidayIn]
    published_at: datetime
