"""Helpers of the schedule's tests: a stand-in identity, REST calls as a principal, a fresh
school with its people, and builders for the school's calendar and timetable."""

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import grpc
import httpx

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common.auth import Principal
from okrug_common.roles import Role
from okrug_common.rpc import current_caller
from okrug_common.testing import Service


class FakeIdentity(identity_pb2_grpc.IdentityServiceServicer):  # type: ignore[misc]
    """Identity's GetPerson over gRPC: persons and their roles, per school."""

    def __init__(self) -> None:
        self.persons: dict[tuple[str, str], list[str]] = {}

    def add(self, school: UUID, person: UUID, *roles: str) -> None:
        self.persons[(str(school), str(person))] = list(roles)

    async def GetPerson(  # noqa: N802
        self, request: identity_pb2.GetPersonRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> identity_pb2.GetPersonResponse:
        roles = self.persons.get((request.school_id, request.person_id))
        if roles is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such person")
        return identity_pb2.GetPersonResponse(
            person=identity_pb2.Person(
                person_id=request.person_id, school_id=request.school_id, roles=roles or []
            )
        )


def person(school: UUID | None, *roles: Role, person_id: UUID | None = None) -> Principal:
    pid = person_id or uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


@dataclass
class Api:
    """REST calls as one principal."""

    service: Service
    principal: Principal

    @property
    def id(self) -> UUID:
        assert self.principal.person_id is not None
        return self.principal.person_id

    async def call(self, method: str, path: str, body: Any = None, **params: Any) -> httpx.Response:
        return await self.service.http.request(
            method,
            f"/schedule{path}",
            json=body,
            params={k: str(v) for k, v in params.items() if v is not None},
            headers=self.service.auth(self.principal),
        )

    async def ok(
        self, method: str, path: str, body: Any = None, status: int = 200, **params: Any
    ) -> Any:
        response = await self.call(method, path, body, **params)
        assert response.status_code == status, (
            f"{method} {path}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None


@dataclass
class School:
    """A fresh school: its administration, teachers and students, known to identity."""

    id: UUID
    service: Service
    identity: FakeIdentity
    admin: Api = field(init=False)
    director: Api = field(init=False)

    def __post_init__(self) -> None:
        self.admin = self.staff(Role.SCHOOL_ADMIN)
        self.director = self.staff(Role.DIRECTOR)

    def staff(self, *roles: Role) -> Api:
        principal = person(self.id, *roles)
        assert principal.person_id is not None
        self.identity.add(self.id, principal.person_id, *(r.value for r in roles))
        return Api(self.service, principal)

    def teacher(self) -> Api:
        return self.staff(Role.TEACHER)

    def student(self) -> UUID:
        student = uuid4()
        self.identity.add(self.id, student, Role.STUDENT.value)
        return student

    def as_role(self, *roles: Role) -> Api:
        return Api(self.service, person(self.id, *roles))


# --- a school year to build on: 2026/2027 with four terms, two half-years and holidays -----

YEAR_START, YEAR_END = date(2026, 9, 1), date(2027, 5, 31)
TERMS = [
    (date(2026, 9, 1), date(2026, 10, 24)),
    (date(2026, 11, 5), date(2026, 12, 28)),
    (date(2027, 1, 12), date(2027, 3, 21)),
    (date(2027, 4, 1), date(2027, 5, 31)),
]
HALF_YEARS = [(date(2026, 9, 1), date(2026, 12, 28)), (date(2027, 1, 12), date(2027, 5, 31))]
HOLIDAYS = [
    ("vacation", "Осенние каникулы", date(2026, 10, 25), date(2026, 11, 4)),
    ("vacation", "Зимние каникулы", date(2026, 12, 29), date(2027, 1, 11)),
    ("holiday", "День защитника Отечества", date(2027, 2, 23), date(2027, 2, 23)),
    ("holiday", "Международный женский день", date(2027, 3, 8), date(2027, 3, 8)),
    ("vacation", "Весенние каникулы", date(2027, 3, 22), date(2027, 3, 31)),
]
BELLS = [
    (1, time(8, 30), time(9, 15)),
    (2, time(9, 25), time(10, 10)),
    (3, time(10, 30), time(11, 15)),
    (4, time(11, 35), time(12, 20)),
    (5, time(12, 30), time(13, 15)),
    (6, time(13, 25), time(14, 10)),
]


def calendar_body(name: str = "2026/2027") -> dict[str, Any]:
    periods = [
        {"kind": "term", "number": n, "starts_on": str(a), "ends_on": str(b)}
        for n, (a, b) in enumerate(TERMS, 1)
    ] + [
        {"kind": "half_year", "number": n, "starts_on": str(a), "ends_on": str(b)}
        for n, (a, b) in enumerate(HALF_YEARS, 1)
    ]
    return {
        "name": name,
        "starts_on": str(YEAR_START),
        "ends_on": str(YEAR_END),
        "periods": periods,
        "holidays": [
            {"kind": k, "name": n, "starts_on": str(a), "ends_on": str(b)}
            for k, n, a, b in HOLIDAYS
        ],
    }


@dataclass
class Setup:
    """A school with its year, a bell schedule and a few subjects and rooms."""

    school: School
    year: dict[str, Any]
    bells: dict[str, Any]
    subjects: dict[str, str]
    rooms: dict[str, str]

    async def klass(self, grade: int, letter: str) -> dict[str, Any]:
        return await self.school.admin.ok(
            "POST",
            "/classes",
            {"grade": grade, "letter": letter, "year_id": self.year["id"]},
            status=201,
        )

    async def group(self, class_id: str, subject: str, name: str) -> dict[str, Any]:
        return await self.school.admin.ok(
            "POST",
            "/groups",
            {"class_id": class_id, "subject_id": self.subjects[subject], "name": name},
            status=201,
        )

    async def enrol(self, class_id: str, since: date = YEAR_START) -> UUID:
        student = self.school.student()
        await self.school.admin.ok(
            "POST",
            f"/classes/{class_id}/members",
            {"student_id": str(student), "since": str(since)},
            status=201,
        )
        return student

    async def timetable(
        self,
        class_id: str,
        entries: list[dict[str, Any]],
        valid_from: date = YEAR_START,
        valid_to: date = YEAR_END,
        as_: "Api | None" = None,
    ) -> httpx.Response:
        return await (as_ or self.school.admin).call(
            "POST",
            "/timetables",
            {
                "class_id": class_id,
                "bell_schedule_id": self.bells["id"],
                "valid_from": str(valid_from),
                "valid_to": str(valid_to),
                "entries": entries,
            },
        )

    def entry(
        self,
        weekday: int,
        period: int,
        subject: str,
        teacher: "Api",
        room: str | None = None,
        group_id: str | None = None,
    ) -> dict[str, Any]:
        return {
            "weekday": weekday,
            "period": period,
            "subject_id": self.subjects[subject],
            "teacher_id": str(teacher.id),
            "room_id": self.rooms[room] if room else None,
            "group_id": group_id,
        }


SUBJECTS = ("Математика", "Русский язык", "Английский язык", "Информатика", "История")
ROOMS = ("101", "102", "201", "Спортзал")


async def set_up(school: School) -> Setup:
    admin = school.admin
    year = await admin.ok("POST", "/years", {"calendar": calendar_body()}, status=201)
    bells = await admin.ok(
        "POST",
        "/bell-schedules",
        {
            "name": "1 смена",
            "periods": [
                {"number": n, "starts_at": a.isoformat(), "ends_at": b.isoformat()}
                for n, a, b in BELLS
            ],
        },
        status=201,
    )
    subjects = {
        name: (await admin.ok("POST", "/subjects", {"name": name}, status=201))["id"]
        for name in SUBJECTS
    }
    rooms = {
        name: (await admin.ok("POST", "/rooms", {"name": name, "capacity": 30}, status=201))["id"]
        for name in ROOMS
    }
    return Setup(school, year, bells, subjects, rooms)


# --- gRPC servicer calls and the outbox ----------------------------------------------------


async def events_of(admin: asyncpg.Connection, school: UUID, subject: str) -> list[bytes]:
    rows = await admin.fetch(
        "SELECT payload FROM outbox WHERE school_id = $1 AND subject = $2 ORDER BY created_at",
        school,
        subject,
    )
    return [r["payload"] for r in rows]


class GrpcContext:
    async def abort(self, code: grpc.StatusCode, details: str) -> None:
        raise AssertionError(f"aborted: {code} {details}")


def as_service() -> None:
    current_caller.set(
        Principal(subject="svc", person_id=None, school_id=None, roles=frozenset({Role.SERVICE}))
    )
