"""Groups that split a class for a subject, and their dated membership (S3). A student moves
from one group of a subject to another only at the end of a study period (of the kind the
subject is assessed by); elsewhere the move is refused with the first date it is possible."""

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_schedule import access
from okrug_schedule.calendar.service import (
    assessment_kind,
    get_year,
    period_boundary,
    require_open,
    require_open_for,
)
from okrug_schedule.classes.service import class_for_input, emit_group_membership, get_class
from okrug_schedule.groups.schemas import GroupCreate, GroupMemberAdd
from okrug_schedule.models import ClassMember, Group, GroupMember
from okrug_schedule.subjects.service import subject_for_input


async def create_group(session: AsyncSession, principal: Principal, data: GroupCreate) -> Group:
    school_id = principal.require_school()
    school_class = await class_for_input(session, data.class_id, "class_id")
    await access.require_group_keeper(principal, school_class)
    require_open(await get_year(session, school_class.year_id))
    await subject_for_input(session, data.subject_id, "subject_id")
    name = data.name.strip()
    if await session.scalar(
        select(Group.id).where(Group.class_id == data.class_id, Group.name == name)
    ):
        raise Conflict(f"{school_class.name} already has a group '{name}'.", field="name")
    part = (
        await session.scalar(
            select(func.coalesce(func.max(Group.part), 0)).where(Group.class_id == data.class_id)
        )
        or 0
    ) + 1
    group = Group(
        school_id=school_id,
        id=uuid4(),
        class_id=data.class_id,
        subject_id=data.subject_id,
        name=name,
        part=part,
    )
    session.add(group)
    await session.flush()
    return group


async def get_group(session: AsyncSession, group_id: UUID) -> Group:
    group = await session.scalar(select(Group).where(Group.id == group_id))
    if group is None:
        raise NotFound(f"No group {group_id} in this school.")
    return group


async def list_groups(session: AsyncSession, class_id: UUID | None) -> list[Group]:
    query = select(Group).order_by(Group.class_id, Group.part)
    if class_id is not None:
        query = query.where(Group.class_id == class_id)
    return list(await session.scalars(query))


async def members_on(session: AsyncSession, group_id: UUID, on: date) -> list[UUID]:
    rows = await session.scalars(
        select(GroupMember.student_id)
        .where(
            GroupMember.group_id == group_id,
            GroupMember.since <= on,
            or_(GroupMember.until.is_(None), GroupMember.until > on),
        )
        .order_by(GroupMember.student_id)
    )
    return list(rows)


async def add_member(
    session: AsyncSession,
    principal: Principal,
    group_id: UUID,
    data: GroupMemberAdd,
    today: date,
) -> tuple[GroupMember, UUID | None]:
    """Put a student in a group from `since`. When they are in another group of the same
    class and subject that day, this is a move: allowed only at a study period's end."""
    school_id = principal.require_school()
    group = await get_group(session, group_id)
    school_class = await get_class(session, group.class_id)
    await access.require_group_keeper(principal, school_class)
    since = data.since or today
    await require_open_for(session, school_class, since)
    in_class = await session.scalar(
        select(ClassMember.student_id).where(
            ClassMember.class_id == group.class_id,
            ClassMember.student_id == data.student_id,
            ClassMember.since <= since,
            or_(ClassMember.until.is_(None), ClassMember.until > since),
        )
    )
    if in_class is None:
        raise InvalidInput(
            f"The student is not in {school_class.name} on {since}.", field="student_id"
        )
    siblings = select(Group.id).where(
        Group.class_id == group.class_id, Group.subject_id == group.subject_id
    )
    memberships = list(
        await session.scalars(
            select(GroupMember)
            .where(
                GroupMember.group_id.in_(siblings),
                GroupMember.student_id == data.student_id,
                or_(GroupMember.until.is_(None), GroupMember.until > since),
            )
            .with_for_update()
        )
    )
    if any(m.since > since for m in memberships):
        raise Conflict(
            "The student already has a later group membership for this subject; history is "
            "never rewritten.",
            field="since",
        )
    current = next((m for m in memberships if m.since <= since), None)
    if current is not None and current.group_id == group_id:
        raise Conflict(f"The student is already in {group.name}.", field="student_id")
    moved_from: UUID | None = None
    if current is not None:
        await _require_period_end(session, school_class.year_id, school_class.grade, group, since)
        if current.since == since:
            raise Conflict(
                "The student joined their group that same day; choose the group once.",
                field="since",
            )
        current.until = since
        moved_from = current.group_id
        previous_group = await get_group(session, current.group_id)
        await emit_group_membership(session, current, previous_group, principal.person_id)
    member = GroupMember(
        school_id=school_id, group_id=group_id, student_id=data.student_id, since=since
    )
    session.add(member)
    await session.flush()
    await emit_group_membership(session, member, group, principal.person_id)
    return member, moved_from


async def _require_period_end(
    session: AsyncSession, year_id: UUID, grade: int, group: Group, since: date
) -> None:
    year = await get_year(session, year_id)
    kind = await assessment_kind(session, year, grade, group.subject_id)
    boundary = await period_boundary(session, year.id, kind, since)
    if boundary.allowed:
        return
    assert boundary.possible_from is not None
    assert boundary.period is not None
    raise Conflict(
        f"A student moves between groups only at the end of a study period: "
        f"{boundary.period.name} runs until {boundary.period.ends_on}; the move is possible "
        f"from {boundary.possible_from}.",
        field="since",
        extra={"possible_from": boundary.possible_from.isoformat()},
    )
