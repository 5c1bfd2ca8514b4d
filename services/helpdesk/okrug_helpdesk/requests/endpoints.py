"""The request log (H1): the school's staff open requests and follow their threads; the
district's desk (support agents, the working group) logs calls on a caller's behalf,
answers, assigns and moves requests of every school."""

from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.http import SessionDep
from okrug_helpdesk import access
from okrug_helpdesk.models import (
    HelpRequest,
    RequestAttachment,
    RequestCategory,
    RequestChannel,
    RequestKind,
    RequestStatus,
    Side,
)
from okrug_helpdesk.requests import attachments, service
from okrug_helpdesk.requests.schemas import (
    Assignment,
    AttachmentRead,
    HistoryRead,
    MessageCreate,
    MessageRead,
    RequestCreate,
    RequestDetail,
    RequestLog,
    RequestRead,
    StatusChange,
)

router = APIRouter(prefix="/requests", tags=["requests"])

FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _read(request: HelpRequest) -> RequestRead:
    return RequestRead(
        id=request.id,
        school_id=request.school_id,
        author_id=request.author_id,
        author_role=request.author_role,
        caller_name=request.caller_name,
        logged_by=request.logged_by,
        channel=RequestChannel(request.channel),
        category=RequestCategory(request.category),
        kind=RequestKind(request.kind),
        subject=request.subject,
        text=request.text,
        status=RequestStatus(request.status),
        assignee_id=request.assignee_id,
        answered_by=request.answered_by,
        answered_at=request.answered_at,
        closed_at=request.closed_at,
        created_at=request.created_at,
        updated_at=request.updated_at,
        seconds_to_answer=request.seconds_to_answer,
    )


def _attachment(attachment: RequestAttachment) -> AttachmentRead:
    return AttachmentRead.model_validate(attachment, from_attributes=True)


async def _detail(session: SessionDep, request: HelpRequest) -> RequestDetail:
    thread = await service.thread_of(session, request)
    return RequestDetail(
        **_read(request).model_dump(),
        messages=[MessageRead.model_validate(m, from_attributes=True) for m in thread.messages],
        attachments=[_attachment(a) for a in thread.attachments],
        history=[HistoryRead.model_validate(h, from_attributes=True) for h in thread.history],
    )


async def _readable(
    session: SessionDep, principal: Principal, request_id: UUID, *, for_update: bool = False
) -> HelpRequest:
    """The request, if the principal may read it: their own school's, or any for the
    district's roles."""
    own_school = await access.school_read(principal)
    return await service.get_request(
        session, request_id, school_id=own_school, for_update=for_update
    )


@router.post("", status_code=201, response_model=RequestRead)
async def open_request(
    data: RequestCreate, session: SessionDep, principal: access.RequestOpener
) -> RequestRead:
    """School staff log a question, remark or proposal, asking for methodological,
    consulting or technical help (H1)."""
    author = access.author(principal, data.author_role)
    return _read(await service.open_request(session, author, data))


@router.post("/logged", status_code=201, response_model=RequestRead)
async def log_request(
    data: RequestLog, session: SessionDep, principal: access.RequestLogger
) -> RequestRead:
    """The desk logs a call, visit, e-mail or chat on the caller's behalf (H1)."""
    return _read(await service.log_request(session, principal.require_person(), data))


@router.get("", response_model=list[RequestRead])
async def list_requests(
    session: SessionDep,
    principal: access.RequestReader,
    status: RequestStatus | None = None,
    category: RequestCategory | None = None,
    kind: RequestKind | None = None,
    channel: RequestChannel | None = None,
    school_id: UUID | None = None,
    assignee_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[RequestRead]:
    """School staff: their school's requests. District roles: the district's request log,
    filtered by status, school, category, kind, channel and assignee."""
    own_school = await access.school_read(principal)
    if own_school is not None:
        if school_id is not None and school_id != own_school:
            raise Forbidden("Only district roles read other schools' requests.")
        school_id = own_school
    where = service.RequestFilter(
        school_id=school_id,
        status=status,
        category=category,
        kind=kind,
        channel=channel,
        assignee_id=assignee_id,
        limit=limit,
    )
    return [_read(r) for r in await service.list_requests(session, where)]


@router.get("/{request_id}", response_model=RequestDetail)
async def get_request(
    request_id: UUID, session: SessionDep, principal: access.RequestReader
) -> RequestDetail:
    """The request with its thread, its files and its history."""
    return await _detail(session, await _readable(session, principal, request_id))


@router.post("/{request_id}/messages", status_code=201, response_model=RequestDetail)
async def add_message(
    request_id: UUID, data: MessageCreate, session: SessionDep, principal: access.RequestWriter
) -> RequestDetail:
    """A message of the thread: the desk's answers it (or asks the school, `status`
    waiting_for_school); the school's reply to a question puts it back in progress."""
    request = await _readable(session, principal, request_id, for_update=True)
    side = Side.DISTRICT if await access.is_desk(principal) else Side.SCHOOL
    await service.add_message(
        session, request, principal.require_person(), data.body, side=side, then=data.status
    )
    return await _detail(session, request)


@router.post("/{request_id}/assign", response_model=RequestDetail)
async def assign_request(
    request_id: UUID, data: Assignment, session: SessionDep, principal: access.RequestAnswerer
) -> RequestDetail:
    """Give the request to a member of the desk (a new request is then in progress)."""
    request = await _readable(session, principal, request_id, for_update=True)
    await service.assign(session, request, principal.require_person(), data.assignee_id)
    return await _detail(session, request)


@router.post("/{request_id}/status", response_model=RequestDetail)
async def change_status(
    request_id: UUID, data: StatusChange, session: SessionDep, principal: access.RequestAnswerer
) -> RequestDetail:
    """The desk moves the request: in progress, waiting for the school, answered, closed."""
    request = await _readable(session, principal, request_id, for_update=True)
    await service.change_status(session, request, principal.require_person(), data.status)
    return await _detail(session, request)


@router.post("/{request_id}/close", response_model=RequestRead)
async def close_request(
    request_id: UUID, session: SessionDep, principal: access.RequestCloser
) -> RequestRead:
    """The author or the district's desk closes a request."""
    request = await _readable(session, principal, request_id, for_update=True)
    await access.require_closer(principal, request)
    await service.change_status(session, request, principal.require_person(), RequestStatus.CLOSED)
    return _read(request)


@router.post("/{request_id}/reopen", response_model=RequestRead)
async def reopen_request(
    request_id: UUID, session: SessionDep, principal: access.RequestReopener
) -> RequestRead:
    """The school's staff reopen an answered or closed request of their school."""
    request = await _readable(session, principal, request_id, for_update=True)
    await service.change_status(
        session, request, principal.require_person(), RequestStatus.REOPENED
    )
    return _read(request)


@router.post(
    "/{request_id}/attachments",
    status_code=201,
    response_model=AttachmentRead,
    openapi_extra=FILE_BODY,
)
async def add_attachment(
    request_id: UUID,
    http_request: Request,
    session: SessionDep,
    principal: access.RequestWriter,
    file_name: Annotated[str, Query(min_length=1, max_length=255)],
) -> AttachmentRead:
    """A file for the request, the raw bytes as the body (at most 5 MB; PDF, PNG, JPEG,
    DOCX, XLSX or plain text, as found in the content, whatever the name says)."""
    request = await _readable(session, principal, request_id, for_update=True)
    checked = attachments.check(await attachments.read_body(http_request), file_name)
    attachment = await service.add_attachment(session, request, principal.require_person(), checked)
    return _attachment(attachment)


@router.get(
    "/{request_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_attachment(
    request_id: UUID, attachment_id: UUID, session: SessionDep, principal: access.RequestReader
) -> Response:
    """The file, to whoever may read the request, under the type found in its content."""
    request = await _readable(session, principal, request_id)
    attachment = await service.read_attachment(session, request, attachment_id)
    return Response(
        content=attachment.content,
        media_type=attachment.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.file_name)}",
            "X-Content-Type-Options": "nosniff",
        },
    )
