from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_schedule import access
from okrug_schedule.groups import service
from okrug_schedule.groups.schemas import GroupCreate, GroupMemberAdd, GroupMemberRead, GroupRead
from okrug_schedule.models import Group
from okrug_schedule.time import school_today

router = APIRouter(prefix="/groups", tags=["groups"])


def group_read(group: Group) -> GroupRead:
    return GroupRead(
        id=group.id,
        class_id=group.class_id,
        subject_id=group.subject_id,
        name=group.name,
        part=group.part,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=GroupRead)
async def create_group(
    data: GroupCreate, principal: access.GroupWriter, session: SessionDep
) -> GroupRead:
    return group_read(await service.create_group(session, principal, data))


@router.get("", response_model=list[GroupRead])
async def list_groups(
    principal: access.StructureReader, session: SessionDep, class_id: UUID | None = None
) -> list[GroupRead]:
    return [group_read(g) for g in await service.list_groups(session, class_id)]


@router.get("/{group_id}", response_model=GroupRead)
async def get_group(
    group_id: UUID, principal: access.StructureReader, session: SessionDep
) -> GroupRead:
    return group_read(await service.get_group(session, group_id))


@router.post(
    "/{group_id}/members", status_code=status.HTTP_201_CREATED, response_model=GroupMemberRead
)
async def add_member(
    group_id: UUID,
    data: GroupMemberAdd,
    principal: access.GroupWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> GroupMemberRead:
    member, moved_from = await service.add_member(
        session, principal, group_id, data, school_today(runtime)
    )
    return GroupMemberRead(
        group_id=member.group_id,
        student_id=member.student_id,
        since=member.since,
        until=member.until,
        moved_from_group_id=moved_from,
    )


@router.get("/{group_id}/members", response_model=list[UUID])
async def list_members(
    group_id: UUID,
    principal: access.StructureReader,
    session: SessionDep,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.CLASS_LISTS)],
    on: date | None = None,
) -> list[UUID]:
    await service.get_group(session, group_id)
    members = await service.members_on(session, group_id, on or school_today(runtime))
    audit.covers(members)
    return members
