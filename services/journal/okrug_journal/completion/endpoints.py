"""Curriculum completion (J8, S0 6.3): planned, held, missed and substituted lessons of a
class per subject, and the lesson plan's hours against the hours held (JSON, XLSX, PDF)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.completion import pdf, service
from okrug_journal.completion.schemas import CompletionReport
from okrug_journal.printing import PDF, made_on, pdf_response

router = APIRouter(tags=["completion"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SubjectId = Annotated[UUID | None, Query()]
PeriodCode = Annotated[str | None, Query(max_length=40)]
Day = Annotated[date | None, Query()]


@router.get("/classes/{class_id}/completion", response_model=CompletionReport)
async def class_completion(
    class_id: UUID,
    session: SessionDep,
    principal: access.CompletionReader,
    runtime: RuntimeDep,
    subject_id: SubjectId = None,
    period: PeriodCode = None,
    date_from: Day = None,
    date_to: Day = None,
) -> CompletionReport:
    """Over a study period of the school's policy (`period`) or from date_from to date_to:
    the school's leadership and the class teacher see every subject, a teacher the subjects
    they teach the class."""
    return await service.completion(
        session,
        runtime,
        principal,
        class_id,
        subject_id=subject_id,
        period=period,
        date_from=date_from,
        date_to=date_to,
    )


@router.get(
    "/classes/{class_id}/completion.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def class_completion_xlsx(
    class_id: UUID,
    session: SessionDep,
    principal: access.CompletionReader,
    runtime: RuntimeDep,
    subject_id: SubjectId = None,
    period: PeriodCode = None,
    date_from: Day = None,
    date_to: Day = None,
) -> Response:
    """The same completion as an Excel workbook."""
    report = await service.completion(
        session,
        runtime,
        principal,
        class_id,
        subject_id=subject_id,
        period=period,
        date_from=date_from,
        date_to=date_to,
    )
    return Response(
        service.completion_xlsx(report),
        media_type=XLSX,
        headers={
            "Content-Disposition": (
                f'attachment; filename="completion-{report.date_from}-{report.date_to}.xlsx"'
            )
        },
    )


@router.get(
    "/classes/{class_id}/completion.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}},
)
async def class_completion_pdf(
    class_id: UUID,
    session: SessionDep,
    principal: access.CompletionReader,
    runtime: RuntimeDep,
    subject_id: SubjectId = None,
    period: PeriodCode = None,
    date_from: Day = None,
    date_to: Day = None,
) -> Response:
    """The same completion printable on A4."""
    report = await service.completion(
        session,
        runtime,
        principal,
        class_id,
        subject_id=subject_id,
        period=period,
        date_from=date_from,
        date_to=date_to,
    )
    school_name, class_name = await service.names_for_print(session, runtime, principal, class_id)
    content = pdf.completion_sheet(
        report, school_name, class_name, await made_on(session, runtime, principal)
    )
    return pdf_response(content, f"completion-{report.date_from}-{report.date_to}.pdf")
