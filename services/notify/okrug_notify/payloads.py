"""The school an event belongs to, as the consumer scoped the transaction."""

from uuid import UUID

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2

log = structlog.get_logger(__name__)


async def event_school(session: AsyncSession, context: common_pb2.EventContext) -> UUID | None:
    """The tenant the consumer set from the `Okrug-School-Id` header, if the payload agrees.

    An event whose payload names another school is dropped (logged by id only): writing it
    would fail the row-level security check on every redelivery."""
    setting = await session.scalar(text("SELECT current_setting('app.school_id', true)"))
    try:
        school_id = UUID(str(setting))
    except ValueError:
        log.error("event_without_tenant", event_id=context.event_id)
        return None
    if context.school_id and context.school_id != str(school_id):
        log.error("event_school_mismatch", event_id=context.event_id)
        return None
    return school_id


def parse_ids(*values: str) -> list[UUID] | None:
    """UUIDs from an event payload, or None when any is malformed."""
    try:
        return [UUID(value) for value in values]
    except ValueError:
        return None
