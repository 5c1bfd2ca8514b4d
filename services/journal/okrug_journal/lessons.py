"""What a write to a lesson's journal checks first: the lesson, its writer, the edit
window of the school's policy, the students."""

from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.models import ClassMemberProjection, LessonProjection
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy
from okrug_journal.problems import EditWindowClosed
from okrug_journal.projections import service as projections


def require_edit_window(
    policy: JournalPolicy, lesson: LessonProjection, now: datetime | None = None
) -> None:
    closes = rules.edit_window_closes_at(policy, lesson.lesson_date)
    if (now or datetime.now(UTC)) >= closes:
        raise EditWindowClosed(closes, policy.edit_window)


async def writable_lesson(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> tuple[LessonProjection, JournalPolicy]:
    """The lesson, if the principal is its teacher of record and its edit window is open."""
    school_id = principal.require_school()
    lesson = await projections.lesson(session, runtime, school_id, lesson_id)
    await access.require_lesson_writer(principal, lesson)
    policy = await school_policy(session, runtime, school_id)
    require_edit_window(policy, lesson)
    return lesson, policy


async def require_students(
    session: AsyncSession,
    runtime: Runtime,
    lesson: LessonProjection,
    students: Iterable[tuple[UUID, str]],
) -> None:
    """Every (student, field) names a member of the lesson's class: one query for all,
    schedule asked only about those the projection does not know yet."""
    wanted = list(students)
    if not wanted:
        return
    known = set(
        await session.scalars(
            select(ClassMemberProjection.student_id).where(
                ClassMemberProjection.class_id == lesson.class_id,
                ClassMemberProjection.student_id.in_({s for s, _ in wanted}),
            )
        )
    )
    for student_id, field in wanted:
        if student_id in known:
            continue
        if not await projections.is_class_member(
            session, runtime, lesson.school_id, lesson.class_id, student_id
        ):
            raise InvalidInput("The student is not in this lesson's class.", field=field)
        known.add(student_id)


async def writable_lesson_for_student(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID, student_id: UUID
) -> tuple[LessonProjection, JournalPolicy]:
    lesson, policy = await writable_lesson(session, runtime, principal, lesson_id)
    await require_students(session, runtime, lesson, [(student_id, "student_id")])
    return lesson, policy


def summary(lesson: LessonProjection) -> journal_pb2.LessonSummary:
    day = lesson.lesson_date
    return journal_pb2.LessonSummary(
        lesson_id=str(lesson.lesson_id),
        subject_name=lesson.subject_name,
        lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
        teacher_id=str(lesson.teacher_id),
    )
