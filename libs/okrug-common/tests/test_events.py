"""Events end to end on a real PostgreSQL and a real NATS JetStream: emitted by their
catalog definition into the outbox, published by the relay, consumed by a subscription to
the definition with the decoded message; an event whose tenant header and payload school
disagree is terminated before any handler runs."""

import asyncio
import contextlib
import json
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID, uuid4

import asyncpg
import nats
import pytest
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from pydantic import SecretStr
from sqlalchemy import MetaData, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from structlog.testing import capture_logs

from okrug.journal.v1 import journal_pb2
from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.event_catalog import Event, EventMessage, JournalEvents
from okrug_common.events import (
    EventConsumer,
    Subscription,
    ensure_stream,
    processed_events_table,
    stream_name,
)
from okrug_common.outbox import (
    SCHOOL_HEADER,
    OutboxRelay,
    emit,
    emit_many,
    event_context,
    outbox_table,
)

T = TypeVar("T")
metadata = MetaData()
outbox = outbox_table(metadata)
processed = processed_events_table(metadata)


@pytest.fixture(scope="module")
async def engine(postgres_admin_dsn: str) -> AsyncIterator[AsyncEngine]:
    """A scratch database with the outbox and processed-events tables, as superuser."""
    name = f"okrug_events_t{secrets.token_hex(4)}"
    admin = await asyncpg.connect(postgres_admin_dsn)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    url = make_url(postgres_admin_dsn).set(drivername="postgresql+asyncpg", database=name)
    engine = create_engine(SecretStr(url.render_as_string(hide_password=False)), pool_size=2)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()
    admin = await asyncpg.connect(postgres_admin_dsn)
    try:
        await admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
    finally:
        await admin.close()


@pytest.fixture(scope="module")
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture(scope="module")
async def client(nats_url: str) -> AsyncIterator[NatsClient]:
    connection = await nats.connect(nats_url)
    yield connection
    await connection.close()


@pytest.fixture
async def js(client: NatsClient) -> JetStreamContext:
    """JetStream with an empty journal stream, as the journal's runtime makes it (the NATS
    server is this module's own: each test starts from no events)."""
    context = client.jetstream()
    with contextlib.suppress(nats.js.errors.NotFoundError):
        await context.delete_stream(stream_name("journal"))
    await ensure_stream(context, "journal")
    return context


async def eventually(check: Callable[[], Awaitable[T]], seconds: float = 20) -> T:
    """Poll until `check` answers something truthy: events cross NATS asynchronously."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        found = await check()
        if found or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.05)


@dataclass
class Received:
    """A subscriber's handler: what it was given, in order."""

    messages: list[Any] = field(default_factory=list)

    async def __call__(self, session: AsyncSession, message: Any) -> None:
        self.messages.append(message)


@contextlib.asynccontextmanager
async def consuming(
    js: JetStreamContext,
    sessions: async_sessionmaker[AsyncSession],
    event: Event[Any],
    durable: str | None = None,
) -> AsyncIterator[tuple[Received, str]]:
    received = Received()
    durable = durable or f"test-{secrets.token_hex(4)}"
    consumer = EventConsumer(js, sessions, processed, Subscription(durable, event, received))
    task = asyncio.create_task(consumer.run())
    try:
        yield received, durable
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def mark_recorded(student: UUID) -> journal_pb2.MarkRecorded:
    return journal_pb2.MarkRecorded(
        mark=journal_pb2.Mark(mark_id=str(uuid4()), student_id=str(student), value="5")
    )


async def outbox_rows(sessions: async_sessionmaker[AsyncSession], school: UUID) -> int:
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.school_id == school)
        )
        return int(count or 0)


async def test_an_emitted_event_reaches_its_subscribers_handler_decoded(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], js: JetStreamContext
) -> None:
    school, actor, student = uuid4(), uuid4(), uuid4()
    recorded = mark_recorded(student)
    deleted = journal_pb2.MarkDeleted(mark=mark_recorded(student).mark, reason="a slip")
    async with sessions() as session:
        await emit(
            session,
            outbox,
            event=JournalEvents.MARK_RECORDED,
            message=recorded,
            school_id=school,
            actor_id=actor,
        )
        # Another subject of the same stream: not for this subscriber.
        await emit_many(session, outbox, [JournalEvents.MARK_DELETED.of(deleted)], school_id=school)
        await session.commit()
    assert await OutboxRelay(engine, js).publish_batch() == 2

    async with consuming(js, sessions, JournalEvents.MARK_RECORDED) as (received, durable):
        assert await eventually(lambda: _true(received.messages))
        info = await eventually(lambda: _settled(js, "OKRUG_JOURNAL", durable))

    [message] = received.messages
    assert type(message) is journal_pb2.MarkRecorded
    assert message.mark == recorded.mark
    assert message.context.school_id == str(school)
    assert message.context.actor_person_id == str(actor)
    assert info.num_redelivered == 0
    async with sessions() as session:
        applied = await session.scalar(
            select(processed.c.event_id).where(processed.c.consumer == durable)
        )
    assert applied == UUID(message.context.event_id)


@pytest.mark.parametrize("many", [False, True])
async def test_a_message_of_another_type_than_the_events_is_refused_at_once(
    sessions: async_sessionmaker[AsyncSession], many: bool
) -> None:
    school = uuid4()
    wrong = journal_pb2.MarkDeleted(mark=mark_recorded(uuid4()).mark)
    refused = re.escape(
        "okrug.journal.mark.recorded carries okrug.journal.v1.MarkRecorded, "
        "not okrug.journal.v1.MarkDeleted."
    )
    async with sessions() as session:
        if many:
            # Made without Event.of, which mypy would refuse for this message.
            pairs = [
                EventMessage(JournalEvents.MARK_DELETED, wrong),
                EventMessage(JournalEvents.MARK_RECORDED, wrong),
            ]
            with pytest.raises(TypeError, match=refused):
                await emit_many(session, outbox, pairs, school_id=school)
        else:
            with pytest.raises(TypeError, match=refused):
                await emit(
                    session,
                    outbox,
                    event=JournalEvents.MARK_RECORDED,
                    message=wrong,  # type: ignore[misc]
                    school_id=school,
                )
        await session.commit()
    assert await outbox_rows(sessions, school) == 0


async def _true(items: list[Any]) -> bool:
    return bool(items)


async def _settled(js: JetStreamContext, stream: str, durable: str) -> Any:
    """The consumer's info once nothing is pending or unacknowledged, else None."""
    info = await js.consumer_info(stream, durable)
    return info if (info.num_pending or 0) == 0 and (info.num_ack_pending or 0) == 0 else None


async def publish(
    js: JetStreamContext, header_school: UUID, message: journal_pb2.MarkRecorded
) -> int:
    """Publish as the relay does, with the given tenant header; the stream sequence."""
    ack = await js.publish(
        JournalEvents.MARK_RECORDED.subject,
        message.SerializeToString(),
        headers={"Nats-Msg-Id": message.context.event_id, SCHOOL_HEADER: str(header_school)},
    )
    return ack.seq


@pytest.mark.parametrize("payload", ["another school", "no school"])
async def test_an_event_whose_payload_school_disagrees_with_its_header_is_terminated_unhandled(
    js: JetStreamContext,
    client: NatsClient,
    sessions: async_sessionmaker[AsyncSession],
    payload: str,
) -> None:
    school, student = uuid4(), uuid4()
    disagreeing = mark_recorded(student)
    disagreeing.context.CopyFrom(event_context(uuid4(), None))
    if payload == "no school":
        disagreeing.context.school_id = ""
    agreeing = mark_recorded(student)
    agreeing.context.CopyFrom(event_context(school, None))
    durable = f"test-{secrets.token_hex(4)}"
    advisories = await client.subscribe(
        f"$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.{stream_name('journal')}.{durable}"
    )

    disagreeing_seq = await publish(js, school, disagreeing)
    await publish(js, school, agreeing)  # the next event is handled: nothing is stuck
    with capture_logs() as logs:
        async with consuming(js, sessions, JournalEvents.MARK_RECORDED, durable) as (received, _):
            assert await eventually(lambda: _true(received.messages))
            info = await eventually(lambda: _settled(js, stream_name("journal"), durable))
            terminated = json.loads((await advisories.next_msg(timeout=10)).data)

    assert [m.context.event_id for m in received.messages] == [agreeing.context.event_id]
    assert terminated["stream_seq"] == disagreeing_seq, "terminated, not acknowledged"
    assert (info.num_redelivered, info.num_ack_pending, info.num_pending) == (0, 0, 0)
    async with sessions() as session:
        applied = (
            await session.scalars(
                select(processed.c.event_id).where(processed.c.consumer == durable)
            )
        ).all()
    assert applied == [UUID(agreeing.context.event_id)]

    [refused] = [entry for entry in logs if entry["event"] == "event_school_mismatch"]
    assert refused["event_id"] == disagreeing.context.event_id
    assert refused["log_level"] == "error"
    logged = json.dumps(logs, default=str)
    assert str(student) not in logged, "no personal data in the log"
    assert disagreeing.mark.mark_id not in logged
