"""The journal's staff reads become read-audit events in the request's transaction (issue 9
point 4; X2): a teacher's read of a lesson is one event covering the students it shows, a
class sheet one event covering the class; a parent's read of their child's diary, a refused
read and a failed one are none. Identity's side (the log and its search) is tested on the
platform (tests/e2e/test_read_audit.py)."""

from uuid import UUID

import asyncpg
from journal_support import School
from test_diary import link_guardian

from okrug.common.v1 import read_audit_pb2
from okrug_common.testing import Service

SUBJECT = "okrug.journal.personal_data.read"


async def reads(admin: asyncpg.Connection, school: School) -> list[read_audit_pb2.PersonalDataRead]:
    rows = await admin.fetch(
        "SELECT payload, headers FROM outbox WHERE school_id = $1 AND subject = $2 "
        "ORDER BY created_at, id",
        school.id,
        SUBJECT,
    )
    return [read_audit_pb2.PersonalDataRead.FromString(row["payload"]) for row in rows]


async def test_a_teachers_read_of_a_lesson_is_one_event_with_its_students(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    absent, marked = school.students[0], school.students[1]
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={
            "topic": "Дроби",
            "attendance": [{"student_id": str(absent), "status": "absent"}],
            "marks": [{"student_id": str(marked), "value": "5", "work_type": "oral"}],
        },
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    assert await reads(admin_conn, school) == []  # the save is a write, not a read

    read = await service.http.get(
        f"/journal/lessons/{lesson}/record", headers=school.auth(school.teacher)
    )
    assert read.status_code == 200, read.text

    [event] = await reads(admin_conn, school)
    assert event.context.school_id == str(school.id)
    assert event.context.actor_person_id == str(school.teacher.person_id)
    assert list(event.reader_roles) == ["teacher"]
    assert (event.service, event.kind) == ("journal", "lessons")
    assert event.endpoint == "GET /journal/lessons/{lesson_id}/record"
    assert sorted(event.person_ids) == sorted([str(absent), str(marked)])
    assert event.client_address == "127.0.0.1"  # httpx's ASGI client


async def test_a_class_sheet_is_one_event_covering_the_class(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await school.lesson()
    sheet = await service.http.get(
        f"/journal/classes/{school.class_id}/summary", headers=school.auth(school.director)
    )
    assert sheet.status_code == 200, sheet.text
    [event] = await reads(admin_conn, school)
    assert (event.kind, list(event.reader_roles)) == ("summaries", ["director"])
    assert {UUID(p) for p in event.person_ids} == set(school.students)


async def test_family_refused_and_failed_reads_are_not_recorded(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    child = school.students[0]
    await link_guardian(school, school.parent, child)
    week = await service.http.get(
        f"/journal/diary/students/{child}/week", headers=school.auth(school.parent)
    )
    assert week.status_code == 200, week.text
    refused = await service.http.get(
        f"/journal/diary/students/{child}/week", headers=school.auth(school.other_teacher)
    )
    assert refused.status_code == 403
    failed = await service.http.get(
        f"/journal/diary/students/{child}/week?date=1899-01-01",
        headers=school.auth(school.director),
    )
    assert failed.status_code == 422
    assert await reads(admin_conn, school) == []

    # The director's read of the same diary is recorded, naming the child.
    read = await service.http.get(
        f"/journal/diary/students/{child}/week", headers=school.auth(school.director)
    )
    assert read.status_code == 200, read.text
    [event] = await reads(admin_conn, school)
    assert (event.kind, list(event.person_ids)) == ("diary", [str(child)])
    assert event.endpoint == "GET /journal/diary/students/{student_id}/week"
