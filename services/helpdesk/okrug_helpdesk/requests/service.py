"""The request log (H1): requests opened by school staff or logged by the district's desk on
a caller's behalf, their threads, attachments, assignment and statuses, every change kept in
the request's history and published for notify."""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from okrug.helpdesk.v1 import helpdesk_pb2
from okrug_common.db import TENANT_SCHOOL, set_tenant
from okrug_common.errors import Conflict, NotFound
from okrug_common.event_catalog import HelpdeskEvents
from okrug_common.outbox import emit
from okrug_helpdesk.access import Author
from okrug_helpdesk.models import (
    HelpRequest,
    HistoryChange,
    RequestAttachment,
    RequestCategory,
    RequestChannel,
    RequestHistory,
    RequestKind,
    RequestMessage,
    RequestStatus,
    Side,
    outbox,
)
from okrug_helpdesk.requests import attachments
from okrug_helpdesk.requests.schemas import RequestCreate, RequestLog

S = RequestStatus
# Where a request may go from each status. A closed request only reopens; the school's
# reply to a question of the desk puts it back in progress.
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.WAITING_FOR_SCHOOL, S.ANSWERED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.WAITING_FOR_SCHOOL, S.ANSWERED, S.CLOSED}),
    S.WAITING_FOR_SCHOOL: frozenset({S.IN_PROGRESS, S.ANSWERED, S.CLOSED}),
    S.ANSWERED: frozenset({S.IN_PROGRESS, S.WAITING_FOR_SCHOOL, S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.WAITING_FOR_SCHOOL, S.ANSWERED, S.CLOSED}),
    S.CLOSED: frozenset({S.REOPENED}),
}


@dataclass(frozen=True, slots=True)
class RequestFilter:
    school_id: UUID | None = None
    status: RequestStatus | None = None
    category: RequestCategory | None = None
    kind: RequestKind | None = None
    channel: RequestChannel | None = None
    assignee_id: UUID | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class Thread:
    messages: list[RequestMessage]
    attachments: list[RequestAttachment]
    history: list[RequestHistory]


def _now() -> datetime:
    return datetime.now(UTC)


async def open_request(session: AsyncSession, author: Author, data: RequestCreate) -> HelpRequest:
    """A request the school's staff member opens through the web (H1)."""
    request = HelpRequest(
        school_id=author.school_id,
        id=uuid4(),
        author_id=author.person_id,
        author_role=author.role.value,
        channel=RequestChannel.WEB.value,
        category=data.category.value,
        kind=data.kind.value,
        subject=data.subject,
        text=data.text,
    )
    return await _add_request(session, request, actor_id=author.person_id)


async def log_request(session: AsyncSession, logged_by: UUID, data: RequestLog) -> HelpRequest:
    """A call, visit, e-mail or chat the desk logs on the caller's behalf (H1). The row and
    its events belong to the caller's school: the transaction is scoped to it."""
    await set_tenant(session, data.school_id, district=True)
    request = HelpRequest(
        school_id=data.school_id,
        id=uuid4(),
        author_id=data.caller_id,
        author_role=data.caller_role.value,
        caller_name=data.caller_name,
        logged_by=logged_by,
        channel=data.channel.value,
        category=data.category.value,
        kind=data.kind.value,
        subject=data.subject,
        text=data.text,
    )
    return await _add_request(session, request, actor_id=logged_by)


async def _add_request(
    session: AsyncSession, request: HelpRequest, *, actor_id: UUID
) -> HelpRequest:
    now = _now()
    request.status = RequestStatus.NEW.value
    request.created_at = request.updated_at = now
    session.add(request)
    await session.flush()
    _record(session, request, HistoryChange.OPENED, actor_id, to_status=RequestStatus.NEW)
    await emit(
        session,
        outbox,
        event=HelpdeskEvents.REQUEST_OPENED,
        message=helpdesk_pb2.RequestOpened(
            request_id=str(request.id),
            category=request.category,
            kind=request.kind,
            channel=request.channel,
            author_id=_id(request.author_id),
            logged_by=_id(request.logged_by),
            subject=request.subject,
        ),
        school_id=request.school_id,
        actor_id=actor_id,
    )
    return request


async def list_requests(session: AsyncSession, where: RequestFilter) -> list[HelpRequest]:
    """Newest first. `school_id` None lists every school the transaction may see (the
    district's log, in a district-scoped transaction)."""
    query = select(HelpRequest).order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
    # Comparing school_id picks rows here: the district's policy lets every school through.
    if where.school_id is not None:
        query = query.where(HelpRequest.school_id == where.school_id)
    if where.status is not None:
        query = query.where(HelpRequest.status == where.status.value)
    if where.category is not None:
        query = query.where(HelpRequest.category == where.category.value)
    if where.kind is not None:
        query = query.where(HelpRequest.kind == where.kind.value)
    if where.channel is not None:
        query = query.where(HelpRequest.channel == where.channel.value)
    if where.assignee_id is not None:
        query = query.where(HelpRequest.assignee_id == where.assignee_id)
    return list(await session.scalars(query.limit(where.limit)))


async def get_request(
    session: AsyncSession, request_id: UUID, *, school_id: UUID | None, for_update: bool = False
) -> HelpRequest:
    query = select(HelpRequest).where(HelpRequest.id == request_id)
    if school_id is not None:
        query = query.where(HelpRequest.school_id == school_id)
    if for_update:
        query = query.with_for_update()
    request = await session.scalar(query)
    if request is None:
        raise NotFound(f"No request {request_id}.")
    return request


async def thread_of(session: AsyncSession, request: HelpRequest) -> Thread:
    messages = await session.scalars(
        select(RequestMessage)
        .where(RequestMessage.school_id == request.school_id)
        .where(RequestMessage.request_id == request.id)
        .order_by(RequestMessage.created_at, RequestMessage.id)
    )
    files = await session.scalars(
        select(RequestAttachment)
        .where(RequestAttachment.school_id == request.school_id)
        .where(RequestAttachment.request_id == request.id)
        .order_by(RequestAttachment.created_at, RequestAttachment.id)
    )
    history = await session.scalars(
        select(RequestHistory)
        .where(RequestHistory.school_id == request.school_id)
        .where(RequestHistory.request_id == request.id)
        .order_by(RequestHistory.at, RequestHistory.id)
    )
    return Thread(list(messages), list(files), list(history))


async def add_message(
    session: AsyncSession,
    request: HelpRequest,
    author_id: UUID,
    body: str,
    *,
    side: Side,
    then: RequestStatus | None = None,
) -> RequestMessage:
    """A message of the thread. The desk's message answers the request (or, with `then`
    waiting_for_school, asks the school); the school's reply to a question of the desk puts
    the request back in progress. A closed request takes no message until reopened."""
    if request.status == RequestStatus.CLOSED:
        raise Conflict(
            "The request is closed; reopen it to write.", field="body", code="request-closed"
        )
    await _scope_to_request(session, request)
    now = _now()
    message = RequestMessage(
        school_id=request.school_id,
        id=uuid4(),
        request_id=request.id,
        author_id=author_id,
        side=side.value,
        body=body,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    _record(session, request, HistoryChange.MESSAGE, author_id)
    await emit(
        session,
        outbox,
        event=HelpdeskEvents.REQUEST_MESSAGE_ADDED,
        message=helpdesk_pb2.RequestMessageAdded(
            request_id=str(request.id),
            message_id=str(message.id),
            author_id=str(author_id),
            side=side.value,
            body=body,
            subject=request.subject,
            requester_id=_id(request.author_id),
            assignee_id=_id(request.assignee_id),
        ),
        school_id=request.school_id,
        actor_id=author_id,
    )
    target = _status_after_message(request, side, then)
    if side is Side.DISTRICT and request.answered_at is None:
        request.answered_at, request.answered_by = now, author_id
    request.updated_at = now
    if target is not None and target.value != request.status:
        await _move(session, request, author_id, target)
    await session.flush()
    return message


def _status_after_message(
    request: HelpRequest, side: Side, then: RequestStatus | None
) -> RequestStatus | None:
    if side is Side.DISTRICT:
        return then or RequestStatus.ANSWERED
    if request.status == RequestStatus.WAITING_FOR_SCHOOL:
        return RequestStatus.IN_PROGRESS
    return None


async def assign(
    session: AsyncSession, request: HelpRequest, actor_id: UUID, assignee_id: UUID
) -> HelpRequest:
    """Give the request to a member of the desk; a new request is then in progress."""
    if request.status == RequestStatus.CLOSED:
        raise Conflict("The request is closed.", field="assignee_id", code="request-closed")
    if request.assignee_id == assignee_id:
        return request
    await _scope_to_request(session, request)
    request.assignee_id = assignee_id
    request.updated_at = _now()
    _record(session, request, HistoryChange.ASSIGNED, actor_id, assignee_id=assignee_id)
    await emit(
        session,
        outbox,
        event=HelpdeskEvents.REQUEST_ASSIGNED,
        message=helpdesk_pb2.RequestAssigned(
            request_id=str(request.id),
            assignee_id=str(assignee_id),
            assigned_by=str(actor_id),
            subject=request.subject,
        ),
        school_id=request.school_id,
        actor_id=actor_id,
    )
    if request.status == RequestStatus.NEW:
        await _move(session, request, actor_id, RequestStatus.IN_PROGRESS)
    await session.flush()
    return request


async def change_status(
    session: AsyncSession, request: HelpRequest, actor_id: UUID, to: RequestStatus
) -> HelpRequest:
    """Move the request (the desk's move, a close or a reopening), recorded and published."""
    await _scope_to_request(session, request)
    await _move(session, request, actor_id, to)
    await session.flush()
    return request


async def add_attachment(
    session: AsyncSession, request: HelpRequest, uploaded_by: UUID, file: attachments.CheckedFile
) -> RequestAttachment:
    if request.status == RequestStatus.CLOSED:
        raise Conflict(
            "The request is closed; reopen it to attach files.",
            field="body",
            code="request-closed",
        )
    await _scope_to_request(session, request)
    held = len((await thread_of(session, request)).attachments)
    if held >= attachments.MAX_PER_REQUEST:
        raise Conflict(
            f"A request holds at most {attachments.MAX_PER_REQUEST} files.",
            field="body",
            code="attachments-full",
        )
    attachment = RequestAttachment(
        school_id=request.school_id,
        id=uuid4(),
        request_id=request.id,
        file_name=file.file_name,
        media_type=file.media_type,
        size_bytes=len(file.content),
        content=file.content,
        uploaded_by=uploaded_by,
        created_at=_now(),
    )
    session.add(attachment)
    request.updated_at = attachment.created_at
    _record(session, request, HistoryChange.ATTACHMENT, uploaded_by)
    await session.flush()
    return attachment


async def read_attachment(
    session: AsyncSession, request: HelpRequest, attachment_id: UUID
) -> RequestAttachment:
    attachment = await session.scalar(
        select(RequestAttachment)
        .options(undefer(RequestAttachment.content))
        .where(RequestAttachment.school_id == request.school_id)
        .where(RequestAttachment.request_id == request.id, RequestAttachment.id == attachment_id)
    )
    if attachment is None:
        raise NotFound(f"No attachment {attachment_id} on this request.")
    return attachment


async def request_status(session: AsyncSession, request_id: UUID) -> RequestStatus:
    status = await session.scalar(select(HelpRequest.status).where(HelpRequest.id == request_id))
    if status is None:
        raise NotFound(f"No request {request_id} in this school.")
    return RequestStatus(status)


async def _move(
    session: AsyncSession, request: HelpRequest, actor_id: UUID, to: RequestStatus
) -> None:
    current = RequestStatus(request.status)
    if to not in TRANSITIONS[current]:
        raise Conflict(
            f"A request {current.value} cannot become {to.value}.",
            field="status",
            code="status-transition",
            extra={"params": {"from": current.value, "to": to.value}},
        )
    now = _now()
    request.status = to.value
    request.updated_at = now
    request.closed_at = now if to is RequestStatus.CLOSED else None
    _record(session, request, HistoryChange.STATUS, actor_id, from_status=current, to_status=to)
    await emit(
        session,
        outbox,
        event=HelpdeskEvents.REQUEST_STATUS_CHANGED,
        message=helpdesk_pb2.RequestStatusChanged(
            request_id=str(request.id),
            from_status=current.value,
            to_status=to.value,
            changed_by=str(actor_id),
            requester_id=_id(request.author_id),
            assignee_id=_id(request.assignee_id),
        ),
        school_id=request.school_id,
        actor_id=actor_id,
    )


def _record(
    session: AsyncSession,
    request: HelpRequest,
    change: HistoryChange,
    actor_id: UUID,
    *,
    from_status: RequestStatus | None = None,
    to_status: RequestStatus | None = None,
    assignee_id: UUID | None = None,
) -> None:
    session.add(
        RequestHistory(
            school_id=request.school_id,
            id=uuid4(),
            request_id=request.id,
            change=change.value,
            actor_id=actor_id,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value if to_status else None,
            assignee_id=assignee_id,
            at=_now(),
        )
    )


async def _scope_to_request(session: AsyncSession, request: HelpRequest) -> None:
    """The desk's transaction names no school (or the member's own); the rows it adds and
    its outbox events belong to the request's school, and the tenant policy accepts only
    rows of the transaction's school, so scope it there, keeping the district flag. A
    school's transaction only ever sees its own requests and is already there."""
    if session.info.get(TENANT_SCHOOL) != request.school_id:
        await set_tenant(session, request.school_id, district=True)


def _id(value: UUID | None) -> str:
    return str(value) if value is not None else ""
