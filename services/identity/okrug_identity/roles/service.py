"""Roles at a school and membership of it (I5, R4): grants, revocations and the end of a
membership.

What a token carries lives in the account directory: a school role is membership of the
group `/schools/<school id>/<role>` in Keycloak (or the local store). identity's
role_grants keeps the same grants with who granted them, and role_changes every change.
The directory is written first: a revocation whose own transaction then fails leaves the
person with less access than identity's rows say, never more, and doing it again finishes
it.

Removing a role or a membership ends the account's sessions (Keycloak's admin logout, all
of the account's sessions, every school's): no refresh token works any more, and the next
token lacks the role. An access token issued before keeps working until it expires (the
realm's access token lifespan, 300 s): services verify tokens by their signature and do
not ask Keycloak on each request. The events person.roles_revoked and
person.membership_ended let other services react sooner.
"""

from collections.abc import Awaitable, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, NotFound, Unavailable
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.accounts.directory import AccountDirectory
from okrug_identity.accounts.keycloak import AccountNotFound, DirectoryError
from okrug_identity.models import Person, RoleGrant, outbox
from okrug_identity.persons.service import roles_of
from okrug_identity.roles import history

DIRECTORY_FAILED = "The account directory did not complete the request."


async def grant_roles(
    session: AsyncSession,
    directory: AccountDirectory,
    principal: Principal,
    person: Person,
    roles: Sequence[str],
) -> list[str]:
    """Add roles at the person's school (its role groups), recorded with who granted them."""
    if person.left_at is not None:
        raise Conflict("The person has left this school: attach them again first.", field="roles")
    held = set(await roles_of(session, person.school_id, person.person_id))
    new = sorted(set(roles) - held)
    if not new:
        return sorted(held)
    try:
        await directory.grant_school_roles(person.person_id, person.school_id, new)
    except DirectoryError as exc:
        raise Unavailable(DIRECTORY_FAILED) from exc
    session.add_all(
        RoleGrant(
            school_id=person.school_id,
            person_id=person.person_id,
            role=r,
            granted_by=principal.person_id,
        )
        for r in new
    )
    history.record(session, person.school_id, person.person_id, principal.person_id, granted=new)
    await session.flush()
    every = sorted(held | set(new))
    await emit(
        session,
        outbox,
        event=IdentityEvents.PERSON_ROLES_GRANTED,
        message=identity_pb2.PersonRolesGranted(
            person_id=str(person.person_id), roles=new, all_roles=every
        ),
        school_id=person.school_id,
        actor_id=principal.person_id,
    )
    return every


async def revoke_role(
    session: AsyncSession,
    directory: AccountDirectory,
    principal: Principal,
    person: Person,
    role: str,
) -> list[str]:
    """Remove one role at the person's school and end the account's sessions; returns the
    roles the person keeps there."""
    held = await roles_of(session, person.school_id, person.person_id)
    if role not in held:
        raise NotFound(f"The person does not hold the role {role} at this school.")
    await _in_directory(directory.revoke_school_roles(person.person_id, person.school_id, [role]))
    await _end_sessions(directory, person)
    await session.execute(
        delete(RoleGrant).where(
            RoleGrant.school_id == person.school_id,
            RoleGrant.person_id == person.person_id,
            RoleGrant.role == role,
        )
    )
    history.record(session, person.school_id, person.person_id, principal.person_id, revoked=[role])
    remaining = [r for r in held if r != role]
    await session.flush()
    await emit(
        session,
        outbox,
        event=IdentityEvents.PERSON_ROLES_REVOKED,
        message=identity_pb2.PersonRolesRevoked(
            person_id=str(person.person_id), roles=[role], all_roles=remaining
        ),
        school_id=person.school_id,
        actor_id=principal.person_id,
    )
    return remaining


async def end_membership(
    session: AsyncSession, directory: AccountDirectory, principal: Principal, person: Person
) -> list[str]:
    """The person leaves the school: out of its Organization and role groups, every role
    there revoked, the account's sessions ended. The person's row stays (names in the
    school's documents), marked as left. Returns the roles revoked."""
    if person.left_at is not None:
        raise NotFound("The person has already left this school.")
    held = await roles_of(session, person.school_id, person.person_id)
    await _in_directory(directory.remove_from_school(person.person_id, person.school_id))
    await _end_sessions(directory, person)
    await session.execute(
        delete(RoleGrant).where(
            RoleGrant.school_id == person.school_id, RoleGrant.person_id == person.person_id
        )
    )
    person.left_at = datetime.now(UTC)
    person.left_by = principal.person_id
    history.record(
        session, person.school_id, person.person_id, principal.person_id, revoked=held, left=True
    )
    await session.flush()
    await emit(
        session,
        outbox,
        event=IdentityEvents.PERSON_MEMBERSHIP_ENDED,
        message=identity_pb2.PersonMembershipEnded(person_id=str(person.person_id), roles=held),
        school_id=person.school_id,
        actor_id=principal.person_id,
    )
    return held


async def _in_directory(change: Awaitable[None]) -> None:
    """Run a directory change; an account the directory no longer has holds nothing there."""
    try:
        await change
    except AccountNotFound:
        return
    except DirectoryError as exc:
        raise Unavailable(DIRECTORY_FAILED) from exc


async def _end_sessions(directory: AccountDirectory, person: Person) -> None:
    await _in_directory(directory.end_sessions(person.person_id))
