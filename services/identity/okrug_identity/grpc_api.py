"""Identity's internal gRPC API: the questions other services ask, and what they need to
rebuild their projections."""

from typing import Any
from uuid import UUID

import grpc
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common.db import tenant_transaction
from okrug_common.errors import InvalidInput
from okrug_common.roles import Role
from okrug_common.rpc import parse_uuid, require_service_caller
from okrug_common.runtime import Runtime
from okrug_identity.guardians import service as guardians
from okrug_identity.models import Person, RoleGrant, School
from okrug_identity.persons import service as persons

# The most persons one ListPersons call answers: a school's class lists fit many times over.
LIST_PERSONS_LIMIT = 2000


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def GetPerson(
        self, request: identity_pb2.GetPersonRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> identity_pb2.GetPersonResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        person_id = parse_uuid(request.person_id, "person_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            person, roles = await persons.get_person(session, school_id, person_id)
        return identity_pb2.GetPersonResponse(person=persons.to_proto(person, roles))

    async def ListPersons(
        self, request: identity_pb2.ListPersonsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> identity_pb2.ListPersonsResponse:
        """The persons of the school among the given ids (unknown ids are left out), sorted by
        last name, first name and middle name, with the school's name for the heading."""
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        if len(request.person_ids) > LIST_PERSONS_LIMIT:
            raise InvalidInput(
                f"At most {LIST_PERSONS_LIMIT} persons per call.", field="person_ids"
            )
        wanted = {parse_uuid(p, "person_ids") for p in request.person_ids}
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            school = await session.get(School, school_id)
            found = await _persons_of(session, school_id, wanted)
        return identity_pb2.ListPersonsResponse(
            persons=found, school_name=school.name if school is not None else ""
        )

    async def ListRoleHolders(
        self,
        request: identity_pb2.ListRoleHoldersRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> identity_pb2.ListRoleHoldersResponse:
        """The persons holding any of the roles at the school now (a monitoring report's
        recipients, O5)."""
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        known = {role.value for role in Role}
        unknown = sorted(set(request.roles) - known)
        if unknown or not request.roles:
            raise InvalidInput(
                f"Unknown roles: {', '.join(unknown) or 'none given'}.", field="roles"
            )
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            holders = set(
                await session.scalars(
                    select(RoleGrant.person_id).where(
                        RoleGrant.school_id == school_id, RoleGrant.role.in_(list(request.roles))
                    )
                )
            )
            found = await _persons_of(session, school_id, holders)
        return identity_pb2.ListRoleHoldersResponse(persons=found)

    async def ListGuardians(
        self,
        request: identity_pb2.ListGuardiansRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> identity_pb2.ListGuardiansResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        student_id = parse_uuid(request.student_id, "student_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            found = await guardians.guardians_of(session, school_id, student_id)
            answer = [
                persons.to_proto(p, await persons.roles_of(session, school_id, p.person_id))
                for p in found
            ]
        return identity_pb2.ListGuardiansResponse(guardians=answer)

    async def IsGuardianOf(
        self, request: identity_pb2.IsGuardianOfRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> identity_pb2.IsGuardianOfResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        guardian_id = parse_uuid(request.guardian_id, "guardian_id")
        student_id = parse_uuid(request.student_id, "student_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            answer = await guardians.is_guardian(session, school_id, guardian_id, student_id)
        return identity_pb2.IsGuardianOfResponse(is_guardian=answer)

    async def ListGuardianLinks(
        self,
        request: identity_pb2.ListGuardianLinksRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> identity_pb2.ListGuardianLinksResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            links = await guardians.all_links(session, school_id)
        return identity_pb2.ListGuardianLinksResponse(
            links=[
                identity_pb2.GuardianLink(
                    guardian_id=str(x.guardian_id), student_id=str(x.student_id)
                )
                for x in links
            ]
        )


async def _persons_of(
    session: AsyncSession, school_id: UUID, wanted: set[UUID]
) -> list[identity_pb2.Person]:
    """The persons of the school among `wanted`, sorted by last name, first name and middle
    name, each with every role they hold there."""
    found = list(
        await session.scalars(
            select(Person)
            .where(Person.school_id == school_id, Person.person_id.in_(wanted))
            .order_by(Person.last_name, Person.first_name, Person.middle_name, Person.person_id)
        )
    )
    roles: dict[Any, list[str]] = {}
    for person_id, role in await session.execute(
        select(RoleGrant.person_id, RoleGrant.role)
        .where(RoleGrant.school_id == school_id, RoleGrant.person_id.in_(wanted))
        .order_by(RoleGrant.role)
    ):
        roles.setdefault(person_id, []).append(role)
    return [persons.to_proto(p, roles.get(p.person_id, [])) for p in found]
