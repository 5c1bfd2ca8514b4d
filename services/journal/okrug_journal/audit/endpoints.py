from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from okrug_common.auth import Principal
from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.audit import service
from okrug_journal.audit.schemas import ChangeKind, MarkChangeRead

router = APIRouter(tags=["audit"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Filters:
    def __init__(
        self,
        teacher_id: Annotated[UUID | None, Query()] = None,
        class_id: Annotated[UUID | None, Query()] = None,
        subject_id: Annotated[UUID | None, Query()] = None,
        kind: Annotated[ChangeKind | None, Query()] = None,
        date_from: Annotated[date | None, Query()] = None,
        date_to: Annotated[date | None, Query()] = None,
    ) -> None:
        self.teacher_id, self.class_id, self.subject_id = teacher_id, class_id, subject_id
        self.kind = kind
        self.date_from, self.date_to = date_from, date_to

    async def rows(
        self, session: SessionDep, principal: Principal, runtime: RuntimeDep
    ) -> list[MarkChangeRead]:
        return await service.mark_changes(
            session,
            runtime,
            principal,
            teacher_id=self.teacher_id,
            class_id=self.class_id,
            subject_id=self.subject_id,
            kind=self.kind,
            date_from=self.date_from,
            date_to=self.date_to,
        )


FiltersDep = Annotated[Filters, Depends()]


@router.get("/audit/mark-changes", response_model=list[MarkChangeRead])
async def mark_changes(
    filters: FiltersDep,
    session: SessionDep,
    principal: access.AuditReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARK_CHANGES)],
) -> list[MarkChangeRead]:
    """Every change and deletion of a mark (J6), correction of an absence's reason (J2) and
    change of a period mark (J5), newest first: the school's leadership. Filters: teacher,
    class, subject, kind, dates (default: the current academic year)."""
    rows = await filters.rows(session, principal, runtime)
    audit.covers(row.student_id for row in rows)
    return rows


@router.get(
    "/audit/mark-changes.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def mark_changes_xlsx(
    filters: FiltersDep,
    session: SessionDep,
    principal: access.AuditReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARK_CHANGES)],
) -> Response:
    """The same report as an Excel workbook."""
    rows = await filters.rows(session, principal, runtime)
    audit.covers(row.student_id for row in rows)
    return Response(
        service.to_xlsx(rows),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="mark-changes.xlsx"'},
    )
