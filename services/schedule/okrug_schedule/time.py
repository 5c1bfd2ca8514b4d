from datetime import date, datetime
from zoneinfo import ZoneInfo

from okrug_common.runtime import Runtime


def school_zone(runtime: Runtime) -> ZoneInfo:
    return ZoneInfo(getattr(runtime.settings, "default_time_zone", "Europe/Moscow"))


def school_today(runtime: Runtime) -> date:
    return datetime.now(school_zone(runtime)).date()
