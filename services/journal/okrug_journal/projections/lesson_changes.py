"""The lesson projection follows schedule's changes: published timetables, moves,
cancellations and substitutions (S6, S7), so the journal's teacher of record is schedule's.

Events of different subjects reach the journal through different consumers, in no fixed
order. So creations (a lesson planned, a timetable published) only add lessons the journal
does not know yet, and a change refreshes the lesson from its owner over gRPC instead of
trusting the event's copy: whatever the order, the projection ends at schedule's state.

A cancelled lesson leaves the projection (nobody writes in it) but is kept, as it was, in
lesson_cancellations: curriculum completion counts it as planned and missed (J8)."""

from collections.abc import Iterable
from uuid import UUID

import structlog
from sqlalchemy import delete, exists, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common import rpc
from okrug_common.runtime import Runtime
from okrug_journal.models import Attendance, LessonCancellation, LessonProjection, Mark
from okrug_journal.projections import service
from okrug_journal.timeliness import expectations

log = structlog.get_logger(__name__)


async def add_lessons(
    session: AsyncSession, runtime: Runtime | None, lessons: Iterable[schedule_pb2.Lesson]
) -> None:
    """Add lessons the projection does not have; a lesson it has is never overwritten by a
    creation event (a later change may already have arrived). Their entries are expected by
    their deadlines (J4)."""
    lessons = list(lessons)
    rows = [service.lesson_values(m) for m in lessons if not is_cancelled(m)]
    if rows:
        added = await session.scalars(
            insert(LessonProjection)
            .values(rows)
            .on_conflict_do_nothing()
            .returning(LessonProjection.lesson_id)
        )
        await expectations.expect_lessons(session, runtime, rows[0]["school_id"], list(added))
    cancelled = [_cancellation(m) for m in lessons if is_cancelled(m)]
    if cancelled:
        await session.execute(insert(LessonCancellation).values(cancelled).on_conflict_do_nothing())


def is_cancelled(message: schedule_pb2.Lesson) -> bool:
    return bool(message.status == schedule_pb2.LESSON_STATUS_CANCELLED)


def _cancellation(message: schedule_pb2.Lesson) -> dict[str, object]:
    values = service.lesson_values(message)
    return {
        "school_id": values["school_id"],
        "lesson_id": values["lesson_id"],
        "class_id": values["class_id"],
        "subject_id": values["subject_id"],
        "subject_name": values["subject_name"],
        "group_id": values["group_id"],
        "teacher_id": values["teacher_id"],
        "planned_teacher_id": values["planned_teacher_id"],
        "lesson_date": values["lesson_date"],
    }


async def record_cancellation(session: AsyncSession, message: schedule_pb2.Lesson) -> None:
    """Remember a cancelled lesson as schedule describes it (J8 counts it as missed)."""
    values = _cancellation(message)
    statement = insert(LessonCancellation).values(values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "lesson_id"],
            set_={k: statement.excluded[k] for k in values if k not in ("school_id", "lesson_id")},
        )
    )


async def drop_lesson(session: AsyncSession, school_id: UUID, lesson_id: UUID) -> None:
    """A cancelled lesson leaves the projection, so nobody records marks in it, unless the
    journal already holds records of it (they keep their lesson)."""
    has_records = await session.scalar(
        select(
            or_(
                exists().where(Mark.lesson_id == lesson_id),
                exists().where(Attendance.lesson_id == lesson_id),
            )
        )
    )
    if has_records:
        log.info("cancelled_lesson_kept", lesson_id=str(lesson_id), reason="has records")
        return
    await session.execute(
        delete(LessonProjection).where(
            LessonProjection.school_id == school_id, LessonProjection.lesson_id == lesson_id
        )
    )


async def refresh_lesson(
    session: AsyncSession, runtime: Runtime, school_id: UUID, lesson_id: UUID
) -> None:
    """Bring one lesson to schedule's current state (teacher of record, date, time)."""
    response = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).GetLesson,
        schedule_pb2.GetLessonRequest(school_id=str(school_id), lesson_id=str(lesson_id)),
        not_found=schedule_pb2.GetLessonResponse(),
    )
    if not response.HasField("lesson") or is_cancelled(response.lesson):
        if response.HasField("lesson"):
            await record_cancellation(session, response.lesson)
        await expectations.forget_lesson(session, school_id, lesson_id)
        await drop_lesson(session, school_id, lesson_id)
        return
    await service.upsert_lesson(session, runtime, response.lesson)
    # Schedule holds the lesson as planned again: it is no longer a cancelled one.
    await session.execute(
        delete(LessonCancellation).where(
            LessonCancellation.school_id == school_id, LessonCancellation.lesson_id == lesson_id
        )
    )


async def add_class_member_from(
    session: AsyncSession, event: schedule_pb2.ClassMembershipChanged
) -> None:
    """A membership that begins (a transfer, a promotion) makes the student a member of the
    class; one that ends changes nothing here: the journal keeps the history of the student's
    old lessons."""
    if event.HasField("until"):
        return
    await service.add_class_member(
        session, UUID(event.context.school_id), UUID(event.class_id), UUID(event.student_id)
    )
