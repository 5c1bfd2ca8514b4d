"""Paper journals brought back (J13; S1 6.1-6.2: kept on paper while the system is
unreachable, transferred within 2 working days)."""

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.paper_import import service
from okrug_journal.paper_import.files import CSV_MEDIA, XLSX_MEDIA
from okrug_journal.paper_import.schemas import FILE_BODY, ImportReport, PaperImportRead

router = APIRouter(prefix="/paper-import", tags=["paper-import"])


@router.get(
    "/template",
    response_class=Response,
    responses={200: {"content": {CSV_MEDIA: {}, XLSX_MEDIA: {}}}},
)
async def template(
    class_id: UUID,
    subject_id: UUID,
    date_from: date,
    date_to: date,
    session: SessionDep,
    principal: access.PaperImporter,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.PAPER_IMPORT)],
    format: Literal["csv", "xlsx"] = "xlsx",
) -> Response:
    """The file to copy a paper journal into: the class's lessons of the subject in the
    range (date, period, subject, group; a row for each lesson's topic and homework) and a
    row per student under each (id and name). Columns, headers Russian / English: Дата /
    date, Урок № / period, Предмет / subject, Группа / group, ID ученика / student_id, Ученик
    / student, Посещаемость / attendance (н absent, оп late), Причина / reason (болезнь,
    уважительная, неуважительная), Отметка / mark, Вид работы / work_type (code or Russian
    name), Тема урока / topic, Домашнее задание / homework. For who may, see the import."""
    made = await service.template(
        session,
        runtime,
        principal,
        class_id=class_id,
        subject_id=subject_id,
        date_from=date_from,
        date_to=date_to,
        fmt=format,
    )
    audit.covers(made.students)
    return Response(
        made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.file_name}"'},
    )


@router.post("", response_model=ImportReport, openapi_extra=FILE_BODY)
async def import_paper_journal(
    class_id: UUID,
    subject_id: UUID,
    request: Request,
    session: SessionDep,
    principal: access.PaperImporter,
    runtime: RuntimeDep,
    dry_run: bool = False,
    file_name: Annotated[str | None, Query(max_length=200)] = None,
) -> ImportReport:
    """Import a paper journal of the class in the subject: the body is the file (CSV,
    text/csv, UTF-8, comma or semicolon separated, header first; or XLSX), laid out as the
    template. Every row is checked: its lesson exists (date, and period number and group when
    the day has several), the student is in the class, the mark is on the school's scale with
    a work type of its policy, grade levels without marks refuse marks and homework (the
    "no assessment" rule refuses period marks, which a paper import does not carry). Bad rows
    are rejected with their line and reason and nothing of them is written; the good rows are
    written in one transaction, each mark and absence an outbox event like a live one (flagged
    imported_from_paper), each entry a timeliness fact with source "paper": entered now
    against its due moment under the policy, so late when the deadline has passed. The same
    file again imports nothing (its lines are "unchanged"); a corrected bad row imports alone.
    `dry_run=true` checks and reports without writing.

    Who may (I5, S1 6.1): a teacher who teaches the subject to the class imports the lessons
    they are teacher of record of (the substitute for a substituted lesson), inside the
    school's edit window as for a live entry (J6); the school's leadership (director,
    deputies, school admin), whom the regulation makes answerable for the journal's
    continuity, imports any lesson of the school, also after its edit window closed, since
    an outage may outlast it and an import only adds what is missing (it never changes or
    deletes an entry: a conflicting row is rejected). Nobody imports lessons still to come or
    of an academic year that has ended. Each upload is logged (who, which file, when, counts)."""
    return await service.import_file(
        session,
        runtime,
        principal,
        class_id=class_id,
        subject_id=subject_id,
        body=await request.body(),
        content_type=request.headers.get("content-type"),
        file_name=file_name,
        dry_run=dry_run,
    )


@router.get("/log", response_model=list[PaperImportRead])
async def import_log(
    session: SessionDep,
    principal: access.PaperImportLogReader,
    class_id: UUID | None = None,
    subject_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[PaperImportRead]:
    """The school's uploads of paper journals, newest first (who imported which file when,
    with its counts and rejected lines): for the school's leadership."""
    return await service.import_log(
        session, principal, class_id=class_id, subject_id=subject_id, limit=limit
    )
