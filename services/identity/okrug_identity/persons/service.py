import secrets
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from unidecode import unidecode

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, NotFound
from okrug_common.outbox import emit
from okrug_identity import events
from okrug_identity.accounts.directory import AccountDirectory
from okrug_identity.accounts.keycloak import AccountExists
from okrug_identity.models import Person, RoleGrant, outbox
from okrug_identity.persons.schemas import PersonCreate

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
    try:
        person_id = await directory.create_account(
            username=username,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            email=data.email,
            password=data.password or one_time or "",
            temporary_password=data.password is None,
            roles=roles,
            school_id=school_id,
        )
    except AccountExists:
        raise Conflict(f"The login {username} is taken.", field="username") from None
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
    await session.flush()
    await session.refresh(person, ["created_at"])
    await emit(
        session,
        outbox,
        subject=events.PERSON_CREATED,
        message=identity_pb2.PersonCreated(person=to_proto(person, roles)),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return person, roles, one_time


async def get_person(session: AsyncSession, person_id: UUID) -> tuple[Person, list[str]]:
    person = await session.scalar(select(Person).where(Person.person_id == person_id))
    if person is None:
        raise NotFound(f"No person {person_id} in this school.")
    return person, await roles_of(session, person_id)


async def roles_of(session: AsyncSession, person_id: UUID) -> list[str]:
    rows = await session.scalars(
        select(RoleGrant.role).where(RoleGrant.person_id == person_id).order_by(RoleGrant.role)
    )
    return list(rows)


async def list_persons(session: AsyncSession, kind: str | None, limit: int) -> list[Person]:
    query = select(Person).order_by(Person.last_name, Person.first_name).limit(limit)
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
