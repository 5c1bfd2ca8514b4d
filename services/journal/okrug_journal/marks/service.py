from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.outbox import emit
from okrug_common.runtime import Runtime
from okrug_journal import access, events
from okrug_journal.lessons import summary, writable_lesson_for_student
from okrug_journal.marks.schemas import MarkCreate
from okrug_journal.models import LessonProjection, Mark, outbox
from okrug_journal.policy import DEFAULT_WORK_TYPES, FIVE_POINT_SCALE
from okrug_journal.projections import service as projections


async def record_mark(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID, data: MarkCreate
) -> Mark:
    lesson = await writable_lesson_for_student(
        session, runtime, principal, lesson_id, data.student_id
    )
    work_type = DEFAULT_WORK_TYPES.get(data.work_type)
    if work_type is None:
        raise InvalidInput(f"Unknown work type '{data.work_type}'.", field="work_type")
    mark = Mark(
        school_id=lesson.school_id,
        id=uuid4(),
        lesson_id=lesson_id,
        student_id=data.student_id,
        scale=FIVE_POINT_SCALE,
        value=data.value,
        work_type=work_type.code,
        weight=work_type.weight,
        recorded_by=principal.require_person(),
    )
    session.add(mark)
    await session.flush()
    await session.refresh(mark, ["recorded_at"])
    await emit(
        session,
        outbox,
        subject=events.MARK_RECORDED,
        message=journal_pb2.MarkRecorded(mark=to_proto(mark), lesson=summary(lesson)),
        school_id=lesson.school_id,
        actor_id=principal.person_id,
    )
    return mark


async def lesson_marks(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> list[Mark]:
    lesson = await projections.lesson(session, runtime, principal.require_school(), lesson_id)
    await access.require_lesson_reader(principal, lesson)
    rows = await session.scalars(
        select(Mark).where(Mark.lesson_id == lesson_id).order_by(Mark.recorded_at)
    )
    return list(rows)


async def student_marks(
    session: AsyncSession, runtime: Runtime, principal: Principal, student_id: UUID
) -> list[tuple[Mark, LessonProjection]]:
    await access.require_student_reader(session, runtime, principal, student_id)
    query = (
        select(Mark, LessonProjection)
        .join(
            LessonProjection,
            (LessonProjection.school_id == Mark.school_id)
            & (LessonProjection.lesson_id == Mark.lesson_id),
        )
        .where(Mark.student_id == student_id)
        .order_by(LessonProjection.lesson_date.desc(), Mark.recorded_at.desc())
    )
    return [(mark, lesson) for mark, lesson in (await session.execute(query)).all()]


def to_proto(mark: Mark) -> journal_pb2.Mark:
    return journal_pb2.Mark(
        mark_id=str(mark.id),
        lesson_id=str(mark.lesson_id),
        student_id=str(mark.student_id),
        scale=mark.scale,
        value=mark.value,
        work_type=mark.work_type,
        weight=float(mark.weight),
    )
