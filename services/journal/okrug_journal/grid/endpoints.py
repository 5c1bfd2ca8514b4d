from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.grid import service
from okrug_journal.grid.schemas import JournalGrid

router = APIRouter(tags=["journal grid"])


@router.get("/classes/{class_id}/subjects/{subject_id}/grid", response_model=JournalGrid)
async def read_grid(
    class_id: UUID,
    subject_id: UUID,
    session: SessionDep,
    principal: access.GridReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.LESSONS)],
    group_id: UUID | None = None,
    period: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9-]{0,39}$")] = None,
) -> JournalGrid:
    """The journal grid of a class (or a group of it) in a subject for a study period (the
    current one when not given): a teacher of the class in the subject, its class teacher,
    the school's leadership. Each lesson says whether the caller may still change it."""
    grid = await service.read_grid(
        session, runtime, principal, class_id, subject_id, group_id, period
    )
    audit.covers(s.student_id for s in grid.students)
    return grid
