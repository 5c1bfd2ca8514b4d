from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_schedule import access
from okrug_schedule.classes import service
from okrug_schedule.classes.schemas import (
    ClassCreate,
    ClassRead,
    ClassUpdate,
    LeaveClass,
    MemberAdd,
    MemberRead,
    Transfer,
    TransferRead,
)
from okrug_schedule.models import ClassMember, SchoolClass
from okrug_schedule.time import school_today

router = APIRouter(tags=["classes"])


def class_read(school_class: SchoolClass) -> ClassRead:
    return ClassRead(
        id=school_class.id,
        grade=school_class.grade,
        letter=school_class.letter,
        name=school_class.name,
        class_teacher_id=school_class.class_teacher_id,
        year_id=school_class.year_id,
        bell_schedule_id=school_class.bell_schedule_id,
        previous_class_id=school_class.previous_class_id,
    )


def member_read(member: ClassMember) -> MemberRead:
    return MemberRead(
        student_id=member.student_id,
        since=member.since,
        until=member.until,
        class_id=member.class_id,
    )


@router.post("/classes", status_code=status.HTTP_201_CREATED, response_model=ClassRead)
async def create_class(
    data: ClassCreate, principal: access.StructureWriter, session: SessionDep, runtime: RuntimeDep
) -> ClassRead:
    school_class = await service.create_class(
        session, runtime.channels["identity"], principal, data, school_today(runtime)
    )
    return class_read(school_class)


@router.get("/classes", response_model=list[ClassRead])
async def list_classes(
    principal: access.StructureReader,
    session: SessionDep,
    year_id: UUID | None = None,
    grade: Annotated[int | None, Query(ge=1, le=11, description="Grade level, 1..11")] = None,
) -> list[ClassRead]:
    return [class_read(c) for c in await service.list_classes(session, year_id, grade)]


@router.get("/classes/{class_id}", response_model=ClassRead)
async def get_class(
    class_id: UUID, principal: access.StructureReader, session: SessionDep
) -> ClassRead:
    return class_read(await service.get_class(session, class_id))


@router.patch("/classes/{class_id}", response_model=ClassRead)
async def update_class(
    class_id: UUID,
    data: ClassUpdate,
    principal: access.StructureWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> ClassRead:
    school_class = await service.update_class(
        session, runtime.channels["identity"], principal, class_id, data
    )
    return class_read(school_class)


@router.post(
    "/classes/{class_id}/members", status_code=status.HTTP_201_CREATED, response_model=MemberRead
)
async def add_member(
    class_id: UUID,
    data: MemberAdd,
    principal: access.RosterWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> MemberRead:
    today = school_today(runtime)
    member = await service.add_member(
        session, runtime.channels["identity"], principal, class_id, data, today
    )
    return member_read(member)


@router.get("/classes/{class_id}/members", response_model=list[UUID])
async def list_members(
    class_id: UUID,
    principal: access.StructureReader,
    session: SessionDep,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.CLASS_LISTS)],
    on: date | None = None,
) -> list[UUID]:
    await service.get_class(session, class_id)
    members = await service.members_on(session, class_id, on or school_today(runtime))
    audit.covers(members)
    return members


@router.post("/classes/{class_id}/members/{student_id}/leave", response_model=MemberRead)
async def leave_class(
    class_id: UUID,
    student_id: UUID,
    data: LeaveClass,
    principal: access.RosterWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> MemberRead:
    on = data.on or school_today(runtime)
    return member_read(await service.leave_class(session, principal, class_id, student_id, on))


@router.post("/students/{student_id}/transfer", response_model=TransferRead)
async def transfer(
    student_id: UUID,
    data: Transfer,
    principal: access.RosterWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> TransferRead:
    on = data.on or school_today(runtime)
    left, joined = await service.transfer(session, principal, student_id, data.to_class_id, on)
    return TransferRead(left=member_read(left), joined=member_read(joined))


@router.get("/students/{student_id}/classes", response_model=list[MemberRead])
async def membership_history(
    student_id: UUID,
    principal: access.StructureReader,
    session: SessionDep,
    audit: Annotated[ReadAudit, audited(ReadKind.CLASS_LISTS)],
) -> list[MemberRead]:
    """The student's classes with their dates, oldest first."""
    return [member_read(m) for m in await service.membership_history(session, student_id)]
