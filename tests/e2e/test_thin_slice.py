"""The thin slice of issue 2, end to end through the public REST APIs with tokens from
Keycloak: every service its own process on real PostgreSQL and NATS JetStream."""

import asyncio
import json
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from okrug_local import postgres, services
from okrug_local.platform import Platform
from tests.instance import TEST_INSTANCE
from tests.support import District, World, expect

pytestmark = pytest.mark.platform


def eventually(check: Callable[[], Any], *, timeout: float = 20.0, what: str) -> Any:
    """Poll until `check` returns something truthy: events cross NATS asynchronously."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_school_is_a_keycloak_organization(platform: Platform, world: World) -> None:
    token = httpx.post(
        platform.issuer.token_url,
        data={"grant_type": "client_credentials"},
        auth=("okrug-identity", services.client_secret("identity")),
    ).json()["access_token"]
    organizations = expect(
        httpx.get(
            f"{platform.instance.keycloak_url}/admin/realms/{services.REALM}/organizations",
            params={"search": "", "max": 1000},
            headers={"Authorization": f"Bearer {token}"},
        ),
        200,
    )
    aliases = {org["alias"] for org in organizations}
    assert {world.first.id, world.second.id} <= aliases


def test_a_people_of_the_school_sign_in_scoped_to_it(world: World) -> None:
    identity_me = world.first.teacher.platform.url("identity") + "/me"
    me = expect(httpx.get(identity_me, headers=world.first.teacher.headers), 200)
    assert me["id"] == world.first.teacher.id
    assert me["school_id"] == world.first.id
    assert me["roles"] == ["teacher"]
    assert me["person"]["last_name"] == "Иванов"


def test_c_only_the_lessons_teacher_records_a_mark(platform: Platform, world: World) -> None:
    school = world.first
    url = f"{platform.url('journal')}/lessons/{school.lesson_id}/marks"
    mark = {"student_id": school.student.id, "value": "4", "work_type": "classwork"}

    refused = httpx.post(url, json=mark, headers=school.other_teacher.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"

    recorded = expect(httpx.post(url, json=mark, headers=school.teacher.headers), 201)
    assert recorded["value"] == "4"
    assert recorded["recorded_by"] == school.teacher.id
    marks = expect(httpx.get(url, headers=school.teacher.headers), 200)
    assert [m["id"] for m in marks].count(recorded["id"]) == 1


def test_c_absence_recorded_by_the_teacher_only(platform: Platform, world: World) -> None:
    school = world.first
    url = (
        f"{platform.url('journal')}/lessons/{school.lesson_id}/attendance/{school.other_student.id}"
    )
    assert (
        httpx.put(url, json={"status": "absent"}, headers=school.other_teacher.headers).status_code
        == 403
    )
    record = expect(
        httpx.put(
            url, json={"status": "absent", "reason": "illness"}, headers=school.teacher.headers
        ),
        200,
    )
    assert (record["status"], record["reason"]) == ("absent", "illness")


def test_c_bad_input_names_the_field_and_writes_nothing(platform: Platform, world: World) -> None:
    school = world.first
    url = f"{platform.url('journal')}/lessons/{school.lesson_id}/marks"
    before = expect(httpx.get(url, headers=school.teacher.headers), 200)
    bad = httpx.post(
        url,
        json={"student_id": school.student.id, "value": "7", "work_type": "classwork"},
        headers=school.teacher.headers,
    )
    assert bad.status_code == 422
    problem = bad.json()
    assert problem["status"] == 422
    assert problem["errors"][0]["field"] == "body.value"
    stranger = httpx.post(
        url,
        json={"student_id": world.second.student.id, "value": "5", "work_type": "classwork"},
        headers=school.teacher.headers,
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["field"] == "student_id"
    assert expect(httpx.get(url, headers=school.teacher.headers), 200) == before


def test_d_the_parent_reads_the_new_mark_in_the_inbox(platform: Platform, world: World) -> None:
    school = world.first
    expect(
        httpx.post(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/marks",
            json={"student_id": school.student.id, "value": "5", "work_type": "test"},
            headers=school.teacher.headers,
        ),
        201,
    )
    inbox_url = f"{platform.url('notify')}/inbox"
    headers = school.parent.headers

    def mark_message() -> list[dict[str, Any]]:
        messages = expect(httpx.get(inbox_url, headers=headers), 200)
        return [m for m in messages if m["kind"] == "mark" and "5" in m["body"]]

    messages = eventually(mark_message, what="the parent's inbox message")
    assert "Математика" in messages[0]["title"]
    other_inbox = expect(httpx.get(inbox_url, headers=school.other_parent.headers), 200)
    assert all(m["id"] != messages[0]["id"] for m in other_inbox)


def test_e_a_parent_reads_only_their_own_childs_diary(platform: Platform, world: World) -> None:
    school = world.first
    expect(
        httpx.post(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/marks",
            json={"student_id": school.student.id, "value": "3", "work_type": "oral"},
            headers=school.teacher.headers,
        ),
        201,
    )
    diary = f"{platform.url('journal')}/students/{school.student.id}/marks"
    marks = expect(httpx.get(diary, headers=school.parent.headers), 200)
    assert {m["value"] for m in marks} >= {"3"}
    assert all(m["student_id"] == school.student.id for m in marks)
    assert marks[0]["subject_name"] == "Математика"
    assert httpx.get(diary, headers=school.other_parent.headers).status_code == 403
    assert httpx.get(diary, headers=school.other_student.headers).status_code == 403
    assert expect(httpx.get(diary, headers=school.student.headers), 200) == marks


def test_f_another_schools_admin_sees_nothing_of_the_first(
    platform: Platform, world: World
) -> None:
    first, second = world.first, world.second
    headers = second.admin.headers
    persons = expect(httpx.get(f"{platform.url('identity')}/persons", headers=headers), 200)
    assert first.student.id not in {p["id"] for p in persons}
    assert {p["school_id"] for p in persons} == {second.id}
    assert (
        httpx.get(
            f"{platform.url('identity')}/persons/{first.student.id}", headers=headers
        ).status_code
        == 404
    )
    assert (
        httpx.get(f"{platform.url('identity')}/schools/{first.id}", headers=headers).status_code
        == 404
    )
    assert (
        httpx.get(
            f"{platform.url('schedule')}/classes/{first.class_id}", headers=headers
        ).status_code
        == 404
    )
    assert (
        httpx.get(
            f"{platform.url('schedule')}/lessons/{first.lesson_id}", headers=headers
        ).status_code
        == 404
    )
    assert (
        httpx.get(
            f"{platform.url('journal')}/lessons/{first.lesson_id}/marks", headers=headers
        ).status_code
        == 404
    )
    classes = {
        c["id"]
        for c in expect(httpx.get(f"{platform.url('schedule')}/classes", headers=headers), 200)
    }
    assert second.class_id in classes
    assert first.class_id not in classes


async def _rows_visible_without_school(service: str, table: str) -> int:
    url = postgres.database_urls(TEST_INSTANCE, service, driver="postgresql")["app"]
    connection = await asyncpg.connect(url)
    try:
        return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))
    finally:
        await connection.close()


async def _rows_as_owner(service: str, table: str) -> int:
    url = postgres.admin_url(TEST_INSTANCE, database=postgres.database_name(service))
    connection = await asyncpg.connect(url)
    try:
        return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))
    finally:
        await connection.close()


@pytest.mark.parametrize(
    ("service", "table"),
    [
        ("identity", "persons"),
        ("schedule", "lessons"),
        ("journal", "marks"),
        ("notify", "messages"),
        ("helpdesk", "requests"),
    ],
)
async def test_f_the_app_role_without_a_school_sees_no_rows(
    platform: Platform, world: World, service: str, table: str
) -> None:
    if table == "requests":
        _open_request(platform, world)
    if table in ("marks", "messages"):
        _record_mark(platform, world)
    deadline = time.monotonic() + 20
    while await _rows_as_owner(service, table) == 0 and time.monotonic() < deadline:  # noqa: ASYNC110 - polling the database
        await asyncio.sleep(0.2)
    assert await _rows_as_owner(service, table) > 0, (
        "the table must hold rows for the check to mean anything"
    )
    assert await _rows_visible_without_school(service, table) == 0


def _record_mark(platform: Platform, world: World) -> None:
    school = world.first
    expect(
        httpx.post(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/marks",
            json={"student_id": school.student.id, "value": "4", "work_type": "quiz"},
            headers=school.teacher.headers,
        ),
        201,
    )


def _open_request(platform: Platform, world: World) -> dict[str, Any]:
    return expect(
        httpx.post(
            f"{platform.url('helpdesk')}/requests",
            json={
                "category": "technical",
                "kind": "question",
                "subject": "Не открывается журнал 5Б",
                "text": "После обновления журнал 5Б не открывается.",
            },
            headers=world.first.teacher.headers,
        ),
        201,
    )


def test_g_a_support_agent_answers_a_schools_request(
    platform: Platform, world: World, district: District
) -> None:
    opened = _open_request(platform, world)
    assert opened["status"] == "new"
    log = expect(
        httpx.get(f"{platform.url('helpdesk')}/requests", headers=district.support.headers), 200
    )
    entry = next(r for r in log if r["id"] == opened["id"])
    assert entry["school_id"] == world.first.id
    answered = expect(
        httpx.post(
            f"{platform.url('helpdesk')}/requests/{opened['id']}/messages",
            json={"body": "Очистите кэш браузера и войдите снова."},
            headers=district.support.headers,
        ),
        201,
    )
    assert answered["status"] == "answered"
    assert answered["answered_by"] == district.support.id
    second_school_view = expect(
        httpx.get(f"{platform.url('helpdesk')}/requests", headers=world.second.admin.headers), 200
    )
    assert opened["id"] not in {r["id"] for r in second_school_view}


def _spans(platform: Platform, service: str) -> list[dict[str, Any]]:
    path: Path = services.spans_dir(platform.instance) / f"{service}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_h_one_trace_follows_a_mark_through_journal_nats_and_notify(
    platform: Platform, world: World
) -> None:
    school = world.first
    trace_id = secrets.token_hex(16)
    traceparent = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    expect(
        httpx.post(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/marks",
            json={"student_id": school.student.id, "value": "2", "work_type": "homework"},
            headers={**school.teacher.headers, "traceparent": traceparent},
        ),
        201,
    )

    def notify_consumed() -> list[dict[str, Any]]:
        return [
            s
            for s in _spans(platform, "notify")
            if s["trace_id"] == trace_id and s["name"] == "okrug.journal.mark.recorded process"
        ]

    consumed = eventually(notify_consumed, what="notify's consumer span in the request's trace")
    journal = [s for s in _spans(platform, "journal") if s["trace_id"] == trace_id]
    names = {s["name"] for s in journal}
    assert "okrug.journal.mark.recorded publish" in names
    assert any(s["kind"] == "SERVER" for s in journal), names
    publish = next(s for s in journal if s["name"] == "okrug.journal.mark.recorded publish")
    assert consumed[0]["parent_span_id"] == publish["span_id"]
