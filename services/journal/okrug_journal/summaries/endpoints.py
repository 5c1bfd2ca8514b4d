"""Summary sheets (J10): of a student (the student, their guardians, the class teacher of
their class, the school's leadership) and of a class (its class teacher and the school's
leadership), as JSON and as printable PDF. Range: date_from and date_to (inclusive), by
default the current week, Monday to Sunday, in the school's time zone."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.printing import PDF, made_on, pdf_response
from okrug_journal.summaries import pdf, service
from okrug_journal.summaries.schemas import ClassSummary, StudentSummary

router = APIRouter(tags=["summaries"])

DateFrom = Annotated[date | None, Query(description="First day (inclusive)")]
DateTo = Annotated[date | None, Query(description="Last day (inclusive)")]


@router.get("/students/{student_id}/summary", response_model=StudentSummary)
async def student_summary(
    student_id: UUID,
    session: SessionDep,
    principal: access.StudentReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.SUMMARIES)],
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> StudentSummary:
    """A student's summary sheet: per subject the lessons held, the marks with their work
    types, their count, average and weighted average, lates and absences by reason."""
    return await service.student_summary(
        session, runtime, principal, student_id, date_from, date_to
    )


@router.get(
    "/students/{student_id}/summary.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
)
async def student_summary_pdf(
    student_id: UUID,
    session: SessionDep,
    principal: access.StudentReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.SUMMARIES)],
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Response:
    """The same sheet printable on A4 (for parents who declined electronic access)."""
    summary = await service.student_summary(
        session, runtime, principal, student_id, date_from, date_to
    )
    content = pdf.student_sheet(summary, await made_on(session, runtime, principal))
    return pdf_response(content, f"summary-{summary.date_from}-{summary.date_to}.pdf")


@router.get("/classes/{class_id}/summary", response_model=ClassSummary)
async def class_summary(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.SUMMARIES)],
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> ClassSummary:
    """A class's summary sheet: one row per student (by last name, first name), per
    subject the same figures as a student's sheet."""
    summary = await service.class_summary(session, runtime, principal, class_id, date_from, date_to)
    audit.covers(row.student_id for row in summary.students)
    return summary


@router.get(
    "/classes/{class_id}/summary.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
)
async def class_summary_pdf(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.SUMMARIES)],
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Response:
    """The class's sheet printable on A4, landscape when it has many subjects."""
    summary = await service.class_summary(session, runtime, principal, class_id, date_from, date_to)
    audit.covers(row.student_id for row in summary.students)
    content = pdf.class_sheet(summary, await made_on(session, runtime, principal))
    return pdf_response(content, f"class-summary-{summary.date_from}-{summary.date_to}.pdf")
