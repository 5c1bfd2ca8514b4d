"""Issue 11 point 9 end to end (O5) on the real platform (schedule, journal, identity, notify,
NATS, Keycloak): a school's term 1 ends (schedule's calendar gets a term that ended
yesterday), the journal's clock makes the school's monitoring report once, its figures match
a hand computation, notify puts it in the director's inbox, and the district's on-time
threshold is breached once (threshold_breached on the journal's stream, not again on the
next measurement while still below) and recovered when the figure is back within."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.event_catalog import Event, JournalEvents
from okrug_local.platform import Platform
from tests.support import (
    District,
    School,
    create_school,
    eventually,
    expect,
    published_events,
    unique,
)
from tests.web.district_data import director as district_director
from tests.web.district_data import play_entries_timed, working_group_member

pytestmark = pytest.mark.platform

MONITORING = "/oversight/monitoring"


def events(platform: Platform, event: Event[Any], school_id: str) -> list[Any]:
    """The school's events of a kind on the journal's stream (an ephemeral consumer)."""
    found = published_events(platform, event, "journal")
    return [decoded for decoded in found if decoded.context.school_id == school_id]


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def _fact(
    school: School, kind: int, timeliness: int, fact_id: str | None = None
) -> journal_pb2.EntryFact:
    """A fact of the school's lesson in term 1, due yesterday at 18:00 UTC; entered an hour
    before when on time, two hours after when late."""
    day = datetime.now(UTC).date() - timedelta(days=1)
    due = datetime.combine(day, time(18), tzinfo=UTC)
    fact = journal_pb2.EntryFact(
        fact_id=fact_id or str(uuid.uuid4()),
        kind=kind,
        timeliness=timeliness,
        lesson_id=school.lesson_id,
        class_id=school.class_id,
        subject_id=school.subject_id,
        teacher_id=school.teacher.id,
        lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day),
        due_at=_stamp(due),
        period="term-1",
    )
    if timeliness != journal_pb2.ENTRY_TIMELINESS_MISSING:
        late = timeliness == journal_pb2.ENTRY_TIMELINESS_LATE
        fact.entered_at.CopyFrom(_stamp(due + timedelta(hours=2 if late else -1)))
        fact.entered_by = school.teacher.id or ""
        fact.source = journal_pb2.ENTRY_SOURCE_TYPED
    return fact


def calendar_without_term_1(today: date) -> dict[str, Any]:
    """Term 2 from today on and the year around it; term 1 is added when the test ends it."""
    return {
        "name": unique("Год "),
        "starts_on": str(today - timedelta(days=120)),
        "ends_on": str(today + timedelta(days=200)),
        "periods": [
            {"kind": "term", "number": 2, "starts_on": str(today), "ends_on": str(today + timedelta(days=30))},
            {"kind": "year", "number": 1, "starts_on": str(today - timedelta(days=120)), "ends_on": str(today + timedelta(days=200))},
        ],
    }  # fmt: skip


def test_a_term_ends_its_report_reaches_the_director_and_the_threshold_fires_once(
    platform: Platform, district: District
) -> None:
    journal = platform.url("journal")
    # The API's own paths (a report's, its documents') start with /journal.
    origin = journal.removesuffix("/journal")
    today = datetime.now(UTC).date()
    x = create_school(platform, district, unique("МБОУ СОШ № 9 "), calendar_without_term_1(today))
    director = district_director(platform, x)
    member = working_group_member(platform)
    on_time, late, missing = (
        journal_pb2.ENTRY_TIMELINESS_ON_TIME,
        journal_pb2.ENTRY_TIMELINESS_LATE,
        journal_pb2.ENTRY_TIMELINESS_MISSING,
    )
    attendance, topic, homework, mark = (
        journal_pb2.ENTRY_KIND_ATTENDANCE,
        journal_pb2.ENTRY_KIND_TOPIC,
        journal_pb2.ENTRY_KIND_HOMEWORK,
        journal_pb2.ENTRY_KIND_MARK,
    )
    missing_mark = str(uuid.uuid4())
    play_entries_timed(
        platform,
        x,
        _fact(x, attendance, on_time),
        _fact(x, topic, on_time),
        _fact(x, homework, late),
        _fact(x, mark, missing, fact_id=missing_mark),
    )

    def kept(due: int) -> bool:
        got = expect(
            httpx.get(
                f"{journal}/oversight/keeping/schools",
                params={"period": "term-1"},
                headers=member.headers,
                timeout=30,
            ),
            200,
        )
        rows = {row["school_id"]: row for row in got["schools"]}
        return x.id in rows and rows[x.id]["timeliness"]["due"] == due

    eventually(lambda: kept(4), what="term 1's facts in keeping's figures")

    # Term 1 ended yesterday: schedule announces it, the journal's clock makes the report.
    (year,) = expect(httpx.get(f"{platform.url('schedule')}/years", headers=x.admin.headers), 200)
    expect(
        httpx.post(
            f"{platform.url('schedule')}/years/{year['id']}/periods",
            json={
                "kind": "term",
                "number": 1,
                "starts_on": str(today - timedelta(days=30)),
                "ends_on": str(today - timedelta(days=1)),
            },
            headers=x.admin.headers,
        ),
        201,
    )

    def reports() -> list[dict[str, Any]]:
        got = expect(
            httpx.get(
                f"{journal}{MONITORING}/reports",
                params={"school_id": x.id, "period": "term-1"},
                headers=member.headers,
                timeout=30,
            ),
            200,
        )
        listed: list[dict[str, Any]] = got["reports"]
        return listed

    (report,) = eventually(lambda: reports() or None, what="the period-end report")
    assert (report["reason"], report["period_name"]) == ("period-end", "1 четверть")
    assert [r["person_id"] for r in report["recipients"]] == [director.id]
    figures = expect(httpx.get(f"{origin}{report['path']}", headers=member.headers), 200)["figures"]
    # Term 1's entries: on time 2 (attendance, topic), late 1 (homework), missing 1 (the
    # mark): 4 due, 2 / 4 = 0.5 on time, under the district's 0.9.
    t = figures["timeliness"]
    assert (t["on_time"], t["late"], t["missing"], t["due"], t["on_time_share"]) == (
        2, 1, 1, 4, 0.5
    )  # fmt: skip
    by_kind = {k["kind"]: (k["on_time"], k["late"], k["missing"]) for k in figures["by_kind"]}
    assert by_kind == {
        "attendance": (1, 0, 0),
        "topic": (1, 0, 0),
        "homework": (0, 1, 0),
        "mark": (0, 0, 1),
    }
    checks = {c["figure"]: (c["measured"], c["below"]) for c in figures["thresholds"]}
    assert checks["on-time"] == (0.5, True)

    # notify's message in the director's inbox.
    def inbox() -> list[dict[str, Any]] | None:
        got = expect(httpx.get(f"{platform.url('notify')}/inbox", headers=director.headers), 200)
        found = [m for m in got if m["kind"] == "monitoring-report"]
        return found or None

    (message,) = eventually(inbox, what="the report in the director's inbox")
    assert message["title"] == "Отчёт мониторинга: 1 четверть"
    assert report["pdf"] in message["body"]

    # The threshold's event once; the director's report of the same term measures it
    # again, still below: its report is published, no second breach.
    (breach,) = eventually(
        lambda: events(platform, JournalEvents.THRESHOLD_BREACHED, x.id) or None,
        what="threshold_breached",
    )
    assert (breach.figure, breach.threshold, breach.measured, breach.period) == (
        "on-time",
        "0.9000",
        "0.5000",
        "term-1",
    )
    assert breach.rows == f"/journal/oversight/keeping/schools/{x.id}?by=teacher"
    (again,) = expect(
        httpx.post(
            f"{journal}{MONITORING}/reports",
            json={"period": "term-1"},
            headers=director.headers,
            timeout=60,
        ),
        201,
    )["reports"]
    eventually(
        lambda: (
            again["id"]
            in {e.report_id for e in events(platform, JournalEvents.REPORT_PUBLISHED, x.id)}
        ),
        what="the director's report published",
    )
    assert len(events(platform, JournalEvents.THRESHOLD_BREACHED, x.id)) == 1
    assert [r["reason"] for r in reports()] == ["on-demand", "period-end"]

    # The mark entered late (the missing fact becomes late) and 16 more marks on time:
    # on time 2 + 16 = 18, late 2, missing 0: 18 / 20 = 0.9, back at the threshold.
    play_entries_timed(
        platform,
        x,
        _fact(x, mark, late, fact_id=missing_mark),
        *(_fact(x, mark, on_time) for _ in range(16)),
    )
    eventually(lambda: kept(20), what="the new facts in keeping's figures")
    (third,) = expect(
        httpx.post(
            f"{journal}{MONITORING}/reports",
            json={"period": "term-1", "school_id": x.id},
            headers=member.headers,
            timeout=60,
        ),
        201,
    )["reports"]
    (recovered,) = eventually(
        lambda: events(platform, JournalEvents.THRESHOLD_RECOVERED, x.id) or None,
        what="threshold_recovered",
    )
    assert (recovered.breach_id, recovered.measured, recovered.report_id) == (
        breach.breach_id,
        "0.9000",
        third["id"],
    )
    breaches = expect(
        httpx.get(
            f"{journal}{MONITORING}/breaches", params={"school_id": x.id}, headers=member.headers
        ),
        200,
    )["breaches"]
    assert [(b["figure"], b["closed_by_report"]) for b in breaches] == [("on-time", third["id"])]
    # Still one period-end report of term 1, whatever rounds the clock made meanwhile.
    assert [r["reason"] for r in reports()].count("period-end") == 1
    pdf = httpx.get(f"{origin}{report['pdf']}", headers=director.headers)
    assert (pdf.status_code, pdf.content[:4]) == (200, b"%PDF")
