"""The read audit (X2): the log of staff reads of persons' data, searched by the school's
head (school admin, director) and, across schools, by the district admin, as JSON pages or
XLSX; a parent's view of who read their child's record; the school's choice to show parents
the readers' names."""

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from okrug_common.http import SessionDep
from okrug_common.read_audit import ReadKind
from okrug_identity import access
from okrug_identity.read_audit import service
from okrug_identity.read_audit.schemas import ChildRead, ReadAuditSettings, ReadPage

router = APIRouter(tags=["read audit"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Day = Annotated[
    date | None, Query(ge=date(1900, 1, 1), le=date(2199, 12, 31), description="Inclusive")
]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _filters(
    principal: access.ReadAuditSearcher,
    reader_id: Annotated[UUID | None, Query(description="Who read")] = None,
    person_id: Annotated[UUID | None, Query(description="Whose data (a student, a parent)")] = None,
    kind: ReadKind | None = None,
    trace_id: Annotated[str | None, Query(pattern="^[0-9a-f]{32}$")] = None,
    date_from: Day = None,
    date_to: Day = None,
    school_id: Annotated[UUID | None, Query(description="The district admin: one school")] = None,
) -> service.ReadFilters:
    return service.ReadFilters(
        school_id=service.searched_school(
            principal,
            school_id,
            across_schools=access.POLICY.admits(principal, "read-audit.search-district"),
        ),
        reader_id=reader_id,
        person_id=person_id,
        kind=kind.value if kind else None,
        trace_id=trace_id,
        date_from=date_from,
        date_to=date_to,
    )


FiltersDep = Annotated[service.ReadFilters, Depends(_filters)]


@router.get("/read-audit", response_model=ReadPage)
async def search_reads(
    filters: FiltersDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> ReadPage:
    """Staff reads of persons' data, newest first: by reader, by person read, by kind, by
    trace, by dates (the school's days; UTC days for the district across schools)."""
    items, next_offset = await service.search(session, filters, limit=limit, offset=offset)
    return ReadPage(items=items, next_offset=next_offset)


@router.get("/read-audit.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
async def search_reads_xlsx(filters: FiltersDep, session: SessionDep) -> Response:
    """The same search as an Excel workbook (at most 50,000 reads)."""
    records = await service.search_all(session, filters)
    return Response(
        service.to_xlsx(records),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="read-audit.xlsx"'},
    )


@router.get("/students/{student_id}/record-reads", response_model=list[ChildRead])
async def child_record_reads(
    student_id: UUID,
    session: SessionDep,
    principal: access.RecordReadsReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[ChildRead]:
    """For a parent: which staff roles read the child's record, what and when, newest
    first; the readers' names too where the school shows them to parents."""
    await access.require_guardian_of(session, principal, student_id)
    return await service.child_reads(session, principal, student_id, limit=limit, offset=offset)


@router.get("/read-audit/settings", response_model=ReadAuditSettings)
async def read_settings(
    session: SessionDep, principal: access.ReadAuditSettingsReader
) -> ReadAuditSettings:
    return await service.settings(session, principal.require_school())


@router.put("/read-audit/settings", response_model=ReadAuditSettings)
async def change_settings(
    data: ReadAuditSettings, session: SessionDep, principal: access.SchoolAdmin
) -> ReadAuditSettings:
    """The school admin chooses whether parents see the readers' names (off by default)."""
    return await service.change_settings(session, principal.require_school(), data)
