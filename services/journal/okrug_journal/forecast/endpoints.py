from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.forecast import service
from okrug_journal.forecast.schemas import FailingList, ForecastCounts, ForecastSheet
from okrug_journal.oversight.dates import district_today
from okrug_journal.oversight.scope import OversightScopeDep

router = APIRouter(tags=["forecast"])

GradeQuery = Annotated[int | None, Query(ge=1, le=11, description="Only this grade level")]

PeriodQuery = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z][a-z0-9-]{0,39}$",
        description="A study period's code; the current one (the shortest containing today) "
        "when not given",
    ),
]


@router.get("/classes/{class_id}/subjects/{subject_id}/forecast", response_model=ForecastSheet)
async def class_subject_forecast(
    class_id: UUID,
    subject_id: UUID,
    session: SessionDep,
    principal: access.GridReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
    period: PeriodQuery = None,
) -> ForecastSheet:
    """Each student's projected period mark in the subject and what lifts it one step (J12),
    beside the grid: a teacher of the class in the subject, its class teacher, the school's
    leadership."""
    sheet = await service.class_subject_sheet(
        session, runtime, principal, class_id, subject_id, period
    )
    audit.covers(f.student_id for f in sheet.forecasts)
    return sheet


@router.get("/classes/{class_id}/forecast", response_model=ForecastSheet)
async def class_forecast(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
    period: PeriodQuery = None,
) -> ForecastSheet:
    """The forecasts of a class in every subject (J12): its class teacher, the school's
    leadership."""
    sheet = await service.class_sheet(session, runtime, principal, class_id, period)
    audit.covers(f.student_id for f in sheet.forecasts)
    return sheet


@router.get("/students/{student_id}/forecast", response_model=ForecastSheet)
async def student_forecast(
    student_id: UUID,
    session: SessionDep,
    principal: access.StudentReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
    period: PeriodQuery = None,
) -> ForecastSheet:
    """A student's forecasts in every subject (J12): the student, their guardians, the class
    teacher, the school's leadership."""
    sheet = await service.student_sheet(session, runtime, principal, student_id, period)
    audit.covers([student_id])
    return sheet


@router.get("/forecast/failing", response_model=FailingList)
async def teacher_failing(
    session: SessionDep,
    principal: access.TeacherFailingReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
    period: PeriodQuery = None,
) -> FailingList:
    """The students forecast failing (J12) in the classes and subjects the caller teaches."""
    found = await service.teacher_failing(session, runtime, principal, period)
    audit.covers(s.student_id for s in found.students)
    return found


@router.get("/oversight/forecast/failing", response_model=FailingList)
async def school_failing(
    session: SessionDep,
    principal: access.SchoolFailingReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
    period: PeriodQuery = None,
    grade: GradeQuery = None,
) -> FailingList:
    """The school's students forecast failing (J12), every class and subject, named: the
    school's leadership (a deputy director their grade levels)."""
    found = await service.school_failing(session, runtime, principal, period, grade)
    audit.covers(s.student_id for s in found.students)
    return found


@router.get("/oversight/forecast/counts", response_model=ForecastCounts)
async def school_counts(
    scope: OversightScopeDep,
    period: PeriodQuery = None,
    grade: GradeQuery = None,
) -> ForecastCounts:
    """Per school how many forecasts of the period there are and how many are failing (J12;
    counts, never a student): every school for the district, their own for a school's
    leadership. Without a period: each school's finest period containing today."""
    today = district_today()
    return await service.school_counts(scope, period, grade, today)
