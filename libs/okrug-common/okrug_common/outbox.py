"""Transactional outbox: an event is written in the same transaction as the change that
caused it, and a relay publishes it to JetStream with `Nats-Msg-Id` = event id.

A lost NATS message is re-published from the outbox (a row is deleted only after JetStream
acknowledged it); a duplicate publish is dropped by JetStream's de-duplication window and,
past it, by the consumers' processed-events table.
"""

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import structlog
from nats.js import JetStreamContext
from opentelemetry import propagate, trace
from sqlalchemy import (
    Column,
    DateTime,
    LargeBinary,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
    insert,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from okrug.common.v1 import common_pb2
from okrug_common.event_catalog import Event, EventMessage, M

log = structlog.get_logger(__name__)
tracer = trace.get_tracer(__name__)

SCHOOL_HEADER = "Okrug-School-Id"
EVENT_TYPE_HEADER = "Okrug-Event-Type"
NOTIFY_CHANNEL = "okrug_outbox"


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("school_id", Uuid, nullable=False),
        Column("subject", Text, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def outbox_notify_trigger_sql() -> list[str]:
    """DDL that wakes the relay (LISTEN okrug_outbox) as soon as an event commits."""
    return [
        "CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{NOTIFY_CHANNEL}', ''); RETURN NULL; END $$",
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()",
    ]


def event_context(school_id: UUID, actor_id: UUID | None) -> common_pb2.EventContext:
    context = common_pb2.EventContext(
        event_id=str(uuid4()), school_id=str(school_id), actor_person_id=str(actor_id or "")
    )
    context.occurred_at.FromDatetime(datetime.now(UTC))
    return context


def _outbox_row(
    event: Event[M],
    message: M,
    school_id: UUID,
    actor_id: UUID | None,
    trace: dict[str, str],
) -> dict[str, Any]:
    """Fill the message's `context` (okrug.common.v1.EventContext) and make its outbox row."""
    if type(message) is not event.message:
        raise TypeError(
            f"{event.subject} carries {event.message.DESCRIPTOR.full_name}, "
            f"not {message.DESCRIPTOR.full_name}."
        )
    context = event_context(school_id, actor_id)
    message.context.CopyFrom(context)  # type: ignore[attr-defined]
    headers = {
        SCHOOL_HEADER: str(school_id),
        EVENT_TYPE_HEADER: message.DESCRIPTOR.full_name,
        **trace,
    }
    return {
        "id": UUID(context.event_id),
        "school_id": school_id,
        "subject": event.subject,
        "payload": message.SerializeToString(),
        "headers": headers,
    }


def _current_trace() -> dict[str, str]:
    trace: dict[str, str] = {}
    propagate.inject(trace)
    return trace


async def emit(
    session: AsyncSession,
    outbox: Table,
    *,
    event: Event[M],
    message: M,
    school_id: UUID,
    actor_id: UUID | None = None,
) -> UUID:
    """Add an event (event_catalog) to the outbox in the session's transaction. Its message's
    `context` is filled here; a message of another type than the event's is a TypeError."""
    row = _outbox_row(event, message, school_id, actor_id, _current_trace())
    await session.execute(insert(outbox).values(row))
    event_id: UUID = row["id"]
    return event_id


async def emit_many(
    session: AsyncSession,
    outbox: Table,
    events: Sequence[EventMessage],
    *,
    school_id: UUID,
    actor_id: UUID | None = None,
) -> None:
    """Several events in one INSERT (a lesson save writes one event per fact), each made by
    `Event.of(message)`."""
    if not events:
        return
    trace = _current_trace()
    rows = [_outbox_row(e.event, e.message, school_id, actor_id, trace) for e in events]
    await session.execute(insert(outbox), rows)


class OutboxRelay:
    """Publishes outbox rows to JetStream, oldest first, and deletes what was acknowledged."""

    def __init__(
        self,
        engine: AsyncEngine,
        js: JetStreamContext,
        *,
        poll_seconds: float = 1.0,
        batch_size: int = 200,
    ) -> None:
        self._engine = engine
        self._js = js
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._wakeup = asyncio.Event()

    async def run(self) -> None:
        listener = await self._listen()
        try:
            while True:
                try:
                    published = await self.publish_batch()
                except Exception as exc:  # keep relaying; the rows stay in the outbox
                    log.warning(
                        "outbox_publish_failed", error=type(exc).__name__, detail=str(exc)[:200]
                    )
                    published = 0
                    await asyncio.sleep(self._poll_seconds)
                if published < self._batch_size:
                    self._wakeup.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wakeup.wait(), self._poll_seconds)
        finally:
            if listener is not None:
                await listener.close()

    async def _listen(self) -> asyncpg.Connection | None:
        url = make_url(self._engine.url).set(drivername="postgresql")
        try:
            conn = await asyncpg.connect(url.render_as_string(hide_password=False))
            await conn.add_listener(NOTIFY_CHANNEL, lambda *_: self._wakeup.set())
            return conn
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("outbox_listen_failed", error=type(exc).__name__)
            return None

    async def publish_batch(self) -> int:
        async with self._engine.begin() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT id, subject, payload, headers FROM outbox "
                        "ORDER BY created_at, id LIMIT :n FOR UPDATE SKIP LOCKED"
                    ),
                    {"n": self._batch_size},
                )
            ).all()
            if not rows:
                return 0
            await asyncio.gather(
                *(self._publish(row.id, row.subject, row.payload, row.headers) for row in rows)
            )
            await conn.execute(
                text("DELETE FROM outbox WHERE id = ANY(:ids)"), {"ids": [r.id for r in rows]}
            )
        return len(rows)

    async def _publish(
        self, event_id: UUID, subject: str, payload: bytes, headers: dict[str, Any]
    ) -> None:
        parent = propagate.extract(headers)
        # A failed publish is logged once per batch (run); a traceback per message recorded
        # in its span would cost more CPU than the publishing itself while NATS is slow.
        with tracer.start_as_current_span(
            f"{subject} publish",
            context=parent,
            kind=trace.SpanKind.PRODUCER,
            record_exception=False,
        ) as span:
            span.set_attribute("messaging.system", "nats")
            span.set_attribute("messaging.destination.name", subject)
            span.set_attribute("messaging.message.id", str(event_id))
            out = {k: str(v) for k, v in headers.items() if k not in ("traceparent", "tracestate")}
            propagate.inject(out)
            out["Nats-Msg-Id"] = str(event_id)
            await self._js.publish(subject, payload, headers=out)
