import secrets
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from unidecode import unidecode

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound, Unavailable
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.accounts.directory import CONFIGURE_TOTP, TOTP_ROLES, AccountDirectory
from okrug_identity.accounts.keycloak import (
    AccountExists,
    AccountNotFound,
    DirectoryError,
    PasswordRejected,
)
from okrug_identity.models import GuardianLink, Person, RoleGrant, School, outbox
from okrug_identity.persons.schemas import PersonAttach, PersonCreate
from okrug_identity.roles import history

KIND_PROTO = {
    "staff": identity_pb2.PERSON_KIND_STAFF,
    "student": identity_pb2.PERSON_KIND_STUDENT,
    "parent": identity_pb2.PERSON_KIND_PARENT,
}


def suggest_username(last_name: str, first_name: str) -> str:
    """A readable login from the name (Иванова Мария -> ivanova.m4821)."""
    base = "".join(c for c in unidecode(last_name).lower() if c.isalnum()) or "user"
    initial = "".join(c for c in unidecode(first_name).lower() if c.isalnum())[:1]
    return f"{base}.{initial}{secrets.randbelow(10000):04d}"


async def create_person(
    session: AsyncSession,
    directory: AccountDirectory,
    principal: Principal,
    data: PersonCreate,
    school_id: UUID,
) -> tuple[Person, list[str], str | None]:
    """Create the account in the directory, then the person; returns the one-time password
    when one was generated."""
    username = data.username or suggest_username(data.last_name, data.first_name)
    one_time = None if data.password else secrets.token_urlsafe(9)
    roles = sorted(r.value for r in data.roles)
    # Onboarding with a one-time password: a role that signs in with TOTP also sets it up
    # at the first sign-in (and the password grant is refused until then).
    required = [CONFIGURE_TOTP] if data.password is None and TOTP_ROLES & set(roles) else []
    try:
        person_id = await directory.create_account(
            username=username,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            email=None,
            password=data.password or one_time or "",
            temporary_password=data.password is None,
            roles=roles,
            school_id=school_id,
            required_actions=required,
        )
    except AccountExists:
        raise Conflict(
            f"The login {username} is taken.", field="username", code="username-taken"
        ) from None
    except PasswordRejected:
        raise InvalidInput(
            "The password does not meet the password policy (at least 8 characters, not "
            "a common password, not the login).",
            field="password",
            code="password-rejected",
        ) from None
    except DirectoryError as exc:
        raise Unavailable("The account directory did not complete the request.") from exc
    person = Person(
        school_id=school_id,
        person_id=person_id,
        kind=data.kind,
        last_name=data.last_name.strip(),
        first_name=data.first_name.strip(),
        middle_name=data.middle_name.strip() if data.middle_name else None,
        username=username,
        created_by=principal.person_id,
    )
    session.add(person)
    session.add_all(
        RoleGrant(school_id=school_id, person_id=person_id, role=r, granted_by=principal.person_id)
        for r in roles
    )
    history.record(session, school_id, person_id, principal.person_id, joined=True, granted=roles)
    await session.flush()
    await session.refresh(person, ["created_at"])
    await emit(
        session,
        outbox,
        event=IdentityEvents.PERSON_CREATED,
        message=identity_pb2.PersonCreated(person=to_proto(person, roles)),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return person, roles, one_time


async def get_person(
    session: AsyncSession, school_id: UUID | None, person_id: UUID
) -> tuple[Person, list[str]]:
    """A person of the school (none without a school) and their roles there. persons and
    role_grants have a self policy besides the tenant's: their queries name the school."""
    person = None if school_id is None else await session.get(Person, (school_id, person_id))
    if person is None:
        raise NotFound(f"No person {person_id} in this school.")
    return person, await roles_of(session, person.school_id, person_id)


async def roles_of(session: AsyncSession, school_id: UUID, person_id: UUID) -> list[str]:
    """The roles the person holds at the school."""
    rows = await session.scalars(
        select(RoleGrant.role)
        .where(RoleGrant.school_id == school_id, RoleGrant.person_id == person_id)
        .order_by(RoleGrant.role)
    )
    return list(rows)


async def list_persons(
    session: AsyncSession, school_id: UUID, kind: str | None, limit: int
) -> list[Person]:
    """The school's people (those who left it are not listed)."""
    query = (
        select(Person)
        .where(Person.school_id == school_id, Person.left_at.is_(None))
        .order_by(Person.last_name, Person.first_name)
        .limit(limit)
    )
    if kind is not None:
        query = query.where(Person.kind == kind)
    return list(await session.scalars(query))


def to_proto(person: Person, roles: list[str]) -> identity_pb2.Person:
    return identity_pb2.Person(
        person_id=str(person.person_id),
        school_id=str(person.school_id),
        kind=KIND_PROTO[person.kind],
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name or "",
        roles=roles,
    )


async def attach_existing(
    session: AsyncSession,
    directory: AccountDirectory,
    principal: Principal,
    data: PersonAttach,
    school_id: UUID,
) -> tuple[Person, list[str]]:
    """An existing account (of another school, or one that left this school) joins this
    school with the given roles, held here only (I5)."""
    try:
        account = await directory.find_account(data.username)
    except DirectoryError as exc:
        raise Unavailable("The account directory did not complete the request.") from exc
    if account is None:
        raise InvalidInput(f"No account with the login {data.username}.", field="username")
    former = await session.get(Person, (school_id, account.user_id))
    if former is not None and former.left_at is None:
        raise Conflict("This person is already of this school.", field="username")
    roles = sorted(r.value for r in data.roles)
    last = (data.last_name or account.last_name).strip()
    first = (data.first_name or account.first_name).strip()
    if not last or not first:
        missing = "first_name" if last else "last_name"
        raise InvalidInput("Give the person's last and first name.", field=missing)
    try:
        await directory.add_to_school(account.user_id, school_id)
        await directory.grant_school_roles(account.user_id, school_id, roles)
    except AccountNotFound:
        raise InvalidInput(
            f"No account with the login {data.username}.", field="username"
        ) from None
    except DirectoryError as exc:
        raise Unavailable("The account directory did not complete the request.") from exc
    person = former or Person(
        school_id=school_id, person_id=account.user_id, username=account.username
    )
    person.kind = data.kind
    person.last_name, person.first_name = last, first
    person.middle_name = data.middle_name.strip() if data.middle_name else None
    person.created_by = principal.person_id
    person.left_at, person.left_by = None, None
    session.add(person)
    session.add_all(
        RoleGrant(
            school_id=school_id, person_id=person.person_id, role=r, granted_by=principal.person_id
        )
        for r in roles
    )
    history.record(
        session, school_id, person.person_id, principal.person_id, joined=True, granted=roles
    )
    await session.flush()
    await session.refresh(person, ["created_at"])
    await emit(
        session,
        outbox,
        event=IdentityEvents.PERSON_CREATED,
        message=identity_pb2.PersonCreated(person=to_proto(person, roles)),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return person, roles


async def my_schools(
    session: AsyncSession, person_id: UUID
) -> list[tuple[Person, School | None, list[str], list[Person]]]:
    """Every school of the caller, with their roles there and (for a parent) the children
    linked to them there: read through the self policies (app.person_id)."""
    from sqlalchemy import text

    await session.execute(
        text("SELECT set_config('app.person_id', :person, true)"), {"person": str(person_id)}
    )
    mine = list(
        await session.scalars(
            select(Person).where(Person.person_id == person_id, Person.left_at.is_(None))
        )
    )
    answer = []
    for row in mine:
        school = await session.get(School, row.school_id)
        grants = list(
            await session.scalars(
                select(RoleGrant.role).where(
                    RoleGrant.school_id == row.school_id, RoleGrant.person_id == person_id
                )
            )
        )
        children = list(
            await session.scalars(
                select(Person)
                .join(
                    GuardianLink,
                    (GuardianLink.school_id == Person.school_id)
                    & (GuardianLink.student_id == Person.person_id),
                )
                .where(
                    GuardianLink.school_id == row.school_id, GuardianLink.guardian_id == person_id
                )
            )
        )
        answer.append((row, school, sorted(grants), children))
    return sorted(answer, key=lambda found: (found[1].name if found[1] else "", found[0].school_id))
