from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from okrug_common.http import SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.models import StudentMovement
from okrug_identity.movements import service
from okrug_identity.movements.schemas import (
    EnrolmentCreate,
    MovementRead,
    StudentStatus,
    TransferCreate,
    WithdrawalCreate,
)

router = APIRouter(tags=["student movement"])


def _read(m: StudentMovement) -> MovementRead:
    return MovementRead(
        id=m.movement_id,
        student_id=m.student_id,
        kind=m.kind,
        effective_on=m.effective_on,
        order_number=m.order_number,
        reason=m.reason,
        other_school_id=m.other_school_id,
        recorded_by=m.recorded_by,
        recorded_at=m.recorded_at,
    )


@router.post(
    "/students/{student_id}/enrolment",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementRead,
)
async def enrol(
    student_id: UUID, data: EnrolmentCreate, session: SessionDep, principal: access.MovementWriter
) -> MovementRead:
    """Enrol a student (also on arrival from another school), effective on a date."""
    school_id = principal.require_school()
    return _read(await service.enrol(session, principal, school_id, student_id, data))


@router.post(
    "/students/{student_id}/transfer",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementRead,
)
async def transfer(
    student_id: UUID, data: TransferCreate, session: SessionDep, principal: access.MovementWriter
) -> MovementRead:
    """The student leaves for another school of the district, effective on a date."""
    school_id = principal.require_school()
    return _read(await service.transfer(session, principal, school_id, student_id, data))


@router.post(
    "/students/{student_id}/withdrawal",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementRead,
)
async def withdraw(
    student_id: UUID,
    data: WithdrawalCreate,
    session: SessionDep,
    principal: access.MovementWriter,
) -> MovementRead:
    """The student leaves the school, effective on a date."""
    school_id = principal.require_school()
    return _read(await service.withdraw(session, principal, school_id, student_id, data))


@router.get("/students/{student_id}/movements", response_model=StudentStatus)
async def student_status(
    student_id: UUID,
    session: SessionDep,
    principal: access.PersonalDataReader,
    audit: Annotated[ReadAudit, audited(ReadKind.MOVEMENTS)],
) -> StudentStatus:
    school_id = principal.require_school()
    await access.require_personal_data_reader(session, principal, student_id, "student")
    await service.student(session, school_id, student_id)
    movements = await service.history(session, student_id)
    current, since = service.status_of(movements)
    return StudentStatus(
        student_id=student_id,
        status=current,
        since=since,
        movements=[_read(m) for m in movements],
    )


@router.get("/reports/movement", response_model=list[MovementRead])
async def movement_report(
    session: SessionDep,
    principal: access.MovementReportReader,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
    audit: Annotated[ReadAudit, audited(ReadKind.MOVEMENTS)],
) -> list[MovementRead]:
    """Student movement in a period (S1 4.3.8): enrolments, transfers, withdrawals."""
    movements = await service.movements_between(session, start, end)
    audit.covers(m.student_id for m in movements)
    return [_read(m) for m in movements]
