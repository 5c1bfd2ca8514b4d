"""Removing a person's role at a school or their membership of it, and the history of their
roles there (I5, R4). Each removal ends the person's sessions; see roles/service.py for
what that means for an access token already issued."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter

from okrug_common.errors import Forbidden
from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_common.roles import Role
from okrug_identity import access
from okrug_identity.models import Person
from okrug_identity.persons import service as persons
from okrug_identity.roles import history, service
from okrug_identity.roles.schemas import PersonRoles, RoleChangeRead

router = APIRouter(tags=["roles"])


def _roles(person: Person, roles: list[str]) -> PersonRoles:
    return PersonRoles(
        person_id=person.person_id, school_id=person.school_id, roles=roles, left_at=person.left_at
    )


@router.delete("/persons/{person_id}/roles/{role}", response_model=PersonRoles)
async def revoke_role(
    person_id: UUID,
    role: Role,
    session: SessionDep,
    principal: access.SchoolAdmin,
    runtime: RuntimeDep,
) -> PersonRoles:
    """The school admin removes a role the person holds at this school. The person's
    sessions end: no refresh token works and their next token lacks the role; an access
    token already issued holds until it expires (at most 300 s). Published as
    the event IdentityEvents.PERSON_ROLES_REVOKED."""
    if person_id == principal.person_id and role == Role.SCHOOL_ADMIN:
        raise Forbidden("Nobody removes their own school admin role; another admin may.")
    person, _ = await persons.get_person(session, principal.require_school(), person_id)
    remaining = await service.revoke_role(
        session, runtime.state["directory"], principal, person, role.value
    )
    return _roles(person, remaining)


@router.delete("/persons/{person_id}/membership", response_model=PersonRoles)
async def end_membership(
    person_id: UUID, session: SessionDep, principal: access.SchoolAdmin, runtime: RuntimeDep
) -> PersonRoles:
    """The school admin ends a person's membership of the school (a teacher leaves, a parent
    no longer has a child here): every role there is revoked, the account can no longer ask
    for a token of this school, its sessions end. The person's record stays for the
    school's documents. Published as the event IdentityEvents.PERSON_MEMBERSHIP_ENDED."""
    if person_id == principal.person_id:
        raise Forbidden("Nobody ends their own membership; another admin may.")
    person, _ = await persons.get_person(session, principal.require_school(), person_id)
    await service.end_membership(session, runtime.state["directory"], principal, person)
    return _roles(person, [])


@router.get("/persons/{person_id}/role-changes", response_model=list[RoleChangeRead])
async def role_changes(
    person_id: UUID,
    session: SessionDep,
    principal: access.RoleHistoryReader,
    audit: Annotated[ReadAudit, audited(ReadKind.PERSONS)],
) -> list[RoleChangeRead]:
    """Who granted or removed which of the person's roles at this school, and when; when the
    person joined and left (the school's leadership reads it)."""
    await persons.get_person(session, principal.require_school(), person_id)
    return [
        RoleChangeRead(
            id=c.change_id,
            person_id=c.person_id,
            change=c.change,
            role=c.role,
            changed_by=c.changed_by,
            changed_at=c.changed_at,
        )
        for c in await history.changes_of(session, person_id)
    ]
