"""Every event the platform publishes, defined once: its subject paired with its protobuf
message, grouped by the service that produces it. Producers emit by these definitions
(outbox.emit) and consumers subscribe by them (events.Subscription); no service spells a
subject of its own.

Subjects are okrug.<producer>.<entity>.<verb>, on the producer's one stream (OKRUG_<PRODUCER>).
Each message is of the producer's proto package (proto/okrug/<producer>/v1), or of
okrug.common.v1 for an event every service emits alike (the read audit's PersonalDataRead),
and carries `okrug.common.v1.EventContext context`, which the outbox fills.

Adding an event: its message in the producer's .proto with `EventContext context = 1`,
`scripts/gen-proto.sh`, then one line in the producer's class below:

    READ_RECORDED = Event("okrug.journal.read.recorded", journal_pb2.ReadRecorded)

A definition that breaks these rules fails when this module is imported."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from google.protobuf.message import Message

from okrug.common.v1 import read_audit_pb2
from okrug.helpdesk.v1 import helpdesk_pb2
from okrug.identity.v1 import identity_pb2
from okrug.journal.v1 import journal_pb2
from okrug.notify.v1 import notify_pb2
from okrug.schedule.v1 import schedule_pb2

PRODUCERS = ("identity", "schedule", "journal", "notify", "helpdesk")
EVENT_CONTEXT = "okrug.common.v1.EventContext"
# Messages of events every service emits alike.
SHARED_PACKAGE = "okrug.common.v1."
SUBJECT = re.compile(r"okrug\.(?P<producer>[a-z]+)\.[a-z_]+\.[a-z_]+")

M = TypeVar("M", bound=Message)


@dataclass(frozen=True)
class Event(Generic[M]):
    """One kind of event: where it is published and what its payload is."""

    subject: str
    message: type[M]

    def __post_init__(self) -> None:
        found = SUBJECT.fullmatch(self.subject)
        if found is None or found["producer"] not in PRODUCERS:
            raise ValueError(f"{self.subject!r} is not okrug.<producer>.<entity>.<verb>.")
        descriptor = self.message.DESCRIPTOR
        if not descriptor.full_name.startswith((f"okrug.{self.producer}.v1.", SHARED_PACKAGE)):
            raise ValueError(f"{self.subject} carries {descriptor.full_name}, not its producer's.")
        context = descriptor.fields_by_name.get("context")
        context_type = context.message_type if context is not None else None
        if context_type is None or context_type.full_name != EVENT_CONTEXT:
            raise ValueError(f"{descriptor.full_name} has no `{EVENT_CONTEXT} context`.")

    @property
    def producer(self) -> str:
        return self.subject.split(".")[1]

    def decode(self, data: bytes) -> M:
        return self.message.FromString(data)

    def of(self, message: M) -> "EventMessage":
        """This event carrying `message`, for outbox.emit_many."""
        return EventMessage(self, message)


@dataclass(frozen=True)
class EventMessage:
    """An event and its message, as outbox.emit_many takes them (made by Event.of, which
    checks in mypy that the message is the event's)."""

    event: Event[Any]
    message: Message


def events_of(catalog: type) -> list[Event[Any]]:
    return [value for value in vars(catalog).values() if isinstance(value, Event)]


class IdentityEvents:
    SCHOOL_CREATED = Event("okrug.identity.school.created", identity_pb2.SchoolCreated)
    SCHOOL_PROFILE_UPDATED = Event(
        "okrug.identity.school.profile_updated", identity_pb2.SchoolProfileUpdated
    )
    PERSON_CREATED = Event("okrug.identity.person.created", identity_pb2.PersonCreated)
    PERSON_ROLES_GRANTED = Event(
        "okrug.identity.person.roles_granted", identity_pb2.PersonRolesGranted
    )
    # The person's sessions were ended; access tokens already issued hold until they expire.
    PERSON_ROLES_REVOKED = Event(
        "okrug.identity.person.roles_revoked", identity_pb2.PersonRolesRevoked
    )
    PERSON_MEMBERSHIP_ENDED = Event(
        "okrug.identity.person.membership_ended", identity_pb2.PersonMembershipEnded
    )
    GUARDIAN_LINKED = Event("okrug.identity.guardian.linked", identity_pb2.GuardianLinked)
    CONSENT_RECORDED = Event("okrug.identity.consent.recorded", identity_pb2.ConsentRecorded)
    CONSENT_WITHDRAWN = Event("okrug.identity.consent.withdrawn", identity_pb2.ConsentWithdrawn)
    CREDENTIALS_ISSUED = Event("okrug.identity.credentials.issued", identity_pb2.CredentialsIssued)
    STUDENT_ENROLLED = Event("okrug.identity.student.enrolled", identity_pb2.StudentEnrolled)
    STUDENT_TRANSFERRED = Event(
        "okrug.identity.student.transferred", identity_pb2.StudentTransferred
    )
    STUDENT_WITHDRAWN = Event("okrug.identity.student.withdrawn", identity_pb2.StudentWithdrawn)
    # A person's first use of the platform at a school on a day (oversight's usage, O4).
    PERSON_ACTIVE = Event("okrug.identity.person.active", identity_pb2.PersonActive)
    # A member of staff read persons' data (okrug_common.read_audit; X2).
    PERSONAL_DATA_READ = Event("okrug.identity.personal_data.read", read_audit_pb2.PersonalDataRead)


class ScheduleEvents:
    LESSON_PLANNED = Event("okrug.schedule.lesson.planned", schedule_pb2.LessonPlanned)
    LESSON_MOVED = Event("okrug.schedule.lesson.moved", schedule_pb2.LessonMoved)
    LESSON_CANCELLED = Event("okrug.schedule.lesson.cancelled", schedule_pb2.LessonCancelled)
    TIMETABLE_PUBLISHED = Event(
        "okrug.schedule.timetable.published", schedule_pb2.TimetablePublished
    )
    SUBSTITUTION_SET = Event("okrug.schedule.substitution.set", schedule_pb2.SubstitutionSet)
    SUBSTITUTION_REMOVED = Event(
        "okrug.schedule.substitution.removed", schedule_pb2.SubstitutionRemoved
    )
    TEACHING_LOAD_CHANGED = Event(
        "okrug.schedule.teaching_load.changed", schedule_pb2.TeachingLoadChanged
    )
    CLASS_MEMBER_ADDED = Event("okrug.schedule.class.member_added", schedule_pb2.ClassMemberAdded)
    # An empty teacher_id clears the class teacher.
    CLASS_TEACHER_ASSIGNED = Event(
        "okrug.schedule.class.teacher_assigned", schedule_pb2.ClassTeacherAssigned
    )
    CLASS_MEMBERSHIP_CHANGED = Event(
        "okrug.schedule.class.membership_changed", schedule_pb2.ClassMembershipChanged
    )
    GROUP_MEMBERSHIP_CHANGED = Event(
        "okrug.schedule.group.membership_changed", schedule_pb2.GroupMembershipChanged
    )
    YEAR_CLOSED = Event("okrug.schedule.year.closed", schedule_pb2.YearClosed)
    # The whole year as it is now: sent when it is created, its periods or holidays change,
    # or it is archived (S1; the journal's calendar projection).
    CALENDAR_CHANGED = Event("okrug.schedule.calendar.changed", schedule_pb2.CalendarChanged)
    # A member of staff read persons' data (okrug_common.read_audit; X2).
    PERSONAL_DATA_READ = Event("okrug.schedule.personal_data.read", read_audit_pb2.PersonalDataRead)


class JournalEvents:
    MARK_RECORDED = Event("okrug.journal.mark.recorded", journal_pb2.MarkRecorded)
    MARK_CHANGED = Event("okrug.journal.mark.changed", journal_pb2.MarkChanged)
    MARK_DELETED = Event("okrug.journal.mark.deleted", journal_pb2.MarkDeleted)
    ABSENCE_RECORDED = Event("okrug.journal.absence.recorded", journal_pb2.AbsenceRecorded)
    HOMEWORK_SET = Event("okrug.journal.homework.set", journal_pb2.HomeworkSet)
    PERIOD_MARK_SET = Event("okrug.journal.period_mark.set", journal_pb2.PeriodMarkSet)
    # Timeliness facts of entries: on time, late, missing (J4); oversight's read models
    # (O1) are fed by them.
    ENTRIES_TIMED = Event("okrug.journal.entries.timed", journal_pb2.EntriesTimed)
    # A student's forecast period mark turned failing (J12); notify tells the family.
    FORECAST_FAILING = Event("okrug.journal.forecast.failing", journal_pb2.ForecastFailing)
    # A school's monitoring report (O5) was made; notify tells its recipients (directors).
    REPORT_PUBLISHED = Event(
        "okrug.journal.oversight.report_published", journal_pb2.MonitoringReportPublished
    )
    # A school's figure fell below the district's threshold (O5): once per breach.
    THRESHOLD_BREACHED = Event(
        "okrug.journal.oversight.threshold_breached", journal_pb2.ThresholdBreached
    )
    # The figure of an open breach is back within its threshold: the breach is closed.
    THRESHOLD_RECOVERED = Event(
        "okrug.journal.oversight.threshold_recovered", journal_pb2.ThresholdRecovered
    )
    # A member of staff read persons' data (okrug_common.read_audit; X2).
    PERSONAL_DATA_READ = Event("okrug.journal.personal_data.read", read_audit_pb2.PersonalDataRead)


class NotifyEvents:
    MESSAGE_DELIVERED = Event("okrug.notify.message.delivered", notify_pb2.MessageDelivered)
    # A member of staff read persons' data (okrug_common.read_audit; X2).
    PERSONAL_DATA_READ = Event("okrug.notify.personal_data.read", read_audit_pb2.PersonalDataRead)


class HelpdeskEvents:
    REQUEST_OPENED = Event("okrug.helpdesk.request.opened", helpdesk_pb2.RequestOpened)
    REQUEST_MESSAGE_ADDED = Event(
        "okrug.helpdesk.request.message_added", helpdesk_pb2.RequestMessageAdded
    )
    REQUEST_ASSIGNED = Event("okrug.helpdesk.request.assigned", helpdesk_pb2.RequestAssigned)
    REQUEST_STATUS_CHANGED = Event(
        "okrug.helpdesk.request.status_changed", helpdesk_pb2.RequestStatusChanged
    )
    # A member of staff read persons' data (okrug_common.read_audit; X2).
    PERSONAL_DATA_READ = Event("okrug.helpdesk.personal_data.read", read_audit_pb2.PersonalDataRead)


CATALOGS = (IdentityEvents, ScheduleEvents, JournalEvents, NotifyEvents, HelpdeskEvents)


def check_catalogs(catalogs: Iterable[type]) -> list[Event[Any]]:
    """The events of the catalogs; each catalog holds one producer's, each subject once."""
    found: dict[str, Event[Any]] = {}
    for catalog in catalogs:
        events = events_of(catalog)
        if len({event.producer for event in events}) > 1:
            raise ValueError(f"{catalog.__name__} holds events of several producers.")
        for event in events:
            if event.subject in found:
                raise ValueError(f"{event.subject} is defined twice.")
            found[event.subject] = event
    return list(found.values())


ALL_EVENTS = check_catalogs(CATALOGS)
