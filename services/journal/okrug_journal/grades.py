"""The grade level of a lesson's class (5 for "5Б"), for the rules on grade levels without
marks (J5). The lesson projection does not carry the class yet: the journal looks the class
name up once from schedule's lesson and keeps the grade in class_grades."""

import re
from uuid import UUID

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common import rpc
from okrug_common.runtime import Runtime
from okrug_journal.models import ClassGrade, LessonProjection

_GRADE = re.compile(r"^\s*(\d{1,2})")


def grade_of_name(class_name: str) -> int | None:
    found = _GRADE.match(class_name)
    return int(found.group(1)) if found else None


async def remember(
    session: AsyncSession, school_id: UUID, class_id: UUID, class_name: str
) -> int | None:
    grade = grade_of_name(class_name)
    if grade is None:
        return None
    statement = insert(ClassGrade).values(
        school_id=school_id, class_id=class_id, class_name=class_name, grade=grade
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "class_id"],
            set_={"class_name": class_name, "grade": grade},
        )
    )
    return grade


async def grade_of_class(
    session: AsyncSession, runtime: Runtime, school_id: UUID, class_id: UUID, lesson_id: UUID
) -> int | None:
    known = await session.get(ClassGrade, (school_id, class_id))
    if known is not None:
        return known.grade
    response = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).GetLesson,
        schedule_pb2.GetLessonRequest(school_id=str(school_id), lesson_id=str(lesson_id)),
    )
    return await remember(session, school_id, class_id, response.lesson.class_name)


async def lesson_grade(
    session: AsyncSession, runtime: Runtime, lesson: LessonProjection
) -> int | None:
    if lesson.class_grade is not None:
        return lesson.class_grade
    return await grade_of_class(
        session, runtime, lesson.school_id, lesson.class_id, lesson.lesson_id
    )
