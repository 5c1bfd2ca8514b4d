"""The read audit on the real platform (issue 9 point 4; X2): a director's reads of a new
student's data in identity, schedule and the journal, each sent with a trace and a client
address of the test's own, come back from identity's search exactly, field by field, by
reader, by student, by date, as JSON pages and XLSX, for the school admin and the district
admin; the student's parent sees the roles that read, and the names once the school allows
it. The director's read of themself, the parent's own reads and a refused read leave
nothing."""

import io
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, World, expect, unique

pytestmark = pytest.mark.platform


def eventually(check: Callable[[], Any], *, timeout: float = 60.0, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def traced(client: str) -> tuple[str, dict[str, str]]:
    """Headers of a request with a trace of the test's own, from a client behind the proxy."""
    trace_id = secrets.token_hex(16)
    return trace_id, {
        "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01",
        "X-Forwarded-For": client,
    }


def test_reads_come_back_exactly_from_the_search(
    platform: Platform, district: District, world: World
) -> None:
    school = world.first
    identity, schedule, journal = (platform.url(s) for s in ("identity", "schedule", "journal"))
    admin = school.admin.headers

    def person(kind: str, last: str, roles: list[str] | None = None) -> Account:
        body: dict[str, Any] = {
            "kind": kind,
            "last_name": last,
            "first_name": "Тестовая",
            "username": unique(f"{kind}."),
            "password": PASSWORD,
        }
        if roles:
            body["roles"] = roles
        created = expect(httpx.post(f"{identity}/persons", json=body, headers=admin), 201)
        return Account(body["username"], created["id"], school.id, platform)

    director = person("staff", "Директорова", ["director"])
    student = person("student", "Прочитанная")
    parent = person("parent", "Родительская")
    expect(
        httpx.post(
            f"{identity}/guardians",
            json={"guardian_id": parent.id, "student_id": student.id},
            headers=admin,
        ),
        201,
    )
    letter = "".join(secrets.choice("АБВГДЕЖИКЛМН") for _ in range(3))
    school_class = expect(
        httpx.post(f"{schedule}/classes", json={"grade": 6, "letter": letter}, headers=admin), 201
    )
    class_id = school_class["id"]
    expect(
        httpx.post(
            f"{schedule}/classes/{class_id}/members",
            json={"student_id": student.id},
            headers=admin,
        ),
        201,
    )
    # The journal learns of the student from schedule's event; the parent's reads are not
    # recorded, so they wait for it.
    week = f"{journal}/diary/students/{student.id}/week"
    eventually(
        lambda: httpx.get(week, headers=parent.headers).status_code == 200,
        what="the journal to know the student",
    )

    started = datetime.now(UTC)
    reads = {
        "persons": f"{identity}/persons/{student.id}",
        "personal-data": f"{identity}/persons/{student.id}/personal-data",
        "class-lists": f"{schedule}/classes/{class_id}/members",
        "diary": week,
        "summaries": f"{journal}/classes/{class_id}/summary",
    }
    endpoints = {
        "persons": "GET /identity/persons/{person_id}",
        "personal-data": "GET /identity/persons/{person_id}/personal-data",
        "class-lists": "GET /schedule/classes/{class_id}/members",
        "diary": "GET /journal/diary/students/{student_id}/week",
        "summaries": "GET /journal/classes/{class_id}/summary",
    }
    services = {"persons": "identity", "personal-data": "identity", "class-lists": "schedule"}
    sent: dict[str, tuple[str, str]] = {}  # kind -> (trace id, client address)
    for number, (kind, url) in enumerate(reads.items(), start=10):
        client = f"203.0.113.{number}"
        trace_id, headers = traced(client)
        expect(httpx.get(url, headers={**director.headers, **headers}), 200)
        sent[kind] = (trace_id, client)
    # Not recorded: the director reading themself, the parent, a refused teacher.
    expect(httpx.get(f"{identity}/persons/{director.id}", headers=director.headers), 200)
    expect(httpx.get(f"{identity}/persons/{student.id}/personal-data", headers=parent.headers), 200)
    refused = httpx.get(
        f"{identity}/persons/{student.id}/personal-data", headers=school.teacher.headers
    )
    assert refused.status_code == 403
    finished = datetime.now(UTC)

    def search(headers: dict[str, str], **params: Any) -> dict[str, Any]:
        found: dict[str, Any] = expect(
            httpx.get(f"{identity}/read-audit", params=params, headers=headers), 200
        )
        return found

    page = eventually(
        lambda: (p := search(admin, reader_id=director.id)) and len(p["items"]) >= 5 and p,
        what="the five reads in the log",
    )
    records = page["items"]
    assert page["next_offset"] is None
    assert sorted(r["kind"] for r in records) == sorted(reads)
    for record in records:
        kind = record["kind"]
        trace_id, client = sent[kind]
        assert record["trace_id"] == trace_id, kind
        assert record["client_address"] == client, kind
        assert record["reader_id"] == director.id
        assert record["reader_name"] == "Директорова Тестовая"
        assert record["reader_roles"] == ["director"]
        assert record["school_id"] == school.id
        assert record["service"] == services.get(kind, "journal")
        assert record["endpoint"] == endpoints[kind]
        assert record["persons"] == [student.id], kind
        assert started <= datetime.fromisoformat(record["read_at"]) <= finished
    newest_first = [r["read_at"] for r in records]
    assert newest_first == sorted(newest_first, reverse=True)

    # By student: the same five reads and nothing else (the parent's read is not there).
    by_student = search(admin, person_id=student.id)
    assert [r["id"] for r in by_student["items"]] == [r["id"] for r in records]
    # By trace, by kind, by dates, by pages.
    diary_trace = sent["diary"][0]
    assert [r["kind"] for r in search(admin, trace_id=diary_trace)["items"]] == ["diary"]
    assert len(search(admin, reader_id=director.id, kind="class-lists")["items"]) == 1
    today = datetime.now(UTC).date()
    assert (
        search(admin, reader_id=director.id, date_from=str(today + timedelta(days=2)))["items"]
        == []
    )
    around = search(
        admin,
        reader_id=director.id,
        date_from=str(today - timedelta(days=1)),
        date_to=str(today + timedelta(days=1)),
    )
    assert len(around["items"]) == 5
    first = search(admin, reader_id=director.id, limit=3)
    rest = search(admin, reader_id=director.id, limit=3, offset=3)
    assert first["next_offset"] == 3
    assert rest["next_offset"] is None
    assert [r["id"] for r in first["items"] + rest["items"]] == [r["id"] for r in records]

    # The district admin across schools and for this school; the other school sees nothing.
    across = search(district.admin.headers, reader_id=director.id)
    assert [r["id"] for r in across["items"]] == [r["id"] for r in records]
    assert (
        search(district.admin.headers, reader_id=director.id, school_id=world.second.id)["items"]
        == []
    )
    assert search(world.second.admin.headers, reader_id=director.id)["items"] == []

    workbook = httpx.get(
        f"{identity}/read-audit.xlsx", params={"person_id": student.id}, headers=admin
    )
    assert workbook.status_code == 200, workbook.text
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6
    assert {row[10] for row in rows[1:]} == {trace for trace, _ in sent.values()}
    assert {row[9] for row in rows[1:]} == {client for _, client in sent.values()}
    assert {row[1] for row in rows[1:]} == {"Директорова Тестовая"}

    # The parent sees the roles and what was read; names once the school allows it.
    child = f"{identity}/students/{student.id}/record-reads"
    seen = expect(httpx.get(child, headers=parent.headers), 200)
    assert sorted(r["kind"] for r in seen) == sorted(reads)
    assert {tuple(r["reader_roles"]) for r in seen} == {("director",)}
    assert {r["reader_name"] for r in seen} == {None}
    settings = f"{identity}/read-audit/settings"
    expect(httpx.put(settings, json={"reader_names_for_parents": True}, headers=admin), 200)
    try:
        named = expect(httpx.get(child, headers=parent.headers), 200)
        assert {r["reader_name"] for r in named} == {"Директорова Тестовая"}
    finally:
        expect(httpx.put(settings, json={"reader_names_for_parents": False}, headers=admin), 200)
    assert httpx.get(child, headers=school.other_parent.headers).status_code == 403
