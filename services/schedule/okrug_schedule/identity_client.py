"""Questions to identity: is this person of this school, and in which role."""

from uuid import UUID

import grpc

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common import rpc
from okrug_common.errors import InvalidInput
from okrug_common.roles import Role


async def require_person_with_role(
    channel: grpc.aio.Channel, school_id: UUID, person_id: UUID, role: Role, field: str
) -> identity_pb2.Person:
    response: identity_pb2.GetPersonResponse = await rpc.call(
        identity_pb2_grpc.IdentityServiceStub(channel).GetPerson,
        identity_pb2.GetPersonRequest(school_id=str(school_id), person_id=str(person_id)),
        not_found=InvalidInput(f"No person {person_id} in this school.", field=field),
    )
    if role.value not in response.person.roles:
        raise InvalidInput(f"Person {person_id} is not a {role.value} of this school.", field=field)
    return response.person
