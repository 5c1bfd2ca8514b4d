from fastapi import APIRouter, status

from okrug_common.http import SessionDep
from okrug_identity import access
from okrug_identity.guardians import service
from okrug_identity.guardians.schemas import GuardianLinkCreate, GuardianLinkRead

router = APIRouter(prefix="/guardians", tags=["guardians"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=GuardianLinkRead)
async def link_guardian(
    data: GuardianLinkCreate, session: SessionDep, principal: access.SchoolAdmin
) -> GuardianLinkRead:
    """The school admin links a parent to their child (on the parent's application, I2)."""
    guardian_link = await service.link(session, principal, data)
    return GuardianLinkRead.model_validate(guardian_link, from_attributes=True)
