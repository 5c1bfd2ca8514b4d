from datetime import date
from uuid import UUID, uuid4

import grpc
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, NotFound
from okrug_common.outbox import emit
from okrug_common.roles import Role
from okrug_schedule import events
from okrug_schedule.classes.schemas import ClassCreate, MemberAdd
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.models import ClassMember, SchoolClass, outbox


async def create_class(
    session: AsyncSession, identity: grpc.aio.Channel, principal: Principal, data: ClassCreate
) -> SchoolClass:
    school_id = principal.require_school()
    letter = data.letter.strip().upper()
    clash = await session.scalar(
        select(SchoolClass.id).where(SchoolClass.grade == data.grade, SchoolClass.letter == letter)
    )
    if clash is not None:
        raise Conflict(f"Class {data.grade}{letter} already exists.", field="letter")
    if data.class_teacher_id is not None:
        await require_person_with_role(
            identity, school_id, data.class_teacher_id, Role.TEACHER, "class_teacher_id"
        )
    school_class = SchoolClass(
        school_id=school_id,
        id=uuid4(),
        grade=data.grade,
        letter=letter,
        class_teacher_id=data.class_teacher_id,
    )
    session.add(school_class)
    await session.flush()
    return school_class


async def get_class(session: AsyncSession, class_id: UUID) -> SchoolClass:
    school_class = await session.scalar(select(SchoolClass).where(SchoolClass.id == class_id))
    if school_class is None:
        raise NotFound(f"No class {class_id} in this school.")
    return school_class


async def list_classes(session: AsyncSession) -> list[SchoolClass]:
    rows = await session.scalars(
        select(SchoolClass).order_by(SchoolClass.grade, SchoolClass.letter)
    )
    return list(rows)


async def add_member(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    class_id: UUID,
    data: MemberAdd,
    today: date,
) -> ClassMember:
    school_id = principal.require_school()
    await get_class(session, class_id)
    await require_person_with_role(identity, school_id, data.student_id, Role.STUDENT, "student_id")
    since = data.since or today
    current = await session.scalar(
        select(ClassMember).where(
            ClassMember.student_id == data.student_id,
            or_(ClassMember.until.is_(None), ClassMember.until > since),
        )
    )
    if current is not None:
        raise Conflict("The student is already in a class on that date.", field="student_id")
    member = ClassMember(
        school_id=school_id, class_id=class_id, student_id=data.student_id, since=since
    )
    session.add(member)
    await session.flush()
    await emit(
        session,
        outbox,
        subject=events.CLASS_MEMBER_ADDED,
        message=schedule_pb2.ClassMemberAdded(
            class_id=str(class_id), student_id=str(data.student_id)
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return member


async def members_on(session: AsyncSession, class_id: UUID, on: date) -> list[UUID]:
    rows = await session.scalars(
        select(ClassMember.student_id).where(
            ClassMember.class_id == class_id,
            ClassMember.since <= on,
            or_(ClassMember.until.is_(None), ClassMember.until > on),
        )
    )
    return list(rows)
