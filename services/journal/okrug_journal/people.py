"""People's names for printed and exported documents (summary sheets, import templates).
The journal keeps no personal data of its own: names are asked of identity when a document
is made, never stored."""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

import grpc

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common.errors import Unavailable
from okrug_common.runtime import Runtime


@dataclass(frozen=True)
class PersonName:
    last_name: str
    first_name: str
    middle_name: str = ""

    @property
    def full(self) -> str:
        """ "Иванова Мария Петровна"."""
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short(self) -> str:
        """ "Иванова М. П.", as a journal prints it."""
        initials = " ".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()


UNKNOWN = PersonName(last_name="—", first_name="")


async def names(
    runtime: Runtime, school_id: UUID, person_ids: Iterable[UUID]
) -> dict[UUID, PersonName]:
    """Names of the given people of the school; a person identity does not know is UNKNOWN."""
    wanted = sorted(set(person_ids), key=str)
    stub = identity_pb2_grpc.IdentityServiceStub(runtime.channels["identity"])

    async def one(person_id: UUID) -> tuple[UUID, PersonName]:
        try:
            response = await stub.GetPerson(
                identity_pb2.GetPersonRequest(school_id=str(school_id), person_id=str(person_id))
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return person_id, UNKNOWN
            raise Unavailable("The identity service did not answer.") from exc
        p = response.person
        return person_id, PersonName(p.last_name, p.first_name, p.middle_name)

    return dict(await asyncio.gather(*(one(p) for p in wanted)))
