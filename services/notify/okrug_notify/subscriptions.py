"""What notify consumes: the journal's marks and absences, identity's guardian links."""

from typing import Any

from okrug.identity.v1 import identity_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.events import Subscription
from okrug_notify import events
from okrug_notify.guardians.handlers import on_guardian_linked
from okrug_notify.identity_client import GuardianDirectory
from okrug_notify.inbox.handlers import JournalNotices


def subscriptions(directory: GuardianDirectory) -> list[Subscription[Any]]:
    notices = JournalNotices(directory)
    return [
        Subscription(
            durable=events.DURABLE_MARKS,
            producer="journal",
            subject=events.MARK_RECORDED,
            message_type=journal_pb2.MarkRecorded,
            handler=notices.on_mark_recorded,
        ),
        Subscription(
            durable=events.DURABLE_ABSENCES,
            producer="journal",
            subject=events.ABSENCE_RECORDED,
            message_type=journal_pb2.AbsenceRecorded,
            handler=notices.on_absence_recorded,
        ),
        Subscription(
            durable=events.DURABLE_GUARDIANS,
            producer="identity",
            subject=events.GUARDIAN_LINKED,
            message_type=identity_pb2.GuardianLinked,
            handler=on_guardian_linked,
        ),
    ]
