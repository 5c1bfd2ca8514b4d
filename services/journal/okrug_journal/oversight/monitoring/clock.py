"""Reports at each study period's end (O5): a round of the journal's deadline clock
(timeliness/clock.py) finds the study periods of every school's calendar whose last day has
ended in the school's time zone and that have no period-end report yet, and makes them, once
per school and period (a unique index keeps a second round from making another)."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import structlog
from sqlalchemy import select

from okrug_common.db import tenant_transaction
from okrug_common.runtime import Runtime
from okrug_journal.models import MonitoringReport, SchoolCalendar
from okrug_journal.oversight.monitoring import service
from okrug_journal.policy.service import school_policy

log = structlog.get_logger(__name__)

# A period that ended longer ago than this gets no period-end report (a school's first
# calendar, or the journal back after a long outage, does not make a year of old reports
# at once; they can be made on demand).
CATCH_UP_DAYS = 7


def ended_recently(ends_on: date, today: date) -> bool:
    return ends_on < today <= ends_on + timedelta(days=CATCH_UP_DAYS)


async def _due(runtime: Runtime, now: datetime) -> dict[tuple[UUID, str], date]:
    """(school, period) -> its last day, for periods that may have ended with no report yet
    (by the UTC date, a day's margin either side; the school's zone decides later)."""
    utc_today = now.astimezone(UTC).date()
    async with tenant_transaction(runtime.sessionmaker, None, district=True) as session:
        calendars = (
            await session.execute(
                select(SchoolCalendar.school_id, SchoolCalendar.study_periods).where(
                    SchoolCalendar.status != "archived"
                )
            )
        ).all()
        made = set(
            (
                await session.execute(
                    select(MonitoringReport.school_id, MonitoringReport.period).where(
                        MonitoringReport.reason == "period-end"
                    )
                )
            ).all()
        )
    due: dict[tuple[UUID, str], date] = {}
    for school_id, periods in calendars:
        for period in periods:
            ends_on = date.fromisoformat(period["ends_on"])
            key = (school_id, str(period["code"]))
            margin = (
                ends_on - timedelta(days=1)
                < utc_today
                <= ends_on + timedelta(days=CATCH_UP_DAYS + 1)
            )
            if margin and key not in made:
                due[key] = ends_on
    return due


async def make_period_end_reports(runtime: Runtime, now: datetime | None = None) -> int:
    """One round: the period-end reports due now, made; how many were made."""
    moment = now or datetime.now(UTC)
    due = await _due(runtime, moment)
    by_period: dict[str, list[UUID]] = defaultdict(list)
    for (school_id, period), ends_on in sorted(due.items(), key=lambda item: str(item[0])):
        async with tenant_transaction(runtime.sessionmaker, school_id) as session:
            zone = (await school_policy(session, runtime, school_id)).zone
        if ended_recently(ends_on, moment.astimezone(zone).date()):
            by_period[period].append(school_id)
    made = 0
    for period, school_ids in by_period.items():
        order = service.Order(period, school_ids, "period-end", made_by=None, strict=False)
        made += len(await service.make(runtime, order, moment))
    if made:
        log.info("monitoring_period_end_reports", made=made)
    return made
