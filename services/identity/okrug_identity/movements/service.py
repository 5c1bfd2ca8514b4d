"""Student movement (I4): enrolment (also arrival from another school), transfer to another
school and withdrawal, each with its date of effect, published for the other services."""

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.models import Person, StudentMovement, outbox
from okrug_identity.movements.schemas import EnrolmentCreate, TransferCreate, WithdrawalCreate

ENROLLED, TRANSFERRED_OUT, WITHDRAWN = "enrolled", "transferred_out", "withdrawn"


def _date(value: date) -> common_pb2.Date:
    return common_pb2.Date(year=value.year, month=value.month, day=value.day)


async def student(session: AsyncSession, school_id: UUID, student_id: UUID) -> Person:
    person = await session.get(Person, (school_id, student_id))
    if person is None or person.kind != "student":
        raise NotFound(f"No student {student_id} in this school.")
    return person


async def history(session: AsyncSession, student_id: UUID) -> list[StudentMovement]:
    rows = await session.scalars(
        select(StudentMovement)
        .where(StudentMovement.student_id == student_id)
        .order_by(StudentMovement.effective_on, StudentMovement.recorded_at)
    )
    return list(rows)


def status_of(movements: list[StudentMovement]) -> tuple[str, date | None]:
    if not movements:
        return "not_enrolled", None
    last = movements[-1]
    return last.kind, last.effective_on


async def _record(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    student_id: UUID,
    kind: str,
    effective_on: date,
    *,
    order_number: str | None,
    reason: str | None = None,
    other_school_id: UUID | None = None,
) -> StudentMovement:
    movements = await history(session, student_id)
    current, since = status_of(movements)
    if kind == ENROLLED and current == ENROLLED:
        raise Conflict("The student is already enrolled.", field="effective_on")
    if kind != ENROLLED and current != ENROLLED:
        raise Conflict("The student is not enrolled in this school.", field="effective_on")
    if since is not None and effective_on < since:
        raise InvalidInput(
            f"The date of effect precedes the last movement ({since}).", field="effective_on"
        )
    movement = StudentMovement(
        school_id=school_id,
        movement_id=uuid4(),
        student_id=student_id,
        kind=kind,
        effective_on=effective_on,
        order_number=order_number.strip() if order_number else None,
        reason=reason.strip() if reason else None,
        other_school_id=other_school_id,
        recorded_by=principal.person_id,
    )
    session.add(movement)
    await session.flush()
    await session.refresh(movement, ["recorded_at"])
    return movement


async def enrol(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    student_id: UUID,
    data: EnrolmentCreate,
) -> StudentMovement:
    await student(session, school_id, student_id)
    if data.from_school_id == school_id:
        raise InvalidInput(
            "A student does not arrive from their own school.", field="from_school_id"
        )
    movement = await _record(
        session,
        principal,
        school_id,
        student_id,
        ENROLLED,
        data.effective_on,
        order_number=data.order_number,
        other_school_id=data.from_school_id,
    )
    await emit(
        session,
        outbox,
        event=IdentityEvents.STUDENT_ENROLLED,
        message=identity_pb2.StudentEnrolled(
            movement_id=str(movement.movement_id),
            student_id=str(student_id),
            effective_on=_date(data.effective_on),
            from_school_id=str(data.from_school_id or ""),
            order_number=movement.order_number or "",
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return movement


async def transfer(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    student_id: UUID,
    data: TransferCreate,
) -> StudentMovement:
    await student(session, school_id, student_id)
    if data.to_school_id == school_id:
        raise InvalidInput("A transfer goes to another school.", field="to_school_id")
    movement = await _record(
        session,
        principal,
        school_id,
        student_id,
        TRANSFERRED_OUT,
        data.effective_on,
        order_number=data.order_number,
        other_school_id=data.to_school_id,
    )
    await emit(
        session,
        outbox,
        event=IdentityEvents.STUDENT_TRANSFERRED,
        message=identity_pb2.StudentTransferred(
            movement_id=str(movement.movement_id),
            student_id=str(student_id),
            effective_on=_date(data.effective_on),
            to_school_id=str(data.to_school_id),
            order_number=movement.order_number or "",
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return movement


async def withdraw(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    student_id: UUID,
    data: WithdrawalCreate,
) -> StudentMovement:
    await student(session, school_id, student_id)
    movement = await _record(
        session,
        principal,
        school_id,
        student_id,
        WITHDRAWN,
        data.effective_on,
        order_number=data.order_number,
        reason=data.reason,
    )
    await emit(
        session,
        outbox,
        event=IdentityEvents.STUDENT_WITHDRAWN,
        message=identity_pb2.StudentWithdrawn(
            movement_id=str(movement.movement_id),
            student_id=str(student_id),
            effective_on=_date(data.effective_on),
            reason=movement.reason or "",
            order_number=movement.order_number or "",
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return movement


async def movements_between(session: AsyncSession, start: date, end: date) -> list[StudentMovement]:
    rows = await session.scalars(
        select(StudentMovement)
        .where(StudentMovement.effective_on >= start, StudentMovement.effective_on <= end)
        .order_by(StudentMovement.effective_on)
    )
    return list(rows)
