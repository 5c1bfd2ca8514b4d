"""The school's time zone and today's date in it: the one place that knows.

Until schedule keeps a projection of identity's schools (School.time_zone), every school has
the zone from the settings (OKRUG_SCHEDULE_DEFAULT_TIME_ZONE). Callers pass the school, so
the projection can slot in here without touching them."""

from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from okrug_common.runtime import Runtime


def school_zone(runtime: Runtime, school_id: UUID | None = None) -> ZoneInfo:
    return ZoneInfo(getattr(runtime.settings, "default_time_zone", "Europe/Moscow"))


def school_today(runtime: Runtime, school_id: UUID | None = None) -> date:
    return datetime.now(school_zone(runtime, school_id)).date()


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time of the school on a day, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()
