"""Usage's figures (O4) read from its read model: weeks' counts per school and in total."""

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import UsageWeek
from okrug_journal.oversight.dates import DateRange
from okrug_journal.oversight.scope import Viewer
from okrug_journal.oversight.usage.schemas import (
    ACTIVITY_MEANINGS,
    ActivityMeaning,
    SchoolUsage,
    UsageOverview,
    UsageWeekCounts,
)
from okrug_journal.oversight.usage.service import Activity, week_of


def _weeks(dates: DateRange) -> list[date]:
    first = week_of(dates.date_from)
    return [first + timedelta(days=7 * n) for n in range((dates.date_to - first).days // 7 + 1)]


async def overview(session: AsyncSession, viewer: Viewer, dates: DateRange) -> UsageOverview:
    weeks = _weeks(dates)
    rows = await session.execute(
        select(UsageWeek.school_id, UsageWeek.week, UsageWeek.activity, UsageWeek.persons)
        .where(UsageWeek.week >= weeks[0], UsageWeek.week <= weeks[-1])
        .order_by(UsageWeek.school_id, UsageWeek.week)
    )
    per_school: dict[UUID, dict[date, dict[Activity, int]]] = {}
    total: dict[date, dict[Activity, int]] = {}
    for school_id, week, activity, persons in rows:
        kind = Activity(activity)
        per_school.setdefault(school_id, {}).setdefault(week, {})[kind] = persons
        in_total = total.setdefault(week, {})
        in_total[kind] = in_total.get(kind, 0) + persons
    return UsageOverview(
        date_from=dates.date_from,
        date_to=dates.date_to,
        period=dates.period,
        activities=[ActivityMeaning(activity=a, meaning=m) for a, m in ACTIVITY_MEANINGS.items()],
        weeks=weeks,
        total=[UsageWeekCounts(week=w, counts=total.get(w, {})) for w in weeks],
        schools=[
            SchoolUsage(
                school_id=school_id,
                weeks=[UsageWeekCounts(week=w, counts=found.get(w, {})) for w in weeks],
            )
            for school_id, found in per_school.items()
        ],
    )
