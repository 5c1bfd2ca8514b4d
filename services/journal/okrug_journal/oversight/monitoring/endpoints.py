"""REST of monitoring (O5): /journal/oversight/monitoring/... Oversight's readers (scope.py)
read the reports and the breaches of thresholds: the district every school's and its
summaries, a school's leadership their school's (counts, no student, in both). The district
makes reports on demand of one school or of all of them (with the summary), a director of
their own school."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from okrug_common.errors import InvalidInput, NotFound
from okrug_common.http import RuntimeDep
from okrug_journal import access
from okrug_journal.oversight.keeping.schemas import PERIOD_PATTERN
from okrug_journal.oversight.monitoring import documents, service
from okrug_journal.oversight.monitoring.schemas import (
    BreachList,
    MadeReports,
    ReportList,
    ReportRead,
    ReportRequest,
)
from okrug_journal.oversight.scope import OversightScopeDep
from okrug_journal.printing import PDF, pdf_response

router = APIRouter(prefix="/oversight/monitoring", tags=["oversight"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PeriodQuery = Annotated[
    str | None, Query(max_length=40, pattern=PERIOD_PATTERN, description="A study period's code")
]
SchoolQuery = Annotated[UUID | None, Query(description="One school's (the district's viewers)")]
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get("/reports", response_model=ReportList)
async def list_reports(
    scope: OversightScopeDep,
    school_id: SchoolQuery = None,
    period: PeriodQuery = None,
    limit: Limit = 100,
) -> ReportList:
    """The monitoring reports, newest first: school, period, when and why made, recipients,
    the paths of the figures and documents; the district's summaries have no school."""
    return ReportList(reports=await service.list_reports(scope, school_id, period, limit))


@router.post("/reports", response_model=MadeReports, status_code=status.HTTP_201_CREATED)
async def make_reports(
    data: ReportRequest, principal: access.MonitoringReportMaker, runtime: RuntimeDep
) -> MadeReports:
    """Make reports of a study period now: the district's of one school (school_id) or of
    every school with the district's summary (without it); a director's of their school.
    Each school's report goes to its directors (report_published) and checks the district's
    thresholds (threshold_breached / threshold_recovered)."""
    made_by = principal.person_id
    if principal.has_any(access.OVERSIGHT_DISTRICT_ROLES):
        if data.school_id is not None:
            if data.school_id not in await service.schools_with_calendar(runtime):
                raise InvalidInput(
                    f"No school {data.school_id} with a calendar.",
                    field="school_id",
                    code="unknown-school",
                )
            order = service.Order(data.period, [data.school_id], "on-demand", made_by)
        else:
            schools = await service.schools_with_calendar(runtime)
            order = service.Order(
                data.period, schools, "on-demand", made_by, summary=True, strict=False
            )
    else:
        own = principal.require_school()
        if data.school_id not in (None, own):
            raise NotFound(f"No school {data.school_id} among yours.")
        order = service.Order(data.period, [own], "on-demand", made_by)
    return MadeReports(reports=await service.make(runtime, order))


@router.get(
    "/reports/{report_id}.pdf", response_class=Response, responses={200: {"content": {PDF: {}}}}
)
async def report_pdf(report_id: UUID, scope: OversightScopeDep, runtime: RuntimeDep) -> Response:
    """The report printable on A4, in Russian."""
    report = service.read_of(await service.get_report(scope, report_id))
    zone = await service.zone_of(scope, runtime)
    return pdf_response(documents.pdf_of(report, zone), f"monitoring-{report.period}.pdf")


@router.get(
    "/reports/{report_id}.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}}
)
async def report_xlsx(report_id: UUID, scope: OversightScopeDep, runtime: RuntimeDep) -> Response:
    """The report as an Excel workbook."""
    report = service.read_of(await service.get_report(scope, report_id))
    zone = await service.zone_of(scope, runtime)
    return Response(
        documents.xlsx_of(report, zone),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="monitoring-{report.period}.xlsx"'},
    )


@router.get("/reports/{report_id}", response_model=ReportRead)
async def read_report(report_id: UUID, scope: OversightScopeDep) -> ReportRead:
    """A report's figures as they were when it was made (a school's, or the district's
    summary of every school's)."""
    return service.read_of(await service.get_report(scope, report_id))


@router.get("/breaches", response_model=BreachList)
async def list_breaches(
    scope: OversightScopeDep,
    school_id: SchoolQuery = None,
    period: PeriodQuery = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
    limit: Limit = 100,
) -> BreachList:
    """The breaches of the district's thresholds, newest first: figure, threshold, the value
    that opened it and the last one measured, when it opened and when it closed."""
    return BreachList(
        breaches=await service.list_breaches(scope, school_id, period, open_only, limit)
    )
