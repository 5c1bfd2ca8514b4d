"""The district's settings of oversight: one row of the district (school_id is the nil UUID,
DISTRICT_ROW), read by every school's transactions and the reporting role, written only in
a transaction scoped to the district (the district admin's request)."""

from uuid import UUID

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import DISTRICT_ROW, OversightSettings
from okrug_journal.oversight.settings.schemas import DistrictSettings, DistrictSettingsRead


async def read_settings(session: AsyncSession) -> DistrictSettingsRead:
    """The district's settings, or the defaults while it has set none."""
    row = await session.get(OversightSettings, DISTRICT_ROW)
    if row is None:
        return DistrictSettingsRead()
    return DistrictSettingsRead.model_validate(
        {**row.settings, "updated_at": row.updated_at, "updated_by": row.updated_by}
    )


async def district_settings(session: AsyncSession) -> DistrictSettings:
    """The settings as figures are computed with them."""
    return DistrictSettings.model_validate((await read_settings(session)).model_dump())


async def set_settings(
    session: AsyncSession, settings: DistrictSettings, person_id: UUID
) -> DistrictSettingsRead:
    values = settings.model_dump(mode="json")
    await session.execute(
        insert(OversightSettings)
        .values(school_id=DISTRICT_ROW, settings=values, updated_by=person_id)
        .on_conflict_do_update(
            index_elements=["school_id"],
            set_={"settings": values, "updated_by": person_id, "updated_at": func.now()},
        )
    )
    await session.flush()
    session.expire_all()
    return await read_settings(session)
