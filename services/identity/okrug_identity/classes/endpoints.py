from typing import Annotated
from uuid import UUID

from fastapi import APIRouter

from okrug_common.http import SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.classes import people
from okrug_identity.classes.schemas import ClassPeople

router = APIRouter(tags=["classes"])


@router.get("/classes/{class_id}/people", response_model=ClassPeople)
async def class_people(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassPeopleReader,
    audit: Annotated[ReadAudit, audited(ReadKind.PERSONS)],
) -> ClassPeople:
    """The class's students and their parents: logins, the parents' access applications and
    when each was last issued a one-time password (I2), for the class teacher who prints the
    slips (POST /classes/{class_id}/credential-slips)."""
    school_id = principal.require_school()
    await access.require_class_people_reader(session, principal, class_id)
    await people.require_known_class(session, class_id)
    found = await people.class_people(session, school_id, class_id)
    audit.covers([s.id for s in found.students] + [p.id for s in found.students for p in s.parents])
    return found
