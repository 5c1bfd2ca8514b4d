"""Journal, identity and helpdesk events -> inbox messages and the guardian projection,
against a real PostgreSQL with row-level security (the app role)."""

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import grpc
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.helpdesk.v1 import helpdesk_pb2
from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug.journal.v1 import journal_pb2
from okrug.notify.v1 import notify_pb2
from okrug_common.db import set_tenant, tenant_transaction
from okrug_common.errors import Unavailable
from okrug_common.event_catalog import NotifyEvents
from okrug_common.events import EventConsumer, Subscription
from okrug_common.outbox import event_context
from okrug_notify.guardians.service import guardians_of, rebuild
from okrug_notify.identity_client import IdentityGuardians
from okrug_notify.inbox.service import (
    Notice,
    deliver,
    list_inbox,
    mark_read,
    send_direct,
    unread_count,
)
from okrug_notify.inbox.texts import mark_notice
from okrug_notify.models import GuardianLink, Message, MessageKind, processed_events
from okrug_notify.subscriptions import (
    DURABLE_ABSENCES,
    DURABLE_DESK_ASSIGNMENTS,
    DURABLE_DESK_MESSAGES,
    DURABLE_GUARDIANS,
    DURABLE_MARKS,
    DURABLE_MONITORING_REPORTS,
    subscriptions,
)


class FakeIdentity(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self) -> None:
        self.guardians: dict[str, list[str]] = {}
        self.links: list[identity_pb2.GuardianLink] = []
        self.calls = 0
        self.down = False

    async def ListGuardians(  # noqa: N802
        self,
        request: identity_pb2.ListGuardiansRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> identity_pb2.ListGuardiansResponse:
        self.calls += 1
        if self.down:
            await context.abort(grpc.StatusCode.UNAVAILABLE, "identity is down")
        return identity_pb2.ListGuardiansResponse(
            guardians=[
                identity_pb2.Person(person_id=g, school_id=request.school_id)
                for g in self.guardians.get(request.student_id, [])
            ]
        )

    async def ListGuardianLinks(  # noqa: N802
        self,
        request: identity_pb2.ListGuardianLinksRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> identity_pb2.ListGuardianLinksResponse:
        return identity_pb2.ListGuardianLinksResponse(links=self.links)


@pytest.fixture(scope="session")
async def identity_server() -> AsyncIterator[tuple[FakeIdentity, grpc.aio.Channel]]:
    fake = FakeIdentity()
    server = grpc.aio.server()
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(fake, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield fake, channel
    await channel.close()
    await server.stop(None)


@pytest.fixture
def identity(identity_server: tuple[FakeIdentity, grpc.aio.Channel]) -> FakeIdentity:
    fake, _ = identity_server
    fake.calls, fake.down = 0, False
    return fake


@pytest.fixture
def consumers(
    identity_server: tuple[FakeIdentity, grpc.aio.Channel],
    sessions: async_sessionmaker[AsyncSession],
) -> dict[str, EventConsumer[Any]]:
    _, channel = identity_server
    subs: list[Subscription[Any]] = subscriptions(IdentityGuardians(channel))
    return {
        sub.durable: EventConsumer(None, sessions, processed_events, sub)  # type: ignore[arg-type]
        for sub in subs
    }


def _lesson(subject: str = "Математика") -> journal_pb2.LessonSummary:
    return journal_pb2.LessonSummary(
        lesson_id=str(uuid4()),
        subject_name=subject,
        lesson_date=common_pb2.Date(year=2026, month=11, day=25),
        teacher_id=str(uuid4()),
    )


def mark_recorded(school: UUID, student: UUID, work_type: str = "test") -> journal_pb2.MarkRecorded:
    event = journal_pb2.MarkRecorded(
        mark=journal_pb2.Mark(
            mark_id=str(uuid4()),
            student_id=str(student),
            scale="five-point",
            value="5",
            work_type=work_type,
            weight=2.0,
        ),
        lesson=_lesson(),
    )
    event.context.CopyFrom(event_context(school, uuid4()))
    return event


def absence_recorded(
    school: UUID,
    student: UUID,
    status: journal_pb2.AttendanceStatus.ValueType = journal_pb2.ATTENDANCE_STATUS_ABSENT,
) -> journal_pb2.AbsenceRecorded:
    event = journal_pb2.AbsenceRecorded(
        student_id=str(student), status=status, reason="", lesson=_lesson()
    )
    event.context.CopyFrom(event_context(school, uuid4()))
    return event


def guardian_linked(school: UUID, student: UUID, guardian: UUID) -> identity_pb2.GuardianLinked:
    event = identity_pb2.GuardianLinked(guardian_id=str(guardian), student_id=str(student))
    event.context.CopyFrom(event_context(school, None))
    return event


async def apply(consumer: EventConsumer[Any], school: UUID, event: Any) -> None:
    await consumer._apply_once(UUID(event.context.event_id), school, event)


async def messages_of_event(admin: asyncpg.Connection, event_id: str) -> list[asyncpg.Record]:
    return await admin.fetch(
        "SELECT school_id, recipient_id, kind, title, body, student_id, read_at FROM messages "
        "WHERE source_event_id = $1 ORDER BY recipient_id",
        UUID(event_id),
    )


async def delivered_events(
    admin: asyncpg.Connection, message_ids: set[UUID]
) -> list[tuple[UUID, notify_pb2.MessageDelivered, dict[str, str]]]:
    import json

    rows = await admin.fetch(
        "SELECT school_id, payload, headers FROM outbox WHERE subject = $1",
        NotifyEvents.MESSAGE_DELIVERED.subject,
    )
    found = []
    for row in rows:
        payload = notify_pb2.MessageDelivered.FromString(row["payload"])
        if UUID(payload.message_id) in message_ids:
            found.append((row["school_id"], payload, json.loads(row["headers"])))
    return found


async def link(
    sessions: async_sessionmaker[AsyncSession], school: UUID, *pairs: tuple[UUID, UUID]
) -> None:
    async with tenant_transaction(sessions, school) as session:
        session.add_all(
            [GuardianLink(school_id=school, student_id=s, guardian_id=g) for s, g in pairs]
        )


async def test_mark_recorded_twice_writes_messages_once(
    consumers: dict[str, EventConsumer[Any]],
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
    identity: FakeIdentity,
) -> None:
    school, student, mother, father = uuid4(), uuid4(), uuid4(), uuid4()
    await link(sessions, school, (student, mother), (student, father))
    event = mark_recorded(school, student)
    consumer = consumers[DURABLE_MARKS]

    await apply(consumer, school, event)
    await apply(consumer, school, event)  # redelivery

    rows = await messages_of_event(admin_conn, event.context.event_id)
    assert sorted(r["recipient_id"] for r in rows) == sorted([student, mother, father])
    for row in rows:
        assert row["school_id"] == school
        assert row["kind"] == "mark"
        assert row["student_id"] == student
        assert row["read_at"] is None
        assert row["title"] == "Новая отметка: Математика"
        assert row["body"] == "Отметка 5 (контрольная работа) за урок 25.11.2026."
    assert identity.calls == 0, "guardians were known locally; identity must not be asked"

    processed = await admin_conn.fetchval(
        "SELECT count(*) FROM processed_events WHERE event_id = $1 AND consumer = $2",
        UUID(event.context.event_id),
        DURABLE_MARKS,
    )
    assert processed == 1

    ids = {
        r["id"]
        for r in await admin_conn.fetch(
            "SELECT id FROM messages WHERE source_event_id = $1", UUID(event.context.event_id)
        )
    }
    delivered = await delivered_events(admin_conn, ids)
    assert len(delivered) == 3
    assert {UUID(p.recipient_id) for _, p, _ in delivered} == {student, mother, father}
    for outbox_school, payload, headers in delivered:
        assert outbox_school == school
        assert payload.channel == "inbox"
        assert payload.context.school_id == str(school)
        assert headers["Okrug-School-Id"] == str(school)


async def test_unknown_guardians_are_asked_of_identity_and_kept(
    consumers: dict[str, EventConsumer[Any]],
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
    identity: FakeIdentity,
) -> None:
    school, student, guardian = uuid4(), uuid4(), uuid4()
    identity.guardians[str(student)] = [str(guardian)]
    consumer = consumers[DURABLE_ABSENCES]

    first = absence_recorded(school, student)
    await apply(consumer, school, first)
    assert identity.calls == 1
    rows = await messages_of_event(admin_conn, first.context.event_id)
    by_recipient = {r["recipient_id"]: r for r in rows}
    assert set(by_recipient) == {student, guardian}
    assert by_recipient[guardian]["title"] == "Отсутствие на уроке: Математика"
    assert by_recipient[guardian]["body"] == (
        "Ваш ребёнок отмечен(а) как отсутствующий(ая) на уроке 25.11.2026."
    )
    assert by_recipient[student]["body"] == (
        "Вы отмечены как отсутствующий(ая) на уроке 25.11.2026."
    )

    async with tenant_transaction(sessions, school) as session:
        assert await guardians_of(session, student) == [guardian]

    # The projection answers next time: identity is not asked again.
    second = absence_recorded(school, student, journal_pb2.ATTENDANCE_STATUS_LATE)
    await apply(consumer, school, second)
    assert identity.calls == 1
    late = await messages_of_event(admin_conn, second.context.event_id)
    assert {r["title"] for r in late} == {"Опоздание на урок: Математика"}
    assert len(late) == 2


async def test_a_monitoring_report_reaches_each_director_once(
    consumers: dict[str, EventConsumer[Any]],
    admin_conn: asyncpg.Connection,
) -> None:
    """report_published (O5): a message for each recipient the event names (the directors),
    once however often it is delivered; it is about no student."""
    school, first, second = uuid4(), uuid4(), uuid4()
    event = journal_pb2.MonitoringReportPublished(
        context=event_context(school, None),
        report_id=str(uuid4()),
        period="term-2",
        period_name="2 четверть",
        reason="period-end",
        recipient_ids=[str(first), str(second), str(first)],
        pdf_path="/journal/oversight/monitoring/reports/r.pdf",
        xlsx_path="/journal/oversight/monitoring/reports/r.xlsx",
    )
    consumer = consumers[DURABLE_MONITORING_REPORTS]
    await apply(consumer, school, event)
    await apply(consumer, school, event)  # redelivery

    rows = await messages_of_event(admin_conn, event.context.event_id)
    assert sorted(r["recipient_id"] for r in rows) == sorted([first, second])
    for row in rows:
        assert (row["kind"], row["student_id"]) == ("monitoring-report", None)
        assert row["title"] == "Отчёт мониторинга: 2 четверть"
        assert row["body"] == (
            "Сформирован отчёт мониторинга ведения электронного журнала за период "
            "«2 четверть» (по окончании периода). PDF: "
            "/journal/oversight/monitoring/reports/r.pdf; Excel: "
            "/journal/oversight/monitoring/reports/r.xlsx."
        )


async def test_identity_down_fails_the_event_without_a_trace(
    consumers: dict[str, EventConsumer[Any]],
    admin_conn: asyncpg.Connection,
    identity: FakeIdentity,
) -> None:
    school, student = uuid4(), uuid4()
    identity.down = True
    event = mark_recorded(school, student)
    with pytest.raises(Unavailable):
        await apply(consumers[DURABLE_MARKS], school, event)
    assert await messages_of_event(admin_conn, event.context.event_id) == []
    processed = await admin_conn.fetchval(
        "SELECT count(*) FROM processed_events WHERE event_id = $1", UUID(event.context.event_id)
    )
    assert processed == 0, "a failed event must stay unprocessed so redelivery retries it"

    identity.down = False
    await apply(consumers[DURABLE_MARKS], school, event)
    assert [
        r["recipient_id"] for r in await messages_of_event(admin_conn, event.context.event_id)
    ] == [student]


async def test_unknown_attendance_status_writes_nothing(
    consumers: dict[str, EventConsumer[Any]], admin_conn: asyncpg.Connection, identity: FakeIdentity
) -> None:
    school, student = uuid4(), uuid4()
    event = absence_recorded(school, student, journal_pb2.ATTENDANCE_STATUS_UNSPECIFIED)
    await apply(consumers[DURABLE_ABSENCES], school, event)
    assert await messages_of_event(admin_conn, event.context.event_id) == []


async def test_an_event_of_another_school_than_the_tenant_writes_nothing(
    consumers: dict[str, EventConsumer[Any]], admin_conn: asyncpg.Connection, identity: FakeIdentity
) -> None:
    """The shared consumer terminates such an event before any handler runs
    (okrug_common.events); were one applied, row-level security would still refuse it."""
    header_school, payload_school, student = uuid4(), uuid4(), uuid4()
    event = mark_recorded(payload_school, student)
    with pytest.raises(DBAPIError, match="row-level security"):
        await apply(consumers[DURABLE_MARKS], header_school, event)
    assert await messages_of_event(admin_conn, event.context.event_id) == []


async def test_guardian_linked_fills_the_projection_once(
    consumers: dict[str, EventConsumer[Any]],
    sessions: async_sessionmaker[AsyncSession],
    identity: FakeIdentity,
) -> None:
    school, student, guardian = uuid4(), uuid4(), uuid4()
    consumer = consumers[DURABLE_GUARDIANS]
    await apply(consumer, school, guardian_linked(school, student, guardian))
    # The same link again in a new event (identity re-published it) changes nothing.
    await apply(consumer, school, guardian_linked(school, student, guardian))
    async with tenant_transaction(sessions, school) as session:
        assert await guardians_of(session, student) == [guardian]
    async with tenant_transaction(sessions, uuid4()) as session:
        assert await guardians_of(session, student) == []

    event = mark_recorded(school, student)
    await apply(consumers[DURABLE_MARKS], school, event)
    assert identity.calls == 0


async def test_messages_of_one_school_are_invisible_to_another(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    school_a, school_b, person = uuid4(), uuid4(), uuid4()
    async with tenant_transaction(sessions, school_a) as session:
        await send_direct(session, school_a, person, "Собрание", "Родительское собрание в 18:00.")

    async with tenant_transaction(sessions, school_a) as session:
        assert len(await list_inbox(session, person, unread_only=False, limit=50)) == 1
        assert await unread_count(session, person) == 1
    async with tenant_transaction(sessions, school_b) as session:
        assert await list_inbox(session, person, unread_only=False, limit=50) == []
        assert await unread_count(session, person) == 0
        assert await session.scalar(select(func.count()).select_from(Message)) == 0
    async with tenant_transaction(sessions, None) as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_a_school_cannot_write_into_another_schools_inbox(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    school_a, school_b = uuid4(), uuid4()
    async with sessions() as session:
        await set_tenant(session, school_b)
        with pytest.raises(DBAPIError, match="row-level security"):
            await deliver(session, school_a, [Notice(uuid4(), "t", "b")], kind=MessageKind.DIRECT)
        await session.rollback()


async def test_rebuild_replaces_the_schools_projection_from_identity(
    identity_server: tuple[FakeIdentity, grpc.aio.Channel],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    fake, channel = identity_server
    school, other_school = uuid4(), uuid4()
    student, stale_guardian, guardian_1, guardian_2 = uuid4(), uuid4(), uuid4(), uuid4()
    await link(sessions, school, (student, stale_guardian))
    await link(sessions, other_school, (student, stale_guardian))
    fake.links = [
        identity_pb2.GuardianLink(student_id=str(student), guardian_id=str(g))
        for g in (guardian_1, guardian_2)
    ]
    async with tenant_transaction(sessions, school) as session:
        assert await rebuild(session, IdentityGuardians(channel), school) == 2
    async with tenant_transaction(sessions, school) as session:
        assert await guardians_of(session, student) == sorted([guardian_1, guardian_2])
    async with tenant_transaction(sessions, other_school) as session:
        assert await guardians_of(session, student) == [stale_guardian]


@pytest.mark.parametrize(
    ("work_type", "body"),
    [
        ("oral", "Отметка 5 (устный ответ) за урок 25.11.2026."),
        ("project", "Отметка 5 (project) за урок 25.11.2026."),
        ("", "Отметка 5 за урок 25.11.2026."),
    ],
)
def test_mark_texts_name_the_work_type(work_type: str, body: str) -> None:
    event = mark_recorded(uuid4(), uuid4(), work_type)
    assert mark_notice(event) == ("Новая отметка: Математика", body)


# --- the helpdesk (H1): the desk's answer to the requester, the school's reply and a new
# assignment to the member of the desk, who reads them without a school --------------------


def message_added(
    school: UUID, side: str, requester: UUID | None, assignee: UUID | None, body: str
) -> helpdesk_pb2.RequestMessageAdded:
    event = helpdesk_pb2.RequestMessageAdded(
        request_id=str(uuid4()),
        message_id=str(uuid4()),
        author_id=str(uuid4()),
        side=side,
        body=body,
        subject="Не открывается журнал 5Б",
        requester_id=str(requester) if requester else "",
        assignee_id=str(assignee) if assignee else "",
    )
    event.context.CopyFrom(event_context(school, uuid4()))
    return event


async def inbox_rows(admin: asyncpg.Connection, recipient: UUID) -> list[tuple[Any, ...]]:
    rows = await admin.fetch(
        "SELECT school_id, kind, title, body FROM messages WHERE recipient_id = $1 "
        "ORDER BY created_at",
        recipient,
    )
    return [tuple(r.values()) for r in rows]


async def test_the_desks_answer_reaches_the_requester_once(
    consumers: dict[str, EventConsumer[Any]], admin_conn: asyncpg.Connection
) -> None:
    school, teacher, agent = uuid4(), uuid4(), uuid4()
    answer = message_added(school, "district", teacher, agent, "Очистите кэш браузера.")
    await apply(consumers[DURABLE_DESK_MESSAGES], school, answer)
    await apply(consumers[DURABLE_DESK_MESSAGES], school, answer)  # redelivery
    assert await inbox_rows(admin_conn, teacher) == [
        (
            school,
            "helpdesk",
            "Ответ на обращение «Не открывается журнал 5Б»",
            "Очистите кэш браузера.",
        )
    ]
    assert await inbox_rows(admin_conn, agent) == [], "the desk's own message is not echoed"

    reply = message_added(school, "school", teacher, agent, "Не помогло.")
    await apply(consumers[DURABLE_DESK_MESSAGES], school, reply)
    assert await inbox_rows(admin_conn, agent) == [
        (
            school,
            "helpdesk",
            "Сообщение школы по обращению «Не открывается журнал 5Б»",
            "Не помогло.",
        )
    ]


async def test_no_inbox_for_a_caller_outside_the_directory_or_an_unassigned_request(
    consumers: dict[str, EventConsumer[Any]], admin_conn: asyncpg.Connection
) -> None:
    school = uuid4()
    for event in (
        message_added(school, "district", None, uuid4(), "Ответ звонившему"),
        message_added(school, "school", uuid4(), None, "Вопрос без исполнителя"),
    ):
        await apply(consumers[DURABLE_DESK_MESSAGES], school, event)
        count = await admin_conn.fetchval(
            "SELECT count(*) FROM messages WHERE source_event_id = $1",
            UUID(event.context.event_id),
        )
        assert count == 0


async def test_the_assignee_reads_the_assignment_without_a_school(
    consumers: dict[str, EventConsumer[Any]],
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    school, member = uuid4(), uuid4()
    event = helpdesk_pb2.RequestAssigned(
        request_id=str(uuid4()),
        assignee_id=str(member),
        assigned_by=str(uuid4()),
        subject="Шаблон приказа",
    )
    event.context.CopyFrom(event_context(school, uuid4()))
    await apply(consumers[DURABLE_DESK_ASSIGNMENTS], school, event)
    # A message about a mark for the same person id in the same school: not the desk's.
    async with tenant_transaction(sessions, school) as session:
        await deliver(session, school, [Notice(member, "Отметка", "5")], kind=MessageKind.MARK)

    async with tenant_transaction(sessions, None, district=True) as session:
        inbox = await list_inbox(session, member, unread_only=False, limit=50)
        assert [(m.kind, m.title) for m in inbox] == [
            ("helpdesk", "Вам назначено обращение «Шаблон приказа»")
        ]
        assert await unread_count(session, member) == 1
        await mark_read(session, member, inbox[0].id)
    async with tenant_transaction(sessions, None, district=True) as session:
        assert await unread_count(session, member) == 0
    # Without the district's scope, a transaction of no school sees none of it.
    async with tenant_transaction(sessions, None) as session:
        assert await list_inbox(session, member, unread_only=False, limit=50) == []
    assert len(await inbox_rows(admin_conn, member)) == 2
