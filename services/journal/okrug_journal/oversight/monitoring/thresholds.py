"""The district's thresholds checked at each measurement (O5): a school's figure below its
threshold opens a breach and publishes `JournalEvents.THRESHOLD_BREACHED` once;
while it stays below, later measurements only note the value; back within, the breach is
closed and `threshold_recovered` published (issue 12's follow-ups close with it). A figure
without data (nothing due, no student, nothing planned) is not checked."""

from datetime import datetime
from decimal import Decimal
from typing import TypeVar
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import EventMessage, JournalEvents
from okrug_journal.models import MonitoringBreach, MonitoringReport
from okrug_journal.outbox import emit_many
from okrug_journal.oversight.monitoring.schemas import ReportFigures, ThresholdCheck

PLACES = Decimal("0.0001")
M = TypeVar("M", journal_pb2.ThresholdBreached, journal_pb2.ThresholdRecovered)


def share(value: float) -> Decimal:
    return Decimal(str(value)).quantize(PLACES)


async def check(
    session: AsyncSession,
    report: MonitoringReport,
    figures: ReportFigures,
    moment: datetime,
) -> None:
    """Open, note or close the school's breaches of the report's period (the school's own
    transaction: the events go into its outbox with the report)."""
    events: list[EventMessage] = []
    for checked in figures.thresholds:
        if checked.measured is None:
            continue
        event = await _apply(session, report, checked, moment)
        if event is not None:
            events.append(event)
    await emit_many(session, events, school_id=report.school_id, actor_id=report.made_by)


async def _apply(
    session: AsyncSession, report: MonitoringReport, checked: ThresholdCheck, moment: datetime
) -> EventMessage | None:
    assert checked.measured is not None
    measured = share(checked.measured)
    open_breach = await session.scalar(
        select(MonitoringBreach)
        .where(
            MonitoringBreach.school_id == report.school_id,
            MonitoringBreach.figure == checked.figure,
            MonitoringBreach.period == report.period,
            MonitoringBreach.closed_at.is_(None),
        )
        .with_for_update()
    )
    if open_breach is not None:
        open_breach.last_value = measured
        if checked.below:
            return None
        open_breach.closed_at = moment
        open_breach.closed_by_report = report.id
        await session.flush()
        return JournalEvents.THRESHOLD_RECOVERED.of(
            _message(journal_pb2.ThresholdRecovered(), open_breach, report, checked)
        )
    if not checked.below:
        return None
    breach_id = await session.scalar(
        insert(MonitoringBreach)
        .values(
            school_id=report.school_id,
            id=uuid4(),
            figure=checked.figure,
            period=report.period,
            threshold=share(checked.threshold),
            opened_value=measured,
            last_value=measured,
            opened_at=moment,
            opened_by_report=report.id,
        )
        .on_conflict_do_nothing(
            index_elements=["school_id", "figure", "period"],
            index_where=MonitoringBreach.closed_at.is_(None),
        )
        .returning(MonitoringBreach.id)
    )
    if breach_id is None:
        return None
    breach = await session.get_one(MonitoringBreach, (report.school_id, breach_id))
    return JournalEvents.THRESHOLD_BREACHED.of(
        _message(journal_pb2.ThresholdBreached(), breach, report, checked)
    )


def _message(
    message: M, breach: MonitoringBreach, report: MonitoringReport, checked: ThresholdCheck
) -> M:
    """The event's fields: shares as decimals of four places ("0.9000", "0.7500")."""
    message.breach_id = str(breach.id)
    message.figure = breach.figure
    message.threshold = str(breach.threshold)
    message.measured = str(breach.last_value)
    message.period = breach.period
    message.rows = checked.rows
    message.report_id = str(report.id)
    return message
