from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import SessionDep
from okrug_notify import access
from okrug_notify.inbox import service
from okrug_notify.inbox.schemas import MessageRead, UnreadCount
from okrug_notify.models import Message

router = APIRouter(prefix="/inbox", tags=["inbox"])


def _read(message: Message) -> MessageRead:
    return MessageRead(
        id=message.id,
        kind=message.kind,
        title=message.title,
        body=message.body,
        student_id=message.student_id,
        created_at=message.created_at,
        read_at=message.read_at,
    )


@router.get("", response_model=list[MessageRead])
async def list_inbox(
    session: SessionDep,
    principal: access.InboxOwner,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[MessageRead]:
    """The caller's own messages, newest first."""
    messages = await service.list_inbox(
        session, principal.require_person(), unread_only=unread_only, limit=limit
    )
    return [_read(m) for m in messages]


@router.get("/unread-count", response_model=UnreadCount)
async def unread_count(session: SessionDep, principal: access.InboxOwner) -> UnreadCount:
    return UnreadCount(unread=await service.unread_count(session, principal.require_person()))


@router.post("/{message_id}/read", response_model=MessageRead)
async def mark_read(
    message_id: UUID, session: SessionDep, principal: access.InboxOwner
) -> MessageRead:
    return _read(await service.mark_read(session, principal.require_person(), message_id))
