from uuid import UUID

from fastapi import APIRouter, Response, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.calendar.service import get_year
from okrug_schedule.curriculum import service
from okrug_schedule.curriculum.schemas import (
    AssignmentCreate,
    AssignmentRead,
    Curriculum,
    CurriculumItemRead,
    LoadCheck,
)
from okrug_schedule.models import CurriculumItem, TeachingAssignment

router = APIRouter(tags=["curriculum"])


def _item(item: CurriculumItem) -> CurriculumItemRead:
    return CurriculumItemRead(
        grade=item.grade,
        subject_id=item.subject_id,
        hours_per_week=item.hours_per_week,
        hours_per_year=item.hours_per_year,
    )


def _assignment(assignment: TeachingAssignment) -> AssignmentRead:
    return AssignmentRead(
        id=assignment.id,
        year_id=assignment.year_id,
        teacher_id=assignment.teacher_id,
        subject_id=assignment.subject_id,
        class_id=assignment.class_id,
        group_id=assignment.group_id,
        hours_per_week=assignment.hours_per_week,
    )


@router.put("/years/{year_id}/curriculum", response_model=list[CurriculumItemRead])
async def set_curriculum(
    year_id: UUID, data: Curriculum, principal: access.StructureWriter, session: SessionDep
) -> list[CurriculumItemRead]:
    items = await service.set_curriculum(session, principal.require_school(), year_id, data.items)
    return [_item(i) for i in items]


@router.get("/years/{year_id}/curriculum", response_model=list[CurriculumItemRead])
async def get_curriculum(
    year_id: UUID, principal: access.StructureReader, session: SessionDep
) -> list[CurriculumItemRead]:
    await get_year(session, year_id)
    return [_item(i) for i in await service.curriculum_of(session, year_id)]


@router.get("/years/{year_id}/load-check", response_model=LoadCheck)
async def check_load(
    year_id: UUID, principal: access.StructureReader, session: SessionDep
) -> LoadCheck:
    """Does the teaching load cover the curriculum? The gaps, class by class."""
    await get_year(session, year_id)
    gaps = await service.check_load(session, year_id)
    return LoadCheck(
        year_id=year_id,
        covered=not any(g.kind in ("missing", "short") for g in gaps),
        gaps=gaps,
    )


@router.post("/teaching-load", status_code=status.HTTP_201_CREATED, response_model=AssignmentRead)
async def assign(
    data: AssignmentCreate,
    principal: access.StructureWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> AssignmentRead:
    return _assignment(await service.assign(session, runtime.channels["identity"], principal, data))


@router.get("/teaching-load", response_model=list[AssignmentRead])
async def list_load(
    principal: access.StructureReader,
    session: SessionDep,
    year_id: UUID | None = None,
    teacher_id: UUID | None = None,
    class_id: UUID | None = None,
) -> list[AssignmentRead]:
    return [_assignment(a) for a in await service.list_load(session, year_id, teacher_id, class_id)]


@router.delete("/teaching-load/{assignment_id}", status_code=204)
async def unassign(
    assignment_id: UUID, principal: access.StructureWriter, session: SessionDep
) -> Response:
    await service.unassign(session, principal, assignment_id)
    return Response(status_code=204)
