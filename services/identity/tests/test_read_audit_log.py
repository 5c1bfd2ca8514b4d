"""Identity's read audit over ASGI (issue 9 point 4; X2): staff reads through identity's own
routes leave events in its outbox, the consumer's handler stores them (delivered here by
hand, as the relay and JetStream would), and the log answers the school's head, the district
admin and a parent, each as far as they may. The whole path through NATS and every service
is tested on the platform (tests/e2e/test_read_audit.py)."""

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from local_identity import open_school, principal
from openpyxl import load_workbook
from sqlalchemy import text
from test_identity_local import _post, database, service  # noqa: F401 (fixtures)

from okrug.common.v1 import read_audit_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.outbox import event_context
from okrug_common.roles import Role
from okrug_common.testing import ScratchDatabase, Service
from okrug_identity.models import GuardianLink
from okrug_identity.read_audit.service import on_personal_data_read


@pytest.fixture(scope="module")
async def admin_conn(database: ScratchDatabase) -> AsyncIterator[asyncpg.Connection]:  # noqa: F811
    conn = await asyncpg.connect(database.admin_dsn)
    yield conn
    await conn.close()


async def deliver(service: Service, admin: asyncpg.Connection, school: UUID) -> int:  # noqa: F811
    """Hand identity's read events of the school from its outbox to the consumer's handler,
    as the relay and JetStream would."""
    rows = await admin.fetch(
        "DELETE FROM outbox WHERE subject = 'okrug.identity.personal_data.read' "
        "AND school_id = $1 RETURNING school_id, payload",
        school,
    )
    for row in rows:
        event = read_audit_pb2.PersonalDataRead.FromString(row["payload"])
        async with tenant_transaction(service.runtime.sessionmaker, row["school_id"]) as session:
            await on_personal_data_read(session, event)
    return len(rows)


@pytest.fixture(scope="module")
async def people(service: Service) -> dict[str, Any]:  # noqa: F811
    school_id, admin = await open_school(service, f"Школа {uuid4().hex[:6]}")
    other_school, other_admin = await open_school(service, f"Гимназия {uuid4().hex[:6]}")

    async def person(kind: str, last: str, role: Role) -> Principal:
        body: dict[str, Any] = {"kind": kind, "last_name": last, "first_name": "Тест"}
        if kind == "staff":
            body["roles"] = [role.value]
        created = await _post(service, admin, "/persons", body)
        return principal(school_id, role, person_id=UUID(created["id"]))

    found = {
        "school": school_id,
        "admin": admin,
        "other_school": other_school,
        "other_admin": other_admin,
        "director": await person("staff", "Директорова", Role.DIRECTOR),
        "teacher": await person("staff", "Учителев", Role.TEACHER),
        "student": await person("student", "Ученикова", Role.STUDENT),
        "other_student": await person("student", "Другов", Role.STUDENT),
        "parent": await person("parent", "Родителева", Role.PARENT),
        "other_parent": await person("parent", "Чужая", Role.PARENT),
    }
    for parent, child in (("parent", "student"), ("other_parent", "other_student")):
        await _post(
            service,
            admin,
            "/guardians",
            {
                "guardian_id": str(found[parent].person_id),
                "student_id": str(found[child].person_id),
            },
        )
    return found


async def get(service: Service, who: Principal, path: str, **params: Any) -> Any:  # noqa: F811
    response = await service.http.get(f"/identity{path}", params=params, headers=service.auth(who))
    assert response.status_code == 200, response.text
    return response.json() if "json" in response.headers["content-type"] else response.content


async def status(service: Service, who: Principal, path: str, **params: Any) -> int:  # noqa: F811
    response = await service.http.get(f"/identity{path}", params=params, headers=service.auth(who))
    return response.status_code


async def test_staff_reads_are_logged_and_searched(
    service: Service,  # noqa: F811
    people: dict[str, Any],
    admin_conn: asyncpg.Connection,
) -> None:
    director, student, other = people["director"], people["student"], people["other_student"]
    s, o, d = str(student.person_id), str(other.person_id), str(director.person_id)
    started = datetime.now(UTC)
    await get(service, director, f"/persons/{s}")
    await get(service, director, f"/persons/{s}/consents")
    listed = await get(service, director, "/persons", kind="student")
    await get(service, director, f"/persons/{d}")  # themself: no staff read
    await get(service, people["parent"], f"/persons/{s}/personal-data")  # a parent: none
    assert await deliver(service, admin_conn, people["school"]) == 3

    admin = people["admin"]
    page = await get(service, admin, "/read-audit", reader_id=d)
    assert page["next_offset"] is None
    records = page["items"]
    assert [(r["kind"], r["endpoint"]) for r in records] == [
        ("persons", "GET /identity/persons"),
        ("consents", "GET /identity/persons/{person_id}/consents"),
        ("persons", "GET /identity/persons/{person_id}"),
    ]
    for r in records:
        assert r["reader_id"] == d
        assert r["reader_name"] == "Директорова Тест"
        assert r["reader_roles"] == ["director"]
        assert r["school_id"] == str(people["school"])
        assert r["service"] == "identity"
        assert r["client_address"] == "127.0.0.1"
        assert started <= datetime.fromisoformat(r["read_at"]) <= datetime.now(UTC)
    assert sorted(records[0]["persons"]) == sorted(p["id"] for p in listed)
    assert records[1]["persons"] == records[2]["persons"] == [s]

    by_student = await get(service, admin, "/read-audit", person_id=s)
    assert [r["id"] for r in by_student["items"]] == [r["id"] for r in records]
    by_other = await get(service, admin, "/read-audit", person_id=o)
    assert [r["id"] for r in by_other["items"]] == [records[0]["id"]]
    by_kind = await get(service, admin, "/read-audit", reader_id=d, kind="consents")
    assert [r["id"] for r in by_kind["items"]] == [records[1]["id"]]

    first = await get(service, admin, "/read-audit", reader_id=d, limit=2)
    assert ([r["id"] for r in first["items"]], first["next_offset"]) == (
        [records[0]["id"], records[1]["id"]],
        2,
    )
    rest = await get(service, admin, "/read-audit", reader_id=d, limit=2, offset=2)
    assert ([r["id"] for r in rest["items"]], rest["next_offset"]) == ([records[2]["id"]], None)

    today = datetime.now(UTC).date()  # the school's zone, Moscow, is ahead of UTC or equal
    tomorrow = str(today + timedelta(days=2))
    for dates in ({"date_from": tomorrow}, {"date_to": str(today - timedelta(days=2))}):
        assert (await get(service, admin, "/read-audit", reader_id=d, **dates))["items"] == []
    within = await get(
        service,
        admin,
        "/read-audit",
        reader_id=d,
        date_from=str(today - timedelta(days=1)),
        date_to=str(today + timedelta(days=1)),
    )
    assert len(within["items"]) == 3

    workbook = load_workbook(io.BytesIO(await get(service, admin, "/read-audit.xlsx", reader_id=d)))
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[0][:4] == (
        "Когда (UTC) / When (UTC)",
        "Кто читал / Reader",
        "ID читателя / Reader id",
        "Роли / Roles",
    )
    assert rows[2][1:4] == ("Директорова Тест", d, "director")
    assert rows[2][5] == "Согласия / Consents"
    assert (rows[2][7], rows[2][8], rows[2][9]) == (s, 1, "127.0.0.1")


async def test_who_searches_the_log(
    service: Service,  # noqa: F811
    people: dict[str, Any],
    admin_conn: asyncpg.Connection,
) -> None:
    director, student = people["director"], people["student"]
    await get(service, director, f"/persons/{student.person_id}")
    await deliver(service, admin_conn, people["school"])
    reader = str(director.person_id)
    school, other_school = str(people["school"]), str(people["other_school"])

    assert (await get(service, director, "/read-audit", reader_id=reader))["items"]
    district = principal(None, Role.DISTRICT_ADMIN)
    everywhere = await get(service, district, "/read-audit", reader_id=reader)
    there = await get(service, district, "/read-audit", reader_id=reader, school_id=school)
    assert everywhere["items"]
    assert everywhere == there
    elsewhere = await get(
        service, district, "/read-audit", reader_id=reader, school_id=other_school
    )
    assert elsewhere["items"] == []
    # Another school's admin sees none of it, and may not ask for it by name.
    assert (await get(service, people["other_admin"], "/read-audit", reader_id=reader))[
        "items"
    ] == []
    assert await status(service, people["other_admin"], "/read-audit", school_id=school) == 403
    for refused in (
        people["teacher"],
        people["parent"],
        principal(None, Role.SUPPORT_AGENT),
        principal(None, Role.WORKING_GROUP_MEMBER),
    ):
        for path in ("/read-audit", "/read-audit.xlsx"):
            assert await status(service, refused, path) == 403, (refused.roles, path)
    for bad, field in (
        ({"date_from": "2026-11-10", "date_to": "2026-11-01"}, "date_to"),
        ({"date_from": "1800-01-01"}, "query.date_from"),
        ({"trace_id": "not-a-trace"}, "query.trace_id"),
        ({"kind": "gossip"}, "query.kind"),
        ({"limit": "501"}, "query.limit"),
    ):
        response = await service.http.get(
            "/identity/read-audit", params=bad, headers=service.auth(people["admin"])
        )
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["errors"][0]["field"] == field


async def test_a_parent_sees_roles_and_names_only_where_the_school_shows_them(
    service: Service,  # noqa: F811
    people: dict[str, Any],
    admin_conn: asyncpg.Connection,
) -> None:
    student, parent, admin = people["student"], people["parent"], people["admin"]
    child = f"/students/{student.person_id}/record-reads"
    await deliver(service, admin_conn, people["school"])
    before = len(await get(service, parent, child))
    await get(service, people["director"], f"/persons/{student.person_id}/consents")
    await deliver(service, admin_conn, people["school"])

    reads = await get(service, parent, child)
    assert len(reads) == before + 1
    newest = reads[0]
    assert newest["reader_roles"] == ["director"]
    assert (newest["kind"], newest["kind_title"]) == ("consents", "Согласия / Consents")
    assert newest["reader_name"] is None
    assert set(newest) == {"read_at", "reader_roles", "kind", "kind_title", "reader_name"}

    assert await get(service, admin, "/read-audit/settings") == {"reader_names_for_parents": False}
    for who in (people["director"], people["teacher"]):
        refused = await service.http.put(
            "/identity/read-audit/settings",
            json={"reader_names_for_parents": True},
            headers=service.auth(who),
        )
        assert refused.status_code == 403
    changed = await service.http.put(
        "/identity/read-audit/settings",
        json={"reader_names_for_parents": True},
        headers=service.auth(admin),
    )
    assert changed.status_code == 200, changed.text
    assert (await get(service, parent, child))[0]["reader_name"] == "Директорова Тест"
    assert await get(service, people["director"], "/read-audit/settings") == {
        "reader_names_for_parents": True
    }

    for refused in (people["other_parent"], people["teacher"], admin, student):
        assert await status(service, refused, child) == 403, refused.roles


async def test_a_staff_members_read_of_only_their_own_children_is_not_stored(
    service: Service,  # noqa: F811
    people: dict[str, Any],
    admin_conn: asyncpg.Connection,
) -> None:
    """Tokens carry one school's roles and a person has one kind per school, so a member of
    staff is no parent there today; the handler keeps the rule should that change."""
    school: UUID = people["school"]
    reader, child, other = uuid4(), uuid4(), people["other_student"].person_id
    async with tenant_transaction(service.runtime.sessionmaker, school) as session:
        session.add(GuardianLink(school_id=school, guardian_id=reader, student_id=child))

    async def read(*persons: UUID) -> None:
        event = read_audit_pb2.PersonalDataRead(
            context=event_context(school, reader),
            reader_roles=["teacher"],
            service="journal",
            kind="diary",
            endpoint="GET /journal/diary/students/{student_id}/week",
            person_ids=[str(p) for p in persons],
        )
        async with tenant_transaction(service.runtime.sessionmaker, school) as session:
            await on_personal_data_read(session, event)

    await read(child)
    await read(child, other)
    stored = await get(service, people["admin"], "/read-audit", reader_id=str(reader))
    assert [sorted(r["persons"]) for r in stored["items"]] == [sorted([str(child), str(other)])]


async def test_the_log_is_append_only_for_the_service(
    service: Service,  # noqa: F811
    people: dict[str, Any],
    admin_conn: asyncpg.Connection,
) -> None:
    await get(service, people["director"], f"/persons/{people['student'].person_id}")
    await deliver(service, admin_conn, people["school"])
    async with tenant_transaction(service.runtime.sessionmaker, people["school"]) as session:
        changed = await session.execute(text("UPDATE read_audit SET kind = 'nothing'"))
        removed = await session.execute(text("DELETE FROM read_audit"))
        kept = await session.scalar(text("SELECT count(*) FROM read_audit"))
    assert (getattr(changed, "rowcount", None), getattr(removed, "rowcount", None)) == (0, 0)
    assert kept
