"""No input yields a 5xx in identity (I1-I7): the shared sweep of malformed requests
(tests/bad_input) over every route of identity's OpenAPI document, in local mode (identity's
own account store and token issuer, so that every route answers), in a school with its
admin, a class teacher, students, a parent and records of each kind.

Names Keycloak would refuse are tested against Keycloak itself in
tests/e2e/test_bad_input_platform.py. The fixtures are this module's own, like
test_identity_local.py's (a conftest.py here would shadow the repository's)."""

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from argon2 import PasswordHasher
from local_identity import local_identity, open_school, principal

from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import ScratchDatabase, Service, scratch_database
from okrug_identity.accounts import local
from okrug_identity.classes import service as classes
from okrug_identity.main import definition
from tests.bad_input.sweep import Target, World, sweep_every_route

PASSWORD = "Okrug-sweep-pass-2026"
ADMIN, DISTRICT, CLASS_TEACHER, PARENT = "admin", "district", "class_teacher", "parent"

TARGET = Target(
    "identity",
    {
        "GET /schools": DISTRICT,
        "POST /schools": DISTRICT,
        "GET /schools/{school_id}": ADMIN,
        "PUT /schools/{school_id}/profile": ADMIN,
        "POST /persons": ADMIN,
        "GET /persons": ADMIN,
        "POST /schools/{school_id}/administrators": DISTRICT,
        "GET /persons/{person_id}": ADMIN,
        "POST /persons/attach": ADMIN,
        "POST /persons/{person_id}/roles": ADMIN,
        "DELETE /persons/{person_id}/roles/{role}": ADMIN,
        "DELETE /persons/{person_id}/membership": ADMIN,
        "GET /persons/{person_id}/role-changes": ADMIN,
        "GET /me/schools": ADMIN,
        "GET /me": ADMIN,
        "POST /guardians": ADMIN,
        "POST /persons/{person_id}/consents": ADMIN,
        "GET /persons/{person_id}/consents": ADMIN,
        "GET /persons/{person_id}/guardian-links": ADMIN,
        "POST /consents/{consent_id}/withdrawal": ADMIN,
        "GET /persons/{person_id}/personal-data": ADMIN,
        "PUT /persons/{person_id}/personal-data": ADMIN,
        "DELETE /persons/{person_id}/personal-data": ADMIN,
        "POST /classes/{class_id}/credential-slips": CLASS_TEACHER,
        "GET /classes/{class_id}/people": CLASS_TEACHER,
        "GET /credential-issues": CLASS_TEACHER,
        "POST /access-applications": ADMIN,
        "GET /access-applications": ADMIN,
        "POST /students/{student_id}/enrolment": ADMIN,
        "POST /students/{student_id}/transfer": ADMIN,
        "POST /students/{student_id}/withdrawal": ADMIN,
        "GET /students/{student_id}/movements": ADMIN,
        "GET /reports/movement": ADMIN,
        "GET /reports/activity": ADMIN,
        "GET /persons/{person_id}/activity": ADMIN,
        "GET /oidc/.well-known/openid-configuration": ADMIN,
        "GET /oidc/jwks": ADMIN,
        "POST /oidc/token": ADMIN,
        "GET /read-audit": ADMIN,
        "GET /read-audit.xlsx": ADMIN,
        "GET /students/{student_id}/record-reads": PARENT,
        "GET /read-audit/settings": ADMIN,
        "PUT /read-audit/settings": ADMIN,
    },
    oauth=frozenset({"POST /oidc/token"}),
)


@pytest.fixture(scope="module")
def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
    with scratch_database("identity", definition.migrations_dir, postgres_admin_dsn) as db:
        yield db


@pytest.fixture(scope="module")
async def service(
    database: ScratchDatabase, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Service]:
    # The sweep makes some 170 accounts: argon2 at its cheapest keeps that to seconds (the
    # hashing is not what it tests).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(local, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        async with local_identity(database, tmp_path_factory.mktemp("issuer")) as service:
            yield service


@pytest.fixture(scope="module")
async def admin_conn(database: ScratchDatabase) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database.admin_dsn)
    yield conn
    await conn.close()


class Builder:
    """REST calls that must succeed, to build the sweep's school."""

    def __init__(self, service: Service) -> None:
        self.service = service

    async def post(self, who: Principal, path: str, body: dict[str, Any]) -> Any:
        response = await self.service.http.post(
            f"/identity{path}", json=body, headers=self.service.auth(who)
        )
        assert response.status_code == 201, f"{path}: {response.text}"
        return response.json()


async def make_world(service: Service) -> World:
    build = Builder(service)
    district = principal(None, Role.DISTRICT_ADMIN)

    async def school() -> tuple[UUID, Principal]:
        return await open_school(service, f"Школа {uuid4().hex[:6]}", admin_password=PASSWORD)

    school_id, admin = await school()
    other_school_id, other_admin = await school()

    async def person(kind: str, roles: list[str] | None = None, who: Principal = admin) -> Any:
        body: dict[str, Any] = {
            "kind": kind,
            "last_name": "Тестова",
            "first_name": "Вера",
            "username": f"{kind}.{uuid4().hex[:8]}",
            "password": PASSWORD,
        }
        if roles:
            body["roles"] = roles
        return await build.post(who, "/persons", body)

    teacher = await person("staff", ["teacher", "class-teacher"])
    student, parent = await person("student"), await person("parent")
    elsewhere = await person("staff", ["teacher"], other_admin)
    class_id = uuid4()
    async with tenant_transaction(service.runtime.sessionmaker, school_id) as session:
        await classes.add_class_member(session, school_id, class_id, UUID(student["id"]))
        await classes.set_class_teacher(session, school_id, class_id, UUID(teacher["id"]))
    await build.post(
        admin, "/guardians", {"guardian_id": parent["id"], "student_id": student["id"]}
    )
    consent = {
        "categories": ["contacts"],
        "purposes": ["связь с семьёй"],
        "given_by": "guardian",
        "given_by_name": "Тестова Вера",
        "given_on": "2026-09-01",
        "document": {"type": "Согласие", "date": "2026-09-01"},
    }

    async def new_consent() -> str:
        made = await build.post(admin, f"/persons/{student['id']}/consents", consent)
        return str(made["id"])

    async def new_student() -> str:
        return str((await person("student"))["id"])

    today = date.today().isoformat()
    values: dict[str, str] = {
        "school_id": str(school_id),
        "to_school_id": str(other_school_id),
        "person_id": str(student["id"]),
        "student_id": str(student["id"]),
        "guardian_id": str(parent["id"]),
        "applicant_id": str(parent["id"]),
        "class_id": str(class_id),
        "consent_id": await new_consent(),
        "username": elsewhere["username"],
        "kind": "student",
        "role": "student",  # held by every new student, whom a DELETE takes (makers)
        "effective_on": today,
        "applied_on": today,
        "given_on": today,
        "from": "2026-09-01",
        "to": today,
        "month": today[:7],
        "date_from": "2026-09-01",
        "date_to": today,
        "reader_id": str(admin.person_id),
        "reason": "переезд семьи",
        "document": "заявление об отзыве",
        "name": "МБОУ СОШ № 7",
        "short_name": "СОШ № 7",
        "time_zone": "Europe/Moscow",
    }
    read_kind = {"kind": "personal-data"}  # a kind of read, not of person
    overrides = {
        "POST /persons/{person_id}/roles": {"person_id": str(teacher["id"])},
        "GET /read-audit": read_kind,
        "GET /read-audit.xlsx": read_kind,
    }
    new_teacher = {"kind": "staff", "last_name": "Новикова", "first_name": "Анна"}
    valid_json: dict[str, Any] = {
        "POST /persons": {**new_teacher, "roles": ["teacher"]},
        "POST /schools/{school_id}/administrators": {**new_teacher, "roles": ["school-admin"]},
        "POST /persons/attach": {**new_teacher, "username": elsewhere["username"]},
        "POST /persons/{person_id}/consents": consent,
        "POST /persons/{person_id}/roles": {"roles": ["deputy-director"]},
        "POST /oidc/token": {
            "grant_type": "password",
            "username": teacher["username"],
            "password": PASSWORD,
        },
    }
    callers = {
        ADMIN: admin,
        DISTRICT: district,
        CLASS_TEACHER: principal(
            school_id, Role.TEACHER, Role.CLASS_TEACHER, person_id=UUID(teacher["id"])
        ),
        PARENT: principal(school_id, Role.PARENT, person_id=UUID(parent["id"])),
    }
    world = World(callers, values, overrides=overrides, json=valid_json)
    world.makers["person_id"] = new_student
    world.consumed = {
        "POST /consents/{consent_id}/withdrawal": {"consent_id": new_consent},
        "POST /students/{student_id}/transfer": {"student_id": new_student},
        "POST /students/{student_id}/withdrawal": {"student_id": new_student},
        "POST /students/{student_id}/enrolment": {"student_id": new_student},
    }
    return world


async def test_no_malformed_request_to_any_route_yields_a_5xx(
    service: Service, admin_conn: asyncpg.Connection
) -> None:
    await sweep_every_route(TARGET, await make_world(service), service, admin_conn)
