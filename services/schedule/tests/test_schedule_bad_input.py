"""No input yields a 5xx in the schedule (S1-S8, I6): the shared sweep of malformed requests
(tests/bad_input) over every route of the schedule's OpenAPI document, and malformed files
over its CSV imports, in a school with its year, classes, groups, a timetable and lessons."""

from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
from schedule_support import BELLS, Setup, person

from okrug_common.roles import Role
from okrug_common.testing import Service
from tests.bad_input.sweep import Target, World, sweep_every_file_route, sweep_every_route

MOSCOW = ZoneInfo("Europe/Moscow")
ADMIN = "admin"

# Who reaches each route: the school admin holds every gate of the schedule but the
# district's calendars.
TARGET = Target(
    "schedule",
    {
        **{
            route: ADMIN
            for route in (
                "GET /years",
                "POST /years",
                "GET /years/{year_id}",
                "POST /years/{year_id}/periods",
                "POST /years/{year_id}/holidays",
                "DELETE /years/{year_id}/holidays/{holiday_id}",
                "PUT /years/{year_id}/assessment",
                "GET /district-calendars",
                "POST /years/{year_id}/close",
                "GET /buildings",
                "POST /buildings",
                "POST /rooms",
                "GET /rooms",
                "GET /subjects",
                "POST /subjects",
                "GET /subjects/federal-list",
                "GET /subjects/{subject_id}/links",
                "PUT /subjects/{subject_id}/links",
                "POST /classes",
                "GET /classes",
                "GET /classes/{class_id}",
                "PATCH /classes/{class_id}",
                "POST /classes/{class_id}/members",
                "GET /classes/{class_id}/members",
                "POST /classes/{class_id}/members/{student_id}/leave",
                "POST /students/{student_id}/transfer",
                "GET /students/{student_id}/classes",
                "POST /groups",
                "GET /groups",
                "GET /groups/{group_id}",
                "POST /groups/{group_id}/members",
                "GET /groups/{group_id}/members",
                "PUT /deputies/{deputy_id}/grades",
                "GET /deputies",
                "PUT /years/{year_id}/curriculum",
                "GET /years/{year_id}/curriculum",
                "GET /years/{year_id}/load-check",
                "POST /teaching-load",
                "GET /teaching-load",
                "DELETE /teaching-load/{assignment_id}",
                "GET /bell-schedules",
                "POST /bell-schedules",
                "GET /bell-schedules/{bell_schedule_id}",
                "PUT /bell-schedules/{bell_schedule_id}/periods",
                "POST /timetables",
                "GET /timetables",
                "GET /timetables/{timetable_id}",
                "DELETE /timetables/{timetable_id}",
                "PUT /timetables/{timetable_id}/entries",
                "POST /timetables/{timetable_id}/publish",
                "POST /timetables/{timetable_id}/end",
                "POST /lessons",
                "GET /lessons",
                "GET /lessons/{lesson_id}",
                "PATCH /lessons/{lesson_id}",
                "POST /lessons/{lesson_id}/cancel",
                "PUT /lessons/{lesson_id}/substitution",
                "DELETE /lessons/{lesson_id}/substitution",
                "GET /lessons/{lesson_id}/students",
                "GET /substitutions",
                "GET /substitutions/summary",
                "POST /imports/classes",
                "POST /imports/students",
                "POST /imports/timetable",
            )
        },
        "POST /district-calendars": "district_admin",
    },
)


def lesson_times(days_ahead: int, period: int) -> tuple[str, str]:
    day = date.today() + timedelta(days=days_ahead)
    starts = datetime.combine(day, time(8 + period), tzinfo=MOSCOW)
    return starts.isoformat(), (starts + timedelta(minutes=45)).isoformat()


async def make_world(setup: Setup, admin_conn: asyncpg.Connection) -> World:
    school, admin = setup.school, setup.school.admin
    klass = await setup.klass(5, "А")
    other_class = await setup.klass(5, "Б")
    student, leaver, mover = [await setup.enrol(klass["id"]) for _ in range(3)]
    group = await setup.group(klass["id"], "Английский язык", "Англ. 1")
    teacher, substitute = school.teacher(), school.teacher()
    deputy = school.staff(Role.DEPUTY_DIRECTOR)
    maths = setup.subjects["Математика"]
    year_id = setup.year["id"]
    previous_year = await admin.ok(
        "POST",
        "/years",
        {
            "calendar": {
                "name": "2025/2026",
                "starts_on": "2025-09-01",
                "ends_on": "2026-05-31",
            }
        },
        status=201,
    )
    building = await admin.ok("POST", "/buildings", {"name": "Основной корпус"}, status=201)

    async def new_holiday() -> str:
        body = {"name": "Карантин", "starts_on": "2027-02-01", "ends_on": "2027-02-02"}
        made = await admin.ok("POST", f"/years/{year_id}/holidays", body, status=201)
        return str(made["id"])

    async def new_assignment() -> str:
        body = {
            "year_id": year_id,
            "teacher_id": str(school.teacher().id),  # a teacher has one load per class
            "subject_id": maths,
            "class_id": klass["id"],
            "hours_per_week": 1,
        }
        return str((await admin.ok("POST", "/teaching-load", body, status=201))["id"])

    async def new_timetable() -> str:
        entries = [setup.entry(1, 1, "Математика", teacher)]
        made = await setup.timetable(other_class["id"], entries)
        assert made.status_code == 201, made.text
        return str(made.json()["id"])

    async def new_lesson(days_ahead: int, period: int) -> str:
        starts_at, ends_at = lesson_times(days_ahead, period)
        body = {
            "class_id": klass["id"],
            "subject_id": maths,
            "teacher_id": str(teacher.id),
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
        return str((await admin.ok("POST", "/lessons", body, status=201))["id"])

    async def year_without_trimesters() -> str:
        """The world's year as it was before a request added a trimester to it (a second
        trimester 1 would be refused for what it repeats, not for the field a case broke)."""
        await admin_conn.execute(
            "DELETE FROM study_periods WHERE year_id = $1 AND kind = 'trimester'", UUID(year_id)
        )
        return year_id

    async def new_student() -> str:
        return str(await setup.enrol(klass["id"]))

    lesson_slots = iter(range(10, 10_000))

    async def new_cancelled_lesson() -> str:
        slot = next(lesson_slots)  # evenings, when the timetable holds no lesson
        return await new_lesson(slot // 8, 8 + slot % 8)

    cancelled = await new_cancelled_lesson()
    draft = await setup.timetable(klass["id"], [setup.entry(2, 3, "Математика", teacher)])
    assert draft.status_code == 201, draft.text
    starts_at, ends_at = lesson_times(3, 5)
    today = date.today()
    values: dict[str, str] = {
        "year_id": year_id,
        "next_year_id": year_id,
        "holiday_id": await new_holiday(),
        "period_id": setup.year["periods"][0]["id"],
        "building_id": building["id"],
        "room_id": setup.rooms["101"],
        "subject_id": maths,
        "class_id": klass["id"],
        "to_class_id": other_class["id"],
        "student_id": str(student),
        "teacher_id": str(teacher.id),
        "deputy_id": str(deputy.id),
        "assignment_id": await new_assignment(),
        "bell_schedule_id": setup.bells["id"],
        "timetable_id": draft.json()["id"],
        "lesson_id": await new_lesson(1, 1),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "valid_from": "2026-09-01",
        "valid_to": "2027-05-31",
        "last_day": "2027-05-31",
        "on": today.isoformat(),
        "as_of": today.isoformat(),
        "since": today.isoformat(),
        "date_from": (today - timedelta(days=7)).isoformat(),
        "date_to": (today + timedelta(days=7)).isoformat(),
        "starts_on": "2027-02-10",
        "ends_on": "2027-02-11",
        "reason": "болезнь учителя",
        "letter": "В",
        "grade": "5",
        "weekday": "3",
        "period": "2",
    }
    # The group only where a group is the object: as a lesson's or a load's, it would have
    # to be of the same subject.
    in_group = {"group_id": group["id"]}
    overrides: dict[str, dict[str, str]] = {
        "GET /groups/{group_id}": in_group,
        "POST /groups/{group_id}/members": in_group,
        "GET /groups/{group_id}/members": in_group,
        # Closing a year changes what may be done in it: the sweep closes a year of its own.
        "POST /years/{year_id}/close": {"year_id": previous_year["id"]},
        "POST /classes/{class_id}/members/{student_id}/leave": {"student_id": str(leaver)},
        "POST /students/{student_id}/transfer": {"student_id": str(mover)},
        "POST /lessons/{lesson_id}/cancel": {"lesson_id": cancelled},
        "PUT /lessons/{lesson_id}/substitution": {"teacher_id": str(substitute.id)},
    }
    callers = {
        ADMIN: admin.principal,
        "district_admin": person(None, Role.DISTRICT_ADMIN),
    }
    bell_periods = [
        {"number": n, "starts_at": a.isoformat(), "ends_at": b.isoformat()} for n, a, b in BELLS
    ]
    valid_json = {
        "POST /years": {
            "calendar": {"name": "2027/2028", "starts_on": "2027-09-01", "ends_on": "2028-05-31"}
        },
        "POST /years/{year_id}/periods": {
            "kind": "trimester",
            "number": 1,
            "starts_on": "2026-09-01",
            "ends_on": "2026-11-30",
        },
        "POST /bell-schedules": {"name": "2 смена", "periods": bell_periods},
        "PUT /bell-schedules/{bell_schedule_id}/periods": {"periods": bell_periods},
    }
    world = World(callers, values, overrides=overrides, json=valid_json)
    # Routes whose valid request uses up its object: each request gets a fresh one.
    world.consumed = {
        "POST /years/{year_id}/periods": {"year_id": year_without_trimesters},
        "POST /classes/{class_id}/members/{student_id}/leave": {"student_id": new_student},
        "POST /students/{student_id}/transfer": {"student_id": new_student},
        "POST /lessons/{lesson_id}/cancel": {"lesson_id": new_cancelled_lesson},
    }
    world.makers.update(
        holiday_id=new_holiday, assignment_id=new_assignment, timetable_id=new_timetable
    )
    world.bodies.update(
        {
            "/imports/classes": f"grade;letter;class_teacher_id\n7;Г;{teacher.id}\n".encode(),
            "/imports/students": f"student_id;class;since\n{school.student()};5А;{today}\n".encode(),
            "/imports/timetable": (
                "class;weekday;period;subject;teacher_id;room;group\n"
                f"5Б;пн;2;Математика;{teacher.id};101;\n"
            ).encode(),
        }
    )
    return world


async def test_no_malformed_request_to_any_route_yields_a_5xx(
    setup: Setup, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await sweep_every_route(TARGET, await make_world(setup, admin_conn), service, admin_conn)


async def test_no_malformed_file_yields_a_5xx(
    setup: Setup, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await sweep_every_file_route(TARGET, await make_world(setup, admin_conn), service, admin_conn)
