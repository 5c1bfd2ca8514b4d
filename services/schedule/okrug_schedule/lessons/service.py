from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import grpc
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.errors import NotFound
from okrug_common.outbox import emit
from okrug_common.roles import Role
from okrug_schedule import events
from okrug_schedule.classes.service import get_class
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.lessons.schemas import LessonCreate
from okrug_schedule.models import Lesson, SchoolClass, Subject, outbox
from okrug_schedule.subjects.service import get_subject


@dataclass(frozen=True)
class LessonView:
    lesson: Lesson
    school_class: SchoolClass
    subject: Subject


async def create_lesson(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    principal: Principal,
    data: LessonCreate,
    zone: ZoneInfo,
) -> LessonView:
    school_id = principal.require_school()
    school_class = await get_class(session, data.class_id)
    subject = await get_subject(session, data.subject_id)
    await require_person_with_role(identity, school_id, data.teacher_id, Role.TEACHER, "teacher_id")
    lesson = Lesson(
        school_id=school_id,
        id=uuid4(),
        class_id=data.class_id,
        subject_id=data.subject_id,
        teacher_id=data.teacher_id,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
    )
    session.add(lesson)
    await session.flush()
    view = LessonView(lesson, school_class, subject)
    await emit(
        session,
        outbox,
        subject=events.LESSON_PLANNED,
        message=schedule_pb2.LessonPlanned(lesson=to_proto(view, zone)),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return view


def _views() -> Select[tuple[Lesson, SchoolClass, Subject]]:
    return (
        select(Lesson, SchoolClass, Subject)
        .join(
            SchoolClass,
            (SchoolClass.school_id == Lesson.school_id) & (SchoolClass.id == Lesson.class_id),
        )
        .join(Subject, (Subject.school_id == Lesson.school_id) & (Subject.id == Lesson.subject_id))
    )


async def get_lesson(session: AsyncSession, lesson_id: UUID) -> LessonView:
    row = (await session.execute(_views().where(Lesson.id == lesson_id))).first()
    if row is None:
        raise NotFound(f"No lesson {lesson_id} in this school.")
    return LessonView(*row)


async def list_lessons(
    session: AsyncSession,
    *,
    class_id: UUID | None,
    teacher_id: UUID | None,
    date_from: datetime | None,
    date_to: datetime | None,
    limit: int,
) -> list[LessonView]:
    query = _views().order_by(Lesson.starts_at).limit(limit)
    if class_id is not None:
        query = query.where(Lesson.class_id == class_id)
    if teacher_id is not None:
        query = query.where(Lesson.teacher_id == teacher_id)
    if date_from is not None:
        query = query.where(Lesson.starts_at >= date_from)
    if date_to is not None:
        query = query.where(Lesson.starts_at < date_to)
    return [LessonView(*row) for row in (await session.execute(query)).all()]


def to_proto(view: LessonView, zone: ZoneInfo) -> schedule_pb2.Lesson:
    lesson = view.lesson
    local_day = lesson.starts_at.astimezone(zone).date()
    message = schedule_pb2.Lesson(
        lesson_id=str(lesson.id),
        school_id=str(lesson.school_id),
        class_id=str(lesson.class_id),
        class_name=view.school_class.name,
        subject_id=str(lesson.subject_id),
        subject_name=view.subject.name,
        teacher_id=str(lesson.teacher_id),
        lesson_date=common_pb2.Date(year=local_day.year, month=local_day.month, day=local_day.day),
    )
    message.starts_at.FromDatetime(lesson.starts_at)
    message.ends_at.FromDatetime(lesson.ends_at)
    return message
