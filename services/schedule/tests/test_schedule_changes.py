"""Changes and substitutions (S7): the substitute becomes the teacher of record, every change
is logged with its reason and published; the substitution log per period and teacher."""

from datetime import date
from typing import Any

import asyncpg
from schedule_support import GrpcContext, Setup, as_service, events_of

from okrug.schedule.v1 import schedule_pb2
from okrug_common.testing import Service
from okrug_schedule.grpc_api import ScheduleServicer

TERM_3 = (date(2027, 1, 12), date(2027, 3, 21))


async def published_term(setup: Setup, teacher: Any, grade: int = 5) -> list[dict[str, Any]]:
    school_class = await setup.klass(grade, "А")
    draft = await setup.timetable(
        school_class["id"], [setup.entry(3, 2, "Математика", teacher, "101")], *TERM_3
    )
    await setup.school.admin.ok("POST", f"/timetables/{draft.json()['id']}/publish")
    lessons: list[dict[str, Any]] = await setup.school.admin.ok(
        "GET", "/lessons", class_id=school_class["id"], limit=100
    )
    return lessons


async def test_the_substitute_becomes_the_teacher_of_record(
    setup: Setup, service: Service, admin_conn: asyncpg.Connection
) -> None:
    planned, substitute = setup.school.teacher(), setup.school.teacher()
    lessons = await published_term(setup, planned)
    lesson = lessons[3]
    admin = setup.school.admin

    no_reason = await admin.call(
        "PUT", f"/lessons/{lesson['id']}/substitution", {"teacher_id": str(substitute.id)}
    )
    assert no_reason.status_code == 422
    not_a_teacher = await admin.call(
        "PUT",
        f"/lessons/{lesson['id']}/substitution",
        {"teacher_id": str(setup.school.student()), "reason": "болезнь"},
    )
    assert not_a_teacher.status_code == 422
    assert not_a_teacher.json()["errors"][0]["field"] == "teacher_id"

    changed = await admin.ok(
        "PUT",
        f"/lessons/{lesson['id']}/substitution",
        {"teacher_id": str(substitute.id), "reason": "болезнь учителя"},
    )
    assert changed["teacher_id"] == str(substitute.id)
    assert changed["planned_teacher_id"] == str(planned.id)

    # The substitute's week now has the lesson; the planned teacher's does not.
    day = lesson["lesson_date"]
    substitute_week = await substitute.ok("GET", "/lessons", date_from=day, date_to=day)
    assert [x["id"] for x in substitute_week] == [lesson["id"]]
    planned_week = await planned.ok("GET", "/lessons", date_from=day, date_to=day)
    assert planned_week == []

    [payload] = await events_of(admin_conn, setup.school.id, "okrug.schedule.substitution.set")
    event = schedule_pb2.SubstitutionSet.FromString(payload)
    assert event.lesson.lesson_id == lesson["id"]
    assert event.lesson.teacher_id == event.substitute_teacher_id == str(substitute.id)
    assert event.original_teacher_id == str(planned.id)
    assert event.reason == "болезнь учителя"

    as_service()
    servicer = ScheduleServicer(service.runtime)
    who = await servicer.GetLessonTeacher(
        schedule_pb2.GetLessonTeacherRequest(
            school_id=str(setup.school.id), lesson_id=lesson["id"]
        ),
        GrpcContext(),  # type: ignore[arg-type]
    )
    assert (who.teacher_id, who.planned_teacher_id, who.substituted) == (
        str(substitute.id),
        str(planned.id),
        True,
    )
    assert who.substitution_reason == "болезнь учителя"

    restored = await admin.ok("DELETE", f"/lessons/{lesson['id']}/substitution")
    assert restored["teacher_id"] == str(planned.id)
    assert (await admin.call("DELETE", f"/lessons/{lesson['id']}/substitution")).status_code == 409
    [removed] = await events_of(admin_conn, setup.school.id, "okrug.schedule.substitution.removed")
    assert schedule_pb2.SubstitutionRemoved.FromString(removed).lesson.teacher_id == str(planned.id)


async def test_the_substitution_log_counts_held_substituted_replaced_and_cancelled(
    setup: Setup,
) -> None:
    planned, substitute = setup.school.teacher(), setup.school.teacher()
    lessons = await published_term(setup, planned, grade=6)
    assert len(lessons) == 10  # ten Wednesdays in term 3
    admin = setup.school.admin
    for lesson in lessons[:2]:
        await admin.ok(
            "PUT",
            f"/lessons/{lesson['id']}/substitution",
            {"teacher_id": str(substitute.id), "reason": "курсы повышения квалификации"},
        )
    await admin.ok("POST", f"/lessons/{lessons[2]['id']}/cancel", {"reason": "карантин"})
    year = await admin.ok("GET", f"/years/{setup.year['id']}")
    term_3 = next(p for p in year["periods"] if p["kind"] == "term" and p["number"] == 3)

    summary = await admin.ok(
        "GET", "/substitutions/summary", period_id=term_3["id"], as_of="2027-03-21"
    )
    counts = {t["teacher_id"]: t for t in summary["teachers"]}
    assert counts[str(planned.id)] == {
        "teacher_id": str(planned.id),
        "held": 7,
        "substituted": 0,
        "replaced": 2,
        "cancelled": 1,
    }
    assert counts[str(substitute.id)]["substituted"] == 2
    midway = await admin.ok(
        "GET", "/substitutions/summary", period_id=term_3["id"], as_of=lessons[4]["lesson_date"]
    )
    held_by_then = {t["teacher_id"]: t["held"] for t in midway["teachers"]}
    assert held_by_then[str(planned.id)] == 2

    log = await admin.ok("GET", "/substitutions", period_id=term_3["id"], teacher_id=planned.id)
    assert [(e["kind"], e["reason"]) for e in log] == [
        ("substituted", "курсы повышения квалификации"),
        ("substituted", "курсы повышения квалификации"),
        ("cancelled", "карантин"),
    ]
    own = await planned.ok("GET", "/substitutions", period_id=term_3["id"])
    assert len(own) == 3
    others = await planned.call(
        "GET", "/substitutions", period_id=term_3["id"], teacher_id=substitute.id
    )
    assert others.status_code == 403


async def test_moving_a_lesson_is_logged_and_published(
    setup: Setup, admin_conn: asyncpg.Connection
) -> None:
    teacher = setup.school.teacher()
    lessons = await published_term(setup, teacher, grade=7)
    lesson = lessons[0]
    admin = setup.school.admin
    to_holiday = await admin.call(
        "PATCH", f"/lessons/{lesson['id']}", {"starts_at": "2027-02-23T10:30:00+03:00"}
    )
    assert to_holiday.status_code == 422
    assert to_holiday.json()["errors"][0]["field"] == "starts_at"
    moved = await admin.ok(
        "PATCH",
        f"/lessons/{lesson['id']}",
        {
            "starts_at": "2027-01-15T12:30:00+03:00",
            "room_id": setup.rooms["201"],
            "reason": "ремонт",
        },
    )
    assert (moved["lesson_date"], moved["room_name"], moved["period"]) == (
        "2027-01-15",
        "201",
        None,
    )
    assert moved["ends_at"].startswith("2027-01-15T10:15")  # 45 minutes kept, in UTC
    [payload] = await events_of(admin_conn, setup.school.id, "okrug.schedule.lesson.moved")
    event = schedule_pb2.LessonMoved.FromString(payload)
    assert event.lesson.lesson_date.day == 15
    assert event.previous_starts_at.ToDatetime().date() == date(2027, 1, 13)
    assert event.previous_room_id == setup.rooms["101"]


async def test_a_teacher_reads_only_their_lessons(setup: Setup) -> None:
    teacher, other = setup.school.teacher(), setup.school.teacher()
    lessons = await published_term(setup, teacher, grade=8)
    assert (await teacher.call("GET", f"/lessons/{lessons[0]['id']}")).status_code == 200
    assert (await other.call("GET", f"/lessons/{lessons[0]['id']}")).status_code == 403
    assert await other.ok("GET", "/lessons", class_id=lessons[0]["class_id"]) == []
