from typing import Annotated
from uuid import UUID

from fastapi import APIRouter

from okrug_common.http import SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.personal_data import service
from okrug_identity.personal_data.schemas import PersonalDataRead, PersonalDataUpdate
from okrug_identity.persons.service import get_person

router = APIRouter(tags=["personal data"])


@router.get("/persons/{person_id}/personal-data", response_model=PersonalDataRead)
async def read_personal_data(
    person_id: UUID,
    session: SessionDep,
    principal: access.PersonalDataReader,
    audit: Annotated[ReadAudit, audited(ReadKind.PERSONAL_DATA)],
) -> PersonalDataRead:
    """The person's personal data that an active consent covers; 451 when all of it is
    blocked after a withdrawal."""
    person, _ = await get_person(session, principal.require_school(), person_id)
    await access.require_personal_data_reader(session, principal, person_id, person.kind)
    return await service.read(session, principal.require_school(), person_id)


@router.put("/persons/{person_id}/personal-data", response_model=PersonalDataRead)
async def write_personal_data(
    person_id: UUID, data: PersonalDataUpdate, session: SessionDep, principal: access.RosterWriter
) -> PersonalDataRead:
    """Store personal data; refused (409 consent-required, naming each field) for any field
    no active consent covers. Nothing is written then."""
    person, _ = await get_person(session, principal.require_school(), person_id)
    await access.require_roster_writer_for(session, principal, person_id, person.kind)
    school_id = principal.require_school()
    await service.write(session, principal, school_id, person_id, data)
    return await service.read(session, school_id, person_id)


@router.delete("/persons/{person_id}/personal-data")
async def destroy_personal_data(
    person_id: UUID,
    session: SessionDep,
    principal: access.RosterWriter,
    only_blocked: bool = True,
) -> dict[str, list[str]]:
    """Destroy the person's blocked personal data (or all of it with only_blocked=false)."""
    person, _ = await get_person(session, principal.require_school(), person_id)
    await access.require_roster_writer_for(session, principal, person_id, person.kind)
    erased = await service.destroy(
        session, principal, principal.require_school(), person_id, only_blocked
    )
    return {"destroyed_fields": erased}
