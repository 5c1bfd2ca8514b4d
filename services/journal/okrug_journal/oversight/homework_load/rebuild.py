"""Homework load (O3) recomputed from the lesson records the journal keeps."""

from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.models import HomeworkLoadDay, HomeworkLoadItem, LessonProjection, LessonRecord
from okrug_journal.oversight.homework_load import service
from okrug_journal.policy.service import school_policy


async def rebuild(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """The school's homework load from scratch (the tenant is set to the school); the
    evenings it wrote."""
    await session.execute(delete(HomeworkLoadDay).where(HomeworkLoadDay.school_id == school_id))
    await session.execute(delete(HomeworkLoadItem).where(HomeworkLoadItem.school_id == school_id))
    policy = await school_policy(session, runtime, school_id)
    rows = await session.execute(
        select(LessonProjection, LessonRecord.homework)
        .join(
            LessonRecord,
            (LessonRecord.school_id == LessonProjection.school_id)
            & (LessonRecord.lesson_id == LessonProjection.lesson_id),
        )
        .where(LessonProjection.school_id == school_id, LessonRecord.homework.is_not(None))
        .order_by(LessonProjection.lesson_date)
    )
    for lesson, homework in rows.all():
        if service.has_content(homework):
            await service.set_homework(session, policy, lesson, homework.get("minutes"), True)
    written = await session.scalar(
        select(func.count())
        .select_from(HomeworkLoadDay)
        .where(HomeworkLoadDay.school_id == school_id)
    )
    return int(written or 0)
