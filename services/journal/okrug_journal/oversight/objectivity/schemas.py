from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from okrug_journal.oversight.objectivity import statistics

PeriodCode = Annotated[
    str,
    Query(
        pattern=r"^[a-z][a-z0-9-]{0,39}$",
        description="A study period's code of the policy (term-2, half-year-1, year, exam, "
        "final); the year without one",
    ),
]
GradeLevel = Annotated[int | None, Query(ge=1, le=11, description="A grade level (1-11)")]
Unit = Literal["teacher", "class", "subject", "school"]


class OutlierRule(BaseModel):
    """How an outlier is found, stated with every answer (O2)."""

    statistic: Literal["z-score-of-mean"] = "z-score-of-mean"
    description: str = (
        "A unit's marks of a subject and grade level against the rest of the district's "
        "(the same subject, by name, and grade level, without the unit's own marks): "
        "z = (mean_unit - mean_rest) / (sd_rest / sqrt(n_unit)), sd_rest the sample "
        "standard deviation. An outlier when the unit and the rest each have at least "
        "min_marks marks, |z| >= z_threshold and the means differ by at least min_mean_gap "
        "of a mark (the gap alone decides when the rest's marks are all one value). "
        "z > 0: more generous than the district, z < 0: stricter."
    )
    min_marks: int = statistics.MIN_MARKS
    z_threshold: float = statistics.Z_THRESHOLD
    min_mean_gap: float = statistics.MIN_MEAN_GAP


class MarkCounts(BaseModel):
    counts: list[int] = Field(description="Marks of 1, 2, 3, 4 and 5 (five-point scale)")
    n: int
    mean: float | None


class UnitRead(BaseModel):
    """A teacher's, class's, school subject's or school's marks of one subject and grade
    level, beside the rest of the district's."""

    school_id: UUID
    school_name: str
    teacher_id: UUID | None = None
    teacher_name: str | None = None
    class_id: UUID | None = None
    class_name: str | None = None
    subject: str
    grade: int | None
    marks: MarkCounts
    district: MarkCounts = Field(
        description="The rest of the district: the same subject and grade level without "
        "the unit's own marks"
    )
    z: float | None
    mean_gap: float | None
    outlier: bool


class DistributionsRead(BaseModel):
    period: str
    by: Unit
    rule: OutlierRule
    # How many units there are in all (the answer holds the first `limit`, outliers first).
    total: int
    units: list[UnitRead]


class PeriodMarkRule(BaseModel):
    description: str = (
        "A period mark is far from the weighted average of the period's marks when "
        "|period mark - weighted average| >= gap: no rounding of the average gives it."
    )
    gap: Decimal = statistics.PERIOD_MARK_GAP


class PeriodMarkPointRead(BaseModel):
    """How many period marks of `value` were set beside a weighted average (to 0.1)."""

    value: int
    weighted_average: Decimal
    count: int
    far: bool


class FarPeriodMarkRead(BaseModel):
    """A period mark far from its weighted average; the student is named to the school's
    leadership only."""

    period_mark_id: UUID
    school_id: UUID
    class_id: UUID
    class_name: str
    subject: str
    teacher_id: UUID
    teacher_name: str
    value: int
    weighted_average: Decimal
    student_id: UUID | None = None
    student_name: str | None = None


class PeriodMarksRead(BaseModel):
    period: str
    rule: PeriodMarkRule
    total: int
    far_above: int
    far_below: int
    without_average: int = Field(description="Period marks set without marks to average")
    points: list[PeriodMarkPointRead]
    far: list[FarPeriodMarkRead]


class WorkTypeRead(BaseModel):
    work_type: str
    weight: Decimal
    marks: int
    share: float = Field(description="Of the school's marks in the period, 0..1")


class SchoolWorkTypesRead(BaseModel):
    school_id: UUID
    school_name: str
    marks: int
    work_types: list[WorkTypeRead]


class WorkTypesRead(BaseModel):
    period: str
    schools: list[SchoolWorkTypesRead]
