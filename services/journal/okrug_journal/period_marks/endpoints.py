from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access, idempotency
from okrug_journal.idempotency import IdempotencyKeyHeader
from okrug_journal.period_marks import service
from okrug_journal.period_marks.schemas import PeriodMarkRead, PeriodMarkSet, PeriodStanding

router = APIRouter(tags=["period marks"])

PeriodCode = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]{0,39}$")]


@router.get(
    "/classes/{class_id}/subjects/{subject_id}/periods/{period}/marks",
    response_model=list[PeriodStanding],
)
async def standings(
    class_id: UUID,
    subject_id: UUID,
    period: PeriodCode,
    session: SessionDep,
    principal: access.PeriodMarkReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.PERIOD_MARKS)],
) -> list[PeriodStanding]:
    """Each student's average and weighted average of the period beside the period mark:
    a teacher of the class in the subject and the school's leadership."""
    found = await service.standings(session, runtime, principal, class_id, subject_id, period)
    audit.covers(s.student_id for s in found)
    return found


@router.put(
    "/classes/{class_id}/subjects/{subject_id}/periods/{period}/marks/{student_id}",
    response_model=PeriodMarkRead,
)
async def set_period_mark(
    class_id: UUID,
    subject_id: UUID,
    period: PeriodCode,
    student_id: UUID,
    data: PeriodMarkSet,
    request: Request,
    session: SessionDep,
    principal: access.PeriodMarkWriter,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """A teacher of the class in the subject sets a period mark (term, half-year, year,
    exam, final) for a student (J5)."""

    async def work() -> PeriodMarkRead:
        mark = await service.set_period_mark(
            session, runtime, principal, class_id, subject_id, period, student_id, data
        )
        return PeriodMarkRead.model_validate(mark, from_attributes=True)

    fp = idempotency.fingerprint("PUT", request.url.path, data)
    return await idempotency.once(session, principal, idempotency_key, fp, 200, work)
