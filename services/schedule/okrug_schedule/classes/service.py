"""Classes and their dated membership (S3, I4): a transfer ends one membership and starts
another on the same date, so history is never rewritten."""

from datetime import date
from uuid import UUID, uuid4

import grpc
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import emit
from okrug_common.roles import Role
from okrug_schedule.calendar.service import get_year, require_open, require_open_for, year_on
from okrug_schedule.classes.schemas import ClassCreate, ClassUpdate, MemberAdd
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.models import BellSchedule, ClassMember, Group, GroupMember, SchoolClass, outbox


def proto_date(day: date) -> common_pb2.Date:
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


async def create_class(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    data: ClassCreate,
    today: date,
) -> SchoolClass:
    school_id = principal.require_school()
    letter = data.letter.strip().upper()
    year_id = data.year_id
    if year_id is not None:
        try:
            require_open(await get_year(session, year_id))
        except NotFound:
            raise InvalidInput(f"No academic year {year_id}.", field="year_id") from None
    else:
        current = await year_on(session, today)
        if current is None:
            # Every class belongs to a year, so its calendar's rules (the group-move rule,
            # the journal's study periods) always apply (S1).
            raise InvalidInput(
                "No academic year contains today: create the year first or give its year_id.",
                field="year_id",
                code="no-academic-year",
            )
        require_open(current)
        year_id = current.id
    clash = await session.scalar(
        select(SchoolClass.id).where(
            SchoolClass.grade == data.grade,
            SchoolClass.letter == letter,
            SchoolClass.year_id == year_id,
        )
    )
    if clash is not None:
        raise Conflict(
            f"Class {data.grade}{letter} already exists.", field="letter", code="class-exists"
        )
    if data.class_teacher_id is not None:
        await require_person_with_role(
            identity, school_id, data.class_teacher_id, Role.TEACHER, "class_teacher_id"
        )
    await _require_bell_schedule(session, school_id, data.bell_schedule_id)
    school_class = SchoolClass(
        school_id=school_id,
        id=uuid4(),
        grade=data.grade,
        letter=letter,
        class_teacher_id=data.class_teacher_id,
        year_id=year_id,
        bell_schedule_id=data.bell_schedule_id,
    )
    session.add(school_class)
    await session.flush()
    if school_class.class_teacher_id is not None:
        await _announce_class_teacher(session, principal, school_class)
    return school_class


async def _announce_class_teacher(
    session: AsyncSession, principal: Principal, school_class: SchoolClass
) -> None:
    """Identity decides what a class teacher may do for their class's families (I2)."""
    teacher = school_class.class_teacher_id
    await emit(
        session,
        outbox,
        event=ScheduleEvents.CLASS_TEACHER_ASSIGNED,
        message=schedule_pb2.ClassTeacherAssigned(
            class_id=str(school_class.id), teacher_id=str(teacher) if teacher else ""
        ),
        school_id=school_class.school_id,
        actor_id=principal.person_id,
    )


async def _require_bell_schedule(
    session: AsyncSession, school_id: UUID, bell_schedule_id: UUID | None
) -> None:
    if bell_schedule_id is not None and (
        await session.get(BellSchedule, (school_id, bell_schedule_id)) is None
    ):
        raise InvalidInput(f"No bell schedule {bell_schedule_id}.", field="bell_schedule_id")


async def update_class(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    class_id: UUID,
    data: ClassUpdate,
) -> SchoolClass:
    school_id = principal.require_school()
    school_class = await get_class(session, class_id)
    require_open(await get_year(session, school_class.year_id))
    fields = data.model_fields_set
    if "class_teacher_id" in fields:
        if data.class_teacher_id is not None:
            await require_person_with_role(
                identity, school_id, data.class_teacher_id, Role.TEACHER, "class_teacher_id"
            )
        if school_class.class_teacher_id != data.class_teacher_id:
            school_class.class_teacher_id = data.class_teacher_id
            await _announce_class_teacher(session, principal, school_class)
    if "bell_schedule_id" in fields:
        await _require_bell_schedule(session, school_id, data.bell_schedule_id)
        school_class.bell_schedule_id = data.bell_schedule_id
    await session.flush()
    return school_class


async def get_class(session: AsyncSession, class_id: UUID) -> SchoolClass:
    school_class = await session.scalar(select(SchoolClass).where(SchoolClass.id == class_id))
    if school_class is None:
        raise NotFound(f"No class {class_id} in this school.")
    return school_class


async def class_for_input(session: AsyncSession, class_id: UUID, field: str) -> SchoolClass:
    school_class = await session.scalar(select(SchoolClass).where(SchoolClass.id == class_id))
    if school_class is None:
        raise InvalidInput(f"No class {class_id} in this school.", field=field)
    return school_class


async def list_classes(
    session: AsyncSession, year_id: UUID | None = None, grade: int | None = None
) -> list[SchoolClass]:
    query = select(SchoolClass).order_by(SchoolClass.grade, SchoolClass.letter)
    if year_id is not None:
        query = query.where(SchoolClass.year_id == year_id)
    if grade is not None:
        query = query.where(SchoolClass.grade == grade)
    return list(await session.scalars(query))


def covering(day: date) -> ColumnElement[bool]:
    return (ClassMember.since <= day) & or_(ClassMember.until.is_(None), ClassMember.until > day)


async def add_member(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    class_id: UUID,
    data: MemberAdd,
    today: date,
) -> ClassMember:
    school_id = principal.require_school()
    school_class = await get_class(session, class_id)
    since = data.since or today
    await require_open_for(session, school_class, since)
    await require_person_with_role(identity, school_id, data.student_id, Role.STUDENT, "student_id")
    current = await session.scalar(
        select(ClassMember).where(
            ClassMember.student_id == data.student_id,
            or_(ClassMember.until.is_(None), ClassMember.until > since),
        )
    )
    if current is not None:
        raise Conflict(
            "The student is already in a class on that date.",
            field="student_id",
            code="already-in-class",
        )
    member = ClassMember(
        school_id=school_id, class_id=class_id, student_id=data.student_id, since=since
    )
    session.add(member)
    await session.flush()
    await emit(
        session,
        outbox,
        event=ScheduleEvents.CLASS_MEMBER_ADDED,
        message=schedule_pb2.ClassMemberAdded(
            class_id=str(class_id), student_id=str(data.student_id)
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return member


async def members_on(session: AsyncSession, class_id: UUID, on: date) -> list[UUID]:
    rows = await session.scalars(
        select(ClassMember.student_id)
        .where(
            ClassMember.class_id == class_id,
            ClassMember.since <= on,
            or_(ClassMember.until.is_(None), ClassMember.until > on),
        )
        .order_by(ClassMember.student_id)
    )
    return list(rows)


async def membership_history(session: AsyncSession, student_id: UUID) -> list[ClassMember]:
    rows = await session.scalars(
        select(ClassMember).where(ClassMember.student_id == student_id).order_by(ClassMember.since)
    )
    return list(rows)


async def emit_class_membership(
    session: AsyncSession, member: ClassMember, actor: UUID | None
) -> None:
    message = schedule_pb2.ClassMembershipChanged(
        class_id=str(member.class_id),
        student_id=str(member.student_id),
        since=proto_date(member.since),
    )
    if member.until is not None:
        message.until.CopyFrom(proto_date(member.until))
    await emit(
        session,
        outbox,
        event=ScheduleEvents.CLASS_MEMBERSHIP_CHANGED,
        message=message,
        school_id=member.school_id,
        actor_id=actor,
    )


async def emit_group_membership(
    session: AsyncSession, member: GroupMember, group: Group, actor: UUID | None
) -> None:
    message = schedule_pb2.GroupMembershipChanged(
        group_id=str(group.id),
        class_id=str(group.class_id),
        subject_id=str(group.subject_id),
        student_id=str(member.student_id),
        since=proto_date(member.since),
    )
    if member.until is not None:
        message.until.CopyFrom(proto_date(member.until))
    await emit(
        session,
        outbox,
        event=ScheduleEvents.GROUP_MEMBERSHIP_CHANGED,
        message=message,
        school_id=member.school_id,
        actor_id=actor,
    )


async def _end_membership(
    session: AsyncSession, student_id: UUID, school_class: SchoolClass, on: date, actor: UUID | None
) -> ClassMember:
    """End the student's membership of the class on `on` (exclusive), and their groups of the
    class with it."""
    current = await session.scalar(
        select(ClassMember)
        .where(
            ClassMember.class_id == school_class.id,
            ClassMember.student_id == student_id,
            covering(on),
        )
        .with_for_update()
    )
    if current is None:
        raise InvalidInput(
            f"The student is not in {school_class.name} on {on}.", field="student_id"
        )
    if current.since >= on:
        raise Conflict(
            f"The student joined {school_class.name} on {current.since}; a change must take "
            "effect after that (history is never rewritten).",
            field="on",
            code="before-first-day",
        )
    current.until = on
    groups = await session.execute(
        select(GroupMember, Group)
        .join(
            Group, (Group.school_id == GroupMember.school_id) & (Group.id == GroupMember.group_id)
        )
        .where(
            Group.class_id == school_class.id,
            GroupMember.student_id == student_id,
            or_(GroupMember.until.is_(None), GroupMember.until > on),
        )
    )
    for group_member, group in groups.all():
        if group_member.since >= on:
            await session.delete(group_member)
            continue
        group_member.until = on
        await emit_group_membership(session, group_member, group, actor)
    await session.flush()
    await emit_class_membership(session, current, actor)
    return current


async def leave_class(
    session: AsyncSession, principal: Principal, class_id: UUID, student_id: UUID, on: date
) -> ClassMember:
    school_class = await get_class(session, class_id)
    await require_open_for(session, school_class, on)
    return await _end_membership(session, student_id, school_class, on, principal.person_id)


async def transfer(
    session: AsyncSession, principal: Principal, student_id: UUID, to_class_id: UUID, on: date
) -> tuple[ClassMember, ClassMember]:
    """Move a student to another class from `on`: they are in the old class's lessons before
    that date and in the new class's from it (S3, I4)."""
    school_id = principal.require_school()
    target = await class_for_input(session, to_class_id, "to_class_id")
    current = await session.scalar(
        select(ClassMember).where(ClassMember.student_id == student_id, covering(on))
    )
    if current is None:
        raise InvalidInput(
            f"The student is in no class on {on}; add them to a class instead.",
            field="student_id",
        )
    if current.class_id == to_class_id:
        raise Conflict(f"The student is already in {target.name}.", field="to_class_id")
    source = await get_class(session, current.class_id)
    if source.year_id != target.year_id:
        raise InvalidInput(
            "A transfer stays within the academic year; the next year's classes are made "
            "by closing the year.",
            field="to_class_id",
        )
    await require_open_for(session, source, on)
    later = await session.scalar(
        select(ClassMember.class_id).where(
            ClassMember.student_id == student_id, ClassMember.since > on
        )
    )
    if later is not None:
        raise Conflict(
            "The student already has a later class membership; history is never rewritten.",
            field="on",
        )
    left = await _end_membership(session, student_id, source, on, principal.person_id)
    joined = ClassMember(school_id=school_id, class_id=to_class_id, student_id=student_id, since=on)
    session.add(joined)
    await session.flush()
    await emit_class_membership(session, joined, principal.person_id)
    return left, joined
