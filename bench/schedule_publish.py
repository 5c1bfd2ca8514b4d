"""Publishing a year's timetable for a 30-class school, and a teacher's week query.

    .venv/bin/python bench/schedule_publish.py [--classes 30] [--queries 400] [--instance test]
    ./okrug bench schedule_publish

Builds a school in a scratch database of the instance's PostgreSQL (started if needed,
migrated like production, queried as the app role under row-level security): the 2026/2027
year with its holidays, one bell schedule of six periods, 30 classes with a full week each
(30 lessons: 900 a week, no double booking), drafted through the service. Then:

  publish   each class's timetable published through the service (lessons generated, checked
            against the exclusion constraints, events written to the outbox), one
            transaction per class as the REST endpoint does; per class median and p99, total.
  baseline  the same lessons written by a plain asyncpg COPY into a table of the same columns
            without constraints or indexes: the floor of getting the rows into PostgreSQL.
  week      GET /schedule/lessons?teacher_id&date_from&date_to for random teachers and weeks
            (over ASGI: auth stand-in, tenant session, query, JSON), the service function
            alone, and the baseline: the same rows by a prepared asyncpg statement.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import asyncpg
import grpc
import httpx
from pydantic import SecretStr

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.http import create_app
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_common.testing import FakeVerifier, scratch_database
from okrug_local import postgres
from okrug_local.infra import Infrastructure
from okrug_schedule.bells.schemas import BellPeriodIn, BellScheduleCreate
from okrug_schedule.bells.service import create as create_bells
from okrug_schedule.calendar.schemas import CalendarIn, HolidayIn, PeriodIn, YearCreate
from okrug_schedule.calendar.service import create_year
from okrug_schedule.classes.schemas import ClassCreate
from okrug_schedule.classes.service import create_class
from okrug_schedule.lessons.service import day_end, day_start, list_lessons
from okrug_schedule.main import definition
from okrug_schedule.models import HolidayKind, PeriodKind
from okrug_schedule.rooms.schemas import RoomCreate
from okrug_schedule.rooms.service import create_room
from okrug_schedule.settings import ScheduleSettings
from okrug_schedule.subjects.schemas import SubjectCreate
from okrug_schedule.subjects.service import create_subject
from okrug_schedule.timetables.schemas import EntryIn, TimetableCreate
from okrug_schedule.timetables.service import create_draft, publish

ZONE = ZoneInfo("Europe/Moscow")
YEAR = (date(2026, 9, 1), date(2027, 5, 31))
TERMS = [
    (date(2026, 9, 1), date(2026, 10, 24)),
    (date(2026, 11, 5), date(2026, 12, 28)),
    (date(2027, 1, 12), date(2027, 3, 21)),
    (date(2027, 4, 1), date(2027, 5, 31)),
]
HOLIDAYS = [
    ("Осенние каникулы", date(2026, 10, 25), date(2026, 11, 4)),
    ("Зимние каникулы", date(2026, 12, 29), date(2027, 1, 11)),
    ("День защитника Отечества", date(2027, 2, 23), date(2027, 2, 23)),
    ("Международный женский день", date(2027, 3, 8), date(2027, 3, 8)),
    ("Весенние каникулы", date(2027, 3, 22), date(2027, 3, 31)),
    ("Праздники мая", date(2027, 5, 1), date(2027, 5, 11)),
]
BELLS = [
    (clock(8, 30), clock(9, 15)),
    (clock(9, 25), clock(10, 10)),
    (clock(10, 30), clock(11, 15)),
    (clock(11, 35), clock(12, 20)),
    (clock(12, 30), clock(13, 15)),
    (clock(13, 25), clock(14, 10)),
]
SUBJECTS = [
    "Русский язык",
    "Литература",
    "Математика",
    "История",
    "Биология",
    "Английский язык",
    "Информатика",
    "Физика",
    "Химия",
    "Физическая культура",
]
LETTERS = "АБВ"


class AnyTeacher(identity_pb2_grpc.IdentityServiceServicer):  # type: ignore[misc]
    """Identity's answer for the drafts: every person asked about is a teacher."""

    async def GetPerson(  # noqa: N802
        self, request: identity_pb2.GetPersonRequest, context: Any
    ) -> identity_pb2.GetPersonResponse:
        return identity_pb2.GetPersonResponse(
            person=identity_pb2.Person(
                person_id=request.person_id, school_id=request.school_id, roles=["teacher"]
            )
        )


@dataclass
class School:
    id: UUID
    admin: Principal
    teachers: list[UUID]
    timetables: list[UUID]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms   "
        f"p99 {percentile(values, 0.99) * 1000:7.1f} ms   (n={len(values)})"
    )


async def build_school(runtime: Runtime, classes: int) -> School:
    school_id = uuid4()
    admin = Principal(
        subject="bench",
        person_id=uuid4(),
        school_id=school_id,
        roles=frozenset({Role.SCHOOL_ADMIN}),
    )
    teachers = [uuid4() for _ in range(classes + 10)]
    identity = runtime.channels["identity"]
    periods = [
        PeriodIn(kind=PeriodKind.TERM, number=n, starts_on=a, ends_on=b)
        for n, (a, b) in enumerate(TERMS, 1)
    ]
    holidays = [
        HolidayIn(kind=HolidayKind.VACATION, name=name, starts_on=a, ends_on=b)
        for name, a, b in HOLIDAYS
    ]
    async with tenant_transaction(runtime.sessionmaker, school_id) as session:
        calendar = CalendarIn(
            starts_on=YEAR[0], ends_on=YEAR[1], periods=periods, holidays=holidays
        )
        year = await create_year(session, school_id, YearCreate(calendar=calendar))
        bells, _ = await create_bells(
            session,
            school_id,
            BellScheduleCreate(
                name="1 смена",
                periods=[
                    BellPeriodIn(number=n, starts_at=a, ends_at=b)
                    for n, (a, b) in enumerate(BELLS, 1)
                ],
            ),
        )
        subjects = [
            (await create_subject(session, school_id, SubjectCreate(name=name))).id
            for name in SUBJECTS
        ]
        class_ids = []
        for index in range(classes):
            grade, letter = 1 + index % 11, LETTERS[index // 11]
            created = await create_class(
                session,
                identity,
                admin,
                ClassCreate(grade=grade, letter=letter, year_id=year.id, bell_schedule_id=bells.id),
                YEAR[0],
            )
            class_ids.append(created.id)
        rooms = [
            (await create_room(session, school_id, RoomCreate(name=str(100 + i)))).id
            for i in range(classes)
        ]
    timetable_ids = []
    slots = [(day, period) for day in range(1, 6) for period in range(1, 7)]
    for index, class_id in enumerate(class_ids):
        entries = [
            # At a given slot every class has another teacher and its own room: no double booking.
            EntryIn(
                weekday=day,
                period=period,
                subject_id=subjects[(index + s) % len(subjects)],
                teacher_id=teachers[(index + s) % len(teachers)],
                room_id=rooms[index],
            )
            for s, (day, period) in enumerate(slots)
        ]
        async with tenant_transaction(runtime.sessionmaker, school_id) as session:
            draft = await create_draft(
                session,
                identity,
                admin,
                TimetableCreate(
                    class_id=class_id, valid_from=YEAR[0], valid_to=YEAR[1], entries=entries
                ),
            )
            timetable_ids.append(draft.id)
    return School(school_id, admin, teachers, timetable_ids)


async def publish_all(runtime: Runtime, school: School) -> tuple[list[float], int, float]:
    timings, lessons = [], 0
    began = time.perf_counter()
    for timetable_id in school.timetables:
        started = time.perf_counter()
        async with tenant_transaction(runtime.sessionmaker, school.id) as session:
            published = await publish(session, school.admin, timetable_id, ZONE, date(2026, 8, 20))
        timings.append(time.perf_counter() - started)
        lessons += published.lessons
    return timings, lessons, time.perf_counter() - began


TEN_YEARS = timedelta(days=3652)


def _later(column: str, value: Any) -> Any:
    if column == "id":
        return uuid4()
    if column in ("starts_at", "ends_at", "lesson_date"):
        return value + TEN_YEARS
    return value


async def copy_baselines(admin_dsn: str, school: School) -> dict[str, tuple[float, int]]:
    """The published lessons copied by asyncpg COPY, with new ids and ten years later (so
    they collide with nothing): into a bare table of the same columns, and into `lessons`
    itself (its indexes, foreign keys and exclusion constraints; no service code)."""
    conn = await asyncpg.connect(admin_dsn)
    results = {}
    try:
        rows = await conn.fetch(
            "SELECT * FROM lessons WHERE school_id = $1 ORDER BY starts_at", school.id
        )
        columns = list(rows[0].keys())
        await conn.execute("CREATE TABLE bench_lessons_copy AS SELECT * FROM lessons WITH NO DATA")
        for name, table in (
            ("a bare table", "bench_lessons_copy"),
            ("the lessons table", "lessons"),
        ):
            records = [tuple(_later(c, r[c]) for c in columns) for r in rows]
            started = time.perf_counter()
            async with conn.transaction():
                await conn.copy_records_to_table(table, records=records, columns=columns)
            results[name] = (time.perf_counter() - started, len(records))
        await conn.execute("DROP TABLE bench_lessons_copy")
        return results
    finally:
        await conn.close()


async def timed(runs: list[Callable[[], Awaitable[int]]]) -> tuple[list[float], int]:
    timings, rows = [], 0
    for run in runs:
        started = time.perf_counter()
        rows += await run()
        timings.append(time.perf_counter() - started)
    return timings, rows


async def week_queries(
    runtime: Runtime, app_dsn: str, school: School, queries: int
) -> dict[str, tuple[list[float], int]]:
    rng = random.Random(2026)
    mondays = [YEAR[0] + timedelta(days=7 * w - YEAR[0].weekday()) for w in range(1, 38)]
    asks = [(rng.choice(school.teachers), rng.choice(mondays)) for _ in range(queries)]
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    director = Principal(
        subject="d", person_id=uuid4(), school_id=school.id, roles=frozenset({Role.DIRECTOR})
    )
    headers = {"Authorization": f"Bearer {verifier.token_for(director)}"}
    transport = httpx.ASGITransport(app=create_app(runtime))
    results: dict[str, tuple[list[float], int]] = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

        def rest(teacher: UUID, monday: date) -> Callable[[], Awaitable[int]]:
            async def call() -> int:
                response = await http.get(
                    "/schedule/lessons",
                    params={
                        "teacher_id": str(teacher),
                        "date_from": monday.isoformat(),
                        "date_to": (monday + timedelta(days=6)).isoformat(),
                    },
                    headers=headers,
                )
                assert response.status_code == 200, response.text
                return len(response.json())

            return call

        await timed([rest(*a) for a in asks[:20]])  # warm up
        results["REST over ASGI"] = await timed([rest(*a) for a in asks])

    def service(teacher: UUID, monday: date) -> Callable[[], Awaitable[int]]:
        async def call() -> int:
            async with tenant_transaction(runtime.sessionmaker, school.id) as session:
                views = await list_lessons(
                    session,
                    teacher_id=teacher,
                    starts_from=day_start(monday, ZONE),
                    starts_before=day_end(monday + timedelta(days=6), ZONE),
                    limit=200,
                )
            return len(views)

        return call

    results["service function"] = await timed([service(*a) for a in asks])

    conn = await asyncpg.connect(app_dsn)
    try:
        statement = await conn.prepare(
            "SELECT * FROM lessons WHERE school_id = $1 AND teacher_id = $2 "
            "AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at"
        )

        def raw(teacher: UUID, monday: date) -> Callable[[], Awaitable[int]]:
            async def call() -> int:
                async with conn.transaction():
                    await conn.execute(f"SELECT set_config('app.school_id', '{school.id}', true)")
                    rows = await statement.fetch(
                        school.id,
                        teacher,
                        day_start(monday, ZONE),
                        day_end(monday + timedelta(days=6), ZONE),
                    )
                return len(rows)

            return call

        results["baseline: prepared asyncpg"] = await timed([raw(*a) for a in asks])
    finally:
        await conn.close()
    return results


async def run(database: Any, classes: int, queries: int) -> None:
    server = grpc.aio.server()
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(AnyTeacher(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    settings = ScheduleSettings(database_url=SecretStr(database.app_url), db_pool_size=4)
    runtime = Runtime(definition, settings)
    runtime.channels["identity"] = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        built = time.perf_counter()
        school = await build_school(runtime, classes)
        print(
            f"school built and {classes} timetables drafted in {time.perf_counter() - built:.1f} s"
        )
        timings, lessons, total = await publish_all(runtime, school)
        app_dsn = database.app_url.replace("postgresql+asyncpg", "postgresql")
        weeks = await week_queries(runtime, app_dsn, school, queries)
        copies = await copy_baselines(database.admin_dsn, school)
    finally:
        await runtime.channels["identity"].close()
        runtime.channels.clear()
        await runtime.stop()
        await server.stop(None)

    print(f"\npublishing a year's timetable, {classes} classes, {lessons} lessons:")
    print(f"  per class (~{lessons // classes} lessons)   {figures(timings)}")
    print(f"  whole school                 {total:7.2f} s   ({lessons / total:,.0f} lessons/s)")
    for name, (seconds, copied) in copies.items():
        print(
            f"  baseline: COPY of the {copied} rows into {name:<18}{seconds:7.2f} s   "
            f"({copied / seconds:,.0f} rows/s; publishing takes {total / seconds:.1f}x)"
        )
    print(f"\na teacher's week (GET /lessons?teacher_id&date_from&date_to), {queries} queries:")
    for name, (values, rows) in weeks.items():
        print(f"  {name:<28}{figures(values)}   {rows / len(values):.0f} lessons/answer")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--classes", type=int, default=30)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument(
        "--instance", default=os.environ.get("OKRUG_TEST_INSTANCE", "test"), help="whose PostgreSQL"
    )
    args = parser.parse_args()
    infrastructure = Infrastructure(args.instance)
    infrastructure.start(keycloak=False)
    try:
        with scratch_database(
            "schedule", definition.migrations_dir, postgres.admin_url(args.instance)
        ) as database:
            asyncio.run(run(database, args.classes, args.queries))
    finally:
        infrastructure.stop(started_only=True)


if __name__ == "__main__":
    main()
