"""Class and group membership with effective dates (S3, I4): a transfer never rewrites history,
so a student is in the old class's lessons before the date and the new class's from it;
moves between groups happen only at the end of a study period."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import asyncpg
from schedule_support import GrpcContext, School, Setup, as_service, events_of

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.testing import Service
from okrug_schedule.grpc_api import ScheduleServicer

TERM_2 = (date(2026, 11, 5), date(2026, 12, 28))
MOVED_ON = date(2026, 11, 10)  # a Tuesday of term 2


async def daily_lessons(setup: Setup, class_id: str, period: int) -> list[dict[str, Any]]:
    teacher = setup.school.teacher()
    draft = await setup.timetable(
        class_id,
        [setup.entry(day, period, "Математика", teacher) for day in range(1, 6)],
        *TERM_2,
    )
    await setup.school.admin.ok("POST", f"/timetables/{draft.json()['id']}/publish")
    lessons: list[dict[str, Any]] = await setup.school.admin.ok(
        "GET", "/lessons", class_id=class_id, limit=1000
    )
    return lessons


def on(lessons: list[dict[str, Any]], day: date) -> dict[str, Any]:
    return next(lesson for lesson in lessons if lesson["lesson_date"] == day.isoformat())


async def test_a_student_who_changed_class_is_in_the_right_lessons_on_each_side(
    setup: Setup, service: Service, admin_conn: asyncpg.Connection
) -> None:
    old, new = await setup.klass(5, "А"), await setup.klass(5, "Б")
    old_lessons = await daily_lessons(setup, old["id"], 1)
    new_lessons = await daily_lessons(setup, new["id"], 2)
    mover = await setup.enrol(old["id"])
    stayer = await setup.enrol(old["id"])
    english = await setup.group(old["id"], "Английский язык", "Англ. 1")
    admin = setup.school.admin
    await admin.ok(
        "POST",
        f"/groups/{english['id']}/members",
        {"student_id": str(mover), "since": "2026-09-01"},
        status=201,
    )

    moved = await admin.ok(
        "POST",
        f"/students/{mover}/transfer",
        {"to_class_id": new["id"], "on": MOVED_ON.isoformat()},
    )
    assert moved["left"] == {
        "student_id": str(mover),
        "since": "2026-09-01",
        "until": "2026-11-10",
        "class_id": old["id"],
    }
    assert moved["joined"]["since"] == "2026-11-10"
    assert moved["joined"]["until"] is None

    day_before = date(2026, 11, 9)

    async def students(lesson: dict[str, Any]) -> set[str]:
        body = await admin.ok("GET", f"/lessons/{lesson['id']}/students")
        return set(body["student_ids"])

    assert await students(on(old_lessons, day_before)) == {str(mover), str(stayer)}
    assert await students(on(old_lessons, MOVED_ON)) == {str(stayer)}
    assert await students(on(new_lessons, day_before)) == set()
    assert await students(on(new_lessons, MOVED_ON)) == {str(mover)}

    week = await admin.ok(
        "GET", "/lessons", student_id=mover, date_from="2026-11-05", date_to="2026-11-13"
    )
    assert [(x["lesson_date"], x["class_name"]) for x in week] == [
        ("2026-11-05", "5А"),
        ("2026-11-06", "5А"),
        ("2026-11-09", "5А"),
        ("2026-11-10", "5Б"),
        ("2026-11-11", "5Б"),
        ("2026-11-12", "5Б"),
        ("2026-11-13", "5Б"),
    ]
    assert await admin.ok("GET", f"/classes/{old['id']}/members", on="2026-11-09") == sorted(
        [str(mover), str(stayer)]
    )
    assert await admin.ok("GET", f"/classes/{old['id']}/members", on="2026-11-10") == [str(stayer)]
    assert await admin.ok("GET", f"/groups/{english['id']}/members", on="2026-11-10") == []
    history = await admin.ok("GET", f"/students/{mover}/classes")
    assert [(h["class_id"], h["since"], h["until"]) for h in history] == [
        (old["id"], "2026-09-01", "2026-11-10"),
        (new["id"], "2026-11-10", None),
    ]

    as_service()
    servicer = ScheduleServicer(service.runtime)
    before = await servicer.ListLessonStudents(
        schedule_pb2.ListLessonStudentsRequest(
            school_id=str(setup.school.id), lesson_id=on(old_lessons, day_before)["id"]
        ),
        GrpcContext(),  # type: ignore[arg-type]
    )
    assert set(before.student_ids) == {str(mover), str(stayer)}
    members = await servicer.ListClassMembers(
        schedule_pb2.ListClassMembersRequest(
            school_id=str(setup.school.id),
            class_id=new["id"],
            on=common_pb2.Date(year=2026, month=11, day=9),
        ),
        GrpcContext(),  # type: ignore[arg-type]
    )
    assert list(members.student_ids) == []

    changes = [
        schedule_pb2.ClassMembershipChanged.FromString(p)
        for p in await events_of(
            admin_conn, setup.school.id, "okrug.schedule.class.membership_changed"
        )
    ]
    assert {(c.class_id, c.HasField("until")) for c in changes} == {
        (old["id"], True),
        (new["id"], False),
    }

    rewrite = await admin.call(
        "POST", f"/students/{mover}/transfer", {"to_class_id": old["id"], "on": "2026-11-01"}
    )
    assert rewrite.status_code in (409, 422)
    assert await admin.ok("GET", f"/students/{mover}/classes") == history


async def test_a_group_move_waits_for_the_end_of_the_study_period(setup: Setup) -> None:
    school_class = await setup.klass(6, "А")
    first = await setup.group(school_class["id"], "Английский язык", "Англ. 1")
    second = await setup.group(school_class["id"], "Английский язык", "Англ. 2")
    student = await setup.enrol(school_class["id"])
    admin = setup.school.admin
    joined = await admin.ok(
        "POST",
        f"/groups/{first['id']}/members",
        {"student_id": str(student), "since": "2026-09-01"},
        status=201,
    )
    assert joined["moved_from_group_id"] is None

    mid_term = await admin.call(
        "POST",
        f"/groups/{second['id']}/members",
        {"student_id": str(student), "since": "2026-11-25"},
    )
    assert mid_term.status_code == 409
    problem = mid_term.json()
    assert problem["possible_from"] == "2026-12-29"
    assert problem["errors"][0]["field"] == "since"
    assert "2026-12-29" in problem["detail"]
    assert await admin.ok("GET", f"/groups/{second['id']}/members", on="2026-12-01") == []

    at_term_end = await admin.ok(
        "POST",
        f"/groups/{second['id']}/members",
        {"student_id": str(student), "since": "2026-12-29"},
        status=201,
    )
    assert at_term_end["moved_from_group_id"] == first["id"]
    assert await admin.ok("GET", f"/groups/{first['id']}/members", on="2026-12-28") == [
        str(student)
    ]
    assert await admin.ok("GET", f"/groups/{first['id']}/members", on="2026-12-29") == []
    assert await admin.ok("GET", f"/groups/{second['id']}/members", on="2026-12-29") == [
        str(student)
    ]


async def test_a_subject_assessed_by_half_years_moves_at_the_half_year(setup: Setup) -> None:
    school_class = await setup.klass(10, "А")
    admin = setup.school.admin
    await admin.ok(
        "PUT",
        f"/years/{setup.year['id']}/assessment",
        {
            "rules": [
                {
                    "grade": 10,
                    "subject_id": setup.subjects["Информатика"],
                    "period_kind": "half_year",
                }
            ]
        },
    )
    groups = {
        subject: [await setup.group(school_class["id"], subject, f"{subject} {n}") for n in (1, 2)]
        for subject in ("Информатика", "Английский язык")
    }
    student = await setup.enrol(school_class["id"])
    for subject_groups in groups.values():
        await admin.ok(
            "POST",
            f"/groups/{subject_groups[0]['id']}/members",
            {"student_id": str(student), "since": "2026-09-01"},
            status=201,
        )
    term_start = {"student_id": str(student), "since": "2026-11-05"}
    by_terms = await admin.call(
        "POST", f"/groups/{groups['Английский язык'][1]['id']}/members", term_start
    )
    assert by_terms.status_code == 201, by_terms.text
    by_half_years = await admin.call(
        "POST", f"/groups/{groups['Информатика'][1]['id']}/members", term_start
    )
    assert by_half_years.status_code == 409
    assert by_half_years.json()["possible_from"] == "2026-12-29"


async def test_a_group_member_must_be_in_the_class_that_day(setup: Setup) -> None:
    school_class = await setup.klass(7, "А")
    group = await setup.group(school_class["id"], "Информатика", "Инф. 1")
    late_comer = await setup.enrol(school_class["id"], since=date(2026, 11, 16))
    early = await setup.school.admin.call(
        "POST",
        f"/groups/{group['id']}/members",
        {"student_id": str(late_comer), "since": "2026-11-10"},
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "student_id"
    # A newcomer joins a group mid-term: only moves wait for the period's end.
    joined = await setup.school.admin.call(
        "POST",
        f"/groups/{group['id']}/members",
        {"student_id": str(late_comer), "since": "2026-11-16"},
    )
    assert joined.status_code == 201


async def test_groups_are_set_up_by_the_class_teacher_of_that_class(setup: Setup) -> None:
    from okrug_common.roles import Role

    school = setup.school
    class_teacher = school.staff(Role.TEACHER, Role.CLASS_TEACHER)
    other_class_teacher = school.staff(Role.TEACHER, Role.CLASS_TEACHER)
    mine = await school.admin.ok(
        "POST",
        "/classes",
        {"grade": 8, "letter": "А", "class_teacher_id": str(class_teacher.id)},
        status=201,
    )
    body = {"class_id": mine["id"], "subject_id": setup.subjects["Информатика"], "name": "Инф. 1"}
    refused = await other_class_teacher.call("POST", "/groups", body)
    assert refused.status_code == 403
    created = await class_teacher.call("POST", "/groups", body)
    assert created.status_code == 201
    student: UUID = await setup.enrol(mine["id"])
    added = await class_teacher.call(
        "POST", f"/groups/{created.json()['id']}/members", {"student_id": str(student)}
    )
    assert added.status_code == 201
    plain_teacher = school.teacher()
    assert (await plain_teacher.call("POST", "/groups", body)).status_code == 403


async def test_a_class_made_without_naming_its_year_is_in_todays_year_and_its_rule_applies(
    school: School,
) -> None:
    """The demo's mid-term group move was accepted because its classes had no year (S1):
    a class made without year_id is in the year containing today, so a move in the middle
    of the term around today waits for the term's end (the day after it)."""
    today = date.today()
    term_end = today + timedelta(days=30)
    admin = school.admin
    year = await admin.ok(
        "POST",
        "/years",
        {
            "calendar": {
                "name": "Этот год",
                "starts_on": str(today - timedelta(days=100)),
                "ends_on": str(today + timedelta(days=100)),
                "periods": [
                    {
                        "kind": "term",
                        "number": 1,
                        "starts_on": str(today - timedelta(days=30)),
                        "ends_on": str(term_end),
                    }
                ],
            }
        },
        status=201,
    )
    school_class = await admin.ok("POST", "/classes", {"grade": 6, "letter": "Я"}, status=201)
    assert school_class["year_id"] == year["id"]
    subject = await admin.ok("POST", "/subjects", {"name": "Английский язык"}, status=201)
    first, second = [
        await admin.ok(
            "POST",
            "/groups",
            {"class_id": school_class["id"], "subject_id": subject["id"], "name": name},
            status=201,
        )
        for name in ("Англ. 1", "Англ. 2")
    ]
    student = school.student()
    since = str(today - timedelta(days=20))
    await admin.ok(
        "POST",
        f"/classes/{school_class['id']}/members",
        {"student_id": str(student), "since": since},
        status=201,
    )
    await admin.ok(
        "POST",
        f"/groups/{first['id']}/members",
        {"student_id": str(student), "since": since},
        status=201,
    )
    mid_term = await admin.call(
        "POST", f"/groups/{second['id']}/members", {"student_id": str(student), "since": str(today)}
    )
    assert mid_term.status_code == 409, mid_term.text
    assert mid_term.json()["possible_from"] == str(term_end + timedelta(days=1))
