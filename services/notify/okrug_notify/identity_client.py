"""Questions to identity: who are the guardians of a student (to fill the projection)."""

from typing import Protocol
from uuid import UUID

import grpc

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common import rpc


class GuardianDirectory(Protocol):
    """Where guardians come from when the local projection knows none."""

    async def list_guardians(self, school_id: UUID, student_id: UUID) -> list[UUID]: ...

    async def list_links(self, school_id: UUID) -> list[tuple[UUID, UUID]]: ...


class IdentityGuardians:
    """The guardian directory of the identity service, over gRPC."""

    def __init__(self, channel: grpc.aio.Channel) -> None:
        self._stub = identity_pb2_grpc.IdentityServiceStub(channel)

    async def list_guardians(self, school_id: UUID, student_id: UUID) -> list[UUID]:
        """A student identity does not know has no guardians."""
        response = await rpc.call(
            self._stub.ListGuardians,
            identity_pb2.ListGuardiansRequest(school_id=str(school_id), student_id=str(student_id)),
            not_found=identity_pb2.ListGuardiansResponse(),
        )
        return [UUID(person.person_id) for person in response.guardians]

    async def list_links(self, school_id: UUID) -> list[tuple[UUID, UUID]]:
        """Every (student, guardian) link of the school, to rebuild the projection."""
        response = await rpc.call(
            self._stub.ListGuardianLinks,
            identity_pb2.ListGuardianLinksRequest(school_id=str(school_id)),
        )
        return [(UUID(link.student_id), UUID(link.guardian_id)) for link in response.links]
