"""NATS JetStream: one stream per producing service, durable pull consumers that process
each event exactly once in effect (a processed-events row is written in the same
transaction as the handler's change). A consumer subscribes by an event of the catalog
(event_catalog) and its handler gets the decoded message, only when the event's tenant
header and its payload's school agree."""

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic
from uuid import UUID

import nats
import structlog
from google.protobuf.message import DecodeError, Message
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig
from opentelemetry import propagate, trace
from sqlalchemy import Column, DateTime, MetaData, Table, Text, Uuid, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.db import set_tenant
from okrug_common.event_catalog import Event, M
from okrug_common.outbox import SCHOOL_HEADER

log = structlog.get_logger(__name__)
tracer = trace.get_tracer(__name__)

DUPLICATE_WINDOW_SECONDS = 120.0
MAX_DELIVER = 20


def stream_name(service: str) -> str:
    return f"OKRUG_{service.upper()}"


def stream_config(service: str) -> StreamConfig:
    return StreamConfig(
        name=stream_name(service),
        subjects=[f"okrug.{service}.>"],
        storage=StorageType.FILE,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        max_age=30 * 24 * 3600.0,
    )


async def connect(url: str, name: str) -> NatsClient:
    async def on_error(exc: Exception) -> None:
        log.warning("nats_error", error=type(exc).__name__)

    return await nats.connect(
        url, name=name, max_reconnect_attempts=-1, reconnect_time_wait=1, error_cb=on_error
    )


async def ensure_stream(js: JetStreamContext, service: str) -> None:
    """Create the service's stream, or bring its config up to date."""
    config = stream_config(service)
    try:
        await js.stream_info(config.name or "")
        await js.update_stream(config)
    except nats.js.errors.NotFoundError:
        await js.add_stream(config)


def processed_events_table(metadata: MetaData) -> Table:
    return Table(
        "processed_events",
        metadata,
        Column("school_id", Uuid, primary_key=True),
        Column("consumer", Text, primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


Handler = Callable[[AsyncSession, M], Awaitable[None]]


def payload_school(payload: Message) -> UUID | None:
    """The school of an event's payload (its EventContext's school_id), None if it has none."""
    try:
        return UUID(payload.context.school_id)  # type: ignore[attr-defined]
    except ValueError:
        return None


@dataclass(frozen=True)
class Subscription(Generic[M]):
    """A durable consumer of one event: its handler gets the event's decoded message."""

    durable: str
    event: Event[M]
    handler: Handler[M]


class EventConsumer(Generic[M]):
    def __init__(
        self,
        js: JetStreamContext,
        sessionmaker: async_sessionmaker[AsyncSession],
        processed: Table,
        subscription: Subscription[M],
        *,
        batch: int = 64,
    ) -> None:
        self._js = js
        self._sessionmaker = sessionmaker
        self._processed = processed
        self._sub = subscription
        self._batch = batch

    @property
    def durable(self) -> str:
        return self._sub.durable

    async def run(self) -> None:
        event = self._sub.event
        await ensure_stream(self._js, event.producer)
        pull = await self._js.pull_subscribe(
            event.subject,
            durable=self._sub.durable,
            stream=stream_name(event.producer),
            config=ConsumerConfig(
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
                ack_wait=30,
                max_deliver=MAX_DELIVER,
            ),
        )
        try:
            while True:
                try:
                    messages = await pull.fetch(self._batch, timeout=1.0)
                except (TimeoutError, NatsTimeoutError):
                    continue
                for message in messages:
                    await self.handle(message)
        finally:
            # A pull subscription left behind by a cancelled fetch keeps the connection's
            # drain waiting (30 s) when the service stops.
            with contextlib.suppress(Exception):
                await pull.unsubscribe()

    async def handle(self, msg: Msg) -> None:
        headers = msg.headers or {}
        parent = propagate.extract(headers)
        with tracer.start_as_current_span(
            f"{msg.subject} process", context=parent, kind=trace.SpanKind.CONSUMER
        ) as span:
            span.set_attribute("messaging.system", "nats")
            span.set_attribute("messaging.destination.name", msg.subject)
            span.set_attribute("messaging.consumer.group.name", self._sub.durable)
            try:
                event_id = UUID(headers["Nats-Msg-Id"])
                school_id = UUID(headers[SCHOOL_HEADER])
                payload = self._sub.event.decode(msg.data)
            except (KeyError, ValueError, DecodeError):
                log.error("event_malformed", subject=msg.subject, consumer=self._sub.durable)
                await msg.term()
                return
            span.set_attribute("messaging.message.id", str(event_id))
            if payload_school(payload) != school_id:
                # The tenant is set from the header; a payload of another school must not
                # be applied under it. Redelivery cannot fix the event, so it is terminated
                # (JetStream stops delivering it and publishes a MSG_TERMINATED advisory),
                # not acknowledged as if it had been handled. Logged by id only.
                log.error(
                    "event_school_mismatch",
                    subject=msg.subject,
                    consumer=self._sub.durable,
                    event_id=str(event_id),
                )
                await msg.term()
                return
            try:
                await self._apply_once(event_id, school_id, payload)
            except Exception as exc:
                attempt = msg.metadata.num_delivered if msg.metadata else 1
                log.warning(
                    "event_handler_failed",
                    subject=msg.subject,
                    consumer=self._sub.durable,
                    attempt=attempt,
                    error=type(exc).__name__,
                )
                span.record_exception(exc)
                await msg.nak(delay=min(2.0**attempt, 60.0))
                return
            await msg.ack()

    async def _apply_once(self, event_id: UUID, school_id: UUID, payload: M) -> None:
        async with self._sessionmaker() as session:
            await set_tenant(session, school_id)
            first_time = await session.execute(
                insert(self._processed)
                .values(school_id=school_id, consumer=self._sub.durable, event_id=event_id)
                .on_conflict_do_nothing()
                .returning(self._processed.c.event_id)
            )
            if first_time.first() is not None:
                await self._sub.handler(session, payload)
            await session.commit()
