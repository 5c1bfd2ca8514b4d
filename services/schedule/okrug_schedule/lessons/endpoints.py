from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from okrug_common.errors import Forbidden
from okrug_common.http import PrincipalDep, RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.lessons import service
from okrug_schedule.lessons.schemas import LessonCreate, LessonRead
from okrug_schedule.time import school_zone

router = APIRouter(prefix="/lessons", tags=["lessons"])


def _read(view: service.LessonView) -> LessonRead:
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
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LessonRead)
async def create_lesson(
    data: LessonCreate, session: SessionDep, principal: PrincipalDep, runtime: RuntimeDep
) -> LessonRead:
    access.require_planner(principal)
    view = await service.create_lesson(
        session, runtime.channels["identity"], principal, data, school_zone(runtime)
    )
    return _read(view)


@router.get("/{lesson_id}", response_model=LessonRead)
async def get_lesson(lesson_id: UUID, session: SessionDep, principal: PrincipalDep) -> LessonRead:
    access.require_staff_reader(principal)
    view = await service.get_lesson(session, lesson_id)
    if (
        not access.may_read_whole_timetable(principal)
        and view.lesson.teacher_id != principal.person_id
    ):
        raise Forbidden("Teachers read the lessons they teach.")
    return _read(view)


@router.get("", response_model=list[LessonRead])
async def list_lessons(
    session: SessionDep,
    principal: PrincipalDep,
    class_id: UUID | None = None,
    teacher_id: UUID | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[LessonRead]:
    access.require_staff_reader(principal)
    if not access.may_read_whole_timetable(principal):
        teacher_id = principal.person_id
    views = await service.list_lessons(
        session,
        class_id=class_id,
        teacher_id=teacher_id,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )
    return [_read(v) for v in views]
