"""People's names for printed and exported documents (summary sheets, import templates).
The journal keeps no personal data of its own: names are asked of identity when a document
is made (one ListPersons call per document), never stored."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common import rpc
from okrug_common.runtime import Runtime

# identity answers at most this many persons per call (its LIST_PERSONS_LIMIT).
BATCH = 2000


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

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """A journal's order: last name, first name, middle name (ё sorts as е)."""

        def key(part: str) -> str:
            return part.casefold().replace("ё", "е")

        return key(self.last_name), key(self.first_name), key(self.middle_name)


UNKNOWN = PersonName(last_name="—", first_name="")


@dataclass(frozen=True)
class Names:
    """The names a document prints: its school's and its people's."""

    school_name: str
    persons: dict[UUID, PersonName] = field(default_factory=dict)

    def of(self, person_id: UUID) -> PersonName:
        return self.persons.get(person_id, UNKNOWN)

    def in_journal_order(self, person_ids: Iterable[UUID]) -> list[UUID]:
        """The ids sorted as a journal lists them (by last name, first name; ties by id)."""
        return sorted(set(person_ids), key=lambda p: (self.of(p).sort_key, str(p)))


async def for_document(runtime: Runtime, school_id: UUID, person_ids: Iterable[UUID]) -> Names:
    """The school's name and the names of the given people of the school; a person identity
    does not know prints as UNKNOWN."""
    wanted = sorted(set(person_ids), key=str)
    stub = identity_pb2_grpc.IdentityServiceStub(runtime.channels["identity"])
    school_name = ""
    found: dict[UUID, PersonName] = {}
    for start in range(0, max(len(wanted), 1), BATCH):
        request = identity_pb2.ListPersonsRequest(
            school_id=str(school_id), person_ids=[str(p) for p in wanted[start : start + BATCH]]
        )
        response = await rpc.call(stub.ListPersons, request)
        school_name = response.school_name
        for p in response.persons:
            found[UUID(p.person_id)] = PersonName(p.last_name, p.first_name, p.middle_name)
    return Names(school_name=school_name, persons=found)


async def names(
    runtime: Runtime, school_id: UUID, person_ids: Iterable[UUID]
) -> dict[UUID, PersonName]:
    """Names of the given people of the school; a person identity does not know is UNKNOWN."""
    wanted = set(person_ids)
    known = await for_document(runtime, school_id, wanted)
    return {p: known.of(p) for p in wanted}
