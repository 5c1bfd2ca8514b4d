"""Year rollover (I6): close a year, promote its classes (5A becomes 6A of the next year)
with their students, graduate grade 11, carry what should carry, archive the year.

Rooms, subjects, bell schedules and deputies' grade levels belong to the school, not the
year, so they stay as they are; a class's subject links and, when the next year has none
yet, the curriculum are copied. The archived year's classes, lessons and timetables are not
changed: its open memberships end on the year's last day, and from then on nothing of the
year can be written."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import emit
from okrug_schedule.calendar.service import announce_calendar, get_year, require_open
from okrug_schedule.classes.service import emit_class_membership
from okrug_schedule.models import (
    ClassMember,
    CurriculumItem,
    SchoolClass,
    SubjectClass,
    YearStatus,
    outbox,
)
from okrug_schedule.rollover.schemas import PromotedClass

LAST_GRADE = 11


@dataclass
class Rollover:
    promoted: list[PromotedClass] = field(default_factory=list)
    graduated_classes: list[UUID] = field(default_factory=list)
    promoted_students: int = 0
    graduated_students: int = 0
    curriculum_items_carried: int = 0


async def close_year(
    session: AsyncSession, principal: Principal, year_id: UUID, next_year_id: UUID
) -> Rollover:
    school_id = principal.require_school()
    year = await get_year(session, year_id, for_update=True)
    require_open(year)
    try:
        next_year = await get_year(session, next_year_id)
    except NotFound:
        raise InvalidInput(f"No academic year {next_year_id}.", field="next_year_id") from None
    require_open(next_year)
    if next_year.starts_on <= year.ends_on:
        raise InvalidInput(
            f"The next year must start after {year.name} ends ({year.ends_on}).",
            field="next_year_id",
        )
    classes = list(
        await session.scalars(
            select(SchoolClass)
            .where(SchoolClass.year_id == year_id)
            .order_by(SchoolClass.grade, SchoolClass.letter)
        )
    )
    taken = {
        (c.grade, c.letter): c
        for c in await session.scalars(
            select(SchoolClass).where(SchoolClass.year_id == next_year_id)
        )
    }
    for school_class in classes:
        clash = taken.get((school_class.grade + 1, school_class.letter))
        if school_class.grade < LAST_GRADE and clash is not None:
            raise Conflict(
                f"{clash.name} already exists in {next_year.name}: promoting "
                f"{school_class.name} would make a second one.",
                field="next_year_id",
                extra={"conflicting_class_id": str(clash.id)},
            )
    last_day, year_end = year.ends_on, year.ends_on + timedelta(days=1)
    result = Rollover()
    actor = principal.person_id
    for school_class in classes:
        members = list(
            await session.scalars(
                select(ClassMember)
                .where(
                    ClassMember.class_id == school_class.id,
                    ClassMember.since <= last_day,
                    or_(ClassMember.until.is_(None), ClassMember.until > last_day),
                )
                .order_by(ClassMember.student_id)
            )
        )
        for member in members:
            member.until = year_end
            await emit_class_membership(session, member, actor)
        if school_class.grade >= LAST_GRADE:
            result.graduated_classes.append(school_class.id)
            result.graduated_students += len(members)
            continue
        promoted = SchoolClass(
            school_id=school_id,
            id=uuid4(),
            grade=school_class.grade + 1,
            letter=school_class.letter,
            class_teacher_id=school_class.class_teacher_id,
            year_id=next_year_id,
            previous_class_id=school_class.id,
            bell_schedule_id=school_class.bell_schedule_id,
        )
        session.add(promoted)
        await session.flush()
        for member in members:
            joined = ClassMember(
                school_id=school_id,
                class_id=promoted.id,
                student_id=member.student_id,
                since=next_year.starts_on,
            )
            session.add(joined)
            await session.flush()
            await emit_class_membership(session, joined, actor)
        links = await session.scalars(
            select(SubjectClass.subject_id).where(SubjectClass.class_id == school_class.id)
        )
        session.add_all(
            [SubjectClass(school_id=school_id, subject_id=s, class_id=promoted.id) for s in links]
        )
        result.promoted.append(
            PromotedClass(
                from_class_id=school_class.id,
                to_class_id=promoted.id,
                name=promoted.name,
                students=len(members),
            )
        )
        result.promoted_students += len(members)
    result.curriculum_items_carried = await _carry_curriculum(session, year_id, next_year_id)
    year.status = YearStatus.ARCHIVED.value
    year.closed_at = datetime.now().astimezone()
    year.closed_by = actor
    year.next_year_id = next_year_id
    await session.flush()
    await announce_calendar(session, year, actor)
    await emit(
        session,
        outbox,
        event=ScheduleEvents.YEAR_CLOSED,
        message=schedule_pb2.YearClosed(
            year_id=str(year_id),
            next_year_id=str(next_year_id),
            promoted_students=result.promoted_students,
            graduated_students=result.graduated_students,
        ),
        school_id=school_id,
        actor_id=actor,
    )
    return result


async def _carry_curriculum(session: AsyncSession, year_id: UUID, next_year_id: UUID) -> int:
    if await session.scalar(
        select(CurriculumItem.subject_id).where(CurriculumItem.year_id == next_year_id).limit(1)
    ):
        return 0
    items = list(
        await session.scalars(select(CurriculumItem).where(CurriculumItem.year_id == year_id))
    )
    session.add_all(
        [
            CurriculumItem(
                school_id=item.school_id,
                year_id=next_year_id,
                grade=item.grade,
                subject_id=item.subject_id,
                hours_per_week=item.hours_per_week,
                hours_per_year=item.hours_per_year,
            )
            for item in items
        ]
    )
    await session.flush()
    return len(items)
