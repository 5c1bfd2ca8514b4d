"""Subjects (federal list and the school's own) and their links to teachers, rooms and
classes (S2)."""

import asyncio
from uuid import UUID, uuid4

import grpc
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.roles import Role
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.models import (
    Room,
    SchoolClass,
    Subject,
    SubjectClass,
    SubjectComponent,
    SubjectRoom,
    SubjectTeacher,
)
from okrug_schedule.subjects.federal import federal_name
from okrug_schedule.subjects.schemas import SubjectCreate, SubjectLinks


async def create_subject(session: AsyncSession, school_id: UUID, data: SubjectCreate) -> Subject:
    name = data.name.strip()
    federal = federal_name(name)
    component = data.component or (SubjectComponent.FEDERAL if federal else SubjectComponent.SCHOOL)
    if component == SubjectComponent.FEDERAL:
        if federal is None:
            raise InvalidInput(f"'{name}' is not on the federal curriculum's list.", field="name")
        name = federal
    if await session.scalar(select(Subject.id).where(Subject.name == name)) is not None:
        raise Conflict(f"Subject '{name}' already exists.", field="name")
    subject = Subject(school_id=school_id, id=uuid4(), name=name, component=component.value)
    session.add(subject)
    await session.flush()
    return subject


async def get_subject(session: AsyncSession, subject_id: UUID) -> Subject:
    subject = await session.scalar(select(Subject).where(Subject.id == subject_id))
    if subject is None:
        raise NotFound(f"No subject {subject_id} in this school.")
    return subject


async def subject_for_input(session: AsyncSession, subject_id: UUID, field: str) -> Subject:
    subject = await session.scalar(select(Subject).where(Subject.id == subject_id))
    if subject is None:
        raise InvalidInput(f"No subject {subject_id} in this school.", field=field)
    return subject


async def list_subjects(session: AsyncSession) -> list[Subject]:
    return list(await session.scalars(select(Subject).order_by(Subject.name)))


async def links_of(session: AsyncSession, subject_id: UUID) -> SubjectLinks:
    teachers = await session.scalars(
        select(SubjectTeacher.teacher_id).where(SubjectTeacher.subject_id == subject_id)
    )
    rooms = await session.scalars(
        select(SubjectRoom.room_id).where(SubjectRoom.subject_id == subject_id)
    )
    classes = await session.scalars(
        select(SubjectClass.class_id).where(SubjectClass.subject_id == subject_id)
    )
    return SubjectLinks(
        teacher_ids=sorted(teachers), room_ids=sorted(rooms), class_ids=sorted(classes)
    )


async def set_links(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    school_id: UUID,
    subject_id: UUID,
    data: SubjectLinks,
) -> SubjectLinks:
    await get_subject(session, subject_id)
    teachers, rooms, classes = set(data.teacher_ids), set(data.room_ids), set(data.class_ids)
    await asyncio.gather(
        *(
            require_person_with_role(
                identity, school_id, teacher, Role.TEACHER, f"teacher_ids.{index}"
            )
            for index, teacher in enumerate(data.teacher_ids)
        )
    )
    for index, room_id in enumerate(data.room_ids):
        if await session.get(Room, (school_id, room_id)) is None:
            raise InvalidInput(f"No room {room_id}.", field=f"room_ids.{index}")
    for index, class_id in enumerate(data.class_ids):
        if await session.get(SchoolClass, (school_id, class_id)) is None:
            raise InvalidInput(f"No class {class_id}.", field=f"class_ids.{index}")
    for table in (SubjectTeacher, SubjectRoom, SubjectClass):
        await session.execute(delete(table).where(table.subject_id == subject_id))
    session.add_all(
        [SubjectTeacher(school_id=school_id, subject_id=subject_id, teacher_id=t) for t in teachers]
        + [SubjectRoom(school_id=school_id, subject_id=subject_id, room_id=r) for r in rooms]
        + [SubjectClass(school_id=school_id, subject_id=subject_id, class_id=c) for c in classes]
    )
    await session.flush()
    return await links_of(session, subject_id)
