"""Weekly timetables per class (S6): drafted by the administration (deputies for their grade
levels), then published, which generates the dated lessons of the range, skipping holidays.
Publishing later than two days before the study period starts is allowed but recorded."""

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import grpc
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import emit
from okrug_common.roles import Role
from okrug_schedule import access
from okrug_schedule.bells import service as bells
from okrug_schedule.calendar.service import (
    get_year,
    holiday_dates,
    publish_deadline,
    require_open,
)
from okrug_schedule.classes.service import class_for_input, get_class, proto_date
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.lessons.bookings import (
    Booking,
    first_bulk_collision,
    first_shared_student,
    guarded,
)
from okrug_schedule.lessons.service import PROTO_STATUS, LessonView, to_proto, views
from okrug_schedule.models import (
    AcademicYear,
    BellPeriod,
    BellSchedule,
    Group,
    Lesson,
    LessonStatus,
    Room,
    SchoolClass,
    Subject,
    Timetable,
    TimetableEntry,
    TimetableStatus,
    outbox,
)
from okrug_schedule.time import local_datetime
from okrug_schedule.timetables.schemas import EntryIn, TimetableCreate

# Lessons per TimetablePublished event: a year of one class is about a thousand lessons.
LESSONS_PER_EVENT = 250


async def get_timetable(
    session: AsyncSession, timetable_id: UUID, *, for_update: bool = False
) -> Timetable:
    query = select(Timetable).where(Timetable.id == timetable_id)
    if for_update:
        query = query.with_for_update()
    timetable = await session.scalar(query)
    if timetable is None:
        raise NotFound(f"No timetable {timetable_id} in this school.")
    return timetable


async def entries_of(session: AsyncSession, timetable_id: UUID) -> list[TimetableEntry]:
    rows = await session.scalars(
        select(TimetableEntry)
        .where(TimetableEntry.timetable_id == timetable_id)
        .order_by(TimetableEntry.weekday, TimetableEntry.period, TimetableEntry.group_id)
    )
    return list(rows)


async def list_timetables(
    session: AsyncSession, class_id: UUID | None, year_id: UUID | None
) -> list[Timetable]:
    query = select(Timetable).order_by(Timetable.class_id, Timetable.valid_from)
    if class_id is not None:
        query = query.where(Timetable.class_id == class_id)
    if year_id is not None:
        query = query.where(Timetable.year_id == year_id)
    return list(await session.scalars(query))


async def _year_for(
    session: AsyncSession, school_class: SchoolClass, valid_from: date, valid_to: date
) -> AcademicYear:
    year = await get_year(session, school_class.year_id)
    require_open(year)
    if valid_from < year.starts_on or valid_from > year.ends_on:
        raise InvalidInput(
            f"The timetable must start within {year.name} ({year.starts_on} - {year.ends_on}).",
            field="valid_from",
        )
    if valid_to > year.ends_on:
        raise InvalidInput(
            f"The timetable must end within {year.name} (by {year.ends_on}).", field="valid_to"
        )
    return year


async def _bell_schedule_for(
    session: AsyncSession, school_class: SchoolClass, bell_schedule_id: UUID | None
) -> BellSchedule:
    chosen = bell_schedule_id or school_class.bell_schedule_id
    if chosen is not None:
        return await bells.for_input(session, chosen, "bell_schedule_id")
    schedules = list(await session.scalars(select(BellSchedule).limit(2)))
    if len(schedules) != 1:
        raise InvalidInput(
            "Choose the bell schedule (the school has several, or none yet).",
            field="bell_schedule_id",
        )
    return schedules[0]


async def _validate_entries(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    school_class: SchoolClass,
    bell_schedule: BellSchedule,
    entries: list[EntryIn],
) -> None:
    """Every reference exists and fits the class; within a slot (day, period) either one
    whole-class lesson or lessons of different groups, never a teacher or a room twice."""
    school_id = school_class.school_id
    periods = await bells.periods_of(session, bell_schedule.id)
    subjects = set(
        await session.scalars(
            select(Subject.id).where(Subject.id.in_({e.subject_id for e in entries}))
        )
    )
    rooms = set(
        await session.scalars(
            select(Room.id).where(Room.id.in_({e.room_id for e in entries if e.room_id}))
        )
    )
    groups = {
        g.id: g
        for g in await session.scalars(
            select(Group).where(Group.id.in_({e.group_id for e in entries if e.group_id}))
        )
    }
    slots: dict[tuple[int, int], list[tuple[int, EntryIn]]] = defaultdict(list)
    for index, entry in enumerate(entries):
        field = f"entries.{index}"
        if entry.period not in periods:
            raise InvalidInput(
                f"The bell schedule '{bell_schedule.name}' has no period {entry.period}.",
                field=f"{field}.period",
            )
        if entry.subject_id not in subjects:
            raise InvalidInput(f"No subject {entry.subject_id}.", field=f"{field}.subject_id")
        if entry.room_id is not None and entry.room_id not in rooms:
            raise InvalidInput(f"No room {entry.room_id}.", field=f"{field}.room_id")
        if entry.group_id is not None:
            group = groups.get(entry.group_id)
            if group is None or group.class_id != school_class.id:
                raise InvalidInput(
                    f"No group {entry.group_id} in {school_class.name}.", field=f"{field}.group_id"
                )
            if group.subject_id != entry.subject_id:
                raise InvalidInput(
                    f"{group.name} is a group for another subject.", field=f"{field}.group_id"
                )
        for other_index, other in slots[(entry.weekday, entry.period)]:
            where = f"entries.{other_index} (day {entry.weekday}, period {entry.period})"
            if entry.group_id is None or other.group_id is None:
                raise InvalidInput(
                    f"The whole class cannot have two lessons at once: see {where}.",
                    field=f"{field}.group_id",
                )
            if entry.group_id == other.group_id:
                raise InvalidInput(
                    f"The group already has a lesson then: see {where}.", field=f"{field}.period"
                )
            if entry.teacher_id == other.teacher_id:
                raise InvalidInput(
                    f"The teacher already teaches then: see {where}.", field=f"{field}.teacher_id"
                )
            if entry.room_id is not None and entry.room_id == other.room_id:
                raise InvalidInput(
                    f"The room is already taken then: see {where}.", field=f"{field}.room_id"
                )
        slots[(entry.weekday, entry.period)].append((index, entry))
    first_index: dict[UUID, int] = {}
    for index, entry in enumerate(entries):
        first_index.setdefault(entry.teacher_id, index)
    await asyncio.gather(
        *(
            require_person_with_role(
                identity, school_id, teacher, Role.TEACHER, f"entries.{index}.teacher_id"
            )
            for teacher, index in first_index.items()
        )
    )


async def _store_entries(
    session: AsyncSession, timetable: Timetable, entries: list[EntryIn]
) -> None:
    session.add_all(
        [
            TimetableEntry(
                school_id=timetable.school_id,
                id=uuid4(),
                timetable_id=timetable.id,
                weekday=e.weekday,
                period=e.period,
                subject_id=e.subject_id,
                teacher_id=e.teacher_id,
                room_id=e.room_id,
                group_id=e.group_id,
            )
            for e in entries
        ]
    )
    await session.flush()


async def create_draft(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    data: TimetableCreate,
) -> Timetable:
    school_id = principal.require_school()
    school_class = await class_for_input(session, data.class_id, "class_id")
    await access.require_grade_editor(session, principal, school_class.grade)
    year = await _year_for(session, school_class, data.valid_from, data.valid_to)
    bell_schedule = await _bell_schedule_for(session, school_class, data.bell_schedule_id)
    await _validate_entries(session, identity, school_class, bell_schedule, data.entries)
    timetable = Timetable(
        school_id=school_id,
        id=uuid4(),
        year_id=year.id,
        class_id=school_class.id,
        bell_schedule_id=bell_schedule.id,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        status=TimetableStatus.DRAFT.value,
        created_by=principal.person_id,
    )
    session.add(timetable)
    await session.flush()
    await _store_entries(session, timetable, data.entries)
    return timetable


async def _editable_draft(
    session: AsyncSession, principal: Principal, timetable_id: UUID
) -> tuple[Timetable, SchoolClass]:
    timetable = await get_timetable(session, timetable_id, for_update=True)
    school_class = await get_class(session, timetable.class_id)
    await access.require_grade_editor(session, principal, school_class.grade)
    require_open(await get_year(session, timetable.year_id))
    if timetable.status != TimetableStatus.DRAFT.value:
        raise Conflict("The timetable is published; only a draft can change.", field="status")
    return timetable, school_class


async def replace_entries(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    timetable_id: UUID,
    entries: list[EntryIn],
) -> Timetable:
    timetable, school_class = await _editable_draft(session, principal, timetable_id)
    bell_schedule = await bells.get(session, timetable.bell_schedule_id)
    await _validate_entries(session, identity, school_class, bell_schedule, entries)
    await session.execute(delete(TimetableEntry).where(TimetableEntry.timetable_id == timetable_id))
    await _store_entries(session, timetable, entries)
    return timetable


async def delete_draft(session: AsyncSession, principal: Principal, timetable_id: UUID) -> None:
    await _editable_draft(session, principal, timetable_id)
    await session.execute(delete(TimetableEntry).where(TimetableEntry.timetable_id == timetable_id))
    await session.execute(delete(Timetable).where(Timetable.id == timetable_id))


def lesson_days(
    valid_from: date, valid_to: date, weekdays: set[int], skip: set[date]
) -> list[date]:
    """The dates of the range that fall on one of the weekdays and are not days off."""
    days = []
    day = valid_from
    while day <= valid_to:
        if day.isoweekday() in weekdays and day not in skip:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class Published:
    timetable: Timetable
    lessons: int


async def publish(
    session: AsyncSession, principal: Principal, timetable_id: UUID, zone: ZoneInfo, today: date
) -> Published:
    timetable, school_class = await _editable_draft(session, principal, timetable_id)
    entries = await entries_of(session, timetable.id)
    if not entries:
        raise InvalidInput("The timetable has no lessons to publish.", field="entries")
    overlapping = await session.scalar(
        select(Timetable).where(
            Timetable.class_id == timetable.class_id,
            Timetable.status == TimetableStatus.PUBLISHED.value,
            Timetable.valid_from <= timetable.valid_to,
            Timetable.valid_to >= timetable.valid_from,
        )
    )
    if overlapping is not None:
        raise Conflict(
            f"Timetable {overlapping.id} of {school_class.name} is already published for "
            f"{overlapping.valid_from} - {overlapping.valid_to}.",
            field="valid_from",
            extra={"conflicting_timetable_id": str(overlapping.id)},
        )
    periods = await bells.periods_of(session, timetable.bell_schedule_id)
    skip = await holiday_dates(session, timetable.year_id)
    days = lesson_days(timetable.valid_from, timetable.valid_to, {e.weekday for e in entries}, skip)
    parts = await group_parts(session, entries)
    rows, bookings = _generate(timetable, school_class, entries, periods, parts, days, zone)
    school_id = timetable.school_id

    async def write() -> None:
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Lesson), rows[start : start + 5000])

    async def diagnose() -> Any:
        found = await first_bulk_collision(session, school_id, bookings, zone)
        return found[1] if found else None

    await guarded(session, write, diagnose)
    shared = await first_shared_student(session, school_id, bookings, zone)
    if shared is not None:
        raise shared[1]
    deadline = await publish_deadline(session, timetable.year_id, timetable.valid_from)
    late = today > deadline
    await session.execute(
        update(Timetable)
        .where(Timetable.id == timetable.id)
        .values(
            status=TimetableStatus.PUBLISHED.value,
            published_at=datetime.now(zone),
            published_by=principal.person_id,
            publish_deadline=deadline,
            published_late=late,
            lessons_generated=len(rows),
        )
    )
    refreshed = await get_timetable(session, timetable.id)
    await session.refresh(refreshed)
    await _emit_published(session, refreshed, school_class, rows, zone, principal.person_id)
    return Published(refreshed, len(rows))


def _generate(
    timetable: Timetable,
    school_class: SchoolClass,
    entries: list[TimetableEntry],
    periods: dict[int, BellPeriod],
    parts: dict[UUID, int],
    days: list[date],
    zone: ZoneInfo,
) -> tuple[list[dict[str, Any]], list[Booking]]:
    by_weekday: dict[int, list[TimetableEntry]] = defaultdict(list)
    for entry in entries:
        by_weekday[entry.weekday].append(entry)
    rows: list[dict[str, Any]] = []
    bookings: list[Booking] = []
    for day in days:
        for entry in by_weekday[day.isoweekday()]:
            bell = periods[entry.period]
            starts_at = local_datetime(day, bell.starts_at, zone)
            ends_at = local_datetime(day, bell.ends_at, zone)
            part = parts[entry.group_id] if entry.group_id else 0
            rows.append(
                {
                    "school_id": timetable.school_id,
                    "id": uuid4(),
                    "class_id": school_class.id,
                    "subject_id": entry.subject_id,
                    "teacher_id": entry.teacher_id,
                    "planned_teacher_id": entry.teacher_id,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "lesson_date": day,
                    "group_id": entry.group_id,
                    "class_part": part,
                    "room_id": entry.room_id,
                    "period": entry.period,
                    "timetable_id": timetable.id,
                    "status": LessonStatus.PLANNED.value,
                }
            )
            bookings.append(
                Booking(
                    class_id=school_class.id,
                    class_part=part,
                    group_id=entry.group_id,
                    teacher_id=entry.teacher_id,
                    room_id=entry.room_id,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    lesson_date=day,
                )
            )
    return rows, bookings


async def group_parts(session: AsyncSession, entries: list[TimetableEntry]) -> dict[UUID, int]:
    ids = {e.group_id for e in entries if e.group_id}
    if not ids:
        return {}
    return {g.id: g.part for g in await session.scalars(select(Group).where(Group.id.in_(ids)))}


async def _emit_published(
    session: AsyncSession,
    timetable: Timetable,
    school_class: SchoolClass,
    rows: list[dict[str, Any]],
    zone: ZoneInfo,
    actor: UUID | None,
) -> None:
    subjects = {s.id: s.name for s in await session.scalars(select(Subject))}
    group_ids = {r["group_id"] for r in rows if r["group_id"]}
    room_ids = {r["room_id"] for r in rows if r["room_id"]}
    groups = (
        {g.id: g.name for g in await session.scalars(select(Group).where(Group.id.in_(group_ids)))}
        if group_ids
        else {}
    )
    rooms = (
        {r.id: r.name for r in await session.scalars(select(Room).where(Room.id.in_(room_ids)))}
        if room_ids
        else {}
    )
    size = LESSONS_PER_EVENT
    parts = max(1, -(-len(rows) // size))
    for part in range(parts):
        chunk = rows[part * size : (part + 1) * size]
        message = schedule_pb2.TimetablePublished(
            timetable_id=str(timetable.id),
            class_id=str(school_class.id),
            valid_from=proto_date(timetable.valid_from),
            valid_to=proto_date(timetable.valid_to),
            part=part + 1,
            parts=parts,
            published_late=timetable.published_late,
        )
        for row in chunk:
            lesson = message.lessons.add(
                lesson_id=str(row["id"]),
                school_id=str(row["school_id"]),
                class_id=str(row["class_id"]),
                class_name=school_class.name,
                class_grade=school_class.grade,
                subject_id=str(row["subject_id"]),
                subject_name=subjects.get(row["subject_id"], ""),
                teacher_id=str(row["teacher_id"]),
                lesson_date=proto_date(row["lesson_date"]),
                group_id=str(row["group_id"]) if row["group_id"] else "",
                group_name=groups.get(row["group_id"], "") if row["group_id"] else "",
                room_id=str(row["room_id"]) if row["room_id"] else "",
                room_name=rooms.get(row["room_id"], "") if row["room_id"] else "",
                status=PROTO_STATUS[LessonStatus.PLANNED.value],
                planned_teacher_id=str(row["planned_teacher_id"]),
                period_number=row["period"],
                timetable_id=str(timetable.id),
            )
            lesson.starts_at.FromDatetime(row["starts_at"])
            lesson.ends_at.FromDatetime(row["ends_at"])
        await emit(
            session,
            outbox,
            event=ScheduleEvents.TIMETABLE_PUBLISHED,
            message=message,
            school_id=timetable.school_id,
            actor_id=actor,
        )


async def end(
    session: AsyncSession,
    principal: Principal,
    timetable_id: UUID,
    last_day: date,
    zone: ZoneInfo,
    today: date,
) -> tuple[Timetable, int]:
    """End a published timetable after `last_day` (a new one takes over from the next day):
    its lessons after that day are removed, and each removal is published. Only lessons from
    tomorrow on can go: what was held stays in the record."""
    timetable = await get_timetable(session, timetable_id, for_update=True)
    school_class = await get_class(session, timetable.class_id)
    await access.require_grade_editor(session, principal, school_class.grade)
    require_open(await get_year(session, timetable.year_id))
    if timetable.status != TimetableStatus.PUBLISHED.value:
        raise Conflict(
            "Only a published timetable can end; delete a draft instead.", field="status"
        )
    if last_day < today:
        raise InvalidInput(
            f"A timetable ends today ({today}) at the earliest: held lessons stay.",
            field="last_day",
        )
    if last_day < timetable.valid_from or last_day >= timetable.valid_to:
        raise InvalidInput(
            f"The last day must be within {timetable.valid_from} - {timetable.valid_to}, "
            "before its end.",
            field="last_day",
        )
    removed = [
        LessonView.of(row)
        for row in (
            await session.execute(
                views().where(Lesson.timetable_id == timetable.id, Lesson.lesson_date > last_day)
            )
        ).all()
    ]
    for view in removed:
        message = schedule_pb2.LessonCancelled(
            lesson=to_proto(view, zone), reason=f"timetable ended on {last_day}"
        )
        message.lesson.status = schedule_pb2.LESSON_STATUS_CANCELLED
        await emit(
            session,
            outbox,
            event=ScheduleEvents.LESSON_CANCELLED,
            message=message,
            school_id=timetable.school_id,
            actor_id=principal.person_id,
        )
    await session.execute(
        delete(Lesson).where(Lesson.timetable_id == timetable.id, Lesson.lesson_date > last_day)
    )
    await session.execute(
        update(Timetable)
        .where(Timetable.id == timetable.id)
        .values(valid_to=last_day, lessons_generated=Timetable.lessons_generated - len(removed))
    )
    ended = await get_timetable(session, timetable.id)
    await session.refresh(ended)
    return ended, len(removed)
