from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.errors import Forbidden
from okrug_common.http import RuntimeDep, SessionDep
from okrug_identity import access
from okrug_identity.models import School
from okrug_identity.schools import service
from okrug_identity.schools.schemas import (
    Accreditation,
    Licence,
    SchoolCreate,
    SchoolProfile,
    SchoolRead,
)

router = APIRouter(prefix="/schools", tags=["schools"])


def _read(school: School) -> SchoolRead:
    return SchoolRead(
        id=school.school_id,
        name=school.name,
        short_name=school.short_name,
        time_zone=school.time_zone,
        created_at=school.created_at,
        address=school.address,
        director_name=school.director_name,
        licences=[Licence.model_validate(x) for x in school.licences or []],
        accreditation=Accreditation.model_validate(school.accreditation)
        if school.accreditation
        else None,
        profile_updated_at=school.profile_updated_at,
        profile_updated_by=school.profile_updated_by,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SchoolRead)
async def create_school(
    data: SchoolCreate, session: SessionDep, principal: access.SchoolOpener, runtime: RuntimeDep
) -> SchoolRead:
    """The district admin opens a school: a tenant here, an Organization in Keycloak (I1)."""
    return _read(await service.create_school(session, runtime.state["directory"], principal, data))


@router.get("", response_model=list[SchoolRead])
async def list_schools(session: SessionDep, principal: access.SchoolReader) -> list[SchoolRead]:
    return [_read(s) for s in await service.list_schools(session)]


@router.get("/{school_id}", response_model=SchoolRead)
async def get_school(
    school_id: UUID, session: SessionDep, principal: access.SchoolReader
) -> SchoolRead:
    """The school's card: its own people and the district read it."""
    return _read(await service.get_school(session, school_id))


@router.put("/{school_id}/profile", response_model=SchoolRead)
async def update_profile(
    school_id: UUID, data: SchoolProfile, session: SessionDep, principal: access.SchoolAdmin
) -> SchoolRead:
    """The school admin keeps the school's card current (I1): names, address, director,
    licences and accreditation with numbers and dates, time zone."""
    if principal.school_id != school_id:
        raise Forbidden("This is another school's card.")
    return _read(await service.update_profile(session, principal, school_id, data))
