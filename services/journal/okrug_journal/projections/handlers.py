"""Event handlers that keep the projections current (the tenant is already set)."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.event_catalog import IdentityEvents, ScheduleEvents
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal.calendar import handlers as calendar_handlers
from okrug_journal.projections import lesson_changes, service


def on_lesson_planned(
    runtime: Runtime,
) -> Callable[[AsyncSession, schedule_pb2.LessonPlanned], Awaitable[None]]:
    async def handle(session: AsyncSession, event: schedule_pb2.LessonPlanned) -> None:
        # Only adds: a change of the lesson (a substitution) may have been applied already.
        await lesson_changes.add_lessons(session, runtime, [event.lesson])

    return handle


def on_timetable_published(
    runtime: Runtime,
) -> Callable[[AsyncSession, schedule_pb2.TimetablePublished], Awaitable[None]]:
    async def handle(session: AsyncSession, event: schedule_pb2.TimetablePublished) -> None:
        await lesson_changes.add_lessons(session, runtime, event.lessons)

    return handle


async def on_class_membership_changed(
    session: AsyncSession, event: schedule_pb2.ClassMembershipChanged
) -> None:
    await lesson_changes.add_class_member_from(session, event)


class LessonChangeEvent(Protocol):
    @property
    def context(self) -> common_pb2.EventContext: ...

    @property
    def lesson(self) -> schedule_pb2.Lesson: ...


def refresh_on_change(runtime: Runtime) -> Callable[[AsyncSession, Any], Awaitable[None]]:
    """A moved, cancelled or substituted lesson is refreshed from schedule (S7: the
    substitute becomes the teacher of record, the planned teacher no longer writes it)."""

    async def handle(session: AsyncSession, event: LessonChangeEvent) -> None:
        await lesson_changes.refresh_lesson(
            session, runtime, UUID(event.context.school_id), UUID(event.lesson.lesson_id)
        )

    return handle


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


async def on_class_teacher_assigned(
    session: AsyncSession, event: schedule_pb2.ClassTeacherAssigned
) -> None:
    await service.set_class_teacher(
        session,
        UUID(event.context.school_id),
        UUID(event.class_id),
        UUID(event.teacher_id) if event.teacher_id else None,
    )


def _date(value: common_pb2.Date) -> date:
    return date(value.year, value.month, value.day)


async def on_group_membership_changed(
    session: AsyncSession, event: schedule_pb2.GroupMembershipChanged
) -> None:
    await service.set_group_membership(
        session,
        UUID(event.context.school_id),
        UUID(event.group_id),
        UUID(event.student_id),
        _date(event.since),
        _date(event.until) if event.HasField("until") else None,
    )


async def on_dated_class_membership(
    session: AsyncSession, event: schedule_pb2.ClassMembershipChanged
) -> None:
    await service.set_dated_class_membership(
        session,
        UUID(event.context.school_id),
        UUID(event.class_id),
        UUID(event.student_id),
        _date(event.since),
        _date(event.until) if event.HasField("until") else None,
    )


def subscriptions(runtime: Runtime) -> list[Subscription[Any]]:
    refresh = refresh_on_change(runtime)
    return [
        Subscription(
            "journal-timetables",
            ScheduleEvents.TIMETABLE_PUBLISHED,
            on_timetable_published(runtime),
        ),
        Subscription(
            "journal-lesson-moves",
            ScheduleEvents.LESSON_MOVED,
            refresh,
        ),
        Subscription(
            "journal-lesson-cancellations",
            ScheduleEvents.LESSON_CANCELLED,
            refresh,
        ),
        Subscription(
            "journal-substitutions",
            ScheduleEvents.SUBSTITUTION_SET,
            refresh,
        ),
        Subscription(
            "journal-substitutions-removed",
            ScheduleEvents.SUBSTITUTION_REMOVED,
            refresh,
        ),
        Subscription(
            "journal-class-membership",
            ScheduleEvents.CLASS_MEMBERSHIP_CHANGED,
            on_class_membership_changed,
        ),
        Subscription(
            "journal-lessons",
            ScheduleEvents.LESSON_PLANNED,
            on_lesson_planned(runtime),
        ),
        Subscription(
            "journal-class-members",
            ScheduleEvents.CLASS_MEMBER_ADDED,
            on_class_member_added,
        ),
        Subscription(
            "journal-class-teachers",
            ScheduleEvents.CLASS_TEACHER_ASSIGNED,
            on_class_teacher_assigned,
        ),
        Subscription(
            "journal-dated-class-membership",
            ScheduleEvents.CLASS_MEMBERSHIP_CHANGED,
            on_dated_class_membership,
        ),
        Subscription(
            "journal-group-membership",
            ScheduleEvents.GROUP_MEMBERSHIP_CHANGED,
            on_group_membership_changed,
        ),
        Subscription(
            "journal-guardians",
            IdentityEvents.GUARDIAN_LINKED,
            on_guardian_linked,
        ),
        *calendar_handlers.subscriptions(),
    ]
