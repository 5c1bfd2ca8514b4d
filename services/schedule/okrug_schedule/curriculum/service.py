"""Curriculum (hours per subject per grade level) and teaching load (who teaches what to whom,
with hours), and the check that the load covers the curriculum (S4)."""

from collections import defaultdict
from decimal import Decimal
from uuid import UUID, uuid4

import grpc
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import emit
from okrug_common.roles import Role
from okrug_schedule.calendar.service import require_open_year
from okrug_schedule.classes.service import class_for_input
from okrug_schedule.curriculum.schemas import AssignmentCreate, CurriculumItemIn, Gap, GapKind
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.models import (
    CurriculumItem,
    Group,
    SchoolClass,
    Subject,
    TeachingAssignment,
    outbox,
)

WEEKS = 34
FIRST_GRADE_WEEKS = 33


async def set_curriculum(
    session: AsyncSession, school_id: UUID, year_id: UUID, items: list[CurriculumItemIn]
) -> list[CurriculumItem]:
    await require_open_year(session, year_id)
    seen: set[tuple[int, UUID]] = set()
    subjects = set(await session.scalars(select(Subject.id)))
    for index, item in enumerate(items):
        if (item.grade, item.subject_id) in seen:
            raise InvalidInput("The grade and subject repeat.", field=f"items.{index}.subject_id")
        seen.add((item.grade, item.subject_id))
        if item.subject_id not in subjects:
            raise InvalidInput(f"No subject {item.subject_id}.", field=f"items.{index}.subject_id")
    await session.execute(delete(CurriculumItem).where(CurriculumItem.year_id == year_id))
    session.add_all(
        [
            CurriculumItem(
                school_id=school_id,
                year_id=year_id,
                grade=item.grade,
                subject_id=item.subject_id,
                hours_per_week=item.hours_per_week,
                hours_per_year=item.hours_per_year
                or int(item.hours_per_week * (FIRST_GRADE_WEEKS if item.grade == 1 else WEEKS)),
            )
            for item in items
        ]
    )
    await session.flush()
    return await curriculum_of(session, year_id)


async def curriculum_of(session: AsyncSession, year_id: UUID) -> list[CurriculumItem]:
    rows = await session.scalars(
        select(CurriculumItem)
        .where(CurriculumItem.year_id == year_id)
        .order_by(CurriculumItem.grade, CurriculumItem.subject_id)
    )
    return list(rows)


def assignment_proto(assignment: TeachingAssignment) -> schedule_pb2.TeachingAssignment:
    return schedule_pb2.TeachingAssignment(
        assignment_id=str(assignment.id),
        year_id=str(assignment.year_id),
        teacher_id=str(assignment.teacher_id),
        subject_id=str(assignment.subject_id),
        class_id=str(assignment.class_id),
        group_id=str(assignment.group_id) if assignment.group_id else "",
        hours_per_week=float(assignment.hours_per_week),
    )


async def assign(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    data: AssignmentCreate,
) -> TeachingAssignment:
    school_id = principal.require_school()
    await require_open_year(session, data.year_id)
    school_class = await class_for_input(session, data.class_id, "class_id")
    if school_class.year_id != data.year_id:
        raise InvalidInput(f"{school_class.name} is not a class of that year.", field="class_id")
    if await session.get(Subject, (school_id, data.subject_id)) is None:
        raise InvalidInput(f"No subject {data.subject_id}.", field="subject_id")
    if data.group_id is not None:
        group = await session.get(Group, (school_id, data.group_id))
        if group is None or group.class_id != data.class_id:
            raise InvalidInput(
                f"No group {data.group_id} in {school_class.name}.", field="group_id"
            )
        if group.subject_id != data.subject_id:
            raise InvalidInput(f"{group.name} is a group for another subject.", field="group_id")
    await require_person_with_role(identity, school_id, data.teacher_id, Role.TEACHER, "teacher_id")
    same = await session.scalar(
        select(TeachingAssignment.id).where(
            TeachingAssignment.year_id == data.year_id,
            TeachingAssignment.teacher_id == data.teacher_id,
            TeachingAssignment.subject_id == data.subject_id,
            TeachingAssignment.class_id == data.class_id,
            TeachingAssignment.group_id == data.group_id
            if data.group_id
            else TeachingAssignment.group_id.is_(None),
        )
    )
    if same is not None:
        raise Conflict(f"The teacher already has this load ({same}).", field="teacher_id")
    assignment = TeachingAssignment(
        school_id=school_id,
        id=uuid4(),
        year_id=data.year_id,
        teacher_id=data.teacher_id,
        subject_id=data.subject_id,
        class_id=data.class_id,
        group_id=data.group_id,
        hours_per_week=data.hours_per_week,
    )
    session.add(assignment)
    await session.flush()
    await emit(
        session,
        outbox,
        event=ScheduleEvents.TEACHING_LOAD_CHANGED,
        message=schedule_pb2.TeachingLoadChanged(assignment=assignment_proto(assignment)),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return assignment


async def unassign(session: AsyncSession, principal: Principal, assignment_id: UUID) -> None:
    assignment = await session.scalar(
        select(TeachingAssignment).where(TeachingAssignment.id == assignment_id)
    )
    if assignment is None:
        raise NotFound(f"No teaching load {assignment_id}.")
    await require_open_year(session, assignment.year_id)
    await session.delete(assignment)
    await session.flush()
    await emit(
        session,
        outbox,
        event=ScheduleEvents.TEACHING_LOAD_CHANGED,
        message=schedule_pb2.TeachingLoadChanged(
            assignment=assignment_proto(assignment), removed=True
        ),
        school_id=assignment.school_id,
        actor_id=principal.person_id,
    )


async def list_load(
    session: AsyncSession,
    year_id: UUID | None,
    teacher_id: UUID | None,
    class_id: UUID | None,
) -> list[TeachingAssignment]:
    query = select(TeachingAssignment).order_by(
        TeachingAssignment.class_id, TeachingAssignment.subject_id
    )
    if year_id is not None:
        query = query.where(TeachingAssignment.year_id == year_id)
    if teacher_id is not None:
        query = query.where(TeachingAssignment.teacher_id == teacher_id)
    if class_id is not None:
        query = query.where(TeachingAssignment.class_id == class_id)
    return list(await session.scalars(query))


async def check_load(session: AsyncSession, year_id: UUID) -> list[Gap]:
    """For every class of the year and every subject of its grade's curriculum: when the
    class is split into groups for the subject, each group needs the curriculum's hours;
    otherwise the class does. Load for a subject outside the curriculum is listed too."""
    classes = list(
        await session.scalars(
            select(SchoolClass)
            .where(SchoolClass.year_id == year_id)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    )
    subjects = {s.id: s.name for s in await session.scalars(select(Subject))}
    required: dict[int, dict[UUID, Decimal]] = defaultdict(dict)
    for item in await curriculum_of(session, year_id):
        required[item.grade][item.subject_id] = item.hours_per_week
    groups_by_class: dict[tuple[UUID, UUID], list[Group]] = defaultdict(list)
    for group in await session.scalars(
        select(Group).where(Group.class_id.in_([c.id for c in classes])).order_by(Group.part)
    ):
        groups_by_class[(group.class_id, group.subject_id)].append(group)
    assigned: dict[tuple[UUID, UUID, UUID | None], Decimal] = defaultdict(Decimal)
    for load in await list_load(session, year_id, None, None):
        assigned[(load.class_id, load.subject_id, load.group_id)] += load.hours_per_week
    gaps: list[Gap] = []

    def gap(
        kind: GapKind,
        cls: SchoolClass,
        subject_id: UUID,
        group: Group | None,
        need: Decimal,
        got: Decimal,
    ) -> Gap:
        return Gap(
            kind=kind,
            class_id=cls.id,
            class_name=cls.name,
            group_id=group.id if group else None,
            group_name=group.name if group else None,
            subject_id=subject_id,
            subject_name=subjects.get(subject_id, str(subject_id)),
            required_hours=need,
            assigned_hours=got,
        )

    for school_class in classes:
        plan = required.get(school_class.grade, {})
        for subject_id, need in sorted(plan.items(), key=lambda kv: subjects.get(kv[0], "")):
            split = groups_by_class.get((school_class.id, subject_id), [])
            units: list[Group | None] = list(split) if split else [None]
            for unit in units:
                got = assigned.get(
                    (school_class.id, subject_id, unit.id if unit else None), Decimal(0)
                )
                if split:
                    got += assigned.get((school_class.id, subject_id, None), Decimal(0))
                if got == 0:
                    gaps.append(gap("missing", school_class, subject_id, unit, need, got))
                elif got < need:
                    gaps.append(gap("short", school_class, subject_id, unit, need, got))
                elif got > need:
                    gaps.append(gap("excess", school_class, subject_id, unit, need, got))
        for (class_id, subject_id, group_id), got in assigned.items():
            if class_id == school_class.id and subject_id not in plan:
                extra = next(
                    (
                        g
                        for g in groups_by_class.get((class_id, subject_id), [])
                        if g.id == group_id
                    ),
                    None,
                )
                gaps.append(
                    gap("not_in_curriculum", school_class, subject_id, extra, Decimal(0), got)
                )
    return gaps
