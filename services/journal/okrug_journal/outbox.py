"""The journal's outbox: several events in one INSERT (okrug_common.outbox.emit_many)."""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common import outbox as shared_outbox
from okrug_common.event_catalog import EventMessage
from okrug_journal.models import outbox


async def emit_many(
    session: AsyncSession,
    events: Sequence[EventMessage],
    *,
    school_id: UUID,
    actor_id: UUID | None,
) -> None:
    await shared_outbox.emit_many(session, outbox, events, school_id=school_id, actor_id=actor_id)
