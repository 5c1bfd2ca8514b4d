"""Roles per school on the real platform with Keycloak (I5, R4): a school role holds only at
the school that granted it. A teacher of school A who is the school admin of school B does
a teacher's work with a token of A and no admin action anywhere; with a token of B the
admin actions work at B and A's data stays out of reach. Removing a role or a membership
ends the person's Keycloak sessions (the refresh is refused), the next token lacks the
role, the change is audited and published."""

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import nats
import pytest

from okrug.identity.v1 import identity_pb2
from okrug_common.event_catalog import Event, IdentityEvents
from okrug_local.platform import Platform
from tests.e2e.test_identity_helpers import claims, eventually
from tests.support import PASSWORD, Account, School, World, attach, expect, grant_roles, unique

pytestmark = pytest.mark.platform


def _teacher(platform: Platform, school: School) -> Account:
    username = unique("teacher.")
    created = expect(
        httpx.post(
            f"{platform.url('identity')}/persons",
            json={
                "kind": "staff",
                "last_name": "Двухшкольная",
                "first_name": "Вера",
                "roles": ["teacher"],
                "username": username,
                "password": PASSWORD,
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return Account(username, created["id"], school.id, platform)


def _class_with_lesson(platform: Platform, school: School, teacher: Account) -> dict[str, str]:
    """A class of the school with a student and a lesson of `teacher` that has begun."""
    schedule, admin = platform.url("schedule"), school.admin.headers
    letter = "".join(secrets.choice("АБВГДЕЖИКЛМН") for _ in range(3))
    school_class = expect(
        httpx.post(f"{schedule}/classes", json={"grade": 8, "letter": letter}, headers=admin),
        201,
    )
    student = expect(
        httpx.post(
            f"{platform.url('identity')}/persons",
            json={"kind": "student", "last_name": "Учебная", "first_name": "Ия"},
            headers=admin,
        ),
        201,
    )
    expect(
        httpx.post(
            f"{schedule}/classes/{school_class['id']}/members",
            json={"student_id": student["id"]},
            headers=admin,
        ),
        201,
    )
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    lesson = expect(
        httpx.post(
            f"{schedule}/lessons",
            json={
                "class_id": school_class["id"],
                "subject_id": school.subject_id,
                "teacher_id": teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=admin,
        ),
        201,
    )
    return {"class": school_class["id"], "student": student["id"], "lesson": lesson["id"]}


def _me(platform: Platform, headers: dict[str, str]) -> dict[str, Any]:
    me: dict[str, Any] = expect(httpx.get(f"{platform.url('identity')}/me", headers=headers), 200)
    return me


def test_a_teacher_of_a_who_is_the_school_admin_of_b_acts_per_school(
    platform: Platform, world: World
) -> None:
    a, b = world.first, world.second
    identity, schedule, journal = (platform.url(s) for s in ("identity", "schedule", "journal"))
    teacher_at_a = _teacher(platform, a)
    own = _class_with_lesson(platform, a, teacher_at_a)
    # B's admin takes in A's teacher (no 409 any more) and makes them B's school admin.
    admin_at_b = attach(platform, b.admin, teacher_at_a, "staff", ["secretary"])
    assert grant_roles(platform, b.admin, admin_at_b, ["school-admin"]) == [
        "school-admin",
        "secretary",
    ]

    token_a = platform.tokens.token(teacher_at_a.username, PASSWORD, school=a.id)
    a_headers = {"Authorization": f"Bearer {token_a}"}
    issued = claims(token_a)
    assert issued["organization"] == [a.id]
    assert sorted(issued["groups"]) == sorted(
        [f"/schools/{a.id}/teacher", f"/schools/{b.id}/school-admin", f"/schools/{b.id}/secretary"]
    )
    assert not {"teacher", "school-admin", "secretary"} & set(issued["realm_access"]["roles"])
    assert _me(platform, a_headers)["roles"] == ["teacher"]

    # With A's token: a teacher's work at A ...
    saved = expect(
        httpx.put(
            f"{journal}/lessons/{own['lesson']}/record",
            json={
                "topic": "Линейные уравнения",
                "work_types": ["classwork"],
                "attendance": [{"student_id": own["student"], "status": "present"}],
                "marks": [{"student_id": own["student"], "value": "5", "work_type": "classwork"}],
            },
            headers=a_headers,
            timeout=30,
        ),
        200,
    )
    assert saved["teacher_id"] == teacher_at_a.id
    [mark] = saved["marks"]
    expect(
        httpx.patch(
            f"{journal}/marks/{mark['id']}",
            json={"value": "4", "reason": "Исправление ошибки"},
            headers=a_headers,
        ),
        200,
    )
    # ... and no admin action anywhere: not at A ...
    new_person = {"kind": "student", "last_name": "Новая", "first_name": "Ученица"}
    assert httpx.post(f"{identity}/persons", json=new_person, headers=a_headers).status_code == 403
    assert (
        httpx.post(
            f"{schedule}/classes", json={"grade": 9, "letter": "Щ"}, headers=a_headers
        ).status_code
        == 403
    )
    assert httpx.get(f"{journal}/audit/mark-changes", headers=a_headers).status_code == 403
    # ... nor at B, whose people A's token does not even reach.
    assert (
        httpx.post(
            f"{identity}/persons/{b.teacher.id}/roles",
            json={"roles": ["class-teacher"]},
            headers=a_headers,
        ).status_code
        == 403
    )
    assert httpx.get(f"{identity}/persons/{b.student.id}", headers=a_headers).status_code in (
        403,
        404,
    )
    assert httpx.delete(
        f"{identity}/persons/{b.teacher.id}/membership", headers=a_headers
    ).status_code in (403, 404)

    # With B's token: the admin's work at B ...
    b_headers = admin_at_b.headers
    assert _me(platform, b_headers)["roles"] == ["school-admin", "secretary"]
    created = expect(httpx.post(f"{identity}/persons", json=new_person, headers=b_headers), 201)
    assert created["school_id"] == b.id
    letter = "".join(secrets.choice("АБВГДЕЖИКЛМН") for _ in range(3))
    b_class = expect(
        httpx.post(f"{schedule}/classes", json={"grade": 9, "letter": letter}, headers=b_headers),
        201,
    )
    b_classes = expect(httpx.get(f"{schedule}/classes", headers=b.admin.headers), 200)
    assert b_class["id"] in {c["id"] for c in b_classes}
    people = expect(httpx.get(f"{identity}/persons", headers=b_headers), 200)
    assert {p["school_id"] for p in people} == {b.id}
    assert created["id"] in {p["id"] for p in people}
    # ... and A's data out of reach, its teacher's own lesson included.
    for url in (
        f"{identity}/persons/{a.student.id}",
        f"{identity}/persons/{own['student']}",
        f"{schedule}/classes/{own['class']}",
        f"{journal}/lessons/{own['lesson']}/record",
        f"{journal}/students/{own['student']}/marks",
    ):
        status = httpx.get(url, headers=b_headers, timeout=30).status_code
        assert status in (403, 404), (url, status)
    rewrite = httpx.put(
        f"{journal}/lessons/{own['lesson']}/record",
        json={"topic": "Чужая тема"},
        headers=b_headers,
        timeout=30,
    )
    assert rewrite.status_code in (403, 404)
    audit_a = expect(httpx.get(f"{journal}/audit/mark-changes", headers=a.admin.headers), 200)
    assert mark["id"] in {r["mark_id"] for r in audit_a}
    audit_b = expect(httpx.get(f"{journal}/audit/mark-changes", headers=b_headers), 200)
    assert mark["id"] not in {r["mark_id"] for r in audit_b}

    # The choice of school, from either token and before a school is chosen.
    unscoped = teacher_at_a.at(None).headers
    assert httpx.post(f"{identity}/persons", json=new_person, headers=unscoped).status_code == 403
    for headers, current in ((a_headers, a.id), (b_headers, b.id), (unscoped, None)):
        mine = expect(httpx.get(f"{identity}/me/schools", headers=headers), 200)
        assert mine["current_school_id"] == current
        assert mine["district_roles"] == []
        assert {s["school_id"]: s["roles"] for s in mine["schools"]} == {
            a.id: ["teacher"],
            b.id: ["school-admin", "secretary"],
        }


async def _last_event(platform: Platform, subject: str) -> bytes:
    client = await nats.connect(platform.instance.nats_url)
    try:
        message = await client.jetstream().get_last_msg("OKRUG_IDENTITY", subject)
        return bytes(message.data or b"")
    finally:
        await client.close()


Revocation = TypeVar(
    "Revocation", identity_pb2.PersonRolesRevoked, identity_pb2.PersonMembershipEnded
)


def _published(platform: Platform, event: Event[Revocation], person_id: str) -> Revocation:
    """The last event of its kind, once it is the person's."""

    def check() -> Revocation | None:
        try:
            found = event.decode(asyncio.run(_last_event(platform, event.subject)))
        except nats.js.errors.NotFoundError:
            return None
        return found if found.person_id == person_id else None

    published: Revocation = eventually(check, what=f"{event.subject} of {person_id}")
    return published


def test_removing_a_role_and_the_membership_ends_the_persons_sessions(
    platform: Platform, world: World
) -> None:
    a, b = world.first, world.second
    identity = platform.url("identity")
    teacher_at_a = _teacher(platform, a)
    at_b = attach(platform, b.admin, teacher_at_a, "staff", ["teacher", "class-teacher"])
    signed_in_b = platform.tokens.password_grant(at_b.username, PASSWORD, school=b.id)
    signed_in_a = platform.tokens.password_grant(at_b.username, PASSWORD, school=a.id)
    old_b = {"Authorization": f"Bearer {signed_in_b['access_token']}"}
    assert _me(platform, old_b)["roles"] == ["class-teacher", "teacher"]
    person = f"{identity}/persons/{at_b.id}"

    # The school admin removes a role, not the person (a teacher at B).
    assert httpx.delete(f"{person}/roles/class-teacher", headers=at_b.headers).status_code == 403
    remaining = expect(httpx.delete(f"{person}/roles/class-teacher", headers=b.admin.headers), 200)
    assert remaining["roles"] == ["teacher"]
    # Every session of the account ended: neither school's refresh token works any more.
    for signed_in in (signed_in_b, signed_in_a):
        refused = platform.tokens.refresh_grant(str(signed_in["refresh_token"]))
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"] == "invalid_grant"
    fresh = platform.tokens.token(at_b.username, PASSWORD, school=b.id)
    assert f"/schools/{b.id}/class-teacher" not in claims(fresh)["groups"]
    assert _me(platform, {"Authorization": f"Bearer {fresh}"})["roles"] == ["teacher"]
    # The access token issued before holds until it expires (at most 300 s; services verify
    # tokens by signature): what the event below is for.
    assert _me(platform, old_b)["roles"] == ["class-teacher", "teacher"]
    revoked = _published(platform, IdentityEvents.PERSON_ROLES_REVOKED, at_b.id)
    assert (list(revoked.roles), list(revoked.all_roles)) == (["class-teacher"], ["teacher"])
    assert (revoked.context.school_id, revoked.context.actor_person_id) == (b.id, b.admin.id)

    signed_in_b = platform.tokens.password_grant(at_b.username, PASSWORD, school=b.id)
    ended = expect(httpx.delete(f"{person}/membership", headers=b.admin.headers), 200)
    assert ended["roles"] == []
    assert ended["left_at"]
    refused = platform.tokens.refresh_grant(str(signed_in_b["refresh_token"]))
    assert refused.status_code == 400, refused.text
    # No token of B any more: Keycloak leaves the school out, and no school role holds.
    former = platform.tokens.token(at_b.username, PASSWORD, school=b.id)
    assert "organization" not in claims(former)
    assert claims(former).get("groups") == [f"/schools/{a.id}/teacher"]
    former_headers = {"Authorization": f"Bearer {former}"}
    assert _me(platform, former_headers)["roles"] == []
    mine = expect(httpx.get(f"{identity}/me/schools", headers=former_headers), 200)
    assert [(s["school_id"], s["roles"]) for s in mine["schools"]] == [(a.id, ["teacher"])]
    people = expect(httpx.get(f"{identity}/persons", headers=b.admin.headers), 200)
    assert at_b.id not in {p["id"] for p in people}
    left = _published(platform, IdentityEvents.PERSON_MEMBERSHIP_ENDED, at_b.id)
    assert list(left.roles) == ["teacher"]
    # A keeps its teacher.
    assert _me(platform, teacher_at_a.headers)["roles"] == ["teacher"]

    history = expect(httpx.get(f"{person}/role-changes", headers=b.admin.headers), 200)
    assert [(c["change"], c["role"], c["changed_by"]) for c in history] == [
        ("joined", None, b.admin.id),
        ("granted", "class-teacher", b.admin.id),
        ("granted", "teacher", b.admin.id),
        ("revoked", "class-teacher", b.admin.id),
        ("revoked", "teacher", b.admin.id),
        ("left", None, b.admin.id),
    ]
