"""REST of the objectivity of marks (O2, J3): /journal/oversight/objectivity/... The
district reads every school's figures (counts, no student); a school's leadership reads
their school's (a deputy director their grade levels), with the students of far period
marks named and the read audited (X2)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal.oversight.objectivity import answers
from okrug_journal.oversight.objectivity.schemas import (
    DistributionsRead,
    GradeLevel,
    PeriodCode,
    PeriodMarksRead,
    Unit,
    WorkTypesRead,
)
from okrug_journal.oversight.scope import OversightScopeDep

router = APIRouter(prefix="/oversight/objectivity", tags=["oversight"])

SchoolQuery = Annotated[
    UUID | None, Query(description="One school (the district's viewers); all without it")
]
SubjectQuery = Annotated[
    UUID | None,
    Query(description="A school's subject: the district's subject of the same name"),
]
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get("/distributions", response_model=DistributionsRead)
async def distributions(
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    by: Unit = "teacher",
    period: PeriodCode = "year",
    school_id: SchoolQuery = None,
    grade: GradeLevel = None,
    subject_id: SubjectQuery = None,
    limit: Limit = 100,
) -> DistributionsRead:
    """Each teacher's (class's, school subject's, school's) marks of a subject and grade
    level beside the rest of the district's, with the z-score of the mean and whether it is
    an outlier (the rule is in the answer); outliers first."""
    filters = await answers.filters_of(scope, period, school_id, grade, subject_id)
    return await answers.distributions(scope, runtime, filters, by, limit)


@router.get("/period-marks", response_model=PeriodMarksRead)
async def period_marks(
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.PERIOD_MARKS)],
    period: PeriodCode = "year",
    school_id: SchoolQuery = None,
    grade: GradeLevel = None,
    subject_id: SubjectQuery = None,
    limit: Limit = 100,
) -> PeriodMarksRead:
    """Period marks against the weighted averages they were set beside: counts, the points
    of the chart, and the marks a whole mark or more from their average (their students
    named to the school's leadership only)."""
    filters = await answers.filters_of(scope, period, school_id, grade, subject_id)
    answer, students = await answers.period_marks(scope, runtime, filters, limit)
    audit.covers(students)
    return answer


@router.get("/work-types", response_model=WorkTypesRead)
async def work_types(
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    period: PeriodCode = "year",
    school_id: SchoolQuery = None,
) -> WorkTypesRead:
    """How each school uses work types and weights: its marks of each work type at each
    weight in the period, side by side."""
    filters = await answers.filters_of(scope, period, school_id, None, None)
    return await answers.work_types(scope, runtime, filters)
