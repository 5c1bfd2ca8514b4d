from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import PrincipalDep, SessionDep
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
    principal: PrincipalDep,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[MessageRead]:
    """The caller's own messages, newest first."""
    owner = access.require_inbox_owner(principal)
    messages = await service.list_inbox(
        session, owner.person_id, unread_only=unread_only, limit=limit
    )
    return [_read(m) for m in messages]


@router.get("/unread-count", response_model=UnreadCount)
async def unread_count(session: SessionDep, principal: PrincipalDep) -> UnreadCount:
    owner = access.require_inbox_owner(principal)
    return UnreadCount(unread=await service.unread_count(session, owner.person_id))


@router.post("/{message_id}/read", response_model=MessageRead)
async def mark_read(message_id: UUID, session: SessionDep, principal: PrincipalDep) -> MessageRead:
    owner = access.require_inbox_owner(principal)
    return _read(await service.mark_read(session, owner.person_id, message_id))
