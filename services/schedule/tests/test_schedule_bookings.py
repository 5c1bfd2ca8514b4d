"""No double booking (S8): a teacher, a room, a class or a group (with its students) is never
in two lessons at once; a conflicting change is refused with a problem naming the lesson."""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from schedule_support import Api, Setup
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.db import tenant_transaction

MOSCOW = ZoneInfo("Europe/Moscow")
# Wednesday 20 January 2027, a school day of term 3.
AT = datetime(2027, 1, 20, 10, 30, tzinfo=MOSCOW)


def lesson_body(
    setup: Setup,
    class_id: str,
    teacher: Api,
    starts: datetime = AT,
    minutes: int = 45,
    subject: str = "Математика",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "class_id": class_id,
        "subject_id": setup.subjects[subject],
        "teacher_id": str(teacher.id),
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(minutes=minutes)).isoformat(),
        **extra,
    }


async def add(setup: Setup, body: dict[str, Any]) -> Any:
    return await setup.school.admin.ok("POST", "/lessons", body, status=201)


def assert_names(response: Any, lesson: dict[str, Any], resource: str, field: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["resource"] == resource
    assert problem["conflicting_lesson"]["id"] == lesson["id"]
    assert lesson["id"] in problem["detail"]
    assert problem["errors"][0]["field"] == field


async def test_a_teacher_room_or_class_in_two_lessons_at_once_is_refused(setup: Setup) -> None:
    teacher, other = setup.school.teacher(), setup.school.teacher()
    a, b = await setup.klass(5, "А"), await setup.klass(5, "Б")
    first = await add(setup, lesson_body(setup, a["id"], teacher, room_id=setup.rooms["101"]))
    admin = setup.school.admin

    overlapping = AT + timedelta(minutes=20)
    teacher_twice = await admin.call(
        "POST", "/lessons", lesson_body(setup, b["id"], teacher, overlapping)
    )
    assert_names(teacher_twice, first, "teacher", "teacher_id")
    room_twice = await admin.call(
        "POST",
        "/lessons",
        lesson_body(setup, b["id"], other, overlapping, room_id=setup.rooms["101"]),
    )
    assert_names(room_twice, first, "room", "room_id")
    class_twice = await admin.call(
        "POST", "/lessons", lesson_body(setup, a["id"], other, overlapping, subject="История")
    )
    assert_names(class_twice, first, "class", "class_id")

    back_to_back = await admin.call(
        "POST", "/lessons", lesson_body(setup, b["id"], teacher, AT + timedelta(minutes=45))
    )
    assert back_to_back.status_code == 201, back_to_back.text
    elsewhere = await admin.call(
        "POST", "/lessons", lesson_body(setup, b["id"], other, AT, room_id=setup.rooms["102"])
    )
    assert elsewhere.status_code == 201
    lessons = await admin.ok("GET", "/lessons", date_from="2027-01-20", date_to="2027-01-20")
    assert len(lessons) == 3


async def test_groups_of_a_class_may_run_at_once_unless_a_student_is_in_both(
    setup: Setup,
) -> None:
    teachers = [setup.school.teacher() for _ in range(4)]
    school_class = await setup.klass(6, "А")
    english_1 = await setup.group(school_class["id"], "Английский язык", "Англ. 1")
    english_2 = await setup.group(school_class["id"], "Английский язык", "Англ. 2")
    informatics_1 = await setup.group(school_class["id"], "Информатика", "Инф. 1")
    anna, boris = await setup.enrol(school_class["id"]), await setup.enrol(school_class["id"])
    admin = setup.school.admin
    for group, student in ((english_1, anna), (english_2, boris), (informatics_1, anna)):
        await admin.ok(
            "POST",
            f"/groups/{group['id']}/members",
            {"student_id": str(student), "since": "2026-09-01"},
            status=201,
        )

    first = await add(
        setup,
        lesson_body(
            setup,
            school_class["id"],
            teachers[0],
            subject="Английский язык",
            group_id=english_1["id"],
        ),
    )
    second = await admin.call(
        "POST",
        "/lessons",
        lesson_body(
            setup,
            school_class["id"],
            teachers[1],
            subject="Английский язык",
            group_id=english_2["id"],
        ),
    )
    assert second.status_code == 201, second.text
    whole_class = await admin.call(
        "POST", "/lessons", lesson_body(setup, school_class["id"], teachers[2], subject="История")
    )
    assert_names(whole_class, first, "class", "class_id")
    same_group = await admin.call(
        "POST",
        "/lessons",
        lesson_body(
            setup,
            school_class["id"],
            teachers[2],
            subject="Английский язык",
            group_id=english_1["id"],
        ),
    )
    assert_names(same_group, first, "class", "class_id")
    anna_twice = await admin.call(
        "POST",
        "/lessons",
        lesson_body(
            setup,
            school_class["id"],
            teachers[3],
            subject="Информатика",
            group_id=informatics_1["id"],
        ),
    )
    assert_names(anna_twice, first, "students", "group_id")


async def test_moving_or_substituting_into_a_collision_is_refused(setup: Setup) -> None:
    teacher, busy = setup.school.teacher(), setup.school.teacher()
    a, b = await setup.klass(7, "А"), await setup.klass(7, "Б")
    lesson = await add(setup, lesson_body(setup, a["id"], teacher))
    later = AT + timedelta(hours=2)
    blocker = await add(setup, lesson_body(setup, b["id"], busy, later))
    admin = setup.school.admin

    substitute = await admin.call(
        "PUT",
        f"/lessons/{lesson['id']}/substitution",
        {"teacher_id": str(busy.id), "reason": "болезнь"},
    )
    assert substitute.status_code == 200, substitute.text
    moved = await admin.call("PATCH", f"/lessons/{lesson['id']}", {"starts_at": later.isoformat()})
    assert_names(moved, blocker, "teacher", "teacher_id")
    assert (await admin.ok("GET", f"/lessons/{lesson['id']}"))["starts_at"] == lesson["starts_at"]

    await admin.ok("DELETE", f"/lessons/{lesson['id']}/substitution")
    moved = await admin.ok("PATCH", f"/lessons/{lesson['id']}", {"starts_at": later.isoformat()})
    assert datetime.fromisoformat(moved["starts_at"]) == later
    busy_now = await admin.call(
        "PUT",
        f"/lessons/{lesson['id']}/substitution",
        {"teacher_id": str(busy.id), "reason": "болезнь"},
    )
    assert_names(busy_now, blocker, "teacher", "teacher_id")


async def test_a_cancelled_lesson_frees_its_slot(setup: Setup) -> None:
    teacher, other = setup.school.teacher(), setup.school.teacher()
    school_class = await setup.klass(8, "А")
    lesson = await add(setup, lesson_body(setup, school_class["id"], teacher))
    admin = setup.school.admin
    refused = await admin.call("POST", "/lessons", lesson_body(setup, school_class["id"], other))
    assert refused.status_code == 409
    cancelled = await admin.ok("POST", f"/lessons/{lesson['id']}/cancel", {"reason": "карантин"})
    assert cancelled["status"] == "cancelled"
    replacement = await admin.call(
        "POST", "/lessons", lesson_body(setup, school_class["id"], other)
    )
    assert replacement.status_code == 201
    again = await admin.call("POST", f"/lessons/{lesson['id']}/cancel", {"reason": "карантин"})
    assert again.status_code == 409


async def test_the_database_refuses_a_double_booking_the_service_did_not_check(
    setup: Setup, sessions: async_sessionmaker[AsyncSession], admin_conn: asyncpg.Connection
) -> None:
    """The exclusion constraints hold on their own, for the app role, within the tenant."""
    teacher = setup.school.teacher()
    school_class = await setup.klass(9, "А")
    lesson = await add(setup, lesson_body(setup, school_class["id"], teacher))
    with pytest.raises(IntegrityError) as refused:
        async with tenant_transaction(sessions, setup.school.id) as session:
            await session.execute(
                text(
                    "INSERT INTO lessons (school_id, id, class_id, subject_id, teacher_id, "
                    "planned_teacher_id, starts_at, ends_at, lesson_date) "
                    "SELECT school_id, gen_random_uuid(), class_id, subject_id, teacher_id, "
                    "teacher_id, starts_at + interval '10 minutes', ends_at, lesson_date "
                    "FROM lessons WHERE id = :id"
                ),
                {"id": UUID(lesson["id"])},
            )
    assert "lessons_teacher_not_double_booked" in str(refused.value)
    count = await admin_conn.fetchval(
        "SELECT count(*) FROM lessons WHERE school_id = $1", setup.school.id
    )
    assert count == 1
