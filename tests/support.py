"""Builders for tests: a district with its admin and support agent, and schools populated
through the public REST APIs exactly as people would."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import nats
from google.protobuf.message import Message
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import ConsumerConfig, DeliverPolicy

from okrug_common.event_catalog import Event
from okrug_common.events import stream_name
from okrug_common.outbox import EVENT_TYPE_HEADER, SCHOOL_HEADER
from okrug_local import accounts
from okrug_local.platform import Platform

PASSWORD = "Okrug-test-pass-2026"


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def eventually(check: Callable[[], Any], *, timeout: float = 60.0, what: str) -> Any:
    """Poll until `check` returns something truthy: events cross NATS asynchronously."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def expect(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response.json() if response.content else None


@dataclass
class Account:
    """A person's login and the school their tokens are for (None: no school chosen)."""

    username: str
    id: str
    school: str | None
    platform: Platform

    @property
    def headers(self) -> dict[str, str]:
        return self.platform.tokens.headers(self.username, PASSWORD, school=self.school)

    def at(self, school: str | None) -> Account:
        """The same person signing in to another of their schools."""
        return Account(self.username, self.id, school, self.platform)


def attach(
    platform: Platform, admin: Account, person: Account, kind: str, roles: list[str]
) -> Account:
    """The admin's school takes in a person of another school with roles held there only
    (one login; a token per school)."""
    expect(
        httpx.post(
            f"{platform.url('identity')}/persons/attach",
            json={"username": person.username, "kind": kind, "roles": roles},
            headers=admin.headers,
        ),
        201,
    )
    return person.at(admin.school)


def grant_roles(platform: Platform, admin: Account, person: Account, roles: list[str]) -> Any:
    """The admin grants roles at the admin's school; returns the person's roles there."""
    return expect(
        httpx.post(
            f"{platform.url('identity')}/persons/{person.id}/roles",
            json={"roles": roles},
            headers=admin.headers,
        ),
        200,
    )["roles"]


@dataclass
class District:
    platform: Platform
    admin: Account
    support: Account

    @classmethod
    def create(cls, platform: Platform) -> District:
        def staff(prefix: str, role: str) -> Account:
            username = unique(prefix)
            person_id = accounts.create_district_staff(
                platform.instance,
                platform.issuer,
                username=username,
                password=PASSWORD,
                last_name="Районный",
                first_name="Сотрудник",
                roles=(role,),
            )
            return Account(username, person_id, None, platform)

        return cls(
            platform, staff("district.admin.", "district-admin"), staff("support.", "support-agent")
        )


@dataclass
class School:
    id: str
    admin: Account
    teacher: Account
    other_teacher: Account
    student: Account
    other_student: Account
    parent: Account
    other_parent: Account
    class_id: str
    subject_id: str
    lesson_id: str
    # When the school's lesson starts (None for a school made without one).
    lesson_starts_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def create_school(
    platform: Platform, district: District, name: str, calendar: dict[str, Any] | None = None
) -> School:
    """A school with its admin, people, its academic year (`calendar`, else the year
    containing today: current_year_calendar), a class of that year and a lesson now."""
    identity, schedule = platform.url("identity"), platform.url("schedule")
    school = expect(
        # Opening a school makes its Keycloak organization and groups: seconds on a busy machine.
        httpx.post(
            f"{identity}/schools",
            json={"name": name},
            headers=district.admin.headers,
            timeout=60,
        ),
        201,
    )
    school_id = school["id"]
    admin_name = unique("admin.")
    admin = expect(
        httpx.post(
            f"{identity}/schools/{school_id}/administrators",
            json={
                "kind": "staff",
                "last_name": "Администраторова",
                "first_name": "Анна",
                "roles": ["school-admin"],
                "username": admin_name,
                "password": PASSWORD,
            },
            headers=district.admin.headers,
        ),
        201,
    )
    admin_account = Account(admin_name, admin["id"], school_id, platform)
    admin_headers = admin_account.headers

    def person(kind: str, last: str, first: str, roles: list[str] | None = None) -> Account:
        username = unique(f"{kind}.")
        body: dict[str, Any] = {
            "kind": kind,
            "last_name": last,
            "first_name": first,
            "username": username,
            "password": PASSWORD,
        }
        if roles:
            body["roles"] = roles
        created = expect(httpx.post(f"{identity}/persons", json=body, headers=admin_headers), 201)
        return Account(username, created["id"], school_id, platform)

    teacher = person("staff", "Иванов", "Пётр", ["teacher"])
    other_teacher = person("staff", "Сидорова", "Ольга", ["teacher"])
    student = person("student", "Смирнова", "Мария")
    other_student = person("student", "Кузнецов", "Илья")
    parent = person("parent", "Смирнов", "Алексей")
    other_parent = person("parent", "Кузнецова", "Елена")
    for guardian, child in ((parent, student), (other_parent, other_student)):
        expect(
            httpx.post(
                f"{identity}/guardians",
                json={"guardian_id": guardian.id, "student_id": child.id},
                headers=admin_headers,
            ),
            201,
        )

    year = create_current_year(platform, admin_headers, calendar)
    school_class = expect(
        httpx.post(
            f"{schedule}/classes",
            json={"grade": 5, "letter": "Б", "year_id": year["id"]},
            headers=admin_headers,
        ),
        201,
    )
    for child in (student, other_student):
        expect(
            httpx.post(
                f"{schedule}/classes/{school_class['id']}/members",
                json={"student_id": child.id},
                headers=admin_headers,
            ),
            201,
        )
    subject = expect(
        httpx.post(f"{schedule}/subjects", json={"name": "Математика"}, headers=admin_headers), 201
    )
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    lesson = expect(
        httpx.post(
            f"{schedule}/lessons",
            json={
                "class_id": school_class["id"],
                "subject_id": subject["id"],
                "teacher_id": teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=admin_headers,
        ),
        201,
    )
    return School(
        school_id,
        admin_account,
        teacher,
        other_teacher,
        student,
        other_student,
        parent,
        other_parent,
        school_class["id"],
        subject["id"],
        lesson["id"],
        starts,
    )


@dataclass
class World:
    first: School
    second: School

    @classmethod
    def create(cls, platform: Platform, district: District) -> World:
        return cls(
            create_school(platform, district, unique("МБОУ СОШ № 1 ")),
            create_school(platform, district, unique("МБОУ Гимназия № 2 ")),
        )


def current_year_calendar(today: date | None = None) -> dict[str, Any]:
    """The academic year containing `today` (1 September - 31 August) with four terms, two
    half-years and the year, and no holidays, so a test may put a lesson on any weekday: the
    journal's periods "term-1".."term-4", "half-year-1", "half-year-2", "year" (S1)."""
    today = today or date.today()
    y = today.year if today.month >= 9 else today.year - 1
    n = y + 1
    bounds = [
        ("term", 1, date(y, 9, 1), date(y, 10, 25)),
        ("term", 2, date(y, 11, 3), date(y, 12, 28)),
        ("term", 3, date(n, 1, 9), date(n, 3, 21)),
        ("term", 4, date(n, 3, 30), date(n, 5, 26)),
        ("half_year", 1, date(y, 9, 1), date(y, 12, 28)),
        ("half_year", 2, date(n, 1, 9), date(n, 5, 26)),
        ("year", 1, date(y, 9, 1), date(n, 5, 26)),
    ]
    return {
        "name": f"{y}/{n}",
        "starts_on": str(date(y, 9, 1)),
        "ends_on": str(date(n, 8, 31)),
        "periods": [
            {"kind": k, "number": num, "starts_on": str(a), "ends_on": str(b)}
            for k, num, a, b in bounds
        ],
    }


def term_around_today_calendar() -> dict[str, Any]:
    """A school year whose term 2 and year run around today, so the lesson of now is in the
    current term whenever a test runs (holidays included): the term is the finest period,
    the one forecasts and period marks are about."""
    today = date.today()
    periods = [
        ("term", 2, today - timedelta(days=30), today + timedelta(days=30)),
        ("year", 1, today - timedelta(days=120), today + timedelta(days=200)),
    ]
    return {
        "name": unique("Год "),
        "starts_on": str(today - timedelta(days=120)),
        "ends_on": str(today + timedelta(days=200)),
        "periods": [
            {"kind": k, "number": n, "starts_on": str(s), "ends_on": str(e)}
            for k, n, s, e in periods
        ],
    }


def create_current_year(
    platform: Platform, admin_headers: dict[str, str], calendar: dict[str, Any] | None = None
) -> Any:
    """The school's academic year containing today (every class belongs to a year: S1):
    `calendar`, else current_year_calendar()."""
    return expect(
        httpx.post(
            f"{platform.url('schedule')}/years",
            json={"calendar": calendar or current_year_calendar()},
            headers=admin_headers,
        ),
        201,
    )


async def _publish(
    platform: Platform, subject: str, school_id: str, messages: list[Message]
) -> None:
    client = await nats.connect(platform.instance.nats_url)
    try:
        for message in messages:
            await client.jetstream().publish(
                subject,
                message.SerializeToString(),
                headers={
                    "Nats-Msg-Id": message.context.event_id,  # type: ignore[attr-defined]
                    SCHOOL_HEADER: school_id,
                    EVENT_TYPE_HEADER: message.DESCRIPTOR.full_name,
                },
            )
    finally:
        await client.close()


def play_events(platform: Platform, event: Event[Any], school_id: str, *messages: Message) -> None:
    """Publishes events (each with its context) on the real stream with the headers a
    producer's relay sets, for a test whose subject is the consumer. In a thread of its own:
    Playwright's sync API holds the main thread's event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(
            asyncio.run, _publish(platform, event.subject, school_id, list(messages))
        ).result()


# The time zone of the schools the tests make (the journal policy's default) and of the
# browsers that open their screens: a teacher's "today" is the school's date, which from
# 21:00 UTC is already tomorrow's.
SCHOOL_ZONE = ZoneInfo("Europe/Moscow")


def school_today() -> date:
    return datetime.now(SCHOOL_ZONE).date()


async def _published(platform: Platform, event: Event[Any], service: str) -> list[Any]:
    client = await nats.connect(platform.instance.nats_url)
    try:
        subscription = await client.jetstream().pull_subscribe(
            event.subject,
            stream=stream_name(service),
            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL),
        )
        found: list[Any] = []
        while True:
            try:
                batch = await subscription.fetch(100, timeout=1.0)
            except (TimeoutError, NatsTimeoutError):
                break
            for message in batch:
                found.append(event.decode(message.data))
                await message.ack()
        await subscription.unsubscribe()
        return found
    finally:
        await client.close()


def published_events(platform: Platform, event: Event[Any], service: str) -> list[Any]:
    """Every event of a kind on the service's stream so far, decoded (an ephemeral consumer),
    for a test whose subject is the producer."""
    return asyncio.run(_published(platform, event, service))
