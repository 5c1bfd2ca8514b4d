"""Monitoring reports (O5): a school's figures of a study period stored as a snapshot (at the
period's end, once per school and period, by the journal's clock; on demand by the district
or the school's director), delivered to the school's directors through
`JournalEvents.REPORT_PUBLISHED`, and the district's summary across schools.

A report is measured in the district's reading scope (the reporting role: read models only,
counts, no student) and written in each school's own transaction, where the district's
thresholds are checked (thresholds.py) and the events go into the school's outbox."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug.journal.v1 import journal_pb2
from okrug_common import rpc
from okrug_common.auth import Principal
from okrug_common.db import reporting_transaction, tenant_transaction
from okrug_common.errors import InvalidInput, NotFound
from okrug_common.event_catalog import JournalEvents
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_journal import people
from okrug_journal.models import DISTRICT_ROW, MonitoringBreach, MonitoringReport, SchoolCalendar
from okrug_journal.outbox import emit_many
from okrug_journal.oversight.dates import DateRange
from okrug_journal.oversight.monitoring import thresholds
from okrug_journal.oversight.monitoring.figures import Measured, measure
from okrug_journal.oversight.monitoring.schemas import (
    BreachRead,
    DistrictFigures,
    Reason,
    Recipient,
    ReportFigures,
    ReportRead,
    ReportSummary,
)
from okrug_journal.oversight.scope import OversightScope, Viewer
from okrug_journal.policy.service import effective, school_policy

BASE = "/journal/oversight/monitoring/reports"
# Who receives a school's report.
RECIPIENT_ROLES = (Role.DIRECTOR,)
# The journal itself measuring (the clock), in the district's reading scope.
MONITORING = Principal(
    subject="okrug-journal-monitoring",
    person_id=None,
    school_id=None,
    roles=frozenset({Role.SERVICE}),
)

PERIOD_KIND_NAMES = {
    "term": "{n} четверть",
    "trimester": "{n} триместр",
    "half-year": "{n} полугодие",
}


def period_name(code: str) -> str:
    """'term-2' -> '2 четверть', 'year' -> 'Учебный год'; an unknown code as it is."""
    if code == "year":
        return "Учебный год"
    kind, _, number = code.rpartition("-")
    template = PERIOD_KIND_NAMES.get(kind)
    return template.format(n=number) if template and number.isdigit() else code


@asynccontextmanager
async def district_reading(runtime: Runtime) -> AsyncIterator[OversightScope]:
    """The district's read-only scope on the reporting role, for a report's measurement."""
    reporting = runtime.reporting_sessionmaker
    assert reporting is not None, "the journal's REPORTING_DATABASE_URL is not set"
    async with reporting_transaction(reporting, None) as session:
        yield OversightScope(session, Viewer(MONITORING, school_id=None, grade_levels=None))


@dataclass(frozen=True)
class Order:
    """Reports to make of one study period."""

    period: str
    school_ids: list[UUID]
    reason: Reason
    made_by: UUID | None
    # The district's summary across the schools, too.
    summary: bool = False
    # A school without the period in its calendar: refused (one school asked for) or
    # left out (the whole district).
    strict: bool = True


async def _school_period(runtime: Runtime, school_id: UUID, order: Order) -> DateRange | None:
    async with tenant_transaction(runtime.sessionmaker, school_id) as session:
        policy = await school_policy(session, runtime, school_id)
    found = policy.period(order.period)
    if found is None:
        if order.strict:
            raise InvalidInput(
                f"No study period {order.period!r} in the school's calendar.",
                field="period",
                code="unknown-period",
            )
        return None
    return DateRange(found.starts_on, found.ends_on, found.code)


async def recipients_of(runtime: Runtime, school_id: UUID) -> list[Recipient]:
    """The school's directors now, as identity names them (the one gRPC helper)."""
    answer = await rpc.call(
        identity_pb2_grpc.IdentityServiceStub(runtime.channels["identity"]).ListRoleHolders,
        identity_pb2.ListRoleHoldersRequest(
            school_id=str(school_id), roles=[r.value for r in RECIPIENT_ROLES]
        ),
    )
    return [
        Recipient(
            person_id=UUID(p.person_id),
            name=people.PersonName(p.last_name, p.first_name, p.middle_name).short,
            role=Role.DIRECTOR.value,
        )
        for p in answer.persons
    ]


async def make(runtime: Runtime, order: Order, now: datetime | None = None) -> list[ReportSummary]:
    """Measure and store the reports of the order; the summaries of those stored (a
    period-end report already made is not made again)."""
    moment = now or datetime.now(UTC)
    measured = []
    for school_id in order.school_ids:
        dates = await _school_period(runtime, school_id, order)
        if dates is not None:
            names = await people.for_document(runtime, school_id, [])
            measured.append(Measured(school_id, names.school_name, dates))
    if not measured:
        return []
    async with district_reading(runtime) as scope:
        figures = await measure(scope, runtime, order.period, measured, moment.date())
    made = []
    for m, school_figures in zip(measured, figures, strict=True):
        recipients = await recipients_of(runtime, m.school_id)
        async with tenant_transaction(runtime.sessionmaker, m.school_id) as session:
            report = await _store(session, order, m, school_figures, recipients, moment)
            if report is None:
                continue
            await thresholds.check(session, report, school_figures, moment)
            await _publish(session, report)
        made.append(summary_of(report))
    if order.summary:
        made.append(await _store_summary(runtime, order, measured, figures, moment))
    return made


def _row(
    school_id: UUID,
    order: Order,
    dates: DateRange,
    figures: dict[str, Any],
    recipients: list[Recipient],
    moment: datetime,
) -> dict[str, Any]:
    return {
        "school_id": school_id,
        "id": uuid4(),
        "period": order.period,
        "period_name": period_name(order.period),
        "date_from": dates.date_from,
        "date_to": dates.date_to,
        "reason": order.reason,
        "made_at": moment,
        "made_by": order.made_by,
        "figures": figures,
        "recipients": [r.model_dump(mode="json") for r in recipients],
    }


async def _store(
    session: AsyncSession,
    order: Order,
    measured: Measured,
    figures: ReportFigures,
    recipients: list[Recipient],
    moment: datetime,
) -> MonitoringReport | None:
    row = _row(
        measured.school_id,
        order,
        measured.dates,
        figures.model_dump(mode="json"),
        recipients,
        moment,
    )
    statement = insert(MonitoringReport).values(row)
    if order.reason == "period-end":
        statement = statement.on_conflict_do_nothing(
            index_elements=["school_id", "period"],
            index_where=MonitoringReport.reason == "period-end",
        )
    stored = await session.scalar(statement.returning(MonitoringReport.id))
    if stored is None:
        return None
    return await session.get_one(MonitoringReport, (measured.school_id, stored))


async def _store_summary(
    runtime: Runtime,
    order: Order,
    measured: list[Measured],
    figures: list[ReportFigures],
    moment: datetime,
) -> ReportSummary:
    ranked = sorted(
        figures,
        key=lambda f: (-(f.index.index or -1.0) if f.index else 1.0, f.school_name),
    )
    dates = DateRange(
        min(m.dates.date_from for m in measured), max(m.dates.date_to for m in measured)
    )
    row = _row(
        DISTRICT_ROW,
        order,
        dates,
        DistrictFigures(schools=ranked).model_dump(mode="json"),
        [],
        moment,
    )
    async with tenant_transaction(runtime.sessionmaker, DISTRICT_ROW) as session:
        await session.execute(insert(MonitoringReport).values(row))
        report = await session.get_one(MonitoringReport, (DISTRICT_ROW, row["id"]))
        return summary_of(report)


async def _publish(session: AsyncSession, report: MonitoringReport) -> None:
    paths = paths_of(report.id)
    message = journal_pb2.MonitoringReportPublished(
        report_id=str(report.id),
        period=report.period,
        period_name=report.period_name,
        reason=report.reason,
        recipient_ids=[r["person_id"] for r in report.recipients],
        path=paths["path"],
        pdf_path=paths["pdf"],
        xlsx_path=paths["xlsx"],
    )
    await emit_many(
        session,
        [JournalEvents.REPORT_PUBLISHED.of(message)],
        school_id=report.school_id,
        actor_id=report.made_by,
    )


def paths_of(report_id: UUID) -> dict[str, str]:
    return {
        "path": f"{BASE}/{report_id}",
        "pdf": f"{BASE}/{report_id}.pdf",
        "xlsx": f"{BASE}/{report_id}.xlsx",
    }


def summary_of(report: MonitoringReport) -> ReportSummary:
    is_district = report.school_id == DISTRICT_ROW
    school_name = "" if is_district else str(report.figures.get("school_name", ""))
    return ReportSummary.model_validate(
        {
            "id": report.id,
            "school_id": None if is_district else report.school_id,
            "school_name": school_name,
            "period": report.period,
            "period_name": report.period_name,
            "date_from": report.date_from,
            "date_to": report.date_to,
            "reason": report.reason,
            "made_at": report.made_at,
            "made_by": report.made_by,
            "recipients": report.recipients,
            **paths_of(report.id),
        }
    )


def read_of(report: MonitoringReport) -> ReportRead:
    summary = summary_of(report)
    if summary.school_id is None:
        return ReportRead(
            **summary.model_dump(),
            figures=None,
            district=DistrictFigures.model_validate(report.figures),
        )
    return ReportRead(
        **summary.model_dump(),
        figures=ReportFigures.model_validate(report.figures),
        district=None,
    )


async def list_reports(
    scope: OversightScope, school_id: UUID | None, period: str | None, limit: int
) -> list[ReportSummary]:
    """The reports the viewer reads, newest first: the district every school's and its
    summaries; a school's leadership their school's (row-level security)."""
    query = select(MonitoringReport).order_by(MonitoringReport.made_at.desc(), MonitoringReport.id)
    if school_id is not None:
        query = query.where(MonitoringReport.school_id == school_id)
    if period is not None:
        query = query.where(MonitoringReport.period == period)
    return [summary_of(r) for r in await scope.session.scalars(query.limit(limit))]


async def get_report(scope: OversightScope, report_id: UUID) -> MonitoringReport:
    report = await scope.session.scalar(
        select(MonitoringReport).where(MonitoringReport.id == report_id)
    )
    if report is None:
        raise NotFound(f"No monitoring report {report_id}.")
    return report


async def schools_with_calendar(runtime: Runtime) -> list[UUID]:
    """Every school with a calendar of a year not archived (a district-scoped read)."""
    async with tenant_transaction(runtime.sessionmaker, None, district=True) as session:
        return sorted(
            set(
                await session.scalars(
                    select(SchoolCalendar.school_id).where(SchoolCalendar.status != "archived")
                )
            ),
            key=str,
        )


async def zone_of(scope: OversightScope, runtime: Runtime) -> ZoneInfo:
    """The time zone a document prints moments in: the school's for its leadership, the
    district's default for the district (the reporting role reads no school's policy)."""
    if scope.viewer.school_id is None:
        return effective({}, runtime).zone
    return (await school_policy(scope.session, runtime, scope.viewer.school_id)).zone


async def list_breaches(
    scope: OversightScope, school_id: UUID | None, period: str | None, open_only: bool, limit: int
) -> list[BreachRead]:
    query = select(MonitoringBreach).order_by(
        MonitoringBreach.opened_at.desc(), MonitoringBreach.id
    )
    if school_id is not None:
        query = query.where(MonitoringBreach.school_id == school_id)
    if period is not None:
        query = query.where(MonitoringBreach.period == period)
    if open_only:
        query = query.where(MonitoringBreach.closed_at.is_(None))
    return [
        BreachRead.model_validate(b, from_attributes=True)
        for b in await scope.session.scalars(query.limit(limit))
    ]
