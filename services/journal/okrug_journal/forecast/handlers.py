"""The forecast's read model follows the marks (J12): every recorded, changed or deleted
mark refreshes its student's standings in the lesson's subject (the tenant is set)."""

from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.forecast import standings
from okrug_journal.grades import lesson_grade
from okrug_journal.policy.service import school_policy
from okrug_journal.projections import service as projections


class MarkEvent(Protocol):
    @property
    def context(self) -> common_pb2.EventContext: ...

    @property
    def mark(self) -> journal_pb2.Mark: ...


def refresh_on_mark(runtime: Runtime) -> Callable[[AsyncSession, Any], Awaitable[None]]:
    async def handle(session: AsyncSession, event: MarkEvent) -> None:
        school_id = UUID(event.context.school_id)
        lesson = await projections.lesson(session, runtime, school_id, UUID(event.mark.lesson_id))
        policy = await school_policy(session, runtime, school_id)
        grade = await lesson_grade(session, runtime, lesson)
        actor = event.context.actor_person_id
        await standings.refresh_for_mark(
            session,
            policy,
            lesson,
            grade,
            UUID(event.mark.student_id),
            UUID(actor) if actor else None,
        )

    return handle


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    refresh = refresh_on_mark(runtime)
    return [
        Subscription("journal-forecast-marks-recorded", JournalEvents.MARK_RECORDED, refresh),
        Subscription("journal-forecast-marks-changed", JournalEvents.MARK_CHANGED, refresh),
        Subscription("journal-forecast-marks-deleted", JournalEvents.MARK_DELETED, refresh),
    ]
