from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.models import Subject, SubjectComponent
from okrug_schedule.subjects import service
from okrug_schedule.subjects.federal import FEDERAL_SUBJECTS
from okrug_schedule.subjects.schemas import SubjectCreate, SubjectLinks, SubjectRead

router = APIRouter(prefix="/subjects", tags=["subjects"])


def _read(subject: Subject) -> SubjectRead:
    return SubjectRead(
        id=subject.id, name=subject.name, component=SubjectComponent(subject.component)
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SubjectRead)
async def create_subject(
    data: SubjectCreate, principal: access.StructureWriter, session: SessionDep
) -> SubjectRead:
    return _read(await service.create_subject(session, principal.require_school(), data))


@router.get("", response_model=list[SubjectRead])
async def list_subjects(
    principal: access.StructureReader, session: SessionDep
) -> list[SubjectRead]:
    return [_read(s) for s in await service.list_subjects(session)]


@router.get("/federal-list", response_model=list[str])
async def federal_list(principal: access.StructureReader) -> list[str]:
    """The federal curriculum's subjects a school picks from."""
    return list(FEDERAL_SUBJECTS)


@router.get("/{subject_id}/links", response_model=SubjectLinks)
async def get_links(
    subject_id: UUID, principal: access.StructureReader, session: SessionDep
) -> SubjectLinks:
    await service.get_subject(session, subject_id)
    return await service.links_of(session, subject_id)


@router.put("/{subject_id}/links", response_model=SubjectLinks)
async def set_links(
    subject_id: UUID,
    data: SubjectLinks,
    principal: access.StructureWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> SubjectLinks:
    return await service.set_links(
        session, runtime.channels["identity"], principal.require_school(), subject_id, data
    )
