"""The homework load read model (O3) kept current from the journal's own homework facts."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.models import LessonProjection
from okrug_journal.oversight.homework_load import service
from okrug_journal.policy.service import school_policy


def on_homework_set(
    runtime: Runtime,
) -> Callable[[AsyncSession, journal_pb2.HomeworkSet], Awaitable[None]]:
    async def handle(session: AsyncSession, event: journal_pb2.HomeworkSet) -> None:
        if event.student_id:
            return  # one student's homework is not the class's load
        school_id = UUID(event.context.school_id)
        lesson = await session.get(LessonProjection, (school_id, UUID(event.lesson.lesson_id)))
        if lesson is None:
            return  # cancelled since: nobody is due to do its homework
        homework = event.homework
        await service.set_homework(
            session,
            await school_policy(session, runtime, school_id),
            lesson,
            event.estimated_minutes or None,
            bool(homework.text or homework.pages or homework.exercises or homework.attachments),
        )

    return handle


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    return [
        Subscription(
            "journal-oversight-homework-load", JournalEvents.HOMEWORK_SET, on_homework_set(runtime)
        )
    ]
