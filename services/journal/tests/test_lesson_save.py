"""Saving a lesson at once (issue 5 points 2, 11, 12; J1-J3): topic, homework, the class's
attendance and marks in one transaction, one outbox event per fact; a retried request with
the same Idempotency-Key gets the first answer and writes nothing more."""

import asyncio
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from journal_support import School
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug_common.testing import Service


def lesson_body(school: School) -> dict[str, Any]:
    s = [str(x) for x in school.students]
    return {
        "topic": "Сложение дробей с разными знаменателями",
        "work_types": ["classwork", "oral"],
        "homework": {
            "text": "Решить задачи",
            "pages": "стр. 45-46",
            "exercises": "№ 112, 115",
            "attachments": [{"name": "Карточка.pdf", "url": "https://files.example/k.pdf"}],
        },
        "individual_homework": [{"student_id": s[3], "text": "Повторить правило"}],
        "attendance": [
            {"student_id": s[0], "status": "absent", "reason": "illness"},
            {"student_id": s[1], "status": "late"},
            *({"student_id": x, "status": "present"} for x in s[2:]),
        ],
        "marks": [
            {"student_id": s[2], "value": "5", "work_type": "oral"},
            {"student_id": s[3], "value": "4", "work_type": "classwork"},
            {"student_id": s[3], "value": "3", "work_type": "oral"},
        ],
    }


async def counts(admin: asyncpg.Connection, school: School) -> dict[str, int]:
    result = {}
    for table in (
        "marks",
        "attendance",
        "lesson_records",
        "individual_homework",
        "outbox",
        "entry_timeliness",
    ):
        result[table] = await admin.fetchval(
            f"SELECT count(*) FROM {table} WHERE school_id = $1", school.id
        )
    return result


async def outbox_subjects(admin: asyncpg.Connection, school: School) -> list[str]:
    rows = await admin.fetch("SELECT subject FROM outbox WHERE school_id = $1", school.id)
    return sorted(r["subject"] for r in rows)


async def test_the_teacher_saves_the_lesson_at_once(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json=lesson_body(school),
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["topic"] == "Сложение дробей с разными знаменателями"
    assert body["teacher_id"] == str(school.teacher.person_id)
    assert body["homework"]["exercises"] == "№ 112, 115"
    assert [h["student_id"] for h in body["individual_homework"]] == [str(school.students[3])]
    assert {(a["student_id"], a["status"], a["reason"]) for a in body["attendance"]} == {
        (str(school.students[0]), "absent", "illness"),
        (str(school.students[1]), "late", None),
    }
    assert sorted(m["value"] for m in body["marks"]) == ["3", "4", "5"]
    assert {m["weight"] for m in body["marks"]} == {"1.00"}

    assert await counts(admin_conn, school) == {
        "marks": 3,
        "attendance": 2,
        "lesson_records": 1,
        "individual_homework": 1,
        # one per fact: 3 marks, 2 absences, homework for the class and for one student;
        # and the save's timeliness facts as one event
        "outbox": 8,
        # timeliness (J4): topic, homework (the class's and the student's: one entry),
        # attendance, 3 marks
        "entry_timeliness": 6,
    }
    assert await outbox_subjects(admin_conn, school) == sorted(
        ["okrug.journal.mark.recorded"] * 3
        + ["okrug.journal.absence.recorded"] * 2
        + ["okrug.journal.homework.set"] * 2
        + ["okrug.journal.entries.timed"]
    )
    payloads = await admin_conn.fetch(
        "SELECT payload FROM outbox WHERE school_id = $1 AND subject = 'okrug.journal.homework.set'",
        school.id,
    )
    homework = [journal_pb2.HomeworkSet.FromString(p["payload"]) for p in payloads]
    class_hw = next(h for h in homework if not h.student_id)
    assert class_hw.homework.pages == "стр. 45-46"
    assert class_hw.lesson.subject_name == "Математика"
    assert class_hw.context.school_id == str(school.id)

    read = await service.http.get(
        f"/journal/lessons/{lesson}/record", headers=school.auth(school.director)
    )
    assert read.status_code == 200
    assert len(read.json()["marks"]) == 3


async def test_saving_again_changes_attendance_and_emits_only_new_facts(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    url = f"/journal/lessons/{lesson}/record"
    headers = school.auth(school.teacher)
    body = lesson_body(school)
    assert (await service.http.put(url, json=body, headers=headers)).status_code == 200
    before = await counts(admin_conn, school)
    s1 = str(school.students[1])
    again = {
        "topic": body["topic"],
        "homework": body["homework"],
        "attendance": [{"student_id": s1, "status": "absent", "reason": "excused"}],
    }
    saved = await service.http.put(url, json=again, headers=headers)
    assert saved.status_code == 200, saved.text
    assert [(a["student_id"], a["status"]) for a in saved.json()["attendance"]] == [(s1, "absent")]
    after = await counts(admin_conn, school)
    assert after["outbox"] == before["outbox"] + 1  # only the changed absence is a new fact
    assert after["attendance"] == 1
    assert after["marks"] == before["marks"]


async def test_a_retry_with_the_same_key_gets_the_first_answer_and_no_second_record(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    url = f"/journal/lessons/{lesson}/record"
    headers = school.auth(school.teacher, **{"Idempotency-Key": str(uuid4())})
    body = lesson_body(school)
    first = await service.http.put(url, json=body, headers=headers)
    assert first.status_code == 200
    before = await counts(admin_conn, school)
    retried = await service.http.put(url, json=body, headers=headers)
    assert retried.status_code == 200
    assert retried.json() == first.json()
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert await counts(admin_conn, school) == before

    other = await service.http.put(url, json={**body, "topic": "Другая тема"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"

    mark_url = f"/journal/lessons/{lesson}/marks"
    mark = {"student_id": str(school.students[5]), "value": "5", "work_type": "test"}
    key = school.auth(school.teacher, **{"Idempotency-Key": "mark-1"})
    created = await service.http.post(mark_url, json=mark, headers=key)
    replay = await service.http.post(mark_url, json=mark, headers=key)
    assert (created.status_code, replay.status_code) == (201, 201)
    assert replay.json()["id"] == created.json()["id"]
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM marks WHERE school_id = $1 AND student_id = $2",
            school.id,
            school.students[5],
        )
        == 1
    )


async def test_concurrent_retries_write_once(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    url = f"/journal/lessons/{lesson}/marks"
    mark = {"student_id": str(school.students[6]), "value": "4", "work_type": "oral"}
    headers = school.auth(school.teacher, **{"Idempotency-Key": "together"})
    answers = await asyncio.gather(
        *(service.http.post(url, json=mark, headers=headers) for _ in range(4))
    )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM marks WHERE school_id = $1 AND student_id = $2",
            school.id,
            school.students[6],
        )
        == 1
    )


async def test_a_bad_row_names_its_field_and_nothing_is_written(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    url = f"/journal/lessons/{lesson}/record"
    headers = school.auth(school.teacher)
    before = await counts(admin_conn, school)
    cases: list[tuple[dict[str, Any], str]] = []
    stranger = lesson_body(school)
    stranger["marks"].append({"student_id": str(uuid4()), "value": "5", "work_type": "oral"})
    cases.append((stranger, "marks.3.student_id"))
    unknown = lesson_body(school)
    unknown["marks"][1]["work_type"] = "dance"
    cases.append((unknown, "marks.1.work_type"))
    twice = lesson_body(school)
    twice["attendance"].append({"student_id": str(school.students[0]), "status": "late"})
    cases.append((twice, f"attendance.{len(twice['attendance']) - 1}.student_id"))
    wrong_type = lesson_body(school)
    wrong_type["work_types"] = ["classwork", "nap"]
    cases.append((wrong_type, "work_types.1"))
    value = lesson_body(school)
    value["marks"][0]["value"] = "6"
    cases.append((value, "body.marks.0.value"))
    for body, field in cases:
        refused = await service.http.put(url, json=body, headers=headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == field
    assert await counts(admin_conn, school) == before


async def test_only_the_lessons_teacher_saves_it(school: School, service: Service) -> None:
    lesson = await school.lesson()
    url = f"/journal/lessons/{lesson}/record"
    for who in (school.other_teacher, school.director, school.parent):
        refused = await service.http.put(url, json=lesson_body(school), headers=school.auth(who))
        assert refused.status_code == 403
    other_school = await School(school.sessions, service).setup()
    hidden = await service.http.put(
        url, json=lesson_body(school), headers=school.auth(other_school.teacher)
    )
    assert hidden.status_code in (403, 404, 503)


async def test_grade_one_keeps_attendance_and_topics_but_refuses_marks(
    sessions: async_sessionmaker[AsyncSession], service: Service, admin_conn: asyncpg.Connection
) -> None:
    school = await School(sessions, service, grade=1, size=5).setup()
    lesson = await school.lesson()
    url = f"/journal/lessons/{lesson}/record"
    headers = school.auth(school.teacher)
    body = lesson_body(school)
    refused = await service.http.put(url, json=body, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "marks"
    no_homework = {"topic": "Буква А", "homework": {"text": "Прописи"}}
    refused_hw = await service.http.put(url, json=no_homework, headers=headers)
    assert refused_hw.status_code == 422
    assert refused_hw.json()["errors"][0]["field"] == "homework"
    kept = await service.http.put(
        url,
        json={"topic": "Буква А", "attendance": body["attendance"][:2]},
        headers=headers,
    )
    assert kept.status_code == 200, kept.text
    assert len(kept.json()["attendance"]) == 2
    single = await service.http.post(
        f"/journal/lessons/{lesson}/marks",
        json={"student_id": str(school.students[0]), "value": "5", "work_type": "oral"},
        headers=headers,
    )
    assert single.status_code == 422
    assert "Grade 1" in single.json()["detail"]


def _id(value: str) -> UUID:
    return UUID(value)


async def test_every_new_table_is_scoped_to_its_school(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    from sqlalchemy import text

    from okrug_common.db import tenant_transaction
    from okrug_journal.models import TENANT_TABLES

    lesson = await school.lesson()
    key = school.auth(school.teacher, **{"Idempotency-Key": "rls"})
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record", json=lesson_body(school), headers=key
    )
    assert saved.status_code == 200
    await school.set_policy(edit_window="1-week")
    async with tenant_transaction(school.sessions, uuid4()) as session:
        for table in TENANT_TABLES:
            assert await session.scalar(text(f"SELECT count(*) FROM {table}")) == 0, table
    async with tenant_transaction(school.sessions, school.id) as session:
        for table in ("lesson_records", "idempotency_keys", "school_policy", "entry_timeliness"):
            assert await session.scalar(text(f"SELECT count(*) FROM {table}")) >= 1, table
