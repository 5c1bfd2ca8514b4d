"""Journal events -> inbox messages for the student and each guardian (N1)."""

from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.helpdesk.v1 import helpdesk_pb2
from okrug.journal.v1 import journal_pb2
from okrug_notify.guardians.service import guardians_for_notice
from okrug_notify.identity_client import GuardianDirectory
from okrug_notify.inbox.service import Notice, deliver
from okrug_notify.inbox.texts import (
    absence_notice,
    assignment_notice,
    desk_message_notice,
    mark_notice,
    monitoring_report_notice,
    school_message_notice,
)
from okrug_notify.models import MessageKind
from okrug_notify.payloads import parse_ids

log = structlog.get_logger(__name__)


class JournalNotices:
    """Handlers of the journal's facts. The consumer has set the tenant and records the event
    as processed in the same transaction, so a redelivered event writes nothing."""

    def __init__(self, directory: GuardianDirectory) -> None:
        self._directory = directory

    async def on_mark_recorded(
        self, session: AsyncSession, event: journal_pb2.MarkRecorded
    ) -> None:
        target = _target(event.context, event.mark.student_id)
        if target is None:
            return
        school_id, student_id, event_id = target
        title, body = mark_notice(event)
        recipients = await self._recipients(session, school_id, student_id)
        notices = [Notice(recipient, title, body) for recipient in recipients]
        await deliver(
            session,
            school_id,
            notices,
            kind=MessageKind.MARK,
            student_id=student_id,
            source_event_id=event_id,
        )

    async def on_absence_recorded(
        self, session: AsyncSession, event: journal_pb2.AbsenceRecorded
    ) -> None:
        target = _target(event.context, event.student_id)
        if target is None:
            return
        school_id, student_id, event_id = target
        to_student = absence_notice(event, to_student=True)
        to_guardian = absence_notice(event, to_student=False)
        if to_student is None or to_guardian is None:
            log.info("absence_status_ignored", event_id=str(event_id), status=int(event.status))
            return
        notices = [Notice(student_id, *to_student)]
        notices += [
            Notice(guardian, *to_guardian)
            for guardian in await guardians_for_notice(
                session, self._directory, school_id, student_id
            )
            if guardian != student_id
        ]
        await deliver(
            session,
            school_id,
            notices,
            kind=MessageKind.ABSENCE,
            student_id=student_id,
            source_event_id=event_id,
        )

    async def on_report_published(
        self, session: AsyncSession, event: journal_pb2.MonitoringReportPublished
    ) -> None:
        """A school's monitoring report (O5): a message for each recipient it names (the
        school's directors when it was made)."""
        ids = parse_ids(event.context.school_id, event.context.event_id, *event.recipient_ids)
        if ids is None:
            log.error("event_malformed", event_id=event.context.event_id)
            return
        school_id, event_id, *recipients = ids
        title, body = monitoring_report_notice(event)
        await deliver(
            session,
            school_id,
            [Notice(recipient, title, body) for recipient in dict.fromkeys(recipients)],
            kind=MessageKind.MONITORING_REPORT,
            source_event_id=event_id,
        )

    async def _recipients(
        self, session: AsyncSession, school_id: UUID, student_id: UUID
    ) -> list[UUID]:
        guardians = await guardians_for_notice(session, self._directory, school_id, student_id)
        return [student_id, *(g for g in guardians if g != student_id)]


def _target(context: common_pb2.EventContext, student: str) -> tuple[UUID, UUID, UUID] | None:
    """(school, student, event id) of a journal event, or None for a malformed one."""
    ids = parse_ids(context.school_id, student, context.event_id)
    if ids is None:
        log.error("event_malformed", event_id=context.event_id)
        return None
    school_id, student_id, event_id = ids
    return school_id, student_id, event_id


async def on_request_message_added(
    session: AsyncSession, event: helpdesk_pb2.RequestMessageAdded
) -> None:
    """The desk's message (its answer) goes to the requester; the school's reply to the
    member of the desk the request is assigned to (H1). A caller who is not in the
    directory, or a request nobody has taken, has no inbox to write to."""
    from_desk = event.side == "district"
    recipient = event.requester_id if from_desk else event.assignee_id
    if not recipient:
        return
    title, body = desk_message_notice(event) if from_desk else school_message_notice(event)
    await _desk_notice(session, event.context, recipient, title, body)


async def on_request_assigned(session: AsyncSession, event: helpdesk_pb2.RequestAssigned) -> None:
    title, body = assignment_notice(event)
    await _desk_notice(session, event.context, event.assignee_id, title, body)


async def _desk_notice(
    session: AsyncSession, context: common_pb2.EventContext, recipient: str, title: str, body: str
) -> None:
    """One helpdesk message, in the request's school (members of the desk read theirs in a
    district-scoped transaction)."""
    ids = parse_ids(context.school_id, recipient, context.event_id)
    if ids is None:
        log.error("event_malformed", event_id=context.event_id)
        return
    school_id, recipient_id, event_id = ids
    await deliver(
        session,
        school_id,
        [Notice(recipient_id, title, body)],
        kind=MessageKind.HELPDESK,
        source_event_id=event_id,
    )
