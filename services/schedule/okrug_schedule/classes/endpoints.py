from datetime import date
from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import PrincipalDep, RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.classes import service
from okrug_schedule.classes.schemas import ClassCreate, ClassRead, MemberAdd, MemberRead
from okrug_schedule.models import SchoolClass
from okrug_schedule.time import school_today

router = APIRouter(prefix="/classes", tags=["classes"])


def _read(school_class: SchoolClass) -> ClassRead:
    return ClassRead(
        id=school_class.id,
        grade=school_class.grade,
        letter=school_class.letter,
        name=school_class.name,
        class_teacher_id=school_class.class_teacher_id,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ClassRead)
async def create_class(
    data: ClassCreate, session: SessionDep, principal: PrincipalDep, runtime: RuntimeDep
) -> ClassRead:
    access.require_planner(principal)
    return _read(await service.create_class(session, runtime.channels["identity"], principal, data))


@router.get("", response_model=list[ClassRead])
async def list_classes(session: SessionDep, principal: PrincipalDep) -> list[ClassRead]:
    access.require_staff_reader(principal)
    return [_read(c) for c in await service.list_classes(session)]


@router.get("/{class_id}", response_model=ClassRead)
async def get_class(class_id: UUID, session: SessionDep, principal: PrincipalDep) -> ClassRead:
    access.require_staff_reader(principal)
    return _read(await service.get_class(session, class_id))


@router.post("/{class_id}/members", status_code=status.HTTP_201_CREATED, response_model=MemberRead)
async def add_member(
    class_id: UUID,
    data: MemberAdd,
    session: SessionDep,
    principal: PrincipalDep,
    runtime: RuntimeDep,
) -> MemberRead:
    access.require_planner(principal)
    today = school_today(runtime)
    member = await service.add_member(
        session, runtime.channels["identity"], principal, class_id, data, today
    )
    return MemberRead(student_id=member.student_id, since=member.since, until=member.until)


@router.get("/{class_id}/members", response_model=list[UUID])
async def list_members(
    class_id: UUID,
    session: SessionDep,
    principal: PrincipalDep,
    runtime: RuntimeDep,
    on: date | None = None,
) -> list[UUID]:
    access.require_staff_reader(principal)
    await service.get_class(session, class_id)
    return await service.members_on(session, class_id, on or school_today(runtime))
