"""The journal's copy of schedule's calendar (S1, one calendar): every academic year of a
school with its study periods, holidays and working days per week, as schedule announces
them (ScheduleEvents.CALENDAR_CHANGED) or answers them (ListCalendars, for a rebuild).

The effective policy's study periods, holidays and weekend days come from here
(`calendar_of`); nothing in the journal states a term's dates.

Period codes: schedule's periods are a kind and a number; the journal names them
"term-1".."term-4", "trimester-1".."trimester-3", "half-year-1", "half-year-2" and "year"
(the year's one period), the codes of period marks and of the grid's and diary's periods."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_journal.models import SchoolCalendar
from okrug_journal.policy.schemas import PeriodKind, StudyPeriod

PERIOD_KINDS: dict[int, PeriodKind] = {
    schedule_pb2.STUDY_PERIOD_KIND_TERM: "term",
    schedule_pb2.STUDY_PERIOD_KIND_TRIMESTER: "trimester",
    schedule_pb2.STUDY_PERIOD_KIND_HALF_YEAR: "half-year",
    schedule_pb2.STUDY_PERIOD_KIND_YEAR: "year",
}
KIND_ORDER: tuple[PeriodKind, ...] = ("term", "trimester", "half-year", "year")
HOLIDAY_KINDS = {
    schedule_pb2.HOLIDAY_KIND_VACATION: "vacation",
    schedule_pb2.HOLIDAY_KIND_HOLIDAY: "holiday",
    schedule_pb2.HOLIDAY_KIND_DAY_OFF: "day_off",
}
YEAR_STATUSES = {
    schedule_pb2.YEAR_STATUS_OPEN: "open",
    schedule_pb2.YEAR_STATUS_ARCHIVED: "archived",
}
# Python weekdays (0 Monday .. 6 Sunday) off in a 5-day and a 6-day week.
WEEKEND_DAYS = {5: [5, 6], 6: [6]}


def period_code(kind: PeriodKind, number: int) -> str:
    """ "term-2", "half-year-1"; the year's one period is "year"."""
    return "year" if kind == "year" else f"{kind}-{number}"


def _date(value: common_pb2.Date) -> date:
    return date(value.year, value.month, value.day)


def calendar_values(school_id: UUID, calendar: schedule_pb2.Calendar) -> dict[str, Any]:
    """The row of one year as schedule describes it."""
    periods = []
    # Terms (or trimesters) first, then half-years, then the year, each by number: the
    # order the grid's and the diary's period choices list them in.
    ordered = sorted(
        calendar.study_periods, key=lambda p: (KIND_ORDER.index(PERIOD_KINDS[p.kind]), p.number)
    )
    for period in ordered:
        kind = PERIOD_KINDS[period.kind]
        periods.append(
            {
                "code": period_code(kind, period.number),
                "kind": kind,
                "name": period.name,
                "starts_on": _date(period.starts_on).isoformat(),
                "ends_on": _date(period.ends_on).isoformat(),
            }
        )
    holidays = [
        {
            "kind": HOLIDAY_KINDS[h.kind],
            "name": h.name,
            "starts_on": _date(h.starts_on).isoformat(),
            "ends_on": _date(h.ends_on).isoformat(),
        }
        for h in calendar.holidays
    ]
    return {
        "school_id": school_id,
        "year_id": UUID(calendar.year_id),
        "name": calendar.name,
        "starts_on": _date(calendar.starts_on),
        "ends_on": _date(calendar.ends_on),
        "status": YEAR_STATUSES[calendar.status],
        "working_days_per_week": calendar.working_days_per_week or 5,
        "study_periods": periods,
        "holidays": holidays,
    }


async def store_calendar(
    session: AsyncSession,
    school_id: UUID,
    calendar: schedule_pb2.Calendar,
    announced_at: datetime,
) -> None:
    """Keep the year as announced; an announcement older than the one kept changes nothing
    (events of one subject may be redelivered, and a rebuild may run beside them)."""
    values = {**calendar_values(school_id, calendar), "announced_at": announced_at}
    statement = insert(SchoolCalendar).values(values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "year_id"],
            set_={
                **{k: statement.excluded[k] for k in values if k not in ("school_id", "year_id")},
                "updated_at": func.now(),
            },
            where=SchoolCalendar.announced_at <= statement.excluded.announced_at,
        )
    )


async def replace_calendars(
    session: AsyncSession, school_id: UUID, calendars: Iterable[schedule_pb2.Calendar]
) -> int:
    """A school's whole calendar as schedule answers it now (a rebuild): years schedule no
    longer has leave; returns the number of years kept."""
    calendars = list(calendars)
    now = datetime.now(UTC)
    for calendar in calendars:
        await store_calendar(session, school_id, calendar, now)
    await session.execute(
        delete(SchoolCalendar).where(
            SchoolCalendar.school_id == school_id,
            SchoolCalendar.year_id.not_in([UUID(c.year_id) for c in calendars]),
        )
    )
    return len(calendars)


@dataclass(frozen=True)
class EffectiveCalendar:
    """What the policy takes from the calendar: the study periods of the year in force, the
    holidays of every year, the weekend days of the year in force."""

    year_name: str | None
    study_periods: list[StudyPeriod]
    holidays: list[date]
    weekend_days: list[int]


NO_CALENDAR = EffectiveCalendar(None, [], [], WEEKEND_DAYS[5])


def year_in_force(years: list[SchoolCalendar], today: date) -> SchoolCalendar | None:
    """The year containing today; between years (the summer) the one that ended last;
    before the first year, the first."""
    if not years:
        return None
    ordered = sorted(years, key=lambda y: y.starts_on)
    for year in ordered:
        if year.starts_on <= today <= year.ends_on:
            return year
    begun = [y for y in ordered if y.starts_on <= today]
    return begun[-1] if begun else ordered[0]


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def effective_calendar(years: list[SchoolCalendar], today: date) -> EffectiveCalendar:
    year = year_in_force(years, today)
    if year is None:
        return NO_CALENDAR
    holidays = sorted(
        {
            day
            for y in years
            for h in y.holidays
            for day in _days(date.fromisoformat(h["starts_on"]), date.fromisoformat(h["ends_on"]))
        }
    )
    return EffectiveCalendar(
        year_name=year.name,
        study_periods=[StudyPeriod.model_validate(p) for p in year.study_periods],
        holidays=holidays,
        weekend_days=WEEKEND_DAYS[year.working_days_per_week],
    )


async def calendar_stamp(session: AsyncSession, school_id: UUID) -> datetime | None:
    """When the school's calendar last changed (None: the journal has none yet)."""
    stamp: datetime | None = await session.scalar(
        select(func.max(SchoolCalendar.updated_at)).where(SchoolCalendar.school_id == school_id)
    )
    return stamp


async def calendar_of(session: AsyncSession, school_id: UUID, today: date) -> EffectiveCalendar:
    years = list(
        await session.scalars(select(SchoolCalendar).where(SchoolCalendar.school_id == school_id))
    )
    return effective_calendar(years, today)
