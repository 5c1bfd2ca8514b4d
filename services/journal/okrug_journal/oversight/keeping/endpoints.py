"""REST of journal keeping (O1): /journal/oversight/keeping/... from the district's ranked
schools down to one school's teachers, classes and subjects, its weeks, a week's lessons and
the single lesson with its entries' moments. Oversight's readers (oversight/scope.py)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.oversight.keeping import service
from okrug_journal.oversight.keeping.schemas import (
    PERIOD_PATTERN,
    Breakdown,
    ClassSubjectFill,
    DistrictFill,
    DistrictKeeping,
    Filters,
    Kind,
    LessonDetail,
    LessonKeeping,
    SchoolBreakdown,
    StudentBelowMinimum,
    WeekKeeping,
)
from okrug_journal.oversight.scope import OversightScopeDep
from okrug_journal.policy.service import school_policy

router = APIRouter(prefix="/oversight/keeping", tags=["oversight"])
FiltersQuery = Annotated[Filters, Query()]


@router.get("/schools", response_model=DistrictKeeping)
async def district_keeping(scope: OversightScopeDep, filters: FiltersQuery) -> DistrictKeeping:
    """Every school's entries on time, late and missing (per kind) and lessons planned,
    held, replaced and missed, ranked by the share on time (O1). A school's leadership
    sees their own school's row."""
    return await service.district_keeping(scope, filters)


@router.get("/schools/{school_id}", response_model=SchoolBreakdown)
async def school_breakdown(
    school_id: UUID,
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    filters: FiltersQuery,
    by: Annotated[Breakdown, Query()] = "teacher",
) -> SchoolBreakdown:
    """A school's figures per teacher, class or subject."""
    return await service.school_breakdown(scope, runtime, school_id, by, filters)


@router.get("/schools/{school_id}/weeks", response_model=list[WeekKeeping])
async def school_weeks(
    school_id: UUID,
    scope: OversightScopeDep,
    filters: FiltersQuery,
    teacher_id: Annotated[UUID | None, Query()] = None,
    class_id: Annotated[UUID | None, Query()] = None,
    kind: Annotated[Kind | None, Query()] = None,
) -> list[WeekKeeping]:
    """A school's figures week by week (of a teacher, a class, a kind of entry)."""
    return await service.school_weeks(scope, school_id, filters, teacher_id, class_id, kind)


@router.get("/schools/{school_id}/lessons", response_model=list[LessonKeeping])
async def week_lessons(
    school_id: UUID,
    scope: OversightScopeDep,
    week: Annotated[date, Query(description="Any day of the week")],
    teacher_id: Annotated[UUID | None, Query()] = None,
    class_id: Annotated[UUID | None, Query()] = None,
    subject_id: Annotated[UUID | None, Query()] = None,
) -> list[LessonKeeping]:
    """The lessons of a week of a school, each with its entries on time, late, missing."""
    return await service.week_lessons(scope, school_id, week, teacher_id, class_id, subject_id)


@router.get("/schools/{school_id}/lessons/{lesson_id}", response_model=LessonDetail)
async def lesson_detail(school_id: UUID, lesson_id: UUID, scope: OversightScopeDep) -> LessonDetail:
    """One lesson: topic, homework, attendance taken or not, and each entry's moment
    against its due moment, who made it and how (J4)."""
    return await service.lesson_detail(scope, school_id, lesson_id)


@router.get("/fill", response_model=DistrictFill)
async def district_fill(scope: OversightScopeDep, filters: FiltersQuery) -> DistrictFill:
    """Every school's marks per student and the students (x subjects) under the district's
    minimum of marks (O1): counts only."""
    return await service.district_fill(scope, filters)


@router.get("/schools/{school_id}/fill", response_model=list[ClassSubjectFill])
async def school_fill(
    school_id: UUID, scope: OversightScopeDep, filters: FiltersQuery
) -> list[ClassSubjectFill]:
    """A school's fill rate per class, subject and study period."""
    return await service.school_fill(scope, school_id, filters)


@router.get(
    "/classes/{class_id}/subjects/{subject_id}/students-below-minimum",
    response_model=list[StudentBelowMinimum],
)
async def students_below_minimum(
    class_id: UUID,
    subject_id: UUID,
    period: Annotated[str, Query(pattern=PERIOD_PATTERN)],
    scope: OversightScopeDep,
    principal: access.OversightStudentReader,
    session: SessionDep,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
) -> list[StudentBelowMinimum]:
    """The students of a class under the minimum of marks in a subject and study period, by
    name: the school's leadership of the token's school (never the district)."""
    policy = await school_policy(session, runtime, principal.require_school())
    found = await service.students_below_minimum(
        scope, runtime, policy, class_id, subject_id, period
    )
    audit.covers(student.student_id for student in found)
    return found
