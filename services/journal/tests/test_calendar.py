"""One calendar (S1): the journal's study periods, holidays and working days are schedule's
calendar of the school's year, kept from calendar.changed and rebuilt over gRPC; a school
no longer sets them in its policy."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from journal_support import (
    MOSCOW,
    FakeScheduleChannel,
    School,
    calendar_message,
    standard_periods,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction
from okrug_common.testing import Service
from okrug_journal.calendar.handlers import on_calendar_changed
from okrug_journal.calendar.rebuild import rebuild_calendar
from okrug_journal.policy import rules
from okrug_journal.policy.service import school_policy


async def policy_of(school: School, service: Service) -> dict[str, object]:
    read = await service.http.get("/journal/policy", headers=school.auth(school.director))
    assert read.status_code == 200, read.text
    body: dict[str, object] = read.json()
    return body


async def test_the_policy_takes_periods_holidays_and_working_days_from_the_calendar(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Schedule's term 1 (1 Sep - 30 Oct 2026), half-year 2 and the year become "term-1",
    "half-year-2", "year"; the autumn holiday 4 Nov 2026 and the six-day week give the
    period mark's deadline: term 1 ends Friday 30 Oct, five working days after it are
    Sat 31 Oct, Mon 2, Tue 3, (Wed 4 a holiday), Thu 5, Fri 6 Nov: due at midnight after
    6 Nov, 00:00 7 Nov Moscow time."""
    periods = [
        {"code": "term-1", "starts_on": "2026-09-01", "ends_on": "2026-10-30"},
        {"code": "half-year-2", "starts_on": "2027-01-11", "ends_on": "2027-05-26"},
        {"code": "year", "starts_on": "2026-09-01", "ends_on": "2027-05-26"},
    ]
    await school.set_calendar(periods, [date(2026, 11, 4)], working_days_per_week=6)
    body = await policy_of(school, service)
    assert [(p["code"], p["kind"]) for p in body["study_periods"]] == [  # type: ignore[attr-defined]
        ("term-1", "term"),
        ("half-year-2", "half-year"),
        ("year", "year"),
    ]
    assert body["holidays"] == ["2026-11-04"]
    assert body["weekend_days"] == [6]
    assert body["calendar_year"] == "test year"
    async with tenant_transaction(sessions, school.id) as session:
        policy = await school_policy(session, service.runtime, school.id)
    assert rules.period_mark_due(policy, date(2026, 10, 30)) == datetime(2026, 11, 7, tzinfo=MOSCOW)

    # Schedule adds a holiday and goes back to five days: seen at once.
    await school.set_calendar(periods, [date(2026, 11, 4), date(2026, 11, 5)])
    body = await policy_of(school, service)
    assert body["holidays"] == ["2026-11-04", "2026-11-05"]
    assert body["weekend_days"] == [5, 6]


async def test_an_older_announcement_arriving_late_changes_nothing(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    late = schedule_pb2.CalendarChanged(
        context=common_pb2.EventContext(event_id=str(uuid4()), school_id=str(school.id)),
        calendar=calendar_message(school.year_id, standard_periods(2026)[:1], [], 5),
    )
    late.context.occurred_at.FromDatetime(datetime.now(UTC) - timedelta(hours=1))
    async with tenant_transaction(sessions, school.id) as session:
        await on_calendar_changed(session, late)
    body = await policy_of(school, service)
    assert len(body["study_periods"]) == 7  # type: ignore[arg-type]


async def test_a_school_without_a_calendar_has_no_periods_to_mark(
    sessions: async_sessionmaker[AsyncSession], service: Service
) -> None:
    school = School(sessions, service)
    await school.setup()
    async with tenant_transaction(sessions, school.id) as session:
        await rebuild_calendar(session, service.runtime, school.id)  # schedule has none
    body = await policy_of(school, service)
    assert (body["study_periods"], body["holidays"], body["calendar_year"]) == ([], [], None)
    await school.lesson()
    refused = await service.http.put(
        f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods/term-1"
        f"/marks/{school.students[0]}",
        json={"value": "4"},
        headers=school.auth(school.teacher),
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "period"


async def test_a_rebuild_takes_schedules_years_and_drops_the_ones_it_no_longer_has(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    next_year = uuid4()
    FakeScheduleChannel.calendars[school.id] = [
        calendar_message(next_year, standard_periods(2027), [date(2027, 11, 4)], 5)
    ]
    try:
        async with tenant_transaction(sessions, school.id) as session:
            kept = await rebuild_calendar(session, service.runtime, school.id)
    finally:
        del FakeScheduleChannel.calendars[school.id]
    assert kept == 1
    body = await policy_of(school, service)
    # The school's only year now starts 1 September 2027: before it, its periods apply.
    assert body["study_periods"][0]["starts_on"] == "2027-09-01"  # type: ignore[index]
    assert body["holidays"] == ["2027-11-04"]


async def test_a_school_cannot_set_periods_holidays_or_weekend_days(
    school: School, service: Service
) -> None:
    before = await policy_of(school, service)
    for field, value in (
        ("study_periods", []),
        ("holidays", ["2026-11-04"]),
        ("weekend_days", [6]),
    ):
        refused = await service.http.put(
            "/journal/policy", json={field: value}, headers=school.auth(school.admin)
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"].endswith(field)
    assert await policy_of(school, service) == before
