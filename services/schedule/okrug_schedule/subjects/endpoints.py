from fastapi import APIRouter, status

from okrug_common.http import PrincipalDep, SessionDep
from okrug_schedule import access
from okrug_schedule.subjects import service
from okrug_schedule.subjects.schemas import SubjectCreate, SubjectRead

router = APIRouter(prefix="/subjects", tags=["subjects"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SubjectRead)
async def create_subject(
    data: SubjectCreate, session: SessionDep, principal: PrincipalDep
) -> SubjectRead:
    access.require_planner(principal)
    subject = await service.create_subject(session, principal.require_school(), data)
    return SubjectRead(id=subject.id, name=subject.name)


@router.get("", response_model=list[SubjectRead])
async def list_subjects(session: SessionDep, principal: PrincipalDep) -> list[SubjectRead]:
    access.require_staff_reader(principal)
    return [SubjectRead(id=s.id, name=s.name) for s in await service.list_subjects(session)]
