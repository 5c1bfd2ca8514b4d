"""The dates an oversight figure covers: a study period of the viewer's calendar, or a
date range; neither: the study period (term) containing today, else the last four weeks."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal.oversight.scope import Viewer
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import effective, school_policy

# The longest range a figure covers: a school year and a little.
MAX_DAYS = 400
DEFAULT_DAYS = 28

# The district office's zone, whose date is "today" for a figure read across schools (the
# schools of a district share it; the reporting role reads no school's policy, where each
# school's own zone is). Not UTC: from 21:00 UTC a Moscow school's lessons are tomorrow's.
DISTRICT_ZONE = ZoneInfo("Europe/Moscow")


def district_today() -> date:
    return datetime.now(DISTRICT_ZONE).date()


@dataclass(frozen=True)
class DateRange:
    date_from: date
    date_to: date
    # The study period's code when the range is one.
    period: str | None = None


async def _policy(session: AsyncSession, runtime: Runtime, viewer: Viewer) -> JournalPolicy:
    """The school's policy for its leadership; the district's defaults for the district
    (the reporting role reads no school's policy)."""
    if viewer.school_id is None:
        return effective({}, runtime)
    return await school_policy(session, runtime, viewer.school_id)


async def resolve(
    session: AsyncSession,
    runtime: Runtime,
    viewer: Viewer,
    period: str | None,
    date_from: date | None,
    date_to: date | None,
    today: date | None = None,
) -> DateRange:
    if period is not None and (date_from is not None or date_to is not None):
        raise InvalidInput("Give a study period or a date range, not both.", field="period")
    if (date_from is None) != (date_to is None):
        missing = "date_to" if date_to is None else "date_from"
        raise InvalidInput("A date range needs both ends.", field=missing)
    if date_from is not None and date_to is not None:
        if date_to < date_from:
            raise InvalidInput("date_to is before date_from.", field="date_to")
        if (date_to - date_from).days > MAX_DAYS:
            raise InvalidInput(f"A range covers at most {MAX_DAYS} days.", field="date_to")
        return DateRange(date_from, date_to)
    policy = await _policy(session, runtime, viewer)
    if period is not None:
        found = policy.period(period)
        if found is None:
            raise InvalidInput(
                f"No study period {period!r} in the calendar.",
                field="period",
                code="unknown-period",
            )
        return DateRange(found.starts_on, found.ends_on, found.code)
    day = today or datetime.now(UTC).astimezone(policy.zone).date()
    current = next(
        (
            p
            for p in policy.study_periods
            if p.kind in ("term", "trimester") and p.starts_on <= day <= p.ends_on
        ),
        None,
    )
    if current is not None:
        return DateRange(current.starts_on, current.ends_on, current.code)
    return DateRange(day - timedelta(days=DEFAULT_DAYS - 1), day)
