"""Event handlers that keep the projections current (the tenant is already set)."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.events import Subscription
from okrug_common.runtime import Runtime
from okrug_journal import events
from okrug_journal.projections import lesson_changes, service


async def on_lesson_planned(session: AsyncSession, event: schedule_pb2.LessonPlanned) -> None:
    # Only adds: a change of the lesson (a substitution) may have been applied already.
    await lesson_changes.add_lessons(session, [event.lesson])


async def on_timetable_published(
    session: AsyncSession, event: schedule_pb2.TimetablePublished
) -> None:
    await lesson_changes.add_lessons(session, event.lessons)


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
            "schedule",
            events.TIMETABLE_PUBLISHED,
            schedule_pb2.TimetablePublished,
            on_timetable_published,
        ),
        Subscription(
            "journal-lesson-moves",
            "schedule",
            events.LESSON_MOVED,
            schedule_pb2.LessonMoved,
            refresh,
        ),
        Subscription(
            "journal-lesson-cancellations",
            "schedule",
            events.LESSON_CANCELLED,
            schedule_pb2.LessonCancelled,
            refresh,
        ),
        Subscription(
            "journal-substitutions",
            "schedule",
            events.SUBSTITUTION_SET,
            schedule_pb2.SubstitutionSet,
            refresh,
        ),
        Subscription(
            "journal-substitutions-removed",
            "schedule",
            events.SUBSTITUTION_REMOVED,
            schedule_pb2.SubstitutionRemoved,
            refresh,
        ),
        Subscription(
            "journal-class-membership",
            "schedule",
            events.CLASS_MEMBERSHIP_CHANGED,
            schedule_pb2.ClassMembershipChanged,
            on_class_membership_changed,
        ),
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
            "journal-class-teachers",
            "schedule",
            events.CLASS_TEACHER_ASSIGNED,
            schedule_pb2.ClassTeacherAssigned,
            on_class_teacher_assigned,
        ),
        Subscription(
            "journal-dated-class-membership",
            "schedule",
            events.CLASS_MEMBERSHIP_CHANGED,
            schedule_pb2.ClassMembershipChanged,
            on_dated_class_membership,
        ),
        Subscription(
            "journal-group-membership",
            "schedule",
            events.GROUP_MEMBERSHIP_CHANGED,
            schedule_pb2.GroupMembershipChanged,
            on_group_membership_changed,
        ),
        Subscription(
            "journal-guardians",
            "identity",
            events.GUARDIAN_LINKED,
            identity_pb2.GuardianLinked,
            on_guardian_linked,
        ),
    ]
