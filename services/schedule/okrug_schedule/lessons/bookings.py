"""No double booking (S8). The database refuses it (exclusion constraints on `lessons`: a
teacher, a room, a class or a group of it in two planned lessons at once); this module names
the lesson a change collides with, so the refusal is a 409 problem the planner can act on.

Lessons of two different groups of a class may run at once, unless a student is in both
groups that day: that rule needs the membership, so it is checked here, not by a constraint.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import and_, literal, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from okrug_common.errors import Conflict
from okrug_schedule.models import (
    Group,
    GroupMember,
    Lesson,
    LessonStatus,
    Room,
    SchoolClass,
    Subject,
)

EXCLUSION_VIOLATION = "23P01"


@dataclass(frozen=True)
class Booking:
    """What a lesson occupies: a teacher, maybe a room, its class (or one group of it)."""

    class_id: UUID
    class_part: int
    group_id: UUID | None
    teacher_id: UUID
    room_id: UUID | None
    starts_at: datetime
    ends_at: datetime
    lesson_date: date
    lesson_id: UUID | None = None  # the lesson being changed: it does not collide with itself


RESOURCE_FIELDS = {"teacher": "teacher_id", "room": "room_id", "class": "class_id"}


def _overlaps(booking: Booking) -> Any:
    condition = and_(
        Lesson.status == LessonStatus.PLANNED.value,
        Lesson.starts_at < booking.ends_at,
        Lesson.ends_at > booking.starts_at,
    )
    if booking.lesson_id is not None:
        condition = and_(condition, Lesson.id != booking.lesson_id)
    return condition


async def collision(session: AsyncSession, booking: Booking, zone: ZoneInfo) -> Conflict | None:
    """The first planned lesson the booking collides with, as a problem naming it."""
    same_class = and_(
        Lesson.class_id == booking.class_id,
        or_(
            Lesson.class_part == 0,
            literal(booking.class_part) == 0,
            Lesson.class_part == booking.class_part,
        ),
    )
    resources = [Lesson.teacher_id == booking.teacher_id, same_class]
    if booking.room_id is not None:
        resources.append(Lesson.room_id == booking.room_id)
    found = await session.scalar(
        select(Lesson)
        .where(_overlaps(booking), or_(*resources))
        .order_by(Lesson.starts_at)
        .limit(1)
    )
    if found is not None:
        return await double_booking(session, _resource(found, booking), found, zone)
    if booking.group_id is not None:
        return await _shared_student(session, booking, zone)
    return None


async def _shared_student(
    session: AsyncSession, booking: Booking, zone: ZoneInfo
) -> Conflict | None:
    """A lesson of another group of the class at the same time, with a student who is in both
    groups on the lesson's date."""
    theirs, ours = aliased(GroupMember), aliased(GroupMember)
    day = booking.lesson_date

    def covering(member: Any) -> Any:
        return and_(member.since <= day, or_(member.until.is_(None), member.until > day))

    found = await session.scalar(
        select(Lesson)
        .join(
            theirs,
            and_(
                theirs.school_id == Lesson.school_id,
                theirs.group_id == Lesson.group_id,
                covering(theirs),
            ),
        )
        .join(
            ours,
            and_(
                ours.school_id == Lesson.school_id,
                ours.group_id == booking.group_id,
                ours.student_id == theirs.student_id,
                covering(ours),
            ),
        )
        .where(
            _overlaps(booking),
            Lesson.class_id == booking.class_id,
            Lesson.group_id.is_not(None),
            Lesson.group_id != booking.group_id,
        )
        .limit(1)
    )
    if found is None:
        return None
    return await double_booking(session, "students", found, zone)


async def double_booking(
    session: AsyncSession, resource: str, lesson: Lesson, zone: ZoneInfo
) -> Conflict:
    school_class = await session.get(SchoolClass, (lesson.school_id, lesson.class_id))
    subject = await session.get(Subject, (lesson.school_id, lesson.subject_id))
    group = (
        await session.get(Group, (lesson.school_id, lesson.group_id)) if lesson.group_id else None
    )
    room = await session.get(Room, (lesson.school_id, lesson.room_id)) if lesson.room_id else None
    class_name = school_class.name if school_class else str(lesson.class_id)
    who = {
        "teacher": "The teacher",
        "room": f"Room {room.name if room else lesson.room_id}",
        "class": f"Class {class_name}",
        "students": "A student of the group",
    }[resource]
    local_start = lesson.starts_at.astimezone(zone)
    local_end = lesson.ends_at.astimezone(zone)
    what = f"{subject.name if subject else lesson.subject_id} in {class_name}"
    if group is not None:
        what += f" ({group.name})"
    detail = (
        f"{who} already has a lesson at that time: {what} on {local_start:%Y-%m-%d} "
        f"{local_start:%H:%M}-{local_end:%H:%M} (lesson {lesson.id})."
    )
    return Conflict(
        detail,
        field=RESOURCE_FIELDS.get(resource, "group_id"),
        extra={
            "resource": resource,
            "conflicting_lesson": {
                "id": str(lesson.id),
                "class_id": str(lesson.class_id),
                "class_name": class_name,
                "group_id": str(lesson.group_id) if lesson.group_id else None,
                "subject_id": str(lesson.subject_id),
                "subject_name": subject.name if subject else None,
                "teacher_id": str(lesson.teacher_id),
                "room_id": str(lesson.room_id) if lesson.room_id else None,
                "starts_at": lesson.starts_at.isoformat(),
                "ends_at": lesson.ends_at.isoformat(),
            },
        },
    )


def is_double_booking(exc: IntegrityError) -> bool:
    original = exc.orig
    for candidate in (original, getattr(original, "__cause__", None)):
        if getattr(candidate, "sqlstate", None) == EXCLUSION_VIOLATION:
            return True
    return False


async def guarded(
    session: AsyncSession,
    write: Callable[[], Awaitable[None]],
    diagnose: Callable[[], Awaitable[Conflict | None]],
) -> None:
    """Run `write` in a savepoint; when an exclusion constraint refuses it (a booking that
    raced ours, or one the checks before missed), name the collision."""
    try:
        async with session.begin_nested():
            await write()
    except IntegrityError as exc:
        if not is_double_booking(exc):
            raise
        problem = await diagnose()
        raise problem or Conflict(
            "The change would put a teacher, a room or a class in two lessons at once."
        ) from None


# Set-based checks of many bookings at once (publishing a timetable): the first collision of
# any of them with a planned lesson.
_BULK_COLLISION = text(
    """
    SELECT c.idx, l.id
    FROM unnest(CAST(:teacher_ids AS uuid[]), CAST(:room_ids AS uuid[]),
                CAST(:class_ids AS uuid[]), CAST(:parts AS int[]),
                CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]),
                CAST(:idx AS int[]))
         AS c(teacher_id, room_id, class_id, part, starts_at, ends_at, idx)
    JOIN lessons l
      ON l.school_id = :school_id
     AND l.status = 'planned'
     AND l.starts_at < c.ends_at AND l.ends_at > c.starts_at
     AND (l.teacher_id = c.teacher_id
          OR l.room_id = c.room_id
          OR (l.class_id = c.class_id
              AND (l.class_part = 0 OR c.part = 0 OR l.class_part = c.part)))
    ORDER BY c.starts_at, c.idx
    LIMIT 1
    """
)
_BULK_SHARED_STUDENT = text(
    """
    SELECT c.idx, l.id
    FROM unnest(CAST(:group_ids AS uuid[]), CAST(:class_ids AS uuid[]),
                CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]),
                CAST(:days AS date[]), CAST(:idx AS int[]))
         AS c(group_id, class_id, starts_at, ends_at, day, idx)
    JOIN lessons l
      ON l.school_id = :school_id
     AND l.status = 'planned'
     AND l.class_id = c.class_id
     AND l.group_id IS NOT NULL AND l.group_id <> c.group_id
     AND l.starts_at < c.ends_at AND l.ends_at > c.starts_at
    WHERE EXISTS (
        SELECT 1 FROM group_members a
        JOIN group_members b ON b.school_id = a.school_id AND b.student_id = a.student_id
        WHERE a.school_id = :school_id AND a.group_id = l.group_id AND b.group_id = c.group_id
          AND a.since <= c.day AND (a.until IS NULL OR a.until > c.day)
          AND b.since <= c.day AND (b.until IS NULL OR b.until > c.day))
    ORDER BY c.starts_at, c.idx
    LIMIT 1
    """
)


def _resource(found: Lesson, booking: Booking) -> str:
    if found.teacher_id == booking.teacher_id:
        return "teacher"
    if booking.room_id is not None and found.room_id == booking.room_id:
        return "room"
    return "class"


async def first_bulk_collision(
    session: AsyncSession, school_id: UUID, bookings: Sequence[Booking], zone: ZoneInfo
) -> tuple[Booking, Conflict] | None:
    """The first of `bookings` that collides with a planned lesson, and the problem."""
    if not bookings:
        return None
    row = (
        await session.execute(
            _BULK_COLLISION,
            {
                "school_id": school_id,
                "teacher_ids": [b.teacher_id for b in bookings],
                "room_ids": [b.room_id for b in bookings],
                "class_ids": [b.class_id for b in bookings],
                "parts": [b.class_part for b in bookings],
                "starts": [b.starts_at for b in bookings],
                "ends": [b.ends_at for b in bookings],
                "idx": list(range(len(bookings))),
            },
        )
    ).first()
    if row is not None:
        booking = bookings[row.idx]
        found = await session.get(Lesson, (school_id, row.id))
        assert found is not None
        return booking, await double_booking(session, _resource(found, booking), found, zone)
    return await first_shared_student(session, school_id, bookings, zone)


async def first_shared_student(
    session: AsyncSession, school_id: UUID, bookings: Sequence[Booking], zone: ZoneInfo
) -> tuple[Booking, Conflict] | None:
    grouped = [b for b in bookings if b.group_id is not None]
    if not grouped:
        return None
    row = (
        await session.execute(
            _BULK_SHARED_STUDENT,
            {
                "school_id": school_id,
                "group_ids": [b.group_id for b in grouped],
                "class_ids": [b.class_id for b in grouped],
                "starts": [b.starts_at for b in grouped],
                "ends": [b.ends_at for b in grouped],
                "days": [b.lesson_date for b in grouped],
                "idx": list(range(len(grouped))),
            },
        )
    ).first()
    if row is None:
        return None
    found = await session.get(Lesson, (school_id, row.id))
    assert found is not None
    return grouped[row.idx], await double_booking(session, "students", found, zone)
