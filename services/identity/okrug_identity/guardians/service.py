from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.guardians.schemas import GuardianLinkCreate
from okrug_identity.models import GuardianLink, Person, outbox


async def _person_of_kind(
    session: AsyncSession, school_id: UUID, person_id: UUID, kind: str, field: str
) -> Person:
    person = await session.get(Person, (school_id, person_id))
    if person is None or person.kind != kind:
        raise InvalidInput(f"No {kind} {person_id} in this school.", field=field)
    return person


async def link(
    session: AsyncSession, principal: Principal, data: GuardianLinkCreate
) -> GuardianLink:
    school_id = principal.require_school()
    await _person_of_kind(session, school_id, data.guardian_id, "parent", "guardian_id")
    await _person_of_kind(session, school_id, data.student_id, "student", "student_id")
    if await session.get(GuardianLink, (school_id, data.guardian_id, data.student_id)) is not None:
        raise Conflict(
            "This guardian is already linked to this student.",
            field="student_id",
            code="already-linked",
        )
    guardian_link = GuardianLink(
        school_id=school_id,
        guardian_id=data.guardian_id,
        student_id=data.student_id,
        created_by=principal.person_id,
    )
    session.add(guardian_link)
    await session.flush()
    await session.refresh(guardian_link, ["created_at"])
    await emit(
        session,
        outbox,
        event=IdentityEvents.GUARDIAN_LINKED,
        message=identity_pb2.GuardianLinked(
            guardian_id=str(data.guardian_id), student_id=str(data.student_id)
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return guardian_link


async def guardians_of(session: AsyncSession, school_id: UUID, student_id: UUID) -> list[Person]:
    query = (
        select(Person)
        .join(
            GuardianLink,
            (GuardianLink.school_id == Person.school_id)
            & (GuardianLink.guardian_id == Person.person_id),
        )
        .where(GuardianLink.school_id == school_id, GuardianLink.student_id == student_id)
    )
    return list(await session.scalars(query))


async def is_guardian(
    session: AsyncSession, school_id: UUID, guardian_id: UUID, student_id: UUID
) -> bool:
    return await session.get(GuardianLink, (school_id, guardian_id, student_id)) is not None


async def all_links(session: AsyncSession, school_id: UUID) -> list[GuardianLink]:
    return list(
        await session.scalars(select(GuardianLink).where(GuardianLink.school_id == school_id))
    )


async def links_of(
    session: AsyncSession, school_id: UUID, person_id: UUID
) -> list[tuple[GuardianLink, Person]]:
    """The person's links at the school, each with the other person: a student's guardians,
    a parent's children."""
    other = (
        (GuardianLink.guardian_id == person_id) & (Person.person_id == GuardianLink.student_id)
    ) | ((GuardianLink.student_id == person_id) & (Person.person_id == GuardianLink.guardian_id))
    query = (
        select(GuardianLink, Person)
        .join(Person, (Person.school_id == GuardianLink.school_id) & other)
        .where(GuardianLink.school_id == school_id)
        .order_by(Person.last_name, Person.first_name)
    )
    return [(link, person) for link, person in (await session.execute(query)).all()]
