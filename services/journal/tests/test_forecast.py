"""The forecast (issue 11 point 7; J12): each student's projected period mark from the
weighted average so far and the fewest marks that lift it one step, checked against hand
computations; the read model follows the mark events (recorded, changed, deleted); the
failing event is published once when a forecast turns failing and again only after it
recovered; the class's count of failing students; the rebuild gives the same read model;
who reads which forecast."""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import (
    MOSCOW,
    FakeIdentityChannel,
    FakeScheduleChannel,
    School,
    district_person,
    person,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_diary import link_guardian, make_class_teacher

from okrug.journal.v1 import journal_pb2
from okrug_common.db import tenant_transaction
from okrug_common.event_catalog import JournalEvents
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.forecast.handlers import subscriptions
from okrug_journal.oversight.rebuild import read_models_named, rebuild_school

FAILING = JournalEvents.FORECAST_FAILING.subject


@pytest.fixture
def identity(peer_channels: dict[str, Any]) -> FakeIdentityChannel:
    fake = peer_channels["identity"]
    assert isinstance(fake, FakeIdentityChannel)
    return fake


class Journal:
    """Records marks through the API and delivers the mark events the outbox holds to the
    forecast's handlers, each once (as the consumers would)."""

    def __init__(self, school: School, service: Service, admin: asyncpg.Connection) -> None:
        self.school, self.service, self.admin = school, service, admin
        self.delivered: set[UUID] = set()
        self.handlers = {s.event.subject: s for s in subscriptions(service.runtime)}

    async def setup(self) -> "Journal":
        today = datetime.now(MOSCOW).date()
        await self.school.set_calendar(
            [
                {
                    "code": "term-1",
                    "kind": "term",
                    "starts_on": str(today - timedelta(days=30)),
                    "ends_on": str(today + timedelta(days=30)),
                },
                {
                    "code": "year",
                    "kind": "year",
                    "starts_on": str(today - timedelta(days=60)),
                    "ends_on": str(today + timedelta(days=200)),
                },
            ]
        )
        self.lesson = await self.school.lesson(days_ago=1)
        return self

    async def mark(self, student: UUID, value: str, work_type: str) -> str:
        response = await self.service.http.post(
            f"/journal/lessons/{self.lesson}/marks",
            json={"student_id": str(student), "value": value, "work_type": work_type},
            headers=self.school.auth(self.school.teacher),
        )
        assert response.status_code == 201, response.text
        await self.deliver()
        mark_id: str = response.json()["id"]
        return mark_id

    async def change(self, mark_id: str, value: str) -> None:
        response = await self.service.http.patch(
            f"/journal/marks/{mark_id}",
            json={"value": value, "reason": "ошибка"},
            headers=self.school.auth(self.school.teacher),
        )
        assert response.status_code == 200, response.text
        await self.deliver()

    async def delete(self, mark_id: str) -> None:
        response = await self.service.http.delete(
            f"/journal/marks/{mark_id}",
            params={"reason": "ошибка"},
            headers=self.school.auth(self.school.teacher),
        )
        assert response.status_code == 204, response.text
        await self.deliver()

    async def deliver(self) -> None:
        rows = await self.admin.fetch(
            "SELECT id, subject, payload FROM outbox WHERE school_id = $1 ORDER BY created_at",
            self.school.id,
        )
        for row in rows:
            subscription = self.handlers.get(row["subject"])
            if subscription is None or row["id"] in self.delivered:
                continue
            self.delivered.add(row["id"])
            async with tenant_transaction(self.school.sessions, self.school.id) as session:
                await subscription.handler(session, subscription.event.decode(row["payload"]))

    async def failing_events(self) -> list[journal_pb2.ForecastFailing]:
        rows = await self.admin.fetch(
            "SELECT payload FROM outbox WHERE school_id = $1 AND subject = $2 ORDER BY created_at",
            self.school.id,
            FAILING,
        )
        return [JournalEvents.FORECAST_FAILING.decode(r["payload"]) for r in rows]

    async def sheet(self) -> dict[str, Any]:
        s = self.school
        response = await self.service.http.get(
            f"/journal/classes/{s.class_id}/subjects/{s.subject_id}/forecast",
            headers=s.auth(s.teacher),
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
async def journal(school: School, service: Service, admin_conn: asyncpg.Connection) -> Journal:
    return await Journal(school, service, admin_conn).setup()


def forecast_of(sheet: dict[str, Any], student: UUID) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in sheet["forecasts"] if f["student_id"] == str(student))
    return found


async def test_marks_needed_against_a_hand_computation(journal: Journal, school: School) -> None:
    a, b = school.students[0], school.students[1]
    # Student A: test 2 and 3 (weight 2 each), classwork 2, 2, 3, 2 (weight 1 each):
    # sum of value x weight = 2x2 + 3x2 + 2 + 2 + 3 + 2 = 19, sum of weights = 2+2+1+1+1+1 = 8,
    # 19 / 8 = 2.375 -> 2.38 (half up) -> projected 2: failing; the next mark is 3.
    for value, work_type in [("2", "test"), ("3", "test")] + [
        (v, "classwork") for v in ("2", "2", "3", "2")
    ]:
        await journal.mark(a, value, work_type)
    # Student B: one 5 in classwork: 5.00 -> 5, nothing lifts it; a pass/fail mark would not
    # count, and "pass" is not on the five-point scale anyway.
    await journal.mark(b, "5", "classwork")
    sheet = await journal.sheet()
    assert sheet["period"] == {"code": "term-1", "kind": "term"}
    assert "2.50 -> 3" in sheet["rounding"]
    forecast = forecast_of(sheet, a)
    assert (forecast["marks_count"], forecast["weighted_sum"], forecast["weight_sum"]) == (
        6,
        "19.00",
        "8.00",
    )
    assert (forecast["weighted_average"], forecast["projected_mark"], forecast["failing"]) == (
        "2.38",
        2,
        True,
    )
    options = {(o["work_type"], o["value"]): o for o in forecast["marks_needed"]}
    # One 3 in a test (weight 2): (19 + 1x3x2) / (8 + 2) = 25/10 = 2.50 -> 3 (the half rounds
    # up). The same for the essay and the project (weight 2 too).
    assert (options[("test", 3)]["count"], options[("test", 3)]["average_after"]) == (1, "2.50")
    # 3s in classwork (weight 1): one gives 22/9 = 2.444.. -> 2.44 -> 2, not enough; two give
    # (19 + 6) / (8 + 2) = 2.50 -> 3.
    assert (options[("classwork", 3)]["count"], options[("classwork", 3)]["average_after"]) == (
        2,
        "2.50",
    )
    # One 4 in classwork: (19 + 4) / 9 = 2.555.. -> 2.56 -> 3.
    assert (options[("classwork", 4)]["count"], options[("classwork", 4)]["average_after"]) == (
        1,
        "2.56",
    )
    # 3s in a quiz (weight 1.5): one gives 23.5/9.5 = 2.473.. -> 2.47; two give 28/11 = 2.545..
    # -> 2.55 -> 3.
    assert (options[("quiz", 3)]["count"], options[("quiz", 3)]["average_after"]) == (2, "2.55")
    # A 2 never lifts a 2 to a 3: no option with a value below the next mark.
    assert all(o["value"] >= 3 and o["rounds_to"] == 3 for o in forecast["marks_needed"])
    # Fewest marks first, then the lower value, then the lighter work type, then the
    # school's order of work types: the weight-2 works with one 3 lead (test, essay,
    # project), then one 4 in the weight-1 works (classwork, homework, oral).
    first = [(o["work_type"], o["value"], o["count"]) for o in forecast["marks_needed"][:6]]
    assert first == [
        ("test", 3, 1),
        ("essay", 3, 1),
        ("project", 3, 1),
        ("classwork", 4, 1),
        ("homework", 4, 1),
        ("oral", 4, 1),
    ]
    assert forecast_of(sheet, b)["projected_mark"] == 5
    assert forecast_of(sheet, b)["marks_needed"] == []


async def test_the_failing_event_is_published_once_and_again_after_recovery(
    journal: Journal, school: School, admin_conn: asyncpg.Connection
) -> None:
    a = school.students[0]
    await journal.mark(a, "2", "classwork")  # 2/1 = 2.00 -> 2: turns failing, event 1
    await journal.mark(a, "2", "classwork")  # 4/2 = 2.00: still failing, no event
    events = await journal.failing_events()
    assert len(events) == 1
    event = events[0]
    assert (event.student_id, event.subject_id, event.class_id) == (
        str(a),
        str(school.subject_id),
        str(school.class_id),
    )
    # Only the term's (the finest period): the year around it is failing too, silently.
    assert (event.period, event.weighted_average, event.projected_mark) == ("term-1", "2.00", "2")
    assert event.subject_name == "Математика"
    assert event.context.actor_person_id == str(school.teacher.person_id)
    five = await journal.mark(a, "5", "test")  # (2 + 2 + 5x2) / (1 + 1 + 2) = 14/4 = 3.50 -> 4
    assert forecast_of(await journal.sheet(), a)["projected_mark"] == 4
    assert len(await journal.failing_events()) == 1
    # Changed to a 1: (2 + 2 + 1x2) / 4 = 6/4 = 1.50 -> 2: failing anew, event 2.
    await journal.change(five, "1")
    assert len(await journal.failing_events()) == 2
    # Deleted: 4/2 = 2.00, still failing, no event; the standing follows the marks.
    await journal.delete(five)
    assert len(await journal.failing_events()) == 2
    assert forecast_of(await journal.sheet(), a)["weighted_average"] == "2.00"
    year = await admin_conn.fetchrow(
        "SELECT failing, notifies FROM forecast_standings WHERE school_id = $1 AND period = 'year'",
        school.id,
    )
    assert year is not None
    assert (year["failing"], year["notifies"]) == (True, False)


async def test_the_class_count_and_the_rebuild(
    journal: Journal,
    school: School,
    admin_conn: asyncpg.Connection,
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
) -> None:
    a, b, c = school.students[0], school.students[1], school.students[2]
    await journal.mark(a, "2", "classwork")  # 2.00 -> 2 failing
    await journal.mark(b, "3", "classwork")  # 3.00 -> 3
    only = await journal.mark(c, "1", "test")  # 1.00 -> 1 failing
    await journal.mark(c, "4", "classwork")  # (2 + 4) / 3 = 2.00 -> 2 failing

    async def counts() -> list[tuple[str, int, int]]:
        rows = await admin_conn.fetch(
            "SELECT period, students, failing FROM forecast_failing_counts "
            "WHERE school_id = $1 ORDER BY period",
            school.id,
        )
        return [(r["period"], r["students"], r["failing"]) for r in rows]

    async def standings() -> list[tuple[Any, ...]]:
        rows = await admin_conn.fetch(
            "SELECT student_id, subject_id, period, class_id, marks_count, weighted_sum, "
            "weight_sum, weighted_average, projected_mark, failing, notifies "
            "FROM forecast_standings WHERE school_id = $1 ORDER BY student_id, period",
            school.id,
        )
        return [tuple(r) for r in rows]

    # Three students with marks in the term and the year, two of them failing.
    assert await counts() == [("term-1", 3, 2), ("year", 3, 2)]
    await journal.delete(only)  # C: 4/1 = 4.00 -> 4
    assert await counts() == [("term-1", 3, 1), ("year", 3, 1)]
    kept, events = await standings(), len(await journal.failing_events())
    written = await rebuild_school(service.runtime, school.id, read_models_named(["forecast"]))
    assert written == {"forecast": 6}  # 3 students x 2 periods
    assert await standings() == kept
    assert await counts() == [("term-1", 3, 1), ("year", 3, 1)]
    assert len(await journal.failing_events()) == events  # the rebuild tells nobody


async def test_who_reads_which_forecast(
    journal: Journal, school: School, service: Service, identity: FakeIdentityChannel
) -> None:
    a, b = school.students[0], school.students[1]
    identity.add_person(school.id, a, "Петрова", "Анна")
    identity.add_person(school.id, b, "Иванов", "Борис")
    await journal.mark(a, "2", "classwork")
    await journal.mark(b, "4", "classwork")
    parent = person(school.id, Role.PARENT)
    await link_guardian(school, parent, a)
    mine = await service.http.get(f"/journal/students/{a}/forecast", headers=school.auth(parent))
    assert mine.status_code == 200, mine.text
    assert [f["projected_mark"] for f in mine.json()["forecasts"]] == [2]
    other = await service.http.get(f"/journal/students/{b}/forecast", headers=school.auth(parent))
    assert other.status_code == 403
    class_teacher = await make_class_teacher(school, school.class_id)
    whole = await service.http.get(
        f"/journal/classes/{school.class_id}/forecast", headers=school.auth(class_teacher)
    )
    assert whole.status_code == 200, whole.text
    assert sorted(f["projected_mark"] for f in whole.json()["forecasts"]) == [2, 4]
    # Another school's class is not this school's: the leadership reads no sheet of it.
    unknown = await service.http.get(
        f"/journal/classes/{uuid4()}/forecast", headers=school.auth(school.director)
    )
    assert unknown.status_code == 404
    failing = await service.http.get(
        "/journal/forecast/failing", headers=school.auth(school.teacher)
    )
    assert failing.status_code == 200, failing.text
    assert [(s["last_name"], s["class_name"]) for s in failing.json()["students"]] == [
        ("Петрова", "5А")
    ]
    # A teacher of another class and subject has nobody on their list.
    elsewhere = await service.http.get(
        "/journal/forecast/failing", headers=school.auth(school.other_teacher)
    )
    assert elsewhere.json()["students"] == []
    leadership = await service.http.get(
        "/journal/oversight/forecast/failing", headers=school.auth(school.director)
    )
    assert [s["first_name"] for s in leadership.json()["students"]] == ["Анна"]
    refused = await service.http.get(
        "/journal/oversight/forecast/failing", headers=school.auth(school.teacher)
    )
    assert refused.status_code == 403


async def test_the_district_counts_failing_forecasts_per_school_and_names_nobody(
    journal: Journal,
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    other = await School(sessions, service).setup()
    elsewhere = await Journal(other, service, admin_conn).setup()
    a, b = school.students[0], school.students[1]
    await journal.mark(a, "2", "classwork")  # 2.00 -> 2, failing
    await journal.mark(b, "4", "classwork")  # 4.00 -> 4
    await elsewhere.mark(other.students[0], "1", "test")  # 1.00 -> 1, failing
    await elsewhere.mark(other.students[1], "2", "oral")  # 2.00 -> 2, failing
    await elsewhere.mark(other.students[2], "3", "oral")  # 3.00 -> 3
    url = "/journal/oversight/forecast/counts"
    district = service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    # Without a period: each school's finest period containing today, the term.
    found = await service.http.get(url, headers=district)
    assert found.status_code == 200, found.text
    mine = {
        r["school_id"]: r
        for r in found.json()["schools"]
        if r["school_id"]
        in (
            str(school.id),
            str(other.id),
        )
    }
    assert {k: (r["period"], r["forecasts"], r["failing"]) for k, r in mine.items()} == {
        str(school.id): ("term-1", 2, 1),
        str(other.id): ("term-1", 3, 2),
    }
    # Counts only: no student's id or name in any row.
    assert {tuple(sorted(r)) for r in found.json()["schools"]} == {
        ("failing", "forecasts", "period", "school_id")
    }
    year = await service.http.get(url, params={"period": "year", "grade": 5}, headers=district)
    assert {r["school_id"]: r["failing"] for r in year.json()["schools"]}[str(other.id)] == 2
    sixth = await service.http.get(url, params={"period": "year", "grade": 6}, headers=district)
    assert str(other.id) not in {r["school_id"] for r in sixth.json()["schools"]}
    # A school's director reads their own school only.
    own = await service.http.get(url, headers=school.auth(school.director))
    assert [(r["school_id"], r["failing"]) for r in own.json()["schools"]] == [(str(school.id), 1)]
    # A deputy director reads the grade levels schedule says are theirs (the class is a 5th).
    deputy = person(school.id, Role.DEPUTY_DIRECTOR)
    assert deputy.person_id is not None
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [6, 7]
    assert (await service.http.get(url, headers=school.auth(deputy))).json()["schools"] == []
    named = await service.http.get(
        "/journal/oversight/forecast/failing", headers=school.auth(deputy)
    )
    assert named.json()["students"] == []
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [5]
    named = await service.http.get(
        "/journal/oversight/forecast/failing", headers=school.auth(deputy)
    )
    assert [s["student_id"] for s in named.json()["students"]] == [str(a)]
    # The district has no named list.
    refused = await service.http.get("/journal/oversight/forecast/failing", headers=district)
    assert refused.status_code == 403
