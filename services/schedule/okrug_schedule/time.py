"""The school's time zone and today's date in it: the one place that knows.

Until schedule keeps a projection of identity's schools (School.time_zone), every school has
the zone from the settings (OKRUG_SCHEDULE_DEFAULT_TIME_ZONE). Callers pass the school, so
the projection can slot in here without touching them."""

from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime

# Python's calendar ends at years 1 and 9999, where a day turned into a moment of the
# school's zone (or moved to the next day) overflows; no timetable reaches that far.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def school_zone(runtime: Runtime, school_id: UUID | None = None) -> ZoneInfo:
    return ZoneInfo(getattr(runtime.settings, "default_time_zone", "Europe/Moscow"))


def school_today(runtime: Runtime, school_id: UUID | None = None) -> date:
    return datetime.now(school_zone(runtime, school_id)).date()


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time of the school on a day, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def require_plausible_day(value: date | datetime | None, field: str) -> None:
    """Refuse a day (or a moment's day) outside 1900-2199 as input naming its field."""
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not EARLIEST <= day <= LATEST:
        raise InvalidInput(
            f"{field} must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}.",
            field=field,
        )
