"""Identity in local mode (the quick start without Keycloak) over ASGI: credential slips
with the local account store, the local issuer's sign-in log in the activity report, role
grants, and the tenant boundary of the consents.

The fixtures (a scratch database from okrug_common.testing, the REST app over ASGI with a
stand-in token verifier) live here rather than in a conftest.py, whose module name would
shadow the repository's own `conftest` that the cross-service tests import."""

import io
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import jwt
import pytest
from local_identity import local_identity, open_school, principal
from pypdf import PdfReader

from okrug.identity.v1 import identity_pb2
from okrug_common.auth import JwksCache, Principal, TokenVerifier
from okrug_common.db import tenant_transaction
from okrug_common.errors import Forbidden, InvalidInput
from okrug_common.event_catalog import IdentityEvents
from okrug_common.roles import Role
from okrug_common.rpc import current_caller
from okrug_common.testing import ScratchDatabase, Service, scratch_database
from okrug_identity.accounts.local import LocalDirectory, SignInRefused
from okrug_identity.classes import service as classes
from okrug_identity.grpc_api import LIST_PERSONS_LIMIT, IdentityServicer
from okrug_identity.main import definition

PASSWORD = "Okrug-local-pass-2026"


@pytest.fixture(scope="session")
def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
    with scratch_database("identity", definition.migrations_dir, postgres_admin_dsn) as db:
        yield db


@pytest.fixture(scope="session")
async def service(
    database: ScratchDatabase, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Service]:
    async with local_identity(database, tmp_path_factory.mktemp("issuer")) as service:
        yield service


async def _post(service: Service, who: Principal, path: str, body: dict[str, Any]) -> Any:
    response = await service.http.post(f"/identity{path}", json=body, headers=service.auth(who))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
async def school(service: Service) -> dict[str, Any]:
    school_id, admin_p = await open_school(
        service, f"Школа {uuid4().hex[:6]}", admin_password=PASSWORD
    )

    async def person(kind: str, last: str, roles: list[str] | None = None, pw: bool = True) -> Any:
        body: dict[str, Any] = {"kind": kind, "last_name": last, "first_name": "Тест"}
        if roles:
            body["roles"] = roles
        if pw:
            body["password"] = PASSWORD
        return await _post(service, admin_p, "/persons", body)

    teacher = await person("staff", "Учителева", ["teacher", "class-teacher"])
    students = [await person("student", "Первый", pw=False), await person("student", "Второй")]
    class_id = uuid4()
    async with tenant_transaction(service.runtime.sessionmaker, school_id) as session:
        for s in students:
            await classes.add_class_member(session, school_id, class_id, UUID(s["id"]))
        await classes.set_class_teacher(session, school_id, class_id, UUID(teacher["id"]))
    return {
        "id": school_id,
        "admin": admin_p,
        "teacher": teacher,
        "teacher_p": principal(
            school_id, Role.TEACHER, Role.CLASS_TEACHER, person_id=UUID(teacher["id"])
        ),
        "students": students,
        "class_id": class_id,
    }


async def test_slips_with_the_local_account_store(service: Service, school: dict[str, Any]) -> None:
    response = await service.http.post(
        f"/identity/classes/{school['class_id']}/credential-slips",
        headers=service.auth(school["teacher_p"]),
    )
    assert response.status_code == 200, response.text
    lines = PdfReader(io.BytesIO(response.content)).pages[0].extract_text().splitlines()
    # Only the student who has not signed in yet (one-time password); reissue for both.
    first, second = school["students"]
    assert first["username"] in lines
    assert second["username"] not in lines
    password = lines[lines.index(first["username"]) + 2]
    directory = service.runtime.state["directory"]
    assert isinstance(directory, LocalDirectory)
    with pytest.raises(SignInRefused, match="not fully set up"):
        await directory.authenticate(first["username"], password)
    again = await service.http.post(
        f"/identity/classes/{school['class_id']}/credential-slips",
        json={"reissue": True, "include": ["students"]},
        headers=service.auth(school["teacher_p"]),
    )
    assert again.status_code == 200
    text = PdfReader(io.BytesIO(again.content)).pages[0].extract_text()
    assert second["username"] in text
    other_class = await service.http.post(
        f"/identity/classes/{uuid4()}/credential-slips", headers=service.auth(school["teacher_p"])
    )
    assert other_class.status_code == 403


async def test_the_class_teacher_reads_the_class_people_with_parents_and_slips(
    service: Service, school: dict[str, Any]
) -> None:
    """The class's students in journal order, each with their parents (the application's
    date where one is recorded) and when a one-time password was last issued to them (I2);
    another class's class teacher and a parent are refused, an unknown class is a 404."""
    admin, teacher = school["admin"], school["teacher_p"]
    first = school["students"][0]
    suffix = uuid4().hex[:6]
    applied, unapplied = [
        await _post(
            service,
            admin,
            "/persons",
            {
                "kind": "parent",
                "last_name": last,
                "first_name": "Тест",
                "username": f"p.{suffix}{n}",
            },
        )
        for n, last in enumerate(("Ёжикова", "Дроздов"))
    ]
    for parent in (applied, unapplied):
        await _post(
            service, admin, "/guardians", {"guardian_id": parent["id"], "student_id": first["id"]}
        )
    await _post(
        service,
        admin,
        "/access-applications",
        {"applicant_id": applied["id"], "student_id": first["id"], "applied_on": "2026-09-01"},
    )
    url = f"/identity/classes/{school['class_id']}/people"

    before = await service.http.get(url, headers=service.auth(teacher))
    assert before.status_code == 200, before.text
    students = before.json()["students"]
    assert [s["last_name"] for s in students] == ["Второй", "Первый"]  # journal order
    assert students[0]["parents"] == []
    parents = students[1]["parents"]
    assert [(p["last_name"], p["application_on"]) for p in parents] == [
        ("Дроздов", None),
        ("Ёжикова", "2026-09-01"),  # ё sorts as е, after д
    ]
    assert parents[1]["last_issued_at"] is None
    slips = await service.http.post(
        f"/identity/classes/{school['class_id']}/credential-slips",
        json={"include": ["parents"], "person_ids": [applied["id"]]},
        headers=service.auth(teacher),
    )
    assert slips.status_code == 200, slips.text
    after = (await service.http.get(url, headers=service.auth(teacher))).json()["students"]
    assert after[1]["parents"][1]["last_issued_at"] is not None
    assert after[1]["parents"][0]["last_issued_at"] is None
    assert after[0]["last_issued_at"] == students[0]["last_issued_at"]

    # A parent set up with a password (no first sign-in pending) gets no slip unless
    # reissued: the refusal names the switch with a code the app words.
    with_password = await _post(
        service,
        admin,
        "/persons",
        {"kind": "parent", "last_name": "Яковлев", "first_name": "Тест", "password": PASSWORD},
    )
    await _post(
        service,
        admin,
        "/guardians",
        {"guardian_id": with_password["id"], "student_id": first["id"]},
    )
    await _post(
        service,
        admin,
        "/access-applications",
        {
            "applicant_id": with_password["id"],
            "student_id": first["id"],
            "applied_on": "2026-09-02",
        },
    )
    signed_in = await service.http.post(
        f"/identity/classes/{school['class_id']}/credential-slips",
        json={"include": ["parents"], "person_ids": [with_password["id"]]},
        headers=service.auth(teacher),
    )
    assert signed_in.status_code == 409, signed_in.text
    error = signed_in.json()["errors"][0]
    assert (error["field"], error["code"]) == ("reissue", "already-signed-in")

    stranger = principal(school["id"], Role.TEACHER, Role.CLASS_TEACHER)
    for refused in (stranger, principal(school["id"], Role.PARENT, person_id=UUID(applied["id"]))):
        assert (await service.http.get(url, headers=service.auth(refused))).status_code == 403
    unknown = await service.http.get(
        f"/identity/classes/{uuid4()}/people", headers=service.auth(admin)
    )
    assert unknown.status_code == 404


async def test_local_sign_ins_count_in_the_activity_report(
    service: Service, school: dict[str, Any]
) -> None:
    teacher = school["teacher"]
    token = await service.http.post(
        "/identity/oidc/token",
        data={"grant_type": "password", "username": teacher["username"], "password": PASSWORD},
    )
    assert token.status_code == 200, token.text
    report = await service.http.get(
        "/identity/reports/activity",
        params={"active_days": 1, "month": datetime.now(UTC).strftime("%Y-%m")},
        headers=service.auth(school["admin"]),
    )
    assert report.status_code == 200, report.text
    roles = {r["role"]: r for r in report.json()["roles"]}
    assert (roles["class-teacher"]["persons"], roles["class-teacher"]["signed_in"]) == (1, 1)
    assert (roles["student"]["persons"], roles["student"]["signed_in"]) == (2, 0)
    assert roles["student"]["never_signed_in"] == 2


async def test_the_first_use_of_a_day_is_published_once_with_the_roles(
    service: Service, school: dict[str, Any], database: ScratchDatabase
) -> None:
    """Oversight's usage (O4) counts persons active per role from PersonActive: one per
    person, school and day, however many calls."""
    teacher = school["teacher_p"]
    for _ in range(3):
        me = await service.http.get("/identity/me", headers=service.auth(teacher))
        assert me.status_code == 200, me.text
    published = [
        identity_pb2.PersonActive.FromString(p)
        for p in await _outbox(database, school["id"], IdentityEvents.PERSON_ACTIVE.subject)
    ]
    active = [e for e in published if e.person_id == str(teacher.person_id)]
    assert len(active) == 1
    assert sorted(active[0].roles) == ["class-teacher", "teacher"]
    assert active[0].context.school_id == str(school["id"])


async def test_consent_tables_keep_to_their_school(
    service: Service, school: dict[str, Any]
) -> None:
    student = school["students"][1]
    consent = {
        "categories": ["contacts"],
        "purposes": ["связь с семьёй"],
        "given_by": "guardian",
        "given_by_name": "Вторая Мария Ивановна",
        "given_on": "2026-09-01",
        "document": {"type": "Согласие", "date": "2026-09-01"},
    }
    recorded = await _post(service, school["admin"], f"/persons/{student['id']}/consents", consent)
    assert recorded["given_by_name"] == "Вторая Мария Ивановна"
    stranger = principal(uuid4(), Role.SCHOOL_ADMIN)
    listed = await service.http.get(
        f"/identity/persons/{student['id']}/consents", headers=service.auth(stranger)
    )
    assert listed.status_code == 404
    withdraw = await service.http.post(
        f"/identity/consents/{recorded['id']}/withdrawal",
        json={"document": "отзыв"},
        headers=service.auth(stranger),
    )
    assert withdraw.status_code == 404
    bad = await service.http.post(
        f"/identity/persons/{student['id']}/consents",
        json={**consent, "categories": ["blood_type"]},
        headers=service.auth(school["admin"]),
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].startswith("body.categories")


async def test_guardian_links_read_both_ways_within_the_school(
    service: Service, school: dict[str, Any]
) -> None:
    """A student's guardians and a parent's children, with the other's name (I2): the
    school's roster readers and the parent; another school's admin and an unrelated parent
    are refused."""
    # A student of this test's own: the module's students gain parents in other tests.
    student = await _post(
        service,
        school["admin"],
        "/persons",
        {"kind": "student", "last_name": "Опекаемый", "first_name": "Илья", "password": PASSWORD},
    )
    parent = await _post(
        service,
        school["admin"],
        "/persons",
        {"kind": "parent", "last_name": "Родителева", "first_name": "Анна", "password": PASSWORD},
    )
    stranger_parent = await _post(
        service,
        school["admin"],
        "/persons",
        {"kind": "parent", "last_name": "Чужая", "first_name": "Ирина", "password": PASSWORD},
    )
    await _post(
        service,
        school["admin"],
        "/guardians",
        {"guardian_id": parent["id"], "student_id": student["id"]},
    )

    async def links(who: Principal, person_id: str) -> httpx.Response:
        return await service.http.get(
            f"/identity/persons/{person_id}/guardian-links", headers=service.auth(who)
        )

    guardians = await links(school["admin"], student["id"])
    assert guardians.status_code == 200, guardians.text
    assert [(g["other_id"], g["other_last_name"]) for g in guardians.json()] == [
        (parent["id"], "Родителева")
    ]
    as_parent = principal(school["id"], Role.PARENT, person_id=UUID(parent["id"]))
    children = await links(as_parent, parent["id"])
    assert [(c["student_id"], c["other_id"]) for c in children.json()] == [
        (student["id"], student["id"])
    ]
    assert (await links(as_parent, student["id"])).status_code == 200
    other = principal(school["id"], Role.PARENT, person_id=UUID(stranger_parent["id"]))
    assert (await links(other, student["id"])).status_code == 403
    assert (await links(principal(uuid4(), Role.SCHOOL_ADMIN), student["id"])).status_code == 404


async def test_roles_are_granted_by_the_school_admin_only(
    service: Service, school: dict[str, Any]
) -> None:
    student = school["students"][0]
    path = f"/identity/persons/{school['teacher']['id']}/roles"
    granted = await service.http.post(
        path, json={"roles": ["deputy-director"]}, headers=service.auth(school["admin"])
    )
    assert granted.status_code == 200, granted.text
    assert granted.json()["roles"] == ["class-teacher", "deputy-director", "teacher"]
    wrong_kind = await service.http.post(
        f"/identity/persons/{student['id']}/roles",
        json={"roles": ["teacher"]},
        headers=service.auth(school["admin"]),
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"][0]["field"] == "roles"
    by_teacher = await service.http.post(
        path, json={"roles": ["school-admin"]}, headers=service.auth(school["teacher_p"])
    )
    assert by_teacher.status_code == 403
    directory = service.runtime.state["directory"]
    token = await service.http.post(
        "/identity/oidc/token",
        data={
            "grant_type": "password",
            "username": school["teacher"]["username"],
            "password": PASSWORD,
        },
    )
    assert token.status_code == 200
    claims = jwt.decode(token.json()["access_token"], options={"verify_signature": False})
    assert claims["realm_access"]["roles"] == []
    assert f"/schools/{school['id']}/deputy-director" in claims["groups"]
    assert isinstance(directory, LocalDirectory)


async def test_list_persons_answers_names_of_its_school_only(
    service: Service, school: dict[str, Any]
) -> None:
    """ListPersons (the journal's printed summary sheets): the school's persons among the ids
    asked, sorted by last name, with the school's name; another school's and unknown ids are
    left out; only platform services may call it."""
    servicer = IdentityServicer(service.runtime)
    first, second = school["students"]
    other = await _post(
        service,
        principal(None, Role.DISTRICT_ADMIN),
        "/schools",
        {"name": f"Школа {uuid4().hex[:6]}"},
    )
    ids = [second["id"], str(uuid4()), first["id"], school["teacher"]["id"]]
    request = identity_pb2.ListPersonsRequest(school_id=str(school["id"]), person_ids=ids)
    token = current_caller.set(principal(None, Role.SERVICE))
    try:
        answer = await servicer.ListPersons(request, None)  # type: ignore[arg-type]
        foreign = await servicer.ListPersons(
            identity_pb2.ListPersonsRequest(school_id=other["id"], person_ids=ids),
            None,  # type: ignore[arg-type]
        )
        with pytest.raises(InvalidInput):
            await servicer.ListPersons(
                identity_pb2.ListPersonsRequest(
                    school_id=str(school["id"]),
                    person_ids=[str(uuid4()) for _ in range(LIST_PERSONS_LIMIT + 1)],
                ),
                None,  # type: ignore[arg-type]
            )
        current_caller.set(school["admin"])
        with pytest.raises(Forbidden):
            await servicer.ListPersons(request, None)  # type: ignore[arg-type]
    finally:
        current_caller.reset(token)
    assert [p.last_name for p in answer.persons] == ["Второй", "Первый", "Учителева"]
    assert [p.person_id for p in answer.persons] == [
        second["id"],
        first["id"],
        school["teacher"]["id"],
    ]
    assert "teacher" in answer.persons[2].roles
    assert answer.school_name.startswith("Школа ")
    assert list(foreign.persons) == []


async def test_list_role_holders_answers_who_holds_a_role_at_its_school_now(
    service: Service, school: dict[str, Any]
) -> None:
    """ListRoleHolders (a monitoring report's recipients, O5): the persons holding any of the
    roles at the school, with all their roles; nobody of another school; unknown roles are
    refused; only platform services may call it."""
    servicer = IdentityServicer(service.runtime)
    request = identity_pb2.ListRoleHoldersRequest(school_id=str(school["id"]), roles=["teacher"])
    token = current_caller.set(principal(None, Role.SERVICE))
    try:
        answer = await servicer.ListRoleHolders(request, None)  # type: ignore[arg-type]
        foreign = await servicer.ListRoleHolders(
            identity_pb2.ListRoleHoldersRequest(school_id=str(uuid4()), roles=["teacher"]),
            None,  # type: ignore[arg-type]
        )
        with pytest.raises(InvalidInput):
            await servicer.ListRoleHolders(
                identity_pb2.ListRoleHoldersRequest(school_id=str(school["id"]), roles=["king"]),
                None,  # type: ignore[arg-type]
            )
        current_caller.set(school["admin"])
        with pytest.raises(Forbidden):
            await servicer.ListRoleHolders(request, None)  # type: ignore[arg-type]
    finally:
        current_caller.reset(token)
    assert [p.person_id for p in answer.persons] == [school["teacher"]["id"]]
    assert "teacher" in answer.persons[0].roles
    assert list(foreign.persons) == []


# Roles per school (I5) with the local issuer: its tokens carry the claims Keycloak's realm
# gives (realm_access.roles, groups, organization), checked here by the real verifier.


@pytest.fixture(scope="module")
def verifier(service: Service) -> TokenVerifier:
    """The services' token verifier, reading the local issuer's JWKS from the app."""
    settings = service.runtime.settings
    return TokenVerifier(
        issuer=settings.local_issuer_url,  # type: ignore[attr-defined]
        audience=settings.oidc_audience,
        jwks=JwksCache("http://okrug.test/identity/oidc/jwks", 300, service.http),
    )


async def _grant(service: Service, username: str, scope: str | None = None) -> httpx.Response:
    data = {"grant_type": "password", "username": username, "password": PASSWORD}
    if scope is not None:
        data["scope"] = scope
    return await service.http.post("/identity/oidc/token", data=data)


async def _signed_in(
    service: Service, verifier: TokenVerifier, username: str, school: UUID | str | None = None
) -> Principal:
    """Sign in with the local issuer (for one school, or none) and verify the token."""
    response = await _grant(service, username, None if school is None else f"organization:{school}")
    assert response.status_code == 200, response.text
    return await verifier.verify(response.json()["access_token"])


async def _outbox(database: ScratchDatabase, school_id: UUID, subject: str) -> list[bytes]:
    """The events identity wrote for the school (read as the superuser: the app may only
    insert them)."""
    connection = await asyncpg.connect(database.admin_dsn)
    try:
        rows = await connection.fetch(
            "SELECT payload FROM outbox WHERE school_id = $1 AND subject = $2 ORDER BY created_at",
            school_id,
            subject,
        )
    finally:
        await connection.close()
    return [bytes(r["payload"]) for r in rows]


@pytest.fixture(scope="module")
async def second_school(service: Service) -> dict[str, Any]:
    district = principal(None, Role.DISTRICT_ADMIN)
    created = await _post(service, district, "/schools", {"name": f"Гимназия {uuid4().hex[:6]}"})
    username = f"admin.{uuid4().hex[:6]}"
    admin = await _post(
        service,
        district,
        f"/schools/{created['id']}/administrators",
        {
            "kind": "staff",
            "last_name": "Вторая",
            "first_name": "Ада",
            "roles": ["school-admin"],
            "username": username,
            "password": PASSWORD,
        },
    )
    return {"id": UUID(created["id"]), "admin": admin, "admin_username": username}


async def _teacher_of_first_school(service: Service, school: dict[str, Any]) -> dict[str, Any]:
    body = {
        "kind": "staff",
        "last_name": "Двухшкольная",
        "first_name": "Вера",
        "roles": ["teacher"],
        "username": f"teacher.{uuid4().hex[:6]}",
        "password": PASSWORD,
    }
    created: dict[str, Any] = await _post(service, school["admin"], "/persons", body)
    return created


async def test_the_local_issuer_gives_each_school_its_own_roles(
    service: Service,
    verifier: TokenVerifier,
    school: dict[str, Any],
    second_school: dict[str, Any],
) -> None:
    """A teacher of school A is given roles at school B by B's admin (attach, then grant):
    no 409 any more. A token of A holds only the teacher role, a token of B only B's roles,
    a token of no school none; the groups claim names both schools, like Keycloak's."""
    a, b = school["id"], second_school["id"]
    teacher = await _teacher_of_first_school(service, school)
    admin_b = await _signed_in(service, verifier, second_school["admin_username"], b)
    assert admin_b.roles == {Role.SCHOOL_ADMIN}
    attached = await _post(
        service,
        admin_b,
        "/persons/attach",
        {"username": teacher["username"], "kind": "staff", "roles": ["secretary"]},
    )
    assert (attached["school_id"], attached["roles"]) == (str(b), ["secretary"])
    # The names come from the account, as Keycloak's user has them.
    assert (attached["last_name"], attached["first_name"]) == ("Двухшкольная", "Вера")
    granted = await service.http.post(
        f"/identity/persons/{teacher['id']}/roles",
        json={"roles": ["school-admin"]},
        headers=service.auth(admin_b),
    )
    assert granted.status_code == 200, granted.text
    assert granted.json()["roles"] == ["school-admin", "secretary"]

    unscoped = await _grant(service, teacher["username"])
    claims = jwt.decode(unscoped.json()["access_token"], options={"verify_signature": False})
    assert "organization" not in claims  # two schools: the account must choose one
    assert claims["realm_access"]["roles"] == []
    assert sorted(claims["groups"]) == sorted(
        [f"/schools/{a}/teacher", f"/schools/{b}/school-admin", f"/schools/{b}/secretary"]
    )
    nowhere = await verifier.verify(unscoped.json()["access_token"])
    assert (nowhere.school_id, nowhere.roles) == (None, frozenset())
    at_a = await _signed_in(service, verifier, teacher["username"], a)
    assert (at_a.school_id, at_a.roles) == (a, frozenset({Role.TEACHER}))
    at_b = await _signed_in(service, verifier, teacher["username"], b)
    assert (at_b.school_id, at_b.roles) == (b, frozenset({Role.SCHOOL_ADMIN, Role.SECRETARY}))
    # A school not the account's: a token of no school, as Keycloak gives.
    elsewhere = await _signed_in(service, verifier, teacher["username"], uuid4())
    assert (elsewhere.school_id, elsewhere.roles) == (None, frozenset())

    # With A's token the teacher is no admin: creating a person is refused.
    create = {"kind": "student", "last_name": "Новый", "first_name": "Ученик"}
    as_teacher = await service.http.post(
        "/identity/persons", json=create, headers=service.auth(at_a)
    )
    assert as_teacher.status_code == 403
    as_admin = await service.http.post("/identity/persons", json=create, headers=service.auth(at_b))
    assert (as_admin.status_code, as_admin.json()["school_id"]) == (201, str(b))

    # The choice of school, before one is chosen: every school with its roles.
    mine = await service.http.get("/identity/me/schools", headers=service.auth(nowhere))
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert (body["person_id"], body["current_school_id"], body["district_roles"]) == (
        teacher["id"],
        None,
        [],
    )
    roles = {s["school_id"]: s["roles"] for s in body["schools"]}
    assert roles == {str(a): ["teacher"], str(b): ["school-admin", "secretary"]}
    from_b = await service.http.get("/identity/me/schools", headers=service.auth(at_b))
    assert from_b.json()["current_school_id"] == str(b)
    assert from_b.json()["schools"] == body["schools"]


async def test_removing_a_role_and_a_membership_is_recorded_and_published(
    service: Service,
    database: ScratchDatabase,
    verifier: TokenVerifier,
    school: dict[str, Any],
    second_school: dict[str, Any],
) -> None:
    a, b = school["id"], second_school["id"]
    teacher = await _teacher_of_first_school(service, school)
    admin_b = await _signed_in(service, verifier, second_school["admin_username"], b)
    await _post(
        service,
        admin_b,
        "/persons/attach",
        {"username": teacher["username"], "kind": "staff", "roles": ["secretary", "teacher"]},
    )
    path = f"/identity/persons/{teacher['id']}"
    at_b = await _signed_in(service, verifier, teacher["username"], b)
    by_teacher = await service.http.delete(f"{path}/roles/secretary", headers=service.auth(at_b))
    assert by_teacher.status_code == 403

    revoked = await service.http.delete(f"{path}/roles/secretary", headers=service.auth(admin_b))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["roles"] == ["teacher"]
    again = await service.http.delete(f"{path}/roles/secretary", headers=service.auth(admin_b))
    assert again.status_code == 404
    unknown = await service.http.delete(f"{path}/roles/janitor", headers=service.auth(admin_b))
    assert unknown.status_code == 422
    assert (await _signed_in(service, verifier, teacher["username"], b)).roles == {Role.TEACHER}
    revocations = IdentityEvents.PERSON_ROLES_REVOKED
    [payload] = [
        revocations.decode(p)
        for p in await _outbox(database, b, revocations.subject)
        if revocations.decode(p).person_id == teacher["id"]
    ]
    assert (list(payload.roles), list(payload.all_roles)) == (["secretary"], ["teacher"])
    assert payload.context.actor_person_id == str(admin_b.person_id)

    own = await service.http.delete(
        f"/identity/persons/{admin_b.person_id}/membership", headers=service.auth(admin_b)
    )
    assert own.status_code == 403
    ended = await service.http.delete(f"{path}/membership", headers=service.auth(admin_b))
    assert ended.status_code == 200, ended.text
    assert ended.json()["roles"] == []
    assert ended.json()["left_at"]
    assert (
        await service.http.delete(f"{path}/membership", headers=service.auth(admin_b))
    ).status_code == 404
    # No token of B any more; a token without a school is now one of A, the only school.
    former = await _signed_in(service, verifier, teacher["username"], b)
    assert (former.school_id, former.roles) == (None, frozenset())
    only = await _signed_in(service, verifier, teacher["username"])
    assert (only.school_id, only.roles) == (a, frozenset({Role.TEACHER}))
    mine = await service.http.get("/identity/me/schools", headers=service.auth(only))
    assert [s["school_id"] for s in mine.json()["schools"]] == [str(a)]
    listed = await service.http.get("/identity/persons", headers=service.auth(admin_b))
    assert teacher["id"] not in {p["id"] for p in listed.json()}
    regrant = await service.http.post(
        f"{path}/roles", json={"roles": ["teacher"]}, headers=service.auth(admin_b)
    )
    assert regrant.status_code == 409
    kept = await service.http.get(path, headers=service.auth(admin_b))
    assert kept.status_code == 200
    assert kept.json()["left_at"]
    endings = IdentityEvents.PERSON_MEMBERSHIP_ENDED
    [left] = [
        endings.decode(p)
        for p in await _outbox(database, b, endings.subject)
        if endings.decode(p).person_id == teacher["id"]
    ]
    assert list(left.roles) == ["teacher"]

    changes = await service.http.get(f"{path}/role-changes", headers=service.auth(admin_b))
    assert changes.status_code == 200, changes.text
    assert [(c["change"], c["role"], c["changed_by"]) for c in changes.json()] == [
        ("joined", None, str(admin_b.person_id)),
        ("granted", "secretary", str(admin_b.person_id)),
        ("granted", "teacher", str(admin_b.person_id)),
        ("revoked", "secretary", str(admin_b.person_id)),
        ("revoked", "teacher", str(admin_b.person_id)),
        ("left", None, str(admin_b.person_id)),
    ]
    teachers_view = await service.http.get(f"{path}/role-changes", headers=service.auth(at_b))
    assert teachers_view.status_code == 403
    # A's history knows nothing of B's changes.
    at_a = await service.http.get(f"{path}/role-changes", headers=service.auth(school["admin"]))
    assert [(c["change"], c["role"]) for c in at_a.json()] == [
        ("joined", None),
        ("granted", "teacher"),
    ]

    # The person may be taken back later: the same row, roles anew.
    back = await _post(
        service, admin_b, "/persons/attach", {"username": teacher["username"], "kind": "staff"}
    )
    assert (back["roles"], back["left_at"]) == (["teacher"], None)
    assert (await _signed_in(service, verifier, teacher["username"], b)).roles == {Role.TEACHER}
