"""The district's settings of oversight (O1, the compliance index): the minimum marks per
student per subject and study period (fill rate), the thresholds a school's figures are
held to and the weights of the compliance index. One set for the whole district, changed by
the district admin."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator


class MinimumMarksStep(BaseModel):
    """From `weekly_hours` lessons a week on, a subject's students need `min_marks` marks in a
    study period (a subject taught more often is assessed more often)."""

    model_config = ConfigDict(frozen=True)

    weekly_hours: int = Field(ge=1, le=20, description="Lessons a week from which the step holds")
    min_marks: int = Field(ge=0, le=100)


class Thresholds(BaseModel):
    """Shares (0..1) below which a school's figure is flagged for the working group."""

    model_config = ConfigDict(frozen=True)

    on_time_share: float = Field(
        default=0.9, ge=0, le=1, description="Entries made on time among those due"
    )
    fill_share: float = Field(
        default=0.9, ge=0, le=1, description="Students with at least the minimum of marks"
    )
    completion_share: float = Field(
        default=0.95, ge=0, le=1, description="Held lessons among those planned to date"
    )


class IndexWeights(BaseModel):
    """Weights of the compliance index's parts (oversight/compliance): relative, any scale
    (the index divides by the sum of the weights of the parts a school has data for); a part
    weighted 0 does not count."""

    model_config = ConfigDict(frozen=True)

    timeliness: float = Field(
        default=0.4, ge=0, le=100, description="Entries made on time among those due"
    )
    fill: float = Field(
        default=0.3, ge=0, le=100, description="Students with at least the minimum of marks"
    )
    completion: float = Field(
        default=0.3, ge=0, le=100, description="Lessons held among those planned to date"
    )
    homework_load: float = Field(
        default=0.2,
        ge=0,
        le=100,
        description="Class evenings with homework within SanPiN's daily limit for the grade",
    )


class DistrictSettings(BaseModel):
    """What the district holds every school to. A subject's minimum of marks per student in a
    study period is `min_marks`, or that of the last step of `min_marks_by_weekly_hours`
    whose `weekly_hours` the subject reaches."""

    model_config = ConfigDict(frozen=True)

    min_marks: int = Field(default=3, ge=0, le=100)
    min_marks_by_weekly_hours: list[MinimumMarksStep] = Field(default_factory=list, max_length=20)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    index_weights: IndexWeights = Field(default_factory=IndexWeights)

    @field_validator("min_marks_by_weekly_hours")
    @classmethod
    def _steps_ascend(cls, steps: list[MinimumMarksStep]) -> list[MinimumMarksStep]:
        hours = [step.weekly_hours for step in steps]
        if hours != sorted(set(hours)):
            raise ValueError("the steps must ascend by weekly_hours, each once")
        return steps

    def min_marks_for(self, weekly_hours: float | None) -> int:
        """The minimum of marks per student for a subject taught `weekly_hours` a week."""
        minimum = self.min_marks
        for step in self.min_marks_by_weekly_hours:
            if weekly_hours is not None and weekly_hours >= step.weekly_hours:
                minimum = step.min_marks
        return minimum


class DistrictSettingsRead(DistrictSettings):
    # None while the district has kept the defaults.
    updated_at: datetime | None = None
    updated_by: UUID | None = None
