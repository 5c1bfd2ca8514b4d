from uuid import UUID

from fastapi import APIRouter

from okrug_common.http import SessionDep
from okrug_schedule import access
from okrug_schedule.rollover import service
from okrug_schedule.rollover.schemas import RolloverRead, YearClose

router = APIRouter(tags=["calendar"])


@router.post("/years/{year_id}/close", response_model=RolloverRead)
async def close_year(
    year_id: UUID, data: YearClose, principal: access.SchoolHead, session: SessionDep
) -> RolloverRead:
    """Close the year (I6): promote its classes with their students into the next year,
    graduate grade 11, archive the year read-only."""
    result = await service.close_year(session, principal, year_id, data.next_year_id)
    return RolloverRead(
        year_id=year_id,
        next_year_id=data.next_year_id,
        promoted=result.promoted,
        promoted_students=result.promoted_students,
        graduated_classes=result.graduated_classes,
        graduated_students=result.graduated_students,
        curriculum_items_carried=result.curriculum_items_carried,
    )
