"""Lessons (dated instances) and their changes (S6-S8): add, move, cancel a single lesson;
a substitute who becomes the teacher of record; every change logged and published."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import grpc
from sqlalchemy import Select, and_, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import emit
from okrug_common.roles import Role
from okrug_schedule import access
from okrug_schedule.calendar.service import is_holiday, require_open_for
from okrug_schedule.classes import service as classes
from okrug_schedule.classes.service import class_for_input, proto_date
from okrug_schedule.groups import service as groups
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.lessons.bookings import Booking, collision, guarded
from okrug_schedule.lessons.schemas import LessonCreate, LessonMove, SubstituteSet
from okrug_schedule.models import (
    ChangeKind,
    ClassMember,
    Group,
    GroupMember,
    Lesson,
    LessonChange,
    LessonStatus,
    Room,
    SchoolClass,
    Subject,
    outbox,
)
from okrug_schedule.rooms.service import get_room
from okrug_schedule.subjects.service import subject_for_input
from okrug_schedule.time import local_date

PROTO_STATUS = {
    LessonStatus.PLANNED.value: schedule_pb2.LESSON_STATUS_PLANNED,
    LessonStatus.CANCELLED.value: schedule_pb2.LESSON_STATUS_CANCELLED,
}


@dataclass(frozen=True)
class LessonView:
    lesson: Lesson
    school_class: SchoolClass
    subject: Subject
    group: Group | None = None
    room: Room | None = None

    @classmethod
    def of(cls, row: Any) -> "LessonView":
        return cls(row[0], row[1], row[2], row[3], row[4])


def views() -> Select[Lesson, SchoolClass, Subject, Group, Room]:
    return (
        select(Lesson, SchoolClass, Subject, Group, Room)
        .join(
            SchoolClass,
            (SchoolClass.school_id == Lesson.school_id) & (SchoolClass.id == Lesson.class_id),
        )
        .join(Subject, (Subject.school_id == Lesson.school_id) & (Subject.id == Lesson.subject_id))
        .outerjoin(Group, (Group.school_id == Lesson.school_id) & (Group.id == Lesson.group_id))
        .outerjoin(Room, (Room.school_id == Lesson.school_id) & (Room.id == Lesson.room_id))
    )


async def get_lesson(session: AsyncSession, lesson_id: UUID) -> LessonView:
    row = (
        await session.execute(
            views().where(Lesson.id == lesson_id).execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise NotFound(f"No lesson {lesson_id} in this school.")
    return LessonView.of(row)


def booking_of(lesson: Lesson) -> Booking:
    return Booking(
        class_id=lesson.class_id,
        class_part=lesson.class_part,
        group_id=lesson.group_id,
        teacher_id=lesson.teacher_id,
        room_id=lesson.room_id,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        lesson_date=lesson.lesson_date,
        lesson_id=lesson.id,
    )


async def _require_bookable(
    session: AsyncSession, booking: Booking, zone: ZoneInfo, field: str = "starts_at"
) -> None:
    holiday = await is_holiday(session, booking.lesson_date)
    if holiday is not None:
        raise InvalidInput(
            f"{booking.lesson_date} is a day without lessons ({holiday.name}).", field=field
        )
    problem = await collision(session, booking, zone)
    if problem is not None:
        raise problem


async def _log(
    session: AsyncSession,
    lesson: Lesson,
    kind: ChangeKind,
    actor: UUID | None,
    *,
    reason: str | None = None,
    teacher_before: UUID | None = None,
    teacher_after: UUID | None = None,
    starts_before: datetime | None = None,
    starts_after: datetime | None = None,
) -> None:
    session.add(
        LessonChange(
            school_id=lesson.school_id,
            id=uuid4(),
            lesson_id=lesson.id,
            kind=kind.value,
            reason=reason,
            teacher_before=teacher_before,
            teacher_after=teacher_after,
            starts_before=starts_before,
            starts_after=starts_after,
            changed_by=actor,
        )
    )
    await session.flush()


async def create_lesson(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    data: LessonCreate,
    zone: ZoneInfo,
) -> LessonView:
    school_id = principal.require_school()
    school_class = await class_for_input(session, data.class_id, "class_id")
    await access.require_grade_editor(session, principal, school_class.grade)
    subject = await subject_for_input(session, data.subject_id, "subject_id")
    group = await _group_of_class(session, school_class, data.group_id, data.subject_id)
    room = await get_room(session, data.room_id) if data.room_id is not None else None
    lesson_date = local_date(data.starts_at, zone)
    await require_open_for(session, school_class, lesson_date)
    await require_person_with_role(identity, school_id, data.teacher_id, Role.TEACHER, "teacher_id")
    values: dict[str, Any] = {
        "school_id": school_id,
        "id": uuid4(),
        "class_id": school_class.id,
        "subject_id": subject.id,
        "teacher_id": data.teacher_id,
        "planned_teacher_id": data.teacher_id,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "lesson_date": lesson_date,
        "group_id": group.id if group else None,
        "class_part": group.part if group else 0,
        "room_id": room.id if room else None,
        "status": LessonStatus.PLANNED.value,
    }
    booking = Booking(
        class_id=values["class_id"],
        class_part=values["class_part"],
        group_id=values["group_id"],
        teacher_id=data.teacher_id,
        room_id=values["room_id"],
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        lesson_date=lesson_date,
    )
    await _require_bookable(session, booking, zone)

    async def write() -> None:
        await session.execute(insert(Lesson).values(values))

    await guarded(session, write, lambda: collision(session, booking, zone))
    view = await get_lesson(session, values["id"])
    await _log(session, view.lesson, ChangeKind.ADDED, principal.person_id, reason=data.reason)
    await emit(
        session,
        outbox,
        event=ScheduleEvents.LESSON_PLANNED,
        message=schedule_pb2.LessonPlanned(lesson=to_proto(view, zone)),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return view


async def _group_of_class(
    session: AsyncSession, school_class: SchoolClass, group_id: UUID | None, subject_id: UUID
) -> Group | None:
    if group_id is None:
        return None
    group = await session.get(Group, (school_class.school_id, group_id))
    if group is None or group.class_id != school_class.id:
        raise InvalidInput(f"No group {group_id} in {school_class.name}.", field="group_id")
    if group.subject_id != subject_id:
        raise InvalidInput(f"{group.name} is a group for another subject.", field="group_id")
    return group


async def _changeable(session: AsyncSession, principal: Principal, lesson_id: UUID) -> LessonView:
    view = await get_lesson(session, lesson_id)
    await access.require_grade_editor(session, principal, view.school_class.grade)
    if view.lesson.status != LessonStatus.PLANNED.value:
        raise Conflict("The lesson was cancelled.", field="lesson_id")
    await require_open_for(session, view.school_class, view.lesson.lesson_date)
    return view


async def move_lesson(
    session: AsyncSession, principal: Principal, lesson_id: UUID, data: LessonMove, zone: ZoneInfo
) -> LessonView:
    view = await _changeable(session, principal, lesson_id)
    lesson = view.lesson
    before = (lesson.starts_at, lesson.ends_at, lesson.room_id)
    starts_at = data.starts_at or lesson.starts_at
    if data.ends_at is not None:
        ends_at = data.ends_at
    elif data.starts_at is not None:
        ends_at = starts_at + (lesson.ends_at - lesson.starts_at)
    else:
        ends_at = lesson.ends_at
    if ends_at <= starts_at:
        raise InvalidInput("A lesson must end after it starts.", field="ends_at")
    room_id = lesson.room_id
    if "room_id" in data.model_fields_set:
        room_id = (await get_room(session, data.room_id)).id if data.room_id else None
    if (starts_at, ends_at, room_id) == before:
        raise InvalidInput(
            "The lesson is already at that time and in that room.", field="starts_at"
        )
    lesson_date = local_date(starts_at, zone)
    await require_open_for(session, view.school_class, lesson_date)
    booking = Booking(
        class_id=lesson.class_id,
        class_part=lesson.class_part,
        group_id=lesson.group_id,
        teacher_id=lesson.teacher_id,
        room_id=room_id,
        starts_at=starts_at,
        ends_at=ends_at,
        lesson_date=lesson_date,
        lesson_id=lesson.id,
    )
    await _require_bookable(session, booking, zone)
    retimed = (starts_at, ends_at) != before[:2]

    async def write() -> None:
        await session.execute(
            update(Lesson)
            .where(Lesson.id == lesson.id)
            .values(
                starts_at=starts_at,
                ends_at=ends_at,
                lesson_date=lesson_date,
                room_id=room_id,
                period=None if retimed else lesson.period,
            )
        )

    await guarded(session, write, lambda: collision(session, booking, zone))
    moved = await get_lesson(session, lesson.id)
    await _log(
        session,
        moved.lesson,
        ChangeKind.MOVED,
        principal.person_id,
        reason=data.reason,
        starts_before=before[0],
        starts_after=starts_at,
    )
    message = schedule_pb2.LessonMoved(
        lesson=to_proto(moved, zone),
        previous_room_id=str(before[2]) if before[2] else "",
        reason=data.reason or "",
    )
    message.previous_starts_at.FromDatetime(before[0])
    message.previous_ends_at.FromDatetime(before[1])
    await emit(
        session,
        outbox,
        event=ScheduleEvents.LESSON_MOVED,
        message=message,
        school_id=moved.lesson.school_id,
        actor_id=principal.person_id,
    )
    return moved


async def cancel_lesson(
    session: AsyncSession, principal: Principal, lesson_id: UUID, reason: str, zone: ZoneInfo
) -> LessonView:
    view = await _changeable(session, principal, lesson_id)
    await session.execute(
        update(Lesson).where(Lesson.id == lesson_id).values(status=LessonStatus.CANCELLED.value)
    )
    cancelled = await get_lesson(session, lesson_id)
    await _log(session, cancelled.lesson, ChangeKind.CANCELLED, principal.person_id, reason=reason)
    await emit(
        session,
        outbox,
        event=ScheduleEvents.LESSON_CANCELLED,
        message=schedule_pb2.LessonCancelled(lesson=to_proto(cancelled, zone), reason=reason),
        school_id=view.lesson.school_id,
        actor_id=principal.person_id,
    )
    return cancelled


async def _set_teacher_of_record(
    session: AsyncSession, view: LessonView, teacher_id: UUID, zone: ZoneInfo
) -> LessonView:
    lesson = view.lesson
    booking = Booking(
        class_id=lesson.class_id,
        class_part=lesson.class_part,
        group_id=lesson.group_id,
        teacher_id=teacher_id,
        room_id=lesson.room_id,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        lesson_date=lesson.lesson_date,
        lesson_id=lesson.id,
    )
    problem = await collision(session, booking, zone)
    if problem is not None:
        raise problem

    async def write() -> None:
        await session.execute(
            update(Lesson).where(Lesson.id == lesson.id).values(teacher_id=teacher_id)
        )

    await guarded(session, write, lambda: collision(session, booking, zone))
    return await get_lesson(session, lesson.id)


async def set_substitute(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    lesson_id: UUID,
    data: SubstituteSet,
    zone: ZoneInfo,
) -> LessonView:
    """The substitute becomes the lesson's teacher of record (S7): the journal lets them,
    and no longer the planned teacher, keep the lesson's record."""
    school_id = principal.require_school()
    view = await _changeable(session, principal, lesson_id)
    lesson = view.lesson
    if data.teacher_id == lesson.teacher_id:
        raise Conflict("That teacher already teaches this lesson.", field="teacher_id")
    if data.teacher_id == lesson.planned_teacher_id:
        raise InvalidInput(
            "That is the lesson's own teacher: remove the substitution instead.",
            field="teacher_id",
        )
    await require_person_with_role(identity, school_id, data.teacher_id, Role.TEACHER, "teacher_id")
    before = lesson.teacher_id
    changed = await _set_teacher_of_record(session, view, data.teacher_id, zone)
    await _log(
        session,
        changed.lesson,
        ChangeKind.SUBSTITUTED,
        principal.person_id,
        reason=data.reason,
        teacher_before=before,
        teacher_after=data.teacher_id,
    )
    await emit(
        session,
        outbox,
        event=ScheduleEvents.SUBSTITUTION_SET,
        message=schedule_pb2.SubstitutionSet(
            lesson=to_proto(changed, zone),
            original_teacher_id=str(changed.lesson.planned_teacher_id),
            substitute_teacher_id=str(data.teacher_id),
            reason=data.reason,
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return changed


async def remove_substitute(
    session: AsyncSession, principal: Principal, lesson_id: UUID, zone: ZoneInfo
) -> LessonView:
    school_id = principal.require_school()
    view = await _changeable(session, principal, lesson_id)
    lesson = view.lesson
    if lesson.teacher_id == lesson.planned_teacher_id:
        raise Conflict("The lesson has no substitute.", field="lesson_id")
    substitute = lesson.teacher_id
    changed = await _set_teacher_of_record(session, view, lesson.planned_teacher_id, zone)
    await _log(
        session,
        changed.lesson,
        ChangeKind.SUBSTITUTION_REMOVED,
        principal.person_id,
        teacher_before=substitute,
        teacher_after=changed.lesson.teacher_id,
    )
    await emit(
        session,
        outbox,
        event=ScheduleEvents.SUBSTITUTION_REMOVED,
        message=schedule_pb2.SubstitutionRemoved(
            lesson=to_proto(changed, zone), removed_teacher_id=str(substitute)
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return changed


async def substitution_reason(session: AsyncSession, lesson: Lesson) -> str:
    if lesson.teacher_id == lesson.planned_teacher_id:
        return ""
    reason = await session.scalar(
        select(LessonChange.reason)
        .where(
            LessonChange.lesson_id == lesson.id,
            LessonChange.kind == ChangeKind.SUBSTITUTED.value,
        )
        .order_by(LessonChange.changed_at.desc())
        .limit(1)
    )
    return reason or ""


async def lesson_students(session: AsyncSession, lesson: Lesson) -> list[UUID]:
    """The students of a lesson on its date: its group's members that day, or its class's."""
    if lesson.group_id is not None:
        return await groups.members_on(session, lesson.group_id, lesson.lesson_date)
    return await classes.members_on(session, lesson.class_id, lesson.lesson_date)


def _covering(member: Any, day: Any) -> Any:
    return and_(member.since <= day, or_(member.until.is_(None), member.until > day))


def attends(student_id: UUID) -> Any:
    """Lessons the student was in on their date: their class's whole-class lessons and their
    groups' lessons, by the membership of that date."""
    in_class = exists().where(
        ClassMember.school_id == Lesson.school_id,
        ClassMember.class_id == Lesson.class_id,
        ClassMember.student_id == student_id,
        _covering(ClassMember, Lesson.lesson_date),
    )
    in_group = exists().where(
        GroupMember.school_id == Lesson.school_id,
        GroupMember.group_id == Lesson.group_id,
        GroupMember.student_id == student_id,
        _covering(GroupMember, Lesson.lesson_date),
    )
    return or_(
        and_(Lesson.group_id.is_(None), in_class), and_(Lesson.group_id.is_not(None), in_group)
    )


def day_start(value: datetime | date, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return value
    return datetime.combine(value, time(0), tzinfo=zone)


def day_end(value: datetime | date, zone: ZoneInfo) -> datetime:
    """An end bound: a datetime as given; a date includes that whole day."""
    if isinstance(value, datetime):
        return day_start(value, zone)
    return datetime.combine(value + timedelta(days=1), time(0), tzinfo=zone)


async def list_lessons(
    session: AsyncSession,
    *,
    class_id: UUID | None = None,
    teacher_id: UUID | None = None,
    group_id: UUID | None = None,
    room_id: UUID | None = None,
    student_id: UUID | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    status: LessonStatus | None = None,
    limit: int = 200,
) -> list[LessonView]:
    query = views().order_by(Lesson.starts_at, Lesson.id).limit(limit)
    if class_id is not None:
        query = query.where(Lesson.class_id == class_id)
    if teacher_id is not None:
        query = query.where(Lesson.teacher_id == teacher_id)
    if group_id is not None:
        query = query.where(Lesson.group_id == group_id)
    if room_id is not None:
        query = query.where(Lesson.room_id == room_id)
    if student_id is not None:
        query = query.where(attends(student_id))
    if starts_from is not None:
        query = query.where(Lesson.starts_at >= starts_from)
    if starts_before is not None:
        query = query.where(Lesson.starts_at < starts_before)
    if status is not None:
        query = query.where(Lesson.status == status.value)
    return [LessonView.of(row) for row in (await session.execute(query)).all()]


def to_proto(view: LessonView, zone: ZoneInfo) -> schedule_pb2.Lesson:
    lesson = view.lesson
    message = schedule_pb2.Lesson(
        lesson_id=str(lesson.id),
        school_id=str(lesson.school_id),
        class_id=str(lesson.class_id),
        class_name=view.school_class.name,
        class_grade=view.school_class.grade,
        subject_id=str(lesson.subject_id),
        subject_name=view.subject.name,
        teacher_id=str(lesson.teacher_id),
        lesson_date=proto_date(lesson.lesson_date),
        group_id=str(lesson.group_id) if lesson.group_id else "",
        group_name=view.group.name if view.group else "",
        room_id=str(lesson.room_id) if lesson.room_id else "",
        room_name=view.room.name if view.room else "",
        status=PROTO_STATUS.get(lesson.status, schedule_pb2.LESSON_STATUS_UNSPECIFIED),
        planned_teacher_id=str(lesson.planned_teacher_id),
        period_number=lesson.period or 0,
        timetable_id=str(lesson.timetable_id) if lesson.timetable_id else "",
    )
    message.starts_at.FromDatetime(lesson.starts_at)
    message.ends_at.FromDatetime(lesson.ends_at)
    return message
