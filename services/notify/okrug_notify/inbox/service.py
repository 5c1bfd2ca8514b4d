"""The inbox: messages to one person, written from events and direct sends (N1)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.notify.v1 import notify_pb2
from okrug_common.errors import NotFound
from okrug_common.event_catalog import NotifyEvents
from okrug_common.outbox import emit
from okrug_notify.models import Message, MessageKind, outbox

INBOX_CHANNEL = "inbox"


@dataclass(frozen=True, slots=True)
class Notice:
    """One message for one recipient."""

    recipient_id: UUID
    title: str
    body: str


async def deliver(
    session: AsyncSession,
    school_id: UUID,
    notices: Sequence[Notice],
    *,
    kind: MessageKind,
    student_id: UUID | None = None,
    source_event_id: UUID | None = None,
) -> list[UUID]:
    """Store the messages in the recipients' inboxes and publish `message.delivered` for each
    one stored. A recipient who already has a message from the same event gets no second
    one. Returns the ids of the messages stored."""
    if not notices:
        return []
    rows = [
        {
            "school_id": school_id,
            "id": uuid4(),
            "recipient_id": notice.recipient_id,
            "kind": kind.value,
            "title": notice.title,
            "body": notice.body,
            "student_id": student_id,
            "source_event_id": source_event_id,
        }
        for notice in notices
    ]
    stored = (
        await session.execute(
            insert(Message)
            .values(rows)
            .on_conflict_do_nothing(
                index_elements=["school_id", "source_event_id", "recipient_id"],
                index_where=Message.source_event_id.is_not(None),
            )
            .returning(Message.id, Message.recipient_id)
        )
    ).all()
    for message_id, recipient_id in stored:
        await emit(
            session,
            outbox,
            event=NotifyEvents.MESSAGE_DELIVERED,
            message=notify_pb2.MessageDelivered(
                message_id=str(message_id),
                recipient_id=str(recipient_id),
                channel=INBOX_CHANNEL,
            ),
            school_id=school_id,
        )
    return [message_id for message_id, _ in stored]


async def send_direct(
    session: AsyncSession, school_id: UUID, recipient_id: UUID, title: str, body: str
) -> UUID:
    (message_id,) = await deliver(
        session, school_id, [Notice(recipient_id, title, body)], kind=MessageKind.DIRECT
    )
    return message_id


async def list_inbox(
    session: AsyncSession, person_id: UUID, *, unread_only: bool, limit: int
) -> list[Message]:
    query = (
        select(Message)
        .where(Message.recipient_id == person_id)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    if unread_only:
        query = query.where(Message.read_at.is_(None))
    return list(await session.scalars(query))


async def unread_count(session: AsyncSession, person_id: UUID) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.recipient_id == person_id, Message.read_at.is_(None))
    )
    return int(count or 0)


async def mark_read(session: AsyncSession, person_id: UUID, message_id: UUID) -> Message:
    """Mark one of the person's own messages read (the first reading time is kept). Another
    person's message is reported as missing, never as forbidden: its existence stays private."""
    message = await session.scalar(
        select(Message)
        .where(Message.id == message_id, Message.recipient_id == person_id)
        .with_for_update()
    )
    if message is None:
        raise NotFound(f"No message {message_id} in your inbox.")
    if message.read_at is None:
        message.read_at = datetime.now(UTC)
        await session.flush()
    return message
