"""Class reports (J11): attendance by month and results for a study period (JSON, XLSX, PDF),
for the class teacher and the school's leadership."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.printing import PDF, made_on, pdf_response
from okrug_journal.reports import pdf, service
from okrug_journal.reports.schemas import ClassAttendance, ClassResults

router = APIRouter(tags=["reports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Month = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="YYYY-MM; this month in the school's time zone when left out",
    ),
]
Period = Annotated[
    str,
    Query(
        pattern=r"^[a-z][a-z0-9-]{0,39}$",
        description="A study period of the school's policy (term-1, half-year-1, year), "
        "exam or final",
    ),
]


@router.get("/classes/{class_id}/reports/attendance", response_model=ClassAttendance)
async def class_attendance(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.REPORTS)],
    month: Month = None,
) -> ClassAttendance:
    """The class's attendance of a month: per student the lessons missed by reason
    (illness, excused, unexcused, no reason yet) and the lates; the class's totals."""
    report = await service.class_attendance(session, runtime, principal, class_id, month)
    audit.covers(row.student_id for row in report.students)
    return report


@router.get(
    "/classes/{class_id}/reports/attendance.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def class_attendance_xlsx(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.REPORTS)],
    month: Month = None,
) -> Response:
    """The same report as an Excel workbook."""
    report = await service.class_attendance(session, runtime, principal, class_id, month)
    audit.covers(row.student_id for row in report.students)
    return Response(
        service.attendance_xlsx(report),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="attendance-{report.month}.xlsx"'},
    )


@router.get(
    "/classes/{class_id}/reports/attendance.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
)
async def class_attendance_pdf(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.REPORTS)],
    month: Month = None,
) -> Response:
    """The same report printable on A4."""
    report = await service.class_attendance(session, runtime, principal, class_id, month)
    audit.covers(row.student_id for row in report.students)
    content = pdf.attendance_sheet(report, await made_on(session, runtime, principal))
    return pdf_response(content, f"attendance-{report.month}.pdf")


@router.get("/classes/{class_id}/reports/results", response_model=ClassResults)
async def class_results(
    class_id: UUID,
    period: Period,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.REPORTS)],
) -> ClassResults:
    """The class's results for a study period: per student per subject the period mark
    and the weighted average; отличники, хорошисты, with one 3, failing; успеваемость and
    качество знаний (definitions and rounding in the answer and in reports/results.py)."""
    results = await service.class_results(session, runtime, principal, class_id, period)
    audit.covers(row.student_id for row in results.students)
    return results


@router.get(
    "/classes/{class_id}/reports/results.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def class_results_xlsx(
    class_id: UUID,
    period: Period,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.REPORTS)],
) -> Response:
    """The same results as an Excel workbook."""
    results = await service.class_results(session, runtime, principal, class_id, period)
    audit.covers(row.student_id for row in results.students)
    return Response(
        service.results_xlsx(results),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="results-{results.period}.xlsx"'},
    )


@router.get(
    "/classes/{class_id}/reports/results.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
)
async def class_results_pdf(
    class_id: UUID,
    period: Period,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.REPORTS)],
) -> Response:
    """The same results printable on A4."""
    results = await service.class_results(session, runtime, principal, class_id, period)
    audit.covers(row.student_id for row in results.students)
    content = pdf.results_sheet(results, await made_on(session, runtime, principal))
    return pdf_response(content, f"results-{results.period}.pdf")
