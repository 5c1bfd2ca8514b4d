from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.errors import Forbidden
from okrug_common.http import SessionDep
from okrug_helpdesk import access
from okrug_helpdesk.models import HelpRequest, RequestCategory, RequestStatus
from okrug_helpdesk.requests import service
from okrug_helpdesk.requests.schemas import RequestAnswer, RequestCreate, RequestRead

router = APIRouter(prefix="/requests", tags=["requests"])


def _read(request: HelpRequest) -> RequestRead:
    return RequestRead(
        id=request.id,
        school_id=request.school_id,
        author_id=request.author_id,
        author_role=request.author_role,
        category=RequestCategory(request.category),
        subject=request.subject,
        text=request.text,
        status=RequestStatus(request.status),
        answer=request.answer,
        answered_by=request.answered_by,
        answered_at=request.answered_at,
        created_at=request.created_at,
        seconds_to_answer=request.seconds_to_answer,
    )


@router.post("", status_code=201, response_model=RequestRead)
async def open_request(
    data: RequestCreate, session: SessionDep, principal: access.RequestOpener
) -> RequestRead:
    """School staff log a question, remark, proposal or a request for help (H1)."""
    author = access.author(principal, data.author_role)
    return _read(await service.open_request(session, author, data))


@router.get("", response_model=list[RequestRead])
async def list_requests(
    session: SessionDep,
    principal: access.RequestReader,
    status: RequestStatus | None = None,
    category: RequestCategory | None = None,
    school_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[RequestRead]:
    """School staff: their school's requests. District roles: the district's request log."""
    own_school = await access.school_read(principal)
    if own_school is not None:
        if school_id is not None and school_id != own_school:
            raise Forbidden("Only district roles read other schools' requests.")
        school_id = own_school
    requests = await service.list_requests(
        session, school_id=school_id, status=status, category=category, limit=limit
    )
    return [_read(r) for r in requests]


@router.get("/{request_id}", response_model=RequestRead)
async def get_request(
    request_id: UUID, session: SessionDep, principal: access.RequestReader
) -> RequestRead:
    own_school = await access.school_read(principal)
    return _read(await service.get_request(session, request_id, school_id=own_school))


@router.post("/{request_id}/answer", response_model=RequestRead)
async def answer_request(
    request_id: UUID, data: RequestAnswer, session: SessionDep, principal: access.RequestAnswerer
) -> RequestRead:
    """Support agents and working-group members answer (H1: who answered, time to answer)."""
    answered_by = principal.require_person()
    return _read(await service.answer_request(session, request_id, answered_by, data.answer))


@router.post("/{request_id}/close", response_model=RequestRead)
async def close_request(
    request_id: UUID, session: SessionDep, principal: access.RequestCloser
) -> RequestRead:
    """The author or a support agent closes a request."""
    own_school = await access.school_read(principal)
    request = await service.get_request(session, request_id, school_id=own_school, for_update=True)
    await access.require_closer(principal, request)
    return _read(await service.close_request(session, request))
