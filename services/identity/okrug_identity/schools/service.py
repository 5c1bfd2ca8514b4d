from datetime import UTC, date, datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.db import set_tenant
from okrug_common.errors import NotFound
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.accounts.directory import AccountDirectory
from okrug_identity.models import School, outbox
from okrug_identity.schools.schemas import SchoolCreate, SchoolProfile


async def create_school(
    session: AsyncSession, directory: AccountDirectory, principal: Principal, data: SchoolCreate
) -> School:
    school_id = uuid4()
    name = data.name.strip()
    directory_id = await directory.create_school(school_id, name)
    # The new school becomes this transaction's tenant, so its row and its event pass the
    # tenant policies (the district admin's token names no school).
    await set_tenant(session, school_id, district=True)
    school = School(
        school_id=school_id,
        name=name,
        short_name=(data.short_name or name).strip(),
        time_zone=data.time_zone,
        directory_id=directory_id,
    )
    session.add(school)
    await session.flush()
    await session.refresh(school, ["created_at"])
    await emit(
        session,
        outbox,
        event=IdentityEvents.SCHOOL_CREATED,
        message=identity_pb2.SchoolCreated(name=school.name, time_zone=school.time_zone),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return school


async def get_school(session: AsyncSession, school_id: UUID) -> School:
    school = await session.get(School, school_id)
    if school is None:
        raise NotFound(f"No school {school_id}.")
    return school


async def school_today(session: AsyncSession, school_id: UUID) -> date:
    """The school's date in its time zone: from 21:00 UTC a Moscow school's today is the UTC
    date's tomorrow."""
    school = await get_school(session, school_id)
    return datetime.now(ZoneInfo(school.time_zone)).date()


async def list_schools(session: AsyncSession) -> list[School]:
    """Row-level security narrows this to the caller's school, or the district for district roles."""
    return list(await session.scalars(select(School).order_by(School.name)))


async def update_profile(
    session: AsyncSession, principal: Principal, school_id: UUID, data: SchoolProfile
) -> School:
    school = await get_school(session, school_id)
    school.name = data.name.strip()
    school.short_name = data.short_name.strip()
    school.address = data.address.strip() if data.address else None
    school.director_name = data.director_name.strip() if data.director_name else None
    school.licences = [licence.model_dump(mode="json") for licence in data.licences]
    school.accreditation = (
        data.accreditation.model_dump(mode="json") if data.accreditation else None
    )
    school.time_zone = data.time_zone
    school.profile_updated_by = principal.person_id
    school.profile_updated_at = datetime.now(UTC)
    await session.flush()
    await emit(
        session,
        outbox,
        event=IdentityEvents.SCHOOL_PROFILE_UPDATED,
        message=identity_pb2.SchoolProfileUpdated(
            name=school.name, short_name=school.short_name, time_zone=school.time_zone
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return school
