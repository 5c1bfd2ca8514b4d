from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.forecast.rules import ROUNDING


class MarksNeededOption(BaseModel):
    """`count` more marks `value` of the work type lift the weighted average to
    `average_after`, which rounds to `rounds_to` (one step above the forecast): the inputs
    are the standing's sums, `(weighted_sum + count x value x weight) / (weight_sum + count x
    weight)`."""

    work_type: str
    work_type_title: str
    weight: Decimal
    value: int
    count: int
    average_after: Decimal
    rounds_to: int


class Forecast(BaseModel):
    """A student's projected period mark in a subject (J12) with its inputs: the numeric
    marks so far (how many, sum of value x weight, sum of weights), their weighted average
    and the mark it rounds to; what it takes to lift it one step, fewest marks first."""

    student_id: UUID
    class_id: UUID
    subject_id: UUID
    subject_name: str
    period: str
    marks_count: int
    weighted_sum: Decimal
    weight_sum: Decimal
    weighted_average: Decimal
    projected_mark: int
    failing: bool
    marks_needed: list[MarksNeededOption]


class NamedForecast(Forecast):
    """A forecast with the student's name, for staff lists."""

    last_name: str
    first_name: str
    class_name: str


class PeriodRef(BaseModel):
    code: str
    kind: str


class ForecastSheet(BaseModel):
    """Forecasts of one period, with the rule they follow."""

    period: PeriodRef
    rounding: str = Field(default=ROUNDING)
    forecasts: list[Forecast]


class FailingList(BaseModel):
    """Students forecast failing in a period, named (staff of the school)."""

    period: PeriodRef
    rounding: str = Field(default=ROUNDING)
    students: list[NamedForecast]


COUNTS_RULE = (
    "per school: forecasts = (student, subject) pairs with a forecast in the period, failing "
    "= those whose projected mark is below 3; the period asked for, else each school's finest "
    "period (a term, or a half-year where there are no terms) containing today"
)


class SchoolForecastCount(BaseModel):
    """A school's count of forecasts failing in a period: no student in it (the district)."""

    school_id: UUID
    period: str
    forecasts: int
    failing: int


class ForecastCounts(BaseModel):
    rule: str = Field(default=COUNTS_RULE)
    schools: list[SchoolForecastCount]
