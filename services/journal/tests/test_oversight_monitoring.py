"""Monitoring reports and thresholds (issue 11 point 9; O5): a school's report of a study
period made on demand and at the period's end (once), its figures from the read models
checked against a hand computation, delivered to the director (report_published), the
district's threshold breached once (not again while below) and recovered; the district's
summary; the documents (PDF, XLSX); who reads what."""

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import MOSCOW, FakeIdentityChannel, School, district_person
from openpyxl import load_workbook  # type: ignore[import-untyped]
from oversight_support import PlannedLesson, context, deliver, fact
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.event_catalog import JournalEvents
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.oversight.keeping.handlers import on_entries_timed, on_lesson
from okrug_journal.oversight.keeping.read_model import week_of
from okrug_journal.oversight.monitoring.clock import make_period_end_reports

URL = "/journal/oversight/monitoring"
EVENTS = {
    e.subject: e
    for e in (
        JournalEvents.REPORT_PUBLISHED,
        JournalEvents.THRESHOLD_BREACHED,
        JournalEvents.THRESHOLD_RECOVERED,
    )
}


@pytest.fixture
def identity(peer_channels: dict[str, Any]) -> FakeIdentityChannel:
    fake: FakeIdentityChannel = peer_channels["identity"]
    return fake


async def events_of(admin: asyncpg.Connection, school_id: UUID, subject: str) -> list[Any]:
    rows = await admin.fetch(
        "SELECT payload FROM outbox WHERE school_id = $1 AND subject = $2 ORDER BY created_at",
        school_id,
        subject,
    )
    return [EVENTS[subject].decode(r["payload"]) for r in rows]


class Lessons:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], service: Service, school: School
    ):
        self.sessions, self.service, self.school = sessions, service, school

    async def plan(self, day: date) -> PlannedLesson:
        s = self.school
        assert s.teacher.person_id is not None
        lesson = PlannedLesson(s.id, s.class_id, s.subject_id, s.teacher.person_id, day)
        event = schedule_pb2.LessonPlanned(context=context(s.id), lesson=lesson.proto())
        await deliver(self.sessions, s.id, on_lesson(self.service.runtime), event)
        return lesson

    async def timed(self, *facts: journal_pb2.EntryFact) -> None:
        event = journal_pb2.EntriesTimed(context=context(self.school.id), facts=facts)
        await deliver(self.sessions, self.school.id, on_entries_timed(self.service.runtime), event)


async def make(service: Service, who: Any, **body: Any) -> list[dict[str, Any]]:
    made = await service.http.post(f"{URL}/reports", json=body, headers=service.auth(who))
    assert made.status_code == 201, made.text
    reports: list[dict[str, Any]] = made.json()["reports"]
    return reports


async def test_a_report_on_demand_its_figures_the_director_and_the_threshold_once(
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
    identity: FakeIdentityChannel,
    admin_conn: asyncpg.Connection,
) -> None:
    school = await School(sessions, service).setup()
    director = school.director.person_id
    assert director is not None
    identity.name_school(school.id, "МБОУ СОШ № 5")
    identity.add_person(school.id, director, "Директорова", "Нина", "Павловна", ("director",))
    lessons = Lessons(sessions, service, school)
    # Two lessons of term 2 (the standard calendar's 3 Nov - 28 Dec), in the week before.
    monday = week_of(datetime.now(MOSCOW).date()) - timedelta(weeks=1)
    l1, l2 = await lessons.plan(monday), await lessons.plan(monday + timedelta(days=1))
    attendance_of_l2 = uuid4()
    await lessons.timed(
        fact(l1, "attendance", "on-time"),
        fact(l1, "topic", "on-time"),
        fact(l1, "homework", "late"),
        fact(l2, "attendance", "missing", fact_id=attendance_of_l2),
    )
    district = district_person(Role.WORKING_GROUP_MEMBER)
    (made,) = await make(service, district, period="term-2", school_id=str(school.id))
    assert (made["school_id"], made["period"], made["period_name"], made["reason"]) == (
        str(school.id),
        "term-2",
        "2 четверть",
        "on-demand",
    )
    assert made["recipients"] == [
        {"person_id": str(director), "name": "Директорова Н. П.", "role": "director"}
    ]
    got = await service.http.get(made["path"], headers=service.auth(district))
    assert got.status_code == 200, got.text
    figures = got.json()["figures"]
    assert figures["school_name"] == "МБОУ СОШ № 5"
    # Entries: on time 2 (L1 attendance, topic), late 1 (L1 homework), missing 1 (L2
    # attendance): 4 due, 2 / 4 = 0.5 on time.
    t = figures["timeliness"]
    assert (t["on_time"], t["late"], t["missing"], t["due"], t["on_time_share"]) == (
        2, 1, 1, 4, 0.5
    )  # fmt: skip
    by_kind = {k["kind"]: (k["on_time"], k["late"], k["missing"]) for k in figures["by_kind"]}
    assert by_kind == {"attendance": (1, 0, 1), "topic": (1, 0, 0), "homework": (0, 1, 0)}
    # Lessons: 2 planned, held 1 (L1 has entries; L2 only a missing one), missed 1: 0.5.
    lessons_figure = figures["lessons"]
    assert (lessons_figure["planned"], lessons_figure["held"], lessons_figure["missed"]) == (
        2,
        1,
        1,
    )
    assert lessons_figure["held_share"] == 0.5
    # Thresholds (district defaults): on time 0.5 < 0.9 and held 0.5 < 0.95 are below; the
    # fill rate has no students counted yet (no mark), so it is not checked.
    checks = {c["figure"]: (c["measured"], c["below"]) for c in figures["thresholds"]}
    assert checks["on-time"] == (0.5, True)
    assert checks["completion"] == (0.5, True)
    assert figures["objectivity"]["outliers"] == 0

    published = await events_of(admin_conn, school.id, JournalEvents.REPORT_PUBLISHED.subject)
    assert [(e.report_id, list(e.recipient_ids)) for e in published] == [
        (made["id"], [str(director)])
    ]
    breached = await events_of(admin_conn, school.id, JournalEvents.THRESHOLD_BREACHED.subject)
    assert sorted((e.figure, e.threshold, e.measured, e.period) for e in breached) == [
        ("completion", "0.9500", "0.5000", "term-2"),
        ("on-time", "0.9000", "0.5000", "term-2"),
    ]

    # The director makes their own school's report: still below, no second breach event.
    (again,) = await make(service, school.director, period="term-2")
    assert again["id"] != made["id"]
    breached = await events_of(admin_conn, school.id, JournalEvents.THRESHOLD_BREACHED.subject)
    assert len(breached) == 2

    # L2's attendance entered late (the missing fact becomes late) and 16 marks on time:
    # on time 2 + 16 = 18, late 2, missing 0: 18 / 20 = 0.9, back at the threshold (not
    # under it); L2 is held now: 2 / 2 = 1.0.
    await lessons.timed(
        fact(l2, "attendance", "late", fact_id=attendance_of_l2),
        *(fact(l1, "mark", "on-time") for _ in range(16)),
    )
    (third,) = await make(service, district, period="term-2", school_id=str(school.id))
    recovered = await events_of(admin_conn, school.id, JournalEvents.THRESHOLD_RECOVERED.subject)
    assert sorted((e.figure, e.measured, e.report_id) for e in recovered) == [
        ("completion", "1.0000", third["id"]),
        ("on-time", "0.9000", third["id"]),
    ]
    breaches = await service.http.get(
        f"{URL}/breaches", params={"school_id": str(school.id)}, headers=service.auth(district)
    )
    assert {
        (b["figure"], b["opened_value"], b["closed_by_report"]) for b in breaches.json()["breaches"]
    } == {
        ("on-time", 0.5, third["id"]),
        ("completion", 0.5, third["id"]),
    }
    still_open = await service.http.get(
        f"{URL}/breaches", params={"open": "true"}, headers=service.auth(school.director)
    )
    assert still_open.json()["breaches"] == []

    # The director reads their school's reports, the documents; nothing of another school.
    listed = await service.http.get(f"{URL}/reports", headers=service.auth(school.director))
    assert [r["id"] for r in listed.json()["reports"]] == [third["id"], again["id"], made["id"]]
    pdf = await service.http.get(made["pdf"], headers=service.auth(school.director))
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    xlsx = await service.http.get(made["xlsx"], headers=service.auth(school.director))
    assert xlsx.status_code == 200
    cells = [
        str(c)
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert "Получатели: Директорова Н. П." in cells
    assert "2 / 1 / 1 / 4" in cells  # Всего: on time / late / missing / due
    other = await School(sessions, service).setup()
    hidden = await service.http.get(made["path"], headers=service.auth(other.director))
    assert hidden.status_code == 404
    refused = await service.http.post(
        f"{URL}/reports",
        json={"period": "term-2", "school_id": str(school.id)},
        headers=service.auth(other.director),
    )
    assert refused.status_code == 404
    teacher = await service.http.get(f"{URL}/reports", headers=service.auth(school.teacher))
    assert teacher.status_code == 403


async def test_a_period_end_report_is_made_once_by_the_clock(
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
    identity: FakeIdentityChannel,
    admin_conn: asyncpg.Connection,
) -> None:
    school = await School(sessions, service).setup()
    today = datetime.now(MOSCOW).date()
    # Term 1 ended yesterday in the school's zone; term 2 runs on.
    await school.set_calendar(
        [
            {"code": "term-1", "kind": "term", "starts_on": str(today - timedelta(days=30)), "ends_on": str(today - timedelta(days=1))},
            {"code": "term-2", "kind": "term", "starts_on": str(today), "ends_on": str(today + timedelta(days=30))},
            {"code": "year", "kind": "year", "starts_on": str(today - timedelta(days=30)), "ends_on": str(today + timedelta(days=200))},
        ]
    )  # fmt: skip
    director = school.director.person_id
    assert director is not None
    identity.add_person(school.id, director, "Директорова", "Нина", roles=("director",))
    await make_period_end_reports(service.runtime)
    await make_period_end_reports(service.runtime)
    reports = await service.http.get(
        f"{URL}/reports", params={"school_id": str(school.id)},
        headers=service.auth(district_person(Role.DISTRICT_ADMIN)),
    )  # fmt: skip
    assert [(r["period"], r["reason"]) for r in reports.json()["reports"]] == [
        ("term-1", "period-end")
    ]
    published = await events_of(admin_conn, school.id, JournalEvents.REPORT_PUBLISHED.subject)
    assert [(e.period, e.reason, list(e.recipient_ids)) for e in published] == [
        ("term-1", "period-end", [str(director)])
    ]
    # 35 days on, term 2 ended 5 days before: its report is made; term 1's is not made
    # again, and the year still runs.
    moment = datetime.now(UTC) + timedelta(days=35)
    assert await make_period_end_reports(service.runtime, moment) >= 0
    later = await service.http.get(
        f"{URL}/reports", params={"school_id": str(school.id)},
        headers=service.auth(district_person(Role.DISTRICT_ADMIN)),
    )  # fmt: skip
    assert {r["period"] for r in later.json()["reports"]} == {"term-1", "term-2"}


async def test_the_districts_summary_across_schools(
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
    identity: FakeIdentityChannel,
) -> None:
    a = await School(sessions, service).setup()
    identity.name_school(a.id, "Школа А")
    made = await make(service, district_person(Role.DISTRICT_ADMIN), period="term-2")
    summary = [r for r in made if r["school_id"] is None]
    assert len(summary) == 1
    assert str(a.id) in {r["school_id"] for r in made}
    got = await service.http.get(
        summary[0]["path"], headers=service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    )
    rows = {s["school_id"]: s for s in got.json()["district"]["schools"]}
    assert rows[str(a.id)]["school_name"] == "Школа А"
    pdf = await service.http.get(
        summary[0]["pdf"], headers=service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    )
    assert pdf.content.startswith(b"%PDF")
    # A school's leadership never sees the district's summary.
    listed = await service.http.get(f"{URL}/reports", headers=service.auth(a.director))
    assert all(r["school_id"] == str(a.id) for r in listed.json()["reports"])
