"""Reading and changing a school's journal policy (J3-J6)."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal.calendar.service import (
    NO_CALENDAR,
    EffectiveCalendar,
    calendar_of,
    calendar_stamp,
)
from okrug_journal.models import SchoolPolicy
from okrug_journal.policy.defaults import district_defaults
from okrug_journal.policy.schemas import JournalPolicy, JournalPolicyUpdate, PolicyRead
from okrug_journal.settings import JournalSettings


def _district(runtime: Runtime | None) -> tuple[dict[str, Any], frozenset[str]]:
    settings = getattr(runtime, "settings", None)
    if isinstance(settings, JournalSettings):
        return settings.district_policy, frozenset(settings.district_locked_policy)
    return {}, frozenset()


async def _overrides(session: AsyncSession, school_id: UUID) -> dict[str, Any]:
    stored = await session.get(SchoolPolicy, school_id)
    return dict(stored.overrides) if stored is not None else {}


def effective(
    overrides: dict[str, Any], runtime: Runtime | None, calendar: EffectiveCalendar = NO_CALENDAR
) -> JournalPolicy:
    """The district's defaults, the school's own settings over them (except what the
    district locked), and the calendar's study periods, holidays and weekend days over all
    (S1: entered once, in schedule)."""
    district, locked = _district(runtime)
    merged = district_defaults(district).model_dump(mode="json")
    merged.update({k: v for k, v in overrides.items() if k not in locked})
    merged.update(
        study_periods=[p.model_dump(mode="json") for p in calendar.study_periods],
        holidays=[d.isoformat() for d in calendar.holidays],
        weekend_days=calendar.weekend_days,
    )
    return JournalPolicy.model_validate(merged)


def _today() -> date:
    return datetime.now(UTC).date()


# (school, its settings' updated_at, its calendar's updated_at, today, runtime) -> the
# effective policy. Building it validates the whole policy, which every write and read
# would otherwise pay for; the key's stamps are read on every call, so a change made by any
# process (a setting, schedule's calendar) is seen at once.
_EFFECTIVE: dict[tuple[UUID, datetime | None, datetime | None, date, int], JournalPolicy] = {}
_EFFECTIVE_SIZE = 4096


async def school_policy(
    session: AsyncSession, runtime: Runtime | None, school_id: UUID
) -> JournalPolicy:
    """The policy every rule of the journal reads: the district's defaults overlaid with
    the school's own settings (except the fields the district locked), with the study
    periods, holidays and weekend days of the school's calendar. Callers must not change
    it: it is shared."""
    stamp = await session.scalar(
        select(SchoolPolicy.updated_at).where(SchoolPolicy.school_id == school_id)
    )
    today = _today()
    key = (school_id, stamp, await calendar_stamp(session, school_id), today, id(runtime))
    policy = _EFFECTIVE.get(key)
    if policy is None:
        policy = effective(
            await _overrides(session, school_id),
            runtime,
            await calendar_of(session, school_id, today),
        )
        if len(_EFFECTIVE) >= _EFFECTIVE_SIZE:
            _EFFECTIVE.clear()
        _EFFECTIVE[key] = policy
    return policy


async def read_policy(session: AsyncSession, runtime: Runtime, principal: Principal) -> PolicyRead:
    school_id = principal.require_school()
    overrides = await _overrides(session, school_id)
    return await _read(session, school_id, overrides, runtime)


async def _read(
    session: AsyncSession, school_id: UUID, overrides: dict[str, Any], runtime: Runtime
) -> PolicyRead:
    _, locked = _district(runtime)
    calendar = await calendar_of(session, school_id, _today())
    policy = effective(overrides, runtime, calendar)
    return PolicyRead(
        **policy.model_dump(),
        school_id=school_id,
        calendar_year=calendar.year_name,
        school_overrides=sorted(k for k in overrides if k not in locked),
        district_locked=sorted(locked),
    )


async def set_policy(
    session: AsyncSession, runtime: Runtime, principal: Principal, data: JournalPolicyUpdate
) -> PolicyRead:
    """The school admin sets the school's rules; fields left out follow the district."""
    school_id = principal.require_school()
    overrides = data.model_dump(mode="json", exclude_none=True)
    _, locked = _district(runtime)
    for name in sorted(overrides):
        if name in locked:
            raise InvalidInput(f"The district has locked '{name}'.", field=name)
    try:
        effective(overrides, runtime)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise InvalidInput(str(first.get("msg", "invalid")), field=field) from None
    statement = insert(SchoolPolicy).values(
        school_id=school_id, overrides=overrides, updated_by=principal.require_person()
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id"],
            set_={
                "overrides": statement.excluded.overrides,
                "updated_by": statement.excluded.updated_by,
                "updated_at": datetime.now(UTC),
            },
        )
    )
    return await _read(session, school_id, overrides, runtime)
