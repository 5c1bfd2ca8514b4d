"""Event handlers that keep the projections current (the tenant is already set)."""

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal import events
from okrug_journal.projections import service


async def on_lesson_planned(session: AsyncSession, event: schedule_pb2.LessonPlanned) -> None:
    await service.upsert_lesson(session, event.lesson)


async def on_class_member_added(
    session: AsyncSession, event: schedule_pb2.ClassMemberAdded
) -> None:
    await service.add_class_member(
        session, UUID(event.context.school_id), UUID(event.class_id), UUID(event.student_id)
    )


async def on_guardian_linked(session: AsyncSession, event: identity_pb2.GuardianLinked) -> None:
    await service.add_guardian(
        session, UUID(event.context.school_id), UUID(event.guardian_id), UUID(event.student_id)
    )


def subscriptions(_: Runtime) -> list[Subscription[Any]]:
    return [
        Subscription(
            "journal-lessons",
            "schedule",
            events.LESSON_PLANNED,
            schedule_pb2.LessonPlanned,
            on_lesson_planned,
        ),
        Subscription(
            "journal-class-members",
            "schedule",
            events.CLASS_MEMBER_ADDED,
            schedule_pb2.ClassMemberAdded,
            on_class_member_added,
        ),
        Subscription(
            "journal-guardians",
            "identity",
            events.GUARDIAN_LINKED,
            identity_pb2.GuardianLinked,
            on_guardian_linked,
        ),
    ]
