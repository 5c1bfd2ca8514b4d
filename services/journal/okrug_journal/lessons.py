"""What a write to a lesson's journal checks first: the lesson, its writer, the student."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.models import LessonProjection
from okrug_journal.projections import service as projections


async def writable_lesson_for_student(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID, student_id: UUID
) -> LessonProjection:
    school_id = principal.require_school()
    lesson = await projections.lesson(session, runtime, school_id, lesson_id)
    await access.require_lesson_writer(principal, lesson)
    if not await projections.is_class_member(
        session, runtime, school_id, lesson.class_id, student_id
    ):
        raise InvalidInput("The student is not in this lesson's class.", field="student_id")
    return lesson


def summary(lesson: LessonProjection) -> journal_pb2.LessonSummary:
    day = lesson.lesson_date
    return journal_pb2.LessonSummary(
        lesson_id=str(lesson.lesson_id),
        subject_name=lesson.subject_name,
        lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
        teacher_id=str(lesson.teacher_id),
    )
