from uuid import UUID

from fastapi import APIRouter

from okrug_common.http import RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.deputies import service
from okrug_schedule.deputies.schemas import DeputyGrades, DeputyRead

router = APIRouter(prefix="/deputies", tags=["deputies"])


@router.put("/{deputy_id}/grades", response_model=DeputyRead)
async def set_grades(
    deputy_id: UUID,
    data: DeputyGrades,
    principal: access.SchoolHead,
    session: SessionDep,
    runtime: RuntimeDep,
) -> DeputyRead:
    """The director (or school admin) makes a deputy responsible for grade levels."""
    grades = await service.set_grades(
        session, runtime.channels["identity"], principal.require_school(), deputy_id, data.grades
    )
    return DeputyRead(deputy_id=deputy_id, grades=grades)


@router.get("", response_model=list[DeputyRead])
async def list_deputies(principal: access.StructureReader, session: SessionDep) -> list[DeputyRead]:
    deputies = await service.list_deputies(session)
    return [DeputyRead(deputy_id=d, grades=g) for d, g in deputies.items()]
