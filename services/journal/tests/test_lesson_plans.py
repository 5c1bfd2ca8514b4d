"""Lesson plans (КТП, issue 5 point 7; J7): a teacher of the class enters the planned
topics with hours, the deputy checks them against the curriculum's hours (S1 4.4.10, asked
of schedule), plans are imported and exported as CSV and XLSX (S3), and the topics are
offered when a lesson is recorded, the next not yet covered one first (S1 4.4.6)."""

import io
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from journal_support import FakeScheduleChannel, School, person
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_journal.lesson_plans.files import CSV, XLSX
from okrug_journal.models import LessonProjection
from okrug_journal.projections import service as projections

TOPICS = [
    {"section": "Натуральные числа", "topic": "Запись чисел", "hours": 2},
    {"section": "Натуральные числа", "topic": "Сравнение чисел", "hours": 3},
]


async def create(school: School, principal: Any = None, **body: Any) -> dict[str, Any]:
    response = await school.service.http.post(
        "/journal/lesson-plans",
        json={
            "class_id": str(school.class_id),
            "subject_id": str(school.subject_id),
            "topics": TOPICS,
            **body,
        },
        headers=school.auth(principal or school.teacher),
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def count(admin: asyncpg.Connection, school: School, table: str) -> int:
    value = await admin.fetchval(f"SELECT count(*) FROM {table} WHERE school_id = $1", school.id)
    return int(value)


async def test_a_plan_is_saved_when_short_of_the_curriculum_and_flagged_until_it_matches(
    school: School, sessions: async_sessionmaker[AsyncSession]
) -> None:
    http = school.service.http
    FakeScheduleChannel.curriculum[(school.class_id, school.subject_id)] = 6
    await school.lesson(days_ago=1)  # the teacher teaches the class the subject
    plan = await create(school)
    # 2 + 3 = 5 planned hours against the curriculum's 6: kept, flagged, 1 hour short.
    assert [t["number"] for t in plan["topics"]] == [1, 2]
    assert plan["planned_hours"] == 5
    check = plan["curriculum"]
    assert (check["curriculum_hours"], check["planned_hours"]) == (6, 5)
    assert (check["matches"], check["difference"]) == (False, -1)

    first, second = plan["topics"]
    replaced = await http.put(
        f"/journal/lesson-plans/{plan['id']}",
        json={
            "topics": [
                {"id": first["id"], "topic": "Запись чисел", "hours": 2},
                {"id": second["id"], "topic": "Сравнение чисел", "hours": 3},
                {"topic": "Контрольная работа", "hours": 1},
            ]
        },
        headers=school.auth(school.teacher),
    )
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    # 2 + 3 + 1 = 6: matches; the topics sent with their ids kept them.
    assert (body["curriculum"]["matches"], body["curriculum"]["difference"]) == (True, 0)
    assert [t["id"] for t in body["topics"][:2]] == [first["id"], second["id"]]
    assert body["topics"][2]["section"] is None

    deputy = person(school.id, Role.DEPUTY_DIRECTOR)
    read = await http.get(f"/journal/lesson-plans/{plan['id']}", headers=school.auth(deputy))
    assert read.status_code == 200
    assert read.json()["planned_hours"] == 6

    class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    async with tenant_transaction(sessions, school.id) as session:
        await projections.set_class_teacher(
            session, school.id, school.class_id, class_teacher.person_id
        )
    as_class_teacher = school.auth(class_teacher)
    assert (
        await http.get(f"/journal/lesson-plans/{plan['id']}", headers=as_class_teacher)
    ).status_code == 200
    refused_write = await http.put(
        f"/journal/lesson-plans/{plan['id']}", json={"topics": []}, headers=as_class_teacher
    )
    assert refused_write.status_code == 403
    for outsider in (school.other_teacher, school.parent):
        response = await http.get(
            f"/journal/lesson-plans/{plan['id']}", headers=school.auth(outsider)
        )
        assert response.status_code == 403, outsider

    other = await School(sessions, school.service).setup()
    hidden = await http.get(
        f"/journal/lesson-plans/{plan['id']}", headers=school.auth(other.director)
    )
    assert hidden.status_code == 404


async def test_bad_plans_name_the_field_and_write_nothing(
    school: School, admin_conn: asyncpg.Connection
) -> None:
    http = school.service.http
    await school.lesson(days_ago=1)
    plan = await create(school)
    again = await http.post(
        "/journal/lesson-plans",
        json={"class_id": str(school.class_id), "subject_id": str(school.subject_id)},
        headers=school.auth(school.teacher),
    )
    assert again.status_code == 409
    for topics, field in (
        ([{"topic": "Дроби", "hours": 0}], "topics.0.hours"),
        ([{"topic": "Дроби", "hours": 1.5}], "topics.0.hours"),
        ([{"topic": "", "hours": 1}], "topics.0.topic"),
        ([{"id": str(uuid4()), "topic": "Дроби", "hours": 1}], "topics.0.id"),
    ):
        response = await http.put(
            f"/journal/lesson-plans/{plan['id']}",
            json={"topics": topics},
            headers=school.auth(school.teacher),
        )
        assert response.status_code == 422, (topics, response.text)
        assert field in {e["field"].removeprefix("body.") for e in response.json()["errors"]}
    assert await count(admin_conn, school, "lesson_plan_topics") == len(TOPICS)
    # A teacher who does not teach the class the subject may not make its plan.
    foreign = await http.post(
        "/journal/lesson-plans",
        json={"class_id": str(school.class_id), "subject_id": str(uuid4())},
        headers=school.auth(school.teacher),
    )
    assert foreign.status_code == 403


async def test_plans_are_listed_by_class_and_subject_for_their_readers_and_deleted(
    school: School, admin_conn: asyncpg.Connection
) -> None:
    http = school.service.http
    await school.lesson(days_ago=1)
    mine = await create(school)
    other_subject = uuid4()
    theirs = await create(school, school.director, subject_id=str(other_subject))
    listed = await http.get(
        "/journal/lesson-plans",
        params={"class_id": str(school.class_id)},
        headers=school.auth(school.director),
    )
    assert {p["id"] for p in listed.json()} == {mine["id"], theirs["id"]}
    # The teacher sees only the plan of the subject they teach.
    own = await http.get(
        "/journal/lesson-plans",
        params={"class_id": str(school.class_id)},
        headers=school.auth(school.teacher),
    )
    assert [(p["id"], p["planned_hours"], p["topic_count"]) for p in own.json()] == [
        (mine["id"], 2 + 3, 2)
    ]
    by_subject = await http.get(
        "/journal/lesson-plans",
        params={"class_id": str(school.class_id), "subject_id": str(other_subject)},
        headers=school.auth(school.director),
    )
    assert [p["id"] for p in by_subject.json()] == [theirs["id"]]
    parent = await http.get("/journal/lesson-plans", headers=school.auth(school.parent))
    assert parent.status_code == 403

    deleted = await http.delete(
        f"/journal/lesson-plans/{mine['id']}", headers=school.auth(school.teacher)
    )
    assert deleted.status_code == 204
    gone = await http.get(
        f"/journal/lesson-plans/{mine['id']}", headers=school.auth(school.teacher)
    )
    assert gone.status_code == 404
    assert await count(admin_conn, school, "lesson_plan_topics") == len(TOPICS)  # theirs


async def test_an_import_refuses_every_bad_row_with_its_line_and_writes_nothing(
    school: School, admin_conn: asyncpg.Connection
) -> None:
    await school.lesson(days_ago=1)
    body = "\n".join(
        [
            "number;section;topic;hours",
            "1;Дроби;Понятие дроби;2",  # line 2: good
            "2;Дроби;Сравнение дробей;1,5",  # line 3: not whole hours
            "3;Дроби;;1",  # line 4: no topic
            "1;Дроби;Сложение дробей;1",  # line 5: number 1 again
            "4;Дроби;Вычитание дробей;0",  # line 6: zero hours
            "x;Дроби;Умножение дробей;1",  # line 7: not a number
        ]
    )
    response = await school.service.http.post(
        "/journal/lesson-plans/import",
        params={"class_id": str(school.class_id), "subject_id": str(school.subject_id)},
        content=body.encode(),
        headers=school.auth(school.teacher, **{"Content-Type": CSV}),
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [
        (3, "rows.3.hours"),
        (4, "rows.4.topic"),
        (5, "rows.5.number"),
        (6, "rows.6.hours"),
        (7, "rows.7.number"),
    ]
    assert "line 2" in problem["errors"][2]["detail"]
    # Codes and their limits, for the app to word them in the interface language.
    assert [(e["code"], e["params"]) for e in problem["errors"]] == [
        ("whole-hours", {}),
        ("missing", {}),
        ("number-repeats", {"number": 1, "line": 2}),
        ("hours-range", {"min": 1, "max": 200}),
        ("int_parsing", {}),
    ]
    assert problem["detail"].startswith("5 of 6 rows are invalid")
    assert await count(admin_conn, school, "lesson_plans") == 0
    assert await count(admin_conn, school, "lesson_plan_topics") == 0

    unknown = await school.service.http.post(
        "/journal/lesson-plans/import",
        params={"class_id": str(school.class_id), "subject_id": str(school.subject_id)},
        content=b"{}",
        headers=school.auth(school.teacher, **{"Content-Type": "application/json"}),
    )
    assert unknown.status_code == 415
    not_a_workbook = await school.service.http.post(
        "/journal/lesson-plans/import",
        params={"class_id": str(school.class_id), "subject_id": str(school.subject_id)},
        content=b"not a zip",
        headers=school.auth(school.teacher, **{"Content-Type": XLSX}),
    )
    assert not_a_workbook.status_code == 422
    assert not_a_workbook.json()["errors"][0]["field"] == "file"


async def test_csv_and_xlsx_exports_import_back_to_the_same_plan(school: School) -> None:
    http = school.service.http
    await school.lesson(days_ago=1)
    topics = [
        {"section": "Глава 1; «Числа»", "topic": "Запись чисел, цифры", "hours": 2},
        {"section": None, "topic": 'Повторение "всего"', "hours": 1},
        {"section": "Глава 2", "topic": "Контрольная работа", "hours": 1},
    ]
    plan = await create(school, topics=topics)
    expected = [(t["section"], t["topic"], t["hours"]) for t in topics]
    for file_format, media_type in (("csv", CSV), ("xlsx", XLSX)):
        exported = await http.get(
            f"/journal/lesson-plans/{plan['id']}/export",
            params={"format": file_format},
            headers=school.auth(school.teacher),
        )
        assert exported.status_code == 200, exported.text
        assert exported.headers["content-type"].startswith(media_type)
        # Imported into another subject's plan by the deputy (leadership plans any subject).
        subject = uuid4()
        imported = await http.post(
            "/journal/lesson-plans/import",
            params={"class_id": str(school.class_id), "subject_id": str(subject)},
            content=exported.content,
            headers=school.auth(school.director, **{"Content-Type": media_type}),
        )
        assert imported.status_code == 201, imported.text
        got = [(t["section"], t["topic"], t["hours"]) for t in imported.json()["topics"]]
        assert got == expected, file_format
        # Importing again replaces the plan's topics (200), not a second plan.
        again = await http.post(
            "/journal/lesson-plans/import",
            params={"class_id": str(school.class_id), "subject_id": str(subject)},
            content=exported.content,
            headers=school.auth(school.director, **{"Content-Type": media_type}),
        )
        assert again.status_code == 200
        assert again.json()["id"] == imported.json()["id"]


async def test_an_xlsx_with_russian_headers_and_bad_rows_is_refused_by_line(
    school: School,
) -> None:
    await school.lesson(days_ago=1)
    book = Workbook()
    sheet = book.active
    sheet.append(["№", "Раздел", "Тема", "Часы"])
    sheet.append([1, "Дроби", "Понятие дроби", 2])
    sheet.append([2, "Дроби", "Сравнение дробей", 1.5])  # line 3
    sheet.append([])  # a blank line is skipped
    sheet.append([3, "Дроби", "Сложение", None])  # line 5
    out = io.BytesIO()
    book.save(out)
    response = await school.service.http.post(
        "/journal/lesson-plans/import",
        params={"class_id": str(school.class_id), "subject_id": str(school.subject_id)},
        content=out.getvalue(),
        headers=school.auth(school.teacher, **{"Content-Type": XLSX}),
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["rows.3.hours", "rows.5.hours"]
    load_workbook(io.BytesIO(out.getvalue()))  # the test's own file is a valid workbook


async def save(school: School, lesson: UUID, **body: Any) -> Any:
    return await school.service.http.put(
        f"/journal/lessons/{lesson}/record", json=body, headers=school.auth(school.teacher)
    )


async def offered(school: School, lesson: UUID) -> dict[str, Any]:
    response = await school.service.http.get(
        f"/journal/lessons/{lesson}/plan-topics", headers=school.auth(school.teacher)
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_the_next_uncovered_topic_is_offered_first_and_a_lesson_takes_a_plan_topic(
    school: School,
) -> None:
    lessons = [await school.lesson(days_ago=d) for d in (4, 3, 2, 1)]
    empty = await offered(school, lessons[0])
    assert (empty["plan_id"], empty["topics"]) == (None, [])
    plan = await create(
        school,
        topics=[
            {"topic": "A", "hours": 2},
            {"topic": "B", "hours": 1},
            {"topic": "C", "hours": 2},
        ],
    )
    a, b, c = (t["id"] for t in plan["topics"])
    # Nothing held yet: A is next, the others follow in the plan's order.
    first = await offered(school, lessons[0])
    assert [t["id"] for t in first["topics"]] == [a, b, c]
    assert first["topics"][0]["next"] is True

    # Lesson 1 names topic A and no text: its topic is A's text.
    saved = await save(school, lessons[0], plan_topic_id=a)
    assert saved.status_code == 200, saved.text
    assert (saved.json()["topic"], saved.json()["plan_topic_id"]) == ("A", a)
    # Lesson 2 is held with a topic text of its own and the same plan topic.
    saved = await save(school, lessons[1], plan_topic_id=a, topic="A, продолжение")
    assert saved.json()["topic"] == "A, продолжение"
    # Two held lessons before lesson 3 cover A's 2 hours: B is next, then A (covered) and C.
    third = await offered(school, lessons[2])
    assert third["held_before"] == 2
    assert [(t["id"], t["covered"], t["next"]) for t in third["topics"]] == [
        (b, False, True),
        (a, True, False),
        (c, False, False),
    ]
    # A lesson recorded as not held covers nothing: lesson 4 still has B next.
    await save(school, lessons[2], held=False)
    assert (await offered(school, lessons[3]))["topics"][0]["id"] == b
    await save(school, lessons[2], held=True, plan_topic_id=b)
    fourth = await offered(school, lessons[3])
    # 3 held lessons: A (2) and B (1) covered, C next.
    assert (fourth["held_before"], fourth["topics"][0]["id"]) == (3, c)
    assert (await offered(school, lessons[2]))["current_topic_id"] == b

    other_plan = await create(school, school.director, subject_id=str(uuid4()))
    for topic_id in (other_plan["topics"][0]["id"], str(uuid4())):
        refused = await save(school, lessons[3], plan_topic_id=topic_id)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "plan_topic_id"
    record = await school.service.http.get(
        f"/journal/lessons/{lessons[3]}/record", headers=school.auth(school.teacher)
    )
    assert record.json()["plan_topic_id"] is None  # nothing was written

    # Replacing the plan without topic A unlinks the lessons that named it (their text stays).
    replaced = await school.service.http.put(
        f"/journal/lesson-plans/{plan['id']}",
        json={"topics": [{"id": b, "topic": "B", "hours": 1}]},
        headers=school.auth(school.teacher),
    )
    assert replaced.status_code == 200
    first_record = await school.service.http.get(
        f"/journal/lessons/{lessons[0]}/record", headers=school.auth(school.teacher)
    )
    assert (first_record.json()["topic"], first_record.json()["plan_topic_id"]) == ("A", None)


async def test_the_deputy_sees_missing_and_mismatched_plans_of_every_subject_taught(
    school: School, sessions: async_sessionmaker[AsyncSession]
) -> None:
    http = school.service.http
    await school.lesson(days_ago=1)  # mathematics (school.subject_id)
    russian, history = uuid4(), uuid4()
    async with tenant_transaction(sessions, school.id) as session:
        lesson = await session.get(LessonProjection, (school.id, await school.lesson(days_ago=2)))
        assert lesson is not None
        lesson.subject_id, lesson.subject_name = russian, "Русский язык"
    FakeScheduleChannel.curriculum[(school.class_id, school.subject_id)] = 2 + 3
    FakeScheduleChannel.curriculum[(school.class_id, history)] = 3
    maths_plan = await create(school)  # 2 + 3 hours: matches
    history_plan = await create(
        school, school.director, subject_id=str(history), topics=[{"topic": "Рим", "hours": 2}]
    )
    deputy = person(school.id, Role.DEPUTY_DIRECTOR)
    response = await http.get(
        "/journal/lesson-plans/check",
        params={"class_id": str(school.class_id)},
        headers=school.auth(deputy),
    )
    assert response.status_code == 200, response.text
    rows = {UUID(r["subject_id"]): r for r in response.json()}
    assert set(rows) == {school.subject_id, russian, history}
    maths = rows[school.subject_id]
    assert (maths["status"], maths["plan_id"], maths["planned_hours"]) == (
        "matches",
        maths_plan["id"],
        5,
    )
    assert (rows[russian]["status"], rows[russian]["plan_id"]) == ("missing", None)
    assert rows[russian]["subject_name"] == "Русский язык"
    # History has a plan but no lessons yet: 2 planned hours of the curriculum's 3.
    assert (rows[history]["status"], rows[history]["plan_id"]) == ("mismatch", history_plan["id"])
    assert rows[history]["curriculum"]["difference"] == 2 - 3
    refused = await http.get("/journal/lesson-plans/check", headers=school.auth(school.teacher))
    assert refused.status_code == 403
