"""Identity's rows of the access matrix (I1, I2, I5)."""

import httpx

from tests.access_matrix.cast import Cast, fresh_name
from tests.access_matrix.groups import DISTRICT, EVERYONE, SCHOOL, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import PASSWORD, expect, unique


def _school(cast: Cast, target: str) -> str:
    return cast.a.id if target == "own" else cast.b.id


def _person(cast: Cast, persona: str, target: str) -> str:
    return {
        "own": cast.account(persona).id,
        "same-school": cast.a.other_student.id,
        "other-school": cast.b.student.id,
        "own-child": cast.a.student.id,
        "other-child": cast.a.other_student.id,
    }[target]


def _new_person(kind: str) -> dict[str, object]:
    return {
        "kind": kind,
        "last_name": "Новикова",
        "first_name": "Вера",
        "username": unique(f"{kind}."),
        "password": PASSWORD,
    }


def _guardian_link(cast: Cast, persona: str, target: str) -> Request:
    if persona != "school-admin":
        return Request(
            "/guardians", {"guardian_id": cast.a.parent.id, "student_id": cast.a.other_student.id}
        )
    headers = cast.headers("school-admin")
    parent = expect(
        httpx.post(cast.url("identity", "/persons"), json=_new_person("parent"), headers=headers),
        201,
    )
    student = expect(
        httpx.post(cast.url("identity", "/persons"), json=_new_person("student"), headers=headers),
        201,
    )
    return Request("/guardians", {"guardian_id": parent["id"], "student_id": student["id"]})


ROWS = [
    Endpoint(
        "identity",
        "POST",
        "/schools",
        ("-",),
        lambda c, p, t: Request("/schools", {"name": fresh_name("МБОУ СОШ")}),
        allow(["district-admin"], "-"),
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/schools",
        ("-",),
        lambda c, p, t: Request("/schools"),
        allow((*DISTRICT, *STAFF), "-"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/schools/{school_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/schools/{_school(c, t)}"),
        allow(STAFF, "own") | allow(DISTRICT, "own", "other-school"),
    ),
    Endpoint(
        "identity",
        "POST",
        "/schools/{school_id}/administrators",
        ("own", "other-school"),
        lambda c, p, t: Request(
            f"/schools/{_school(c, t)}/administrators",
            {**_new_person("staff"), "roles": ["school-admin"]},
        ),
        allow(["district-admin"], "own", "other-school"),
        success=201,
    ),
    Endpoint(
        "identity",
        "POST",
        "/persons",
        ("-",),
        lambda c, p, t: Request("/persons", _new_person("student")),
        allow(["school-admin"], "-"),
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons",
        ("-",),
        lambda c, p, t: Request("/persons"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}",
        ("own", "same-school", "other-school", "own-child", "other-child"),
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}"),
        allow(SCHOOL, "own") | allow(STAFF, "same-school"),
    ),
    Endpoint(
        "identity", "GET", "/me", ("-",), lambda c, p, t: Request("/me"), allow(EVERYONE, "-")
    ),
    Endpoint(
        "identity",
        "POST",
        "/guardians",
        ("-",),
        _guardian_link,
        allow(["school-admin"], "-"),
        success=201,
    ),
]
