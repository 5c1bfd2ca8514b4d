from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.guardians import service
from okrug_identity.guardians.schemas import (
    GuardianLinkCreate,
    GuardianLinkOfPerson,
    GuardianLinkRead,
)
from okrug_identity.persons.service import get_person

router = APIRouter(tags=["guardians"])


@router.post("/guardians", status_code=status.HTTP_201_CREATED, response_model=GuardianLinkRead)
async def link_guardian(
    data: GuardianLinkCreate, session: SessionDep, principal: access.SchoolAdmin
) -> GuardianLinkRead:
    """The school admin links a parent to their child (on the parent's application, I2)."""
    guardian_link = await service.link(session, principal, data)
    return GuardianLinkRead.model_validate(guardian_link, from_attributes=True)


@router.get("/persons/{person_id}/guardian-links", response_model=list[GuardianLinkOfPerson])
async def list_guardian_links(
    person_id: UUID,
    session: SessionDep,
    principal: access.PersonalDataReader,
    audit: Annotated[ReadAudit, audited(ReadKind.PERSONS)],
) -> list[GuardianLinkOfPerson]:
    """A student's guardians or a parent's children at this school, with their names (I2):
    whoever reads the person's personal data (the roster's readers, the student's class
    teacher, the person themself, a child's guardian)."""
    school_id = principal.require_school()
    person, _ = await get_person(session, school_id, person_id)
    await access.require_personal_data_reader(session, principal, person_id, person.kind)
    links = await service.links_of(session, school_id, person_id)
    audit.covers(other.person_id for _, other in links)
    return [
        GuardianLinkOfPerson(
            guardian_id=link.guardian_id,
            student_id=link.student_id,
            other_id=other.person_id,
            other_last_name=other.last_name,
            other_first_name=other.first_name,
            other_middle_name=other.middle_name,
            created_at=link.created_at,
        )
        for link, other in links
    ]
