from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from okrug_journal.policy.schemas import ALL_MARK_VALUES

ROUNDING = "Decimal, ROUND_HALF_UP to 2 places; pass/fail marks are not averaged"


class PeriodMarkSet(BaseModel):
    value: ALL_MARK_VALUES
    reason: str | None = Field(
        default=None,
        max_length=500,
        description="Why a period mark already set is changed (kept in the change audit)",
    )


class PeriodMarkRead(BaseModel):
    id: UUID
    class_id: UUID
    subject_id: UUID
    student_id: UUID
    period: str
    kind: str
    scale: str
    value: str
    average: Decimal | None
    weighted_average: Decimal | None
    recorded_by: UUID
    recorded_at: datetime


class PeriodStanding(BaseModel):
    """A student's marks of a period with the averages beside the period mark (J5, J3)."""

    student_id: UUID
    marks_count: int
    average: Decimal | None
    weighted_average: Decimal | None
    period_mark: str | None
    rounding: str = Field(default=ROUNDING)
