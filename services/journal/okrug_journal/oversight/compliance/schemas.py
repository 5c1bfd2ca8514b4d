"""The compliance index (issue 11 point 8): one number per school, 0-100, and its trend."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.oversight.settings.schemas import IndexWeights

PartName = Literal["timeliness", "fill", "completion", "homework_load"]

INDEX_RULE = (
    "index = 100 x sum(weight x share) / sum(weight), over the parts with a share: "
    "timeliness (entries made on time / entries due), fill (students x subjects with the "
    "district's minimum of marks / students x subjects), completion (lessons held / lessons "
    "planned to date), homework_load (class evenings with homework within SanPiN "
    "1.2.3685-21's daily limit for the class's grade / class evenings with homework, of "
    "classes whose grade is known). A part without data (nothing due, no students, nothing "
    "planned, no homework) has no share and does not count. With a study period, homework "
    "load counts the evenings of that period in each school's own calendar and the other "
    "parts the entries and lessons of the period; without one, everything. The weights are "
    "the district's settings."
)

TREND_RULE = (
    "Each week (Monday to Sunday) counts its own entries due, lessons planned and class "
    "evenings; fill, which is kept per study period and not per week, enters every week "
    "with the period's share as it stands now (the read model keeps the current count of "
    "each student's marks, not its history). A week with no part but fill is left out."
)


class IndexPart(BaseModel):
    """One part of a school's index: its share (met / counted, 0..1; None without data:
    the part then does not count), its weight, and the API path of the rows that make it."""

    name: PartName
    share: float | None
    weight: float
    counted: int = Field(
        description="Entries due, students x subjects, lessons planned or class evenings "
        "with homework"
    )
    met: int = Field(
        description="Of those: made on time, with the minimum of marks, held, within the limit"
    )
    rows: str


class SchoolIndex(BaseModel):
    school_id: UUID
    rank: int
    # 100 x the weighted mean of the parts with data; None when no part has data.
    index: float | None
    parts: list[IndexPart]
    # The API path of the school's index week by week.
    trend: str


class DistrictIndex(BaseModel):
    """Every school's index, ranked (1: the highest)."""

    rule: str = INDEX_RULE
    weights: IndexWeights
    schools: list[SchoolIndex]


class IndexWeek(BaseModel):
    week: date = Field(description="The week's Monday")
    index: float | None
    parts: list[IndexPart]


class SchoolIndexWeeks(BaseModel):
    """A school's index week by week, each week with its parts and their rows."""

    rule: str = INDEX_RULE
    trend_rule: str = TREND_RULE
    weights: IndexWeights
    school_id: UUID
    weeks: list[IndexWeek]


class WeekIndex(BaseModel):
    week: date = Field(description="The week's Monday")
    index: float | None


class SchoolTrend(BaseModel):
    school_id: UUID
    weeks: list[WeekIndex]


class DistrictIndexWeeks(BaseModel):
    """Every school's index week by week (the ranking's trends); the parts of a school's
    weeks are at its `trend` path."""

    rule: str = INDEX_RULE
    trend_rule: str = TREND_RULE
    weights: IndexWeights
    schools: list[SchoolTrend]
