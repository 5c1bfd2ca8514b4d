"""What a monitoring report holds (O5): a school's figures of a study period as oversight's
read models held them when it was made (counts, no student), the district's thresholds
checked against them, and whom it was delivered to; the district's summary holds every
school's figures side by side."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.oversight.keeping.schemas import (
    PERIOD_PATTERN,
    FillCounts,
    KindTimeliness,
    LessonCounts,
    TimelinessCounts,
)

Reason = Literal["period-end", "on-demand"]
Figure = Literal["on-time", "fill", "completion"]


class ObjectivityOutlier(BaseModel):
    """A teacher whose marks of a subject and grade level are an outlier against the rest
    of the district's (oversight/objectivity's rule)."""

    teacher_name: str
    subject: str
    grade: int | None
    n: int
    mean: float | None
    district_mean: float | None
    z: float | None


class ObjectivityFigures(BaseModel):
    # Teachers compared per subject and grade level, and the outliers among them.
    compared: int
    outliers: int
    listed: list[ObjectivityOutlier]


class HomeworkLoadFigures(BaseModel):
    class_evenings: int = Field(description="Evenings on which a class had homework")
    evenings_over_limit: int
    classes_over_limit: int
    max_minutes: int


class UsageFigures(BaseModel):
    """Different persons per week who did each kind of work, averaged over the period's
    weeks (usage's read model; one decimal)."""

    weeks: int
    average_per_week: dict[str, float]


class ForecastFigures(BaseModel):
    forecasts: int
    failing: int


class IndexPartFigure(BaseModel):
    name: str
    share: float | None
    weight: float


class IndexFigures(BaseModel):
    index: float | None
    parts: list[IndexPartFigure]


class ThresholdCheck(BaseModel):
    """A figure against the district's threshold at this measurement."""

    figure: Figure
    threshold: float
    # None without data (nothing due, no student, nothing planned): not checked.
    measured: float | None
    below: bool
    # The API path of the rows that make the figure.
    rows: str


class ReportFigures(BaseModel):
    """A school's figures of a study period, each from its read model."""

    school_id: UUID
    school_name: str
    timeliness: TimelinessCounts
    by_kind: list[KindTimeliness]
    fill: FillCounts | None
    lessons: LessonCounts | None
    objectivity: ObjectivityFigures
    homework_load: HomeworkLoadFigures | None
    usage: UsageFigures
    forecast: ForecastFigures | None
    index: IndexFigures | None
    thresholds: list[ThresholdCheck]


class DistrictFigures(BaseModel):
    """The district's summary: every school's figures, in the order of the index."""

    schools: list[ReportFigures]


class Recipient(BaseModel):
    person_id: UUID
    name: str
    role: str


class ReportSummary(BaseModel):
    id: UUID
    # None for the district's summary across schools.
    school_id: UUID | None
    school_name: str
    period: str
    period_name: str
    date_from: date
    date_to: date
    reason: Reason
    made_at: datetime
    made_by: UUID | None
    recipients: list[Recipient]
    # The API paths of its figures and documents.
    path: str
    pdf: str
    xlsx: str


class ReportRead(ReportSummary):
    # One school's report: its figures; the district's summary: every school's.
    figures: ReportFigures | None
    district: DistrictFigures | None


class ReportList(BaseModel):
    reports: list[ReportSummary]


class ReportRequest(BaseModel):
    """A report made on demand: of one school, or (the district, without school_id) of
    every school with the district's summary."""

    period: str = Field(pattern=PERIOD_PATTERN, description="A study period's code (term-2)")
    school_id: UUID | None = None


class MadeReports(BaseModel):
    reports: list[ReportSummary]


class BreachRead(BaseModel):
    id: UUID
    school_id: UUID
    figure: Figure
    period: str
    threshold: float
    opened_value: float
    last_value: float
    opened_at: datetime
    opened_by_report: UUID | None
    closed_at: datetime | None
    closed_by_report: UUID | None


class BreachList(BaseModel):
    breaches: list[BreachRead]
