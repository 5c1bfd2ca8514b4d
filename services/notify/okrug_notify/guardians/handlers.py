"""Identity's guardian events feeding the projection."""

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug_notify.guardians.service import add_links
from okrug_notify.payloads import parse_ids

log = structlog.get_logger(__name__)


async def on_guardian_linked(session: AsyncSession, event: identity_pb2.GuardianLinked) -> None:
    ids = parse_ids(event.context.school_id, event.student_id, event.guardian_id)
    if ids is None:
        log.error("event_malformed", event_id=event.context.event_id)
        return
    school_id, student_id, guardian_id = ids
    await add_links(session, school_id, [(student_id, guardian_id)])
