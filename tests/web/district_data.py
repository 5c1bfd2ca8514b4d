"""Builders for the oversight screens' browser tests: the district's working-group member
(a realm role, a token without a school), a school's director, each made for the browser
alone, and a lesson whose entries the journal timed (one late)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import httpx
from google.protobuf.timestamp_pb2 import Timestamp

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.outbox import event_context
from okrug_local import accounts
from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, School, expect, play_events, unique


def working_group_member(platform: Platform) -> Account:
    """A member of the district's working group: reads every school's figures (counts only)."""
    username = unique("wg.")
    person_id = accounts.create_district_staff(
        platform.instance,
        platform.issuer,
        username=username,
        password=PASSWORD,
        last_name="Проверяева",
        first_name="Галина",
        roles=("working-group-member",),
    )
    return Account(username, person_id, None, platform)


def director(platform: Platform, school: School) -> Account:
    """A director of the school, made by its admin (signs in with a one-time code)."""
    username = unique("director.")
    created = expect(
        httpx.post(
            f"{platform.url('identity')}/persons",
            json={
                "kind": "staff",
                "last_name": "Директорова",
                "first_name": "Светлана",
                "roles": ["director"],
                "username": username,
                "password": PASSWORD,
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return Account(username, created["id"], school.id, platform)


@dataclass(frozen=True)
class TimedLesson:
    """A lesson whose entries the journal timed: attendance late, topic on time, homework
    missing (due and entered moments below, in UTC)."""

    lesson_id: str
    lesson_date: date
    due_at: datetime
    late_entered_at: datetime


def _timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def late_lesson(platform: Platform, school: School) -> TimedLesson:
    """The school's lesson timed as the journal times entries (ENTRIES_TIMED on the journal's
    stream, the real consumer of oversight's read models): until the entry-facts package
    publishes facts from the lesson's save, the test publishes the lesson's facts itself.
    Attendance was due at 18:00 UTC of the lesson's day and entered 2 h 30 min later."""
    lesson = expect(
        httpx.get(
            f"{platform.url('schedule')}/lessons/{school.lesson_id}", headers=school.admin.headers
        ),
        200,
    )
    day = date.fromisoformat(lesson["lesson_date"])
    due = datetime.combine(day, time(18), tzinfo=UTC)
    late = due + timedelta(hours=2, minutes=30)
    message = journal_pb2.EntriesTimed()
    message.context.CopyFrom(event_context(uuid.UUID(school.id), uuid.UUID(school.teacher.id)))
    for kind, timeliness, entered in (
        (journal_pb2.ENTRY_KIND_ATTENDANCE, journal_pb2.ENTRY_TIMELINESS_LATE, late),
        (
            journal_pb2.ENTRY_KIND_TOPIC,
            journal_pb2.ENTRY_TIMELINESS_ON_TIME,
            due - timedelta(hours=3),
        ),
        (journal_pb2.ENTRY_KIND_HOMEWORK, journal_pb2.ENTRY_TIMELINESS_MISSING, None),
    ):
        fact = message.facts.add(
            fact_id=str(uuid.uuid4()),
            kind=kind,
            timeliness=timeliness,
            lesson_id=school.lesson_id,
            class_id=school.class_id,
            subject_id=school.subject_id,
            teacher_id=school.teacher.id,
            lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
            period="",
        )
        fact.due_at.CopyFrom(_timestamp(due))
        if entered is not None:
            fact.entered_at.CopyFrom(_timestamp(entered))
            fact.entered_by = school.teacher.id
            fact.source = journal_pb2.ENTRY_SOURCE_TYPED
    play_events(platform, JournalEvents.ENTRIES_TIMED, school.id, message)
    return TimedLesson(school.lesson_id, day, due, late)


def play_entries_timed(platform: Platform, school: School, *facts: journal_pb2.EntryFact) -> None:
    """The journal's EntriesTimed of the school's facts, played on the real stream."""
    message = journal_pb2.EntriesTimed(facts=facts)
    message.context.CopyFrom(event_context(uuid.UUID(school.id), None))
    play_events(platform, JournalEvents.ENTRIES_TIMED, school.id, message)
