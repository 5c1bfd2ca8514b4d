from datetime import time
from typing import Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from okrug_common.errors import InvalidInput


class BellPeriodIn(BaseModel):
    number: int = Field(ge=0, le=20, description="Period number (урок), 0 for a 'zero' period")
    starts_at: time = Field(description="Wall-clock time in the school's zone, e.g. '08:30'")
    ends_at: time


class BellPeriods(BaseModel):
    periods: list[BellPeriodIn] = Field(min_length=1, max_length=21)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        check_periods(self.periods)
        return self


def check_periods(periods: list[BellPeriodIn]) -> None:
    """Numbers unique; each period ends after it starts; periods in number order do not
    overlap."""
    ordered = sorted(enumerate(periods), key=lambda item: item[1].number)
    previous: BellPeriodIn | None = None
    for index, period in ordered:
        if period.ends_at <= period.starts_at:
            raise InvalidInput(
                "A period must end after it starts.", field=f"periods.{index}.ends_at"
            )
        if previous is not None:
            if previous.number == period.number:
                raise InvalidInput(
                    f"Period {period.number} appears twice.", field=f"periods.{index}.number"
                )
            if period.starts_at < previous.ends_at:
                raise InvalidInput(
                    f"Period {period.number} starts before period {previous.number} ends.",
                    field=f"periods.{index}.starts_at",
                )
        previous = period


class BellScheduleCreate(BellPeriods):
    name: str = Field(min_length=1, max_length=100, description="e.g. '1 смена'")


class BellScheduleRead(BaseModel):
    id: UUID
    name: str
    periods: list[BellPeriodIn]
