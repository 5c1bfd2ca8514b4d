"""REST of the district's oversight settings: /journal/oversight/settings."""

from fastapi import APIRouter

from okrug_common.http import SessionDep
from okrug_journal import access
from okrug_journal.oversight.scope import OversightScopeDep
from okrug_journal.oversight.settings import service
from okrug_journal.oversight.settings.schemas import DistrictSettings, DistrictSettingsRead

router = APIRouter(prefix="/oversight", tags=["oversight"])


@router.get("/settings", response_model=DistrictSettingsRead)
async def read_settings(scope: OversightScopeDep) -> DistrictSettingsRead:
    """What the district holds every school to (O1): the minimum of marks per student per
    subject and study period, the thresholds. Oversight's readers."""
    return await service.read_settings(scope.session)


@router.put("/settings", response_model=DistrictSettingsRead)
async def set_settings(
    data: DistrictSettings, session: SessionDep, principal: access.OversightSettingsWriter
) -> DistrictSettingsRead:
    """The district admin sets them; every figure reads them from then on."""
    return await service.set_settings(session, data, principal.require_person())
