"""Several events in one INSERT: the lesson save writes one event per fact (a mark, an
absence, homework) and must not pay a round trip for each. Same rows as
okrug_common.outbox.emit writes (candidate for the shared library: emit_many)."""

from collections.abc import Sequence
from uuid import UUID

from google.protobuf.message import Message
from opentelemetry import propagate
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.outbox import EVENT_TYPE_HEADER, SCHOOL_HEADER, event_context
from okrug_journal.models import outbox


async def emit_many(
    session: AsyncSession,
    events: Sequence[tuple[str, Message]],
    *,
    school_id: UUID,
    actor_id: UUID | None,
) -> None:
    if not events:
        return
    trace: dict[str, str] = {}
    propagate.inject(trace)
    rows = []
    for subject, message in events:
        context = event_context(school_id, actor_id)
        message.context.CopyFrom(context)  # type: ignore[attr-defined]
        headers = {
            SCHOOL_HEADER: str(school_id),
            EVENT_TYPE_HEADER: message.DESCRIPTOR.full_name,
            **trace,
        }
        rows.append(
            {
                "id": UUID(context.event_id),
                "school_id": school_id,
                "subject": subject,
                "payload": message.SerializeToString(),
                "headers": headers,
            }
        )
    await session.execute(insert(outbox), rows)
