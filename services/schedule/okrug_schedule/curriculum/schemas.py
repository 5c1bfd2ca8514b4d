from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

Hours = Decimal


class CurriculumItemIn(BaseModel):
    grade: int = Field(ge=1, le=11)
    subject_id: UUID
    hours_per_week: Hours = Field(gt=0, le=40, decimal_places=1)
    hours_per_year: int | None = Field(
        default=None, ge=1, le=1500, description="34 (33 in grade 1) weeks x hours when omitted"
    )


class Curriculum(BaseModel):
    """The year's curriculum (учебный план): hours per subject per grade level (S4)."""

    items: list[CurriculumItemIn] = Field(max_length=500)


class CurriculumItemRead(BaseModel):
    grade: int
    subject_id: UUID
    hours_per_week: Hours
    hours_per_year: int


class AssignmentCreate(BaseModel):
    """Who teaches which subject to which class or group, with hours (тарификация)."""

    year_id: UUID
    teacher_id: UUID
    subject_id: UUID
    class_id: UUID
    group_id: UUID | None = None
    hours_per_week: Hours = Field(gt=0, le=40, decimal_places=1)


class AssignmentRead(BaseModel):
    id: UUID
    year_id: UUID
    teacher_id: UUID
    subject_id: UUID
    class_id: UUID
    group_id: UUID | None
    hours_per_week: Hours


GapKind = Literal["missing", "short", "excess", "not_in_curriculum"]


class Gap(BaseModel):
    """missing: nobody teaches it; short: fewer hours than the curriculum; excess: more;
    not_in_curriculum: load for a subject the grade's curriculum does not have."""

    kind: GapKind
    class_id: UUID
    class_name: str
    group_id: UUID | None
    group_name: str | None
    subject_id: UUID
    subject_name: str
    required_hours: Hours
    assigned_hours: Hours


class LoadCheck(BaseModel):
    year_id: UUID
    covered: bool
    gaps: list[Gap]
