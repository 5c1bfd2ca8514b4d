"""What notify consumes: the journal's marks, absences and monitoring reports, identity's
guardian links, the helpdesk's answers and assignments."""

from typing import Any

from okrug_common.event_catalog import HelpdeskEvents, IdentityEvents, JournalEvents
from okrug_common.events import Subscription
from okrug_notify.guardians.handlers import on_guardian_linked
from okrug_notify.identity_client import GuardianDirectory
from okrug_notify.inbox.handlers import (
    JournalNotices,
    on_request_assigned,
    on_request_message_added,
)

# Durable consumer names: one per subscription, stable across deployments.
DURABLE_MARKS = "notify-journal-marks"
DURABLE_ABSENCES = "notify-journal-absences"
DURABLE_GUARDIANS = "notify-identity-guardians"
DURABLE_MONITORING_REPORTS = "notify-journal-monitoring-reports"
DURABLE_DESK_MESSAGES = "notify-helpdesk-messages"
DURABLE_DESK_ASSIGNMENTS = "notify-helpdesk-assignments"


def subscriptions(directory: GuardianDirectory) -> list[Subscription[Any]]:
    notices = JournalNotices(directory)
    return [
        Subscription(
            durable=DURABLE_MARKS,
            event=JournalEvents.MARK_RECORDED,
            handler=notices.on_mark_recorded,
        ),
        Subscription(
            durable=DURABLE_ABSENCES,
            event=JournalEvents.ABSENCE_RECORDED,
            handler=notices.on_absence_recorded,
        ),
        Subscription(
            durable=DURABLE_MONITORING_REPORTS,
            event=JournalEvents.REPORT_PUBLISHED,
            handler=notices.on_report_published,
        ),
        Subscription(
            durable=DURABLE_GUARDIANS,
            event=IdentityEvents.GUARDIAN_LINKED,
            handler=on_guardian_linked,
        ),
        Subscription(
            durable=DURABLE_DESK_MESSAGES,
            event=HelpdeskEvents.REQUEST_MESSAGE_ADDED,
            handler=on_request_message_added,
        ),
        Subscription(
            durable=DURABLE_DESK_ASSIGNMENTS,
            event=HelpdeskEvents.REQUEST_ASSIGNED,
            handler=on_request_assigned,
        ),
    ]
