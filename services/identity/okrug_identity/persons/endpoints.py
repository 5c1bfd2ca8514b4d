from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from okrug_common.db import set_tenant
from okrug_common.errors import Forbidden, InvalidInput
from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_common.roles import DISTRICT_ROLES
from okrug_identity import access
from okrug_identity.accounts.directory import TOTP_ROLES
from okrug_identity.activity.service import record_use
from okrug_identity.models import Person
from okrug_identity.personal_data.service import ConsentRequired
from okrug_identity.persons import service
from okrug_identity.persons.schemas import (
    ROLES_BY_KIND,
    ChildRead,
    Me,
    MySchool,
    MySchools,
    PersonAttach,
    PersonCreate,
    PersonCreated,
    PersonKind,
    PersonRead,
    RolesGrant,
)
from okrug_identity.roles import service as roles_service
from okrug_identity.schools.service import get_school


def _refuse_email_without_consent(data: PersonCreate) -> None:
    """An email is personal data: it is stored only under a consent, through
    PUT /persons/{id}/personal-data once the consent is recorded (I3)."""
    if data.email:
        raise ConsentRequired(
            "An email address is personal data: create the person without it, record their "
            "consent, then store it with PUT /identity/persons/{id}/personal-data.",
            field="email",
        )


router = APIRouter(tags=["persons"])


def _read(person: Person, roles: list[str]) -> PersonRead:
    return PersonRead(
        id=person.person_id,
        school_id=person.school_id,
        kind=person.kind,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        username=person.username,
        roles=roles,
        created_at=person.created_at,
        left_at=person.left_at,
    )


@router.post("/persons", status_code=status.HTTP_201_CREATED, response_model=PersonCreated)
async def create_person(
    data: PersonCreate, session: SessionDep, principal: access.SchoolAdmin, runtime: RuntimeDep
) -> PersonCreated:
    """The school admin creates a person and their account (I2)."""
    _refuse_email_without_consent(data)
    person, roles, one_time = await service.create_person(
        session, runtime.state["directory"], principal, data, principal.require_school()
    )
    return PersonCreated(**_read(person, roles).model_dump(), one_time_password=one_time)


@router.post(
    "/schools/{school_id}/administrators",
    status_code=status.HTTP_201_CREATED,
    response_model=PersonCreated,
)
async def create_school_administrator(
    school_id: UUID,
    data: PersonCreate,
    session: SessionDep,
    principal: access.SchoolOpener,
    runtime: RuntimeDep,
) -> PersonCreated:
    """The district admin appoints a school's first administrators (school admin, director)."""
    if data.kind != "staff" or any(r not in access.SCHOOL_ADMINISTRATION for r in data.roles):
        raise InvalidInput("Only school admins and directors are appointed here.", field="roles")
    _refuse_email_without_consent(data)
    await get_school(session, school_id)
    # The school named in the path becomes this transaction's tenant.
    await set_tenant(session, school_id, district=True)
    person, roles, one_time = await service.create_person(
        session, runtime.state["directory"], principal, data, school_id
    )
    return PersonCreated(**_read(person, roles).model_dump(), one_time_password=one_time)


@router.get("/persons", response_model=list[PersonRead])
async def list_persons(
    session: SessionDep,
    principal: access.PersonLister,
    audit: Annotated[ReadAudit, audited(ReadKind.PERSONS)],
    kind: PersonKind | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[PersonRead]:
    persons = await service.list_persons(session, principal.require_school(), kind, limit)
    audit.covers(p.person_id for p in persons)
    return [_read(p, await service.roles_of(session, p.school_id, p.person_id)) for p in persons]


@router.get("/persons/{person_id}", response_model=PersonRead)
async def get_person(
    person_id: UUID,
    session: SessionDep,
    principal: access.PersonReader,
    audit: Annotated[ReadAudit, audited(ReadKind.PERSONS)],
) -> PersonRead:
    await access.POLICY.authorize(
        principal,
        "person.read",
        access.own(person_id),
        message="Only school staff may read the school's people.",
    )
    return _read(*await service.get_person(session, principal.school_id, person_id))


@router.post("/persons/attach", status_code=status.HTTP_201_CREATED, response_model=PersonRead)
async def attach_person(
    data: PersonAttach, session: SessionDep, principal: access.SchoolAdmin, runtime: RuntimeDep
) -> PersonRead:
    """The school admin adds a person who already has an account at another school of the
    district (a teacher of two schools, a parent with children in two schools): the same
    login, and tokens scoped to one school at a time."""
    person, roles = await service.attach_existing(
        session, runtime.state["directory"], principal, data, principal.require_school()
    )
    return _read(person, roles)


@router.post("/persons/{person_id}/roles", response_model=PersonRead)
async def grant_roles(
    person_id: UUID,
    data: RolesGrant,
    session: SessionDep,
    principal: access.SchoolAdmin,
    runtime: RuntimeDep,
) -> PersonRead:
    """The school admin adds roles at the school to a person of the school (e.g. a teacher
    becomes a class teacher); they hold at this school only, whatever other schools the
    person belongs to (I5). Roles that sign in with TOTP are asked for it at the next
    sign-in."""
    person, _ = await service.get_person(session, principal.require_school(), person_id)
    allowed = ROLES_BY_KIND[person.kind]
    wrong = [r.value for r in data.roles if r not in allowed]
    if wrong:
        raise InvalidInput(
            f"Roles {wrong} do not fit a person of kind {person.kind}.", field="roles"
        )
    if person_id == principal.person_id and TOTP_ROLES & {r.value for r in data.roles}:
        raise Forbidden("Nobody grants themselves an administrative role.")
    roles = await roles_service.grant_roles(
        session, runtime.state["directory"], principal, person, [r.value for r in data.roles]
    )
    return _read(person, roles)


@router.get("/me/schools", response_model=MySchools)
async def my_schools(session: SessionDep, principal: access.Caller) -> MySchools:
    """Every school the caller belongs to (one account), with their roles at each and, for a
    parent, their children there; and their district roles. Answers a token of any of the
    person's schools, and one of no school (an account of several schools before it chose
    one). Each school's data is then read with a token of that school (`sign_in_scope`)."""
    person_id = principal.require_person()
    return MySchools(
        person_id=person_id,
        district_roles=sorted(r.value for r in principal.roles & DISTRICT_ROLES),
        current_school_id=principal.school_id,
        schools=[
            MySchool(
                school_id=row.school_id,
                school_name=school.name if school else None,
                kind=row.kind,
                roles=roles,
                children=[
                    ChildRead(id=c.person_id, last_name=c.last_name, first_name=c.first_name)
                    for c in children
                ],
                sign_in_scope=f"organization:{row.school_id}",
            )
            for row, school, roles, children in await service.my_schools(session, person_id)
        ],
    )


@router.get("/me", response_model=Me)
async def me(session: SessionDep, principal: access.Caller) -> Me:
    person = None
    if principal.person_id is not None and principal.school_id is not None:
        found = await session.get(Person, (principal.school_id, principal.person_id))
        if found is not None:
            roles = await service.roles_of(session, found.school_id, found.person_id)
            person = _read(found, roles)
            await record_use(session, principal.school_id, principal.person_id, roles)
    return Me(
        id=principal.person_id,
        school_id=principal.school_id,
        roles=sorted(r.value for r in principal.roles),
        person=person,
    )
