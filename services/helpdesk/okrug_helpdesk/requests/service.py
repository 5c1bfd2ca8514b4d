"""The request log (H1): requests opened by school staff, answered by the district."""

from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.helpdesk.v1 import helpdesk_pb2
from okrug_common.db import set_tenant
from okrug_common.errors import Conflict, NotFound
from okrug_common.event_catalog import HelpdeskEvents
from okrug_common.outbox import emit
from okrug_helpdesk.access import Author
from okrug_helpdesk.models import HelpRequest, RequestCategory, RequestStatus, outbox
from okrug_helpdesk.requests.schemas import RequestCreate


async def open_request(session: AsyncSession, author: Author, data: RequestCreate) -> HelpRequest:
    request = HelpRequest(
        school_id=author.school_id,
        id=uuid4(),
        author_id=author.person_id,
        author_role=author.role.value,
        category=data.category.value,
        subject=data.subject,
        text=data.text,
        status=RequestStatus.OPEN.value,
        created_at=datetime.now(UTC),
    )
    session.add(request)
    await session.flush()
    await emit(
        session,
        outbox,
        event=HelpdeskEvents.REQUEST_OPENED,
        message=helpdesk_pb2.RequestOpened(
            request_id=str(request.id),
            category=request.category,
            author_id=str(request.author_id),
        ),
        school_id=request.school_id,
        actor_id=author.person_id,
    )
    return request


async def list_requests(
    session: AsyncSession,
    *,
    school_id: UUID | None,
    status: RequestStatus | None,
    category: RequestCategory | None,
    limit: int,
) -> list[HelpRequest]:
    """Newest first. `school_id` None lists every school the transaction may see (the
    district's log, in a district-scoped transaction)."""
    query = select(HelpRequest).order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
    if school_id is not None:
        query = query.where(HelpRequest.school_id == school_id)
    if status is not None:
        query = query.where(HelpRequest.status == status.value)
    if category is not None:
        query = query.where(HelpRequest.category == category.value)
    return list(await session.scalars(query.limit(limit)))


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


async def answer_request(
    session: AsyncSession, request_id: UUID, answered_by: UUID, answer: str
) -> HelpRequest:
    """Answer an open request (district roles, in a district-scoped transaction)."""
    request = await get_request(session, request_id, school_id=None, for_update=True)
    if request.status != RequestStatus.OPEN:
        raise Conflict(f"The request is {request.status}; only open requests are answered.")
    request.answer = answer
    request.answered_by = answered_by
    request.answered_at = datetime.now(UTC)
    request.status = RequestStatus.ANSWERED.value
    await session.flush()
    # The outbox row belongs to the request's school, and the outbox policy only accepts rows
    # of the transaction's school (WITH CHECK school_id = app.school_id). A district role's
    # transaction names no school (or the agent's own), so scope it to the request's school,
    # keeping the district flag, before emitting.
    await set_tenant(session, request.school_id, district=True)
    await emit(
        session,
        outbox,
        event=HelpdeskEvents.REQUEST_ANSWERED,
        message=helpdesk_pb2.RequestAnswered(
            request_id=str(request.id), answered_by=str(answered_by)
        ),
        school_id=request.school_id,
        actor_id=answered_by,
    )
    return request


async def close_request(session: AsyncSession, request: HelpRequest) -> HelpRequest:
    """Close a request (the caller was checked against it by access.require_closer)."""
    if request.status == RequestStatus.CLOSED:
        raise Conflict("The request is already closed.")
    request.status = RequestStatus.CLOSED.value
    await session.flush()
    return request


async def request_status(session: AsyncSession, request_id: UUID) -> RequestStatus:
    status = await session.scalar(select(HelpRequest.status).where(HelpRequest.id == request_id))
    if status is None:
        raise NotFound(f"No request {request_id} in this school.")
    return RequestStatus(status)
