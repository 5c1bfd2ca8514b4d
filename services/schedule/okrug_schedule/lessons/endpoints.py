from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_schedule import access
from okrug_schedule.lessons import service
from okrug_schedule.lessons.schemas import (
    LessonCancel,
    LessonCreate,
    LessonMove,
    LessonRead,
    LessonStudents,
    SubstituteSet,
)
from okrug_schedule.models import LessonStatus
from okrug_schedule.time import require_plausible_day, school_zone

router = APIRouter(prefix="/lessons", tags=["lessons"])


def lesson_read(view: service.LessonView) -> LessonRead:
    lesson = view.lesson
    return LessonRead(
        id=lesson.id,
        class_id=lesson.class_id,
        class_name=view.school_class.name,
        subject_id=lesson.subject_id,
        subject_name=view.subject.name,
        teacher_id=lesson.teacher_id,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        lesson_date=lesson.lesson_date,
        planned_teacher_id=lesson.planned_teacher_id,
        group_id=lesson.group_id,
        group_name=view.group.name if view.group else None,
        room_id=lesson.room_id,
        room_name=view.room.name if view.room else None,
        period=lesson.period,
        timetable_id=lesson.timetable_id,
        status=LessonStatus(lesson.status),
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LessonRead)
async def create_lesson(
    data: LessonCreate, principal: access.TimetableWriter, session: SessionDep, runtime: RuntimeDep
) -> LessonRead:
    """Add a single lesson (S7); a double booking is refused naming the lesson (S8)."""
    zone = school_zone(runtime, principal.school_id)
    view = await service.create_lesson(session, runtime.channels["identity"], principal, data, zone)
    return lesson_read(view)


@router.get("/{lesson_id}", response_model=LessonRead)
async def get_lesson(
    lesson_id: UUID, principal: access.LessonReader, session: SessionDep
) -> LessonRead:
    view = await service.get_lesson(session, lesson_id)
    await access.require_lesson_reader(principal, view.lesson)
    return lesson_read(view)


@router.get("", response_model=list[LessonRead])
async def list_lessons(
    principal: access.LessonReader,
    session: SessionDep,
    runtime: RuntimeDep,
    class_id: UUID | None = None,
    teacher_id: UUID | None = None,
    group_id: UUID | None = None,
    room_id: UUID | None = None,
    student_id: UUID | None = None,
    date_from: Annotated[
        date | datetime | None, Query(description="A date (in the school's zone) or a moment")
    ] = None,
    date_to: Annotated[
        date | datetime | None,
        Query(description="A date (that whole day included) or a moment (excluded)"),
    ] = None,
    lesson_status: Annotated[LessonStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[LessonRead]:
    """Lessons by class, group, teacher, room, student and date range; a subject teacher sees
    the lessons they teach."""
    require_plausible_day(date_from, "date_from")
    require_plausible_day(date_to, "date_to")
    own = await access.own_teacher_scope(principal)
    if own is not None:
        teacher_id = own
    zone = school_zone(runtime, principal.school_id)
    views = await service.list_lessons(
        session,
        class_id=class_id,
        teacher_id=teacher_id,
        group_id=group_id,
        room_id=room_id,
        student_id=student_id,
        starts_from=service.day_start(date_from, zone) if date_from is not None else None,
        starts_before=service.day_end(date_to, zone) if date_to is not None else None,
        status=lesson_status,
        limit=limit,
    )
    return [lesson_read(v) for v in views]


@router.patch("/{lesson_id}", response_model=LessonRead)
async def move_lesson(
    lesson_id: UUID,
    data: LessonMove,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> LessonRead:
    """Move a lesson to another time or room (S7)."""
    zone = school_zone(runtime, principal.school_id)
    return lesson_read(await service.move_lesson(session, principal, lesson_id, data, zone))


@router.post("/{lesson_id}/cancel", response_model=LessonRead)
async def cancel_lesson(
    lesson_id: UUID,
    data: LessonCancel,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> LessonRead:
    zone = school_zone(runtime, principal.school_id)
    view = await service.cancel_lesson(session, principal, lesson_id, data.reason, zone)
    return lesson_read(view)


@router.put("/{lesson_id}/substitution", response_model=LessonRead)
async def set_substitute(
    lesson_id: UUID,
    data: SubstituteSet,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> LessonRead:
    """Assign a substitute teacher, who becomes the lesson's teacher of record (S7)."""
    zone = school_zone(runtime, principal.school_id)
    view = await service.set_substitute(
        session, runtime.channels["identity"], principal, lesson_id, data, zone
    )
    return lesson_read(view)


@router.delete("/{lesson_id}/substitution", response_model=LessonRead)
async def remove_substitute(
    lesson_id: UUID, principal: access.TimetableWriter, session: SessionDep, runtime: RuntimeDep
) -> LessonRead:
    zone = school_zone(runtime, principal.school_id)
    return lesson_read(await service.remove_substitute(session, principal, lesson_id, zone))


@router.get("/{lesson_id}/students", response_model=LessonStudents)
async def lesson_students(
    lesson_id: UUID,
    principal: access.LessonReader,
    session: SessionDep,
    audit: Annotated[ReadAudit, audited(ReadKind.CLASS_LISTS)],
) -> LessonStudents:
    """The students of the lesson on its date (class or group membership of that day)."""
    view = await service.get_lesson(session, lesson_id)
    await access.require_lesson_reader(principal, view.lesson)
    students = await service.lesson_students(session, view.lesson)
    audit.covers(students)
    return LessonStudents(
        lesson_id=lesson_id, lesson_date=view.lesson.lesson_date, student_ids=students
    )
