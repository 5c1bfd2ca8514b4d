"""Identity on a real Keycloak (issue 3): staff admins are made to set up TOTP, the realm
refuses common passwords, a teacher of two schools works in one school at a time, a parent
sees each child under its own school, the school card, student movement and its events."""

import asyncio
import time
from datetime import date
from typing import Any

import httpx
import nats
import pytest

from okrug.identity.v1 import identity_pb2
from okrug_local.platform import Platform
from tests.e2e.test_identity_helpers import (
    BrowserSignIn,
    Town,
    build_town,
    claims,
    keycloak_user,
    link_guardian,
    new_person,
    token_response,
    totp,
)
from tests.support import PASSWORD, District, expect, unique

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def world(platform: Platform, district: District) -> Town:
    return build_town(platform, district)


NEW_PASSWORD = "Sirenevyj-tuman-1987"


def _appoint(
    platform: Platform, district: District, school_id: str, role: str, **extra: Any
) -> dict[str, Any]:
    created: dict[str, Any] = expect(
        httpx.post(
            f"{platform.url('identity')}/schools/{school_id}/administrators",
            json={
                "kind": "staff",
                "last_name": "Директорова",
                "first_name": "Вера",
                "roles": [role],
                "username": unique("director."),
                **extra,
            },
            headers=district.admin.headers,
        ),
        201,
    )
    return created


def test_a_a_new_director_is_made_to_set_up_totp(
    platform: Platform, district: District, world: Town
) -> None:
    director = _appoint(platform, district, world.second.id, "director")
    one_time = director["one_time_password"]
    assert one_time
    actions = set(keycloak_user(platform, director["id"])["requiredActions"])
    assert actions == {"CONFIGURE_TOTP", "UPDATE_PASSWORD"}
    # No token without the set-up: the password grant is refused.
    refused = token_response(platform, director["username"], one_time)
    assert refused.status_code == 400
    assert refused.json()["error_description"] == "Account is not fully set up"

    browser = BrowserSignIn(platform)
    page = browser.sign_in(director["username"], one_time)
    # Keycloak runs the required actions one after the other (their order is its own).
    if "password-new" in page.fields():
        page = browser.submit(
            page, {"password-new": NEW_PASSWORD, "password-confirm": NEW_PASSWORD}
        )
    assert "totp" in page.fields(), page.text[:300]
    secret = page.hidden()["totpSecret"]
    wrong = browser.submit(page, {"totp": "000000" if totp(secret) != "000000" else "111111"})
    assert "totp" in wrong.fields()  # asked again
    done = browser.submit(wrong, {"totp": totp(secret), "userLabel": "телефон"})
    if "password-new" in done.fields():
        done = browser.submit(
            done, {"password-new": NEW_PASSWORD, "password-confirm": NEW_PASSWORD}
        )
    token = claims(browser.exchange(done)["access_token"])
    assert token["sub"] == director["id"]
    assert token["groups"] == [f"/schools/{world.second.id}/director"]
    assert "totp-required" in token["realm_access"]["roles"]  # the director group's mapping
    assert token["organization"] == [world.second.id]
    assert keycloak_user(platform, director["id"])["requiredActions"] == []

    # From now on the code is asked for every time, the password grant included.
    without = token_response(platform, director["username"], NEW_PASSWORD)
    assert without.status_code == 401
    with_code = token_response(
        platform, director["username"], NEW_PASSWORD, totp=totp(secret, time.time() + 30)
    )
    assert with_code.status_code == 200, with_code.text
    browser = BrowserSignIn(platform)
    page = browser.sign_in(director["username"], NEW_PASSWORD)
    assert "otp" in page.fields() or "totp" in page.fields(), page.text[:300]


def test_b_a_school_admin_without_totp_is_made_to_set_it_up_in_the_browser(
    platform: Platform, world: Town
) -> None:
    """Even an admin whose creator set the password (the test and demo accounts): the
    realm's browser flow asks every totp-required role for the code."""
    admin = world.second.admin
    browser = BrowserSignIn(platform)
    page = browser.sign_in(admin.username, PASSWORD)
    assert "totp" in page.fields(), page.text[:300]
    assert "totpSecret" in page.hidden()
    # A teacher signs in with the password alone.
    browser = BrowserSignIn(platform)
    final = browser.sign_in(world.second.teacher.username, PASSWORD)
    token = claims(browser.exchange(final)["access_token"])
    assert token["sub"] == world.second.teacher.id
    assert "totp-required" not in token["realm_access"]["roles"]


def test_c_common_passwords_are_refused(platform: Platform, world: Town) -> None:
    response = httpx.post(
        f"{platform.url('identity')}/persons",
        json={
            "kind": "staff",
            "last_name": "Простов",
            "first_name": "Иван",
            "username": unique("staff."),
            "password": "qwertyuiop",
        },
        headers=world.first.admin.headers,
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "password"
    fine = new_person(
        platform, world.first.admin, "staff", "Сложнов", "Иван", password=NEW_PASSWORD
    )
    assert fine["id"]


def test_d_a_teacher_of_two_schools_works_in_one_school_at_a_time(
    platform: Platform, world: Town
) -> None:
    teacher = world.first.other_teacher
    attached = expect(
        httpx.post(
            f"{platform.url('identity')}/persons/attach",
            json={"username": teacher.username, "kind": "staff", "roles": ["teacher"]},
            headers=world.second.admin.headers,
        ),
        201,
    )
    assert attached["id"] == teacher.id
    assert attached["school_id"] == world.second.id
    assert (attached["last_name"], attached["first_name"]) == ("Сидорова", "Ольга")
    identity = platform.url("identity")
    for school, other in ((world.first, world.second), (world.second, world.first)):
        token = platform.tokens.token(teacher.username, PASSWORD, school=school.id)
        assert claims(token)["organization"] == [school.id]
        headers = {"Authorization": f"Bearer {token}"}
        me = expect(httpx.get(f"{identity}/me", headers=headers), 200)
        assert me["school_id"] == school.id
        persons = expect(httpx.get(f"{identity}/persons", headers=headers), 200)
        assert {p["school_id"] for p in persons} == {school.id}
        assert other.student.id not in {p["id"] for p in persons}
    # Without choosing a school, no school: every school API refuses to guess.
    unscoped = token_response(platform, teacher.username, PASSWORD)
    assert "organization" not in claims(unscoped.json()["access_token"])
    again = httpx.post(
        f"{identity}/persons/attach",
        json={"username": teacher.username, "kind": "staff"},
        headers=world.second.admin.headers,
    )
    assert again.status_code == 409
    unknown = httpx.post(
        f"{identity}/persons/attach",
        json={"username": unique("nobody."), "kind": "staff"},
        headers=world.second.admin.headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "username"


def test_e_a_parent_with_children_in_two_schools_sees_each_under_its_school(
    platform: Platform, world: Town
) -> None:
    parent = world.first.parent
    expect(
        httpx.post(
            f"{platform.url('identity')}/persons/attach",
            json={"username": parent.username, "kind": "parent"},
            headers=world.second.admin.headers,
        ),
        201,
    )
    link_guardian(platform, world.second.admin, parent.id, world.second.other_student.id)
    token = platform.tokens.token(parent.username, PASSWORD, school=world.first.id)
    schools = expect(
        httpx.get(
            f"{platform.url('identity')}/me/schools", headers={"Authorization": f"Bearer {token}"}
        ),
        200,
    )["schools"]
    by_school = {s["school_id"]: s for s in schools}
    assert {s: by_school[s]["roles"] for s in by_school} == {
        world.first.id: ["parent"],
        world.second.id: ["parent"],
    }
    assert set(by_school) == {world.first.id, world.second.id}
    assert [c["id"] for c in by_school[world.first.id]["children"]] == [world.first.student.id]
    assert [c["id"] for c in by_school[world.second.id]["children"]] == [
        world.second.other_student.id
    ]
    assert by_school[world.second.id]["sign_in_scope"] == f"organization:{world.second.id}"
    # Each child's diary is read with a token of that child's school.
    second = platform.tokens.token(parent.username, PASSWORD, school=world.second.id)
    assert claims(second)["organization"] == [world.second.id]
    # The other parent of the first school sees only their own school and child.
    theirs = expect(
        httpx.get(
            f"{platform.url('identity')}/me/schools", headers=world.first.other_parent.headers
        ),
        200,
    )["schools"]
    assert [s["school_id"] for s in theirs] == [world.first.id]
    assert [c["id"] for c in theirs[0]["children"]] == [world.first.other_student.id]


def test_f_the_school_card_is_kept_by_the_school_and_read_by_the_district(
    platform: Platform, district: District, world: Town
) -> None:
    identity = platform.url("identity")
    card = {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»",
        "short_name": "МБОУ СШ № 1",
        "address": "123456, г. Энск, ул. Школьная, д. 1",
        "director_name": "Иванова Мария Петровна",
        "licences": [
            {
                "kind": "образовательная деятельность",
                "number": "Л035-01234-77/00123456",
                "issued_on": "2016-05-12",
                "issued_by": "Департамент образования",
            }
        ],
        "accreditation": {
            "number": "А007-00115-77/01234567",
            "issued_on": "2017-03-01",
            "valid_until": "2029-03-01",
        },
        "time_zone": "Asia/Yekaterinburg",
    }
    url = f"{identity}/schools/{world.first.id}/profile"
    saved = expect(httpx.put(url, json=card, headers=world.first.admin.headers), 200)
    assert saved["licences"][0]["number"] == "Л035-01234-77/00123456"
    assert saved["profile_updated_by"] == world.first.admin.id
    read = expect(
        httpx.get(f"{identity}/schools/{world.first.id}", headers=district.admin.headers), 200
    )
    assert read["accreditation"]["valid_until"] == "2029-03-01"
    assert read["director_name"] == "Иванова Мария Петровна"
    assert httpx.put(url, json=card, headers=world.second.admin.headers).status_code == 403
    assert httpx.put(url, json=card, headers=world.first.teacher.headers).status_code == 403
    bad = httpx.put(
        url, json={**card, "time_zone": "Mars/Olympus"}, headers=world.first.admin.headers
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.time_zone"
    # Back to Moscow time for the other tests.
    expect(
        httpx.put(
            url, json={**card, "time_zone": "Europe/Moscow"}, headers=world.first.admin.headers
        ),
        200,
    )


async def _last_event(platform: Platform, subject: str) -> bytes:
    client = await nats.connect(platform.instance.nats_url)
    try:
        message = await client.jetstream().get_last_msg("OKRUG_IDENTITY", subject)
        return bytes(message.data)
    finally:
        await client.close()


def test_g_enrolment_transfer_and_withdrawal_are_published(platform: Platform, world: Town) -> None:
    identity = platform.url("identity")
    admin = world.first.admin.headers
    student = new_person(platform, world.first.admin, "student", "Новикова", "Ева")
    url = f"{identity}/students/{student['id']}"
    enrolled = expect(
        httpx.post(
            f"{url}/enrolment",
            json={"effective_on": "2026-09-01", "order_number": "12-у"},
            headers=admin,
        ),
        201,
    )
    assert enrolled["kind"] == "enrolled"
    twice = httpx.post(f"{url}/enrolment", json={"effective_on": "2026-09-02"}, headers=admin)
    assert twice.status_code == 409
    early = httpx.post(
        f"{url}/transfer",
        json={"effective_on": "2026-08-01", "to_school_id": world.second.id},
        headers=admin,
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "effective_on"
    moved = expect(
        httpx.post(
            f"{url}/transfer",
            json={
                "effective_on": "2026-11-30",
                "to_school_id": world.second.id,
                "order_number": "57-у",
            },
            headers=admin,
        ),
        201,
    )
    assert moved["other_school_id"] == world.second.id
    status = expect(httpx.get(f"{url}/movements", headers=admin), 200)
    assert (status["status"], status["since"]) == ("transferred_out", "2026-11-30")
    assert (
        httpx.post(
            f"{url}/enrolment",
            json={"effective_on": "2026-12-01"},
            headers=world.first.teacher.headers,
        ).status_code
        == 403
    )

    def published(subject: str) -> bytes | None:
        try:
            return asyncio.run(_last_event(platform, subject))
        except Exception:
            return None

    from tests.e2e.test_identity_helpers import eventually

    def transfer() -> bytes | None:
        """This student's transfer: other tests' transfers may still be the stream's last."""
        data = published("okrug.identity.student.transferred")
        if data is None:
            return None
        found = identity_pb2.StudentTransferred.FromString(data)
        return data if found.student_id == student["id"] else None

    data = eventually(transfer, what="the transfer event")
    event = identity_pb2.StudentTransferred.FromString(data)
    assert event.student_id == student["id"]
    assert event.to_school_id == world.second.id
    assert (event.effective_on.year, event.effective_on.month, event.effective_on.day) == (
        2026,
        11,
        30,
    )
    assert event.context.school_id == world.first.id

    # The other school enrols the arriving student (same account).
    expect(
        httpx.post(
            f"{identity}/persons/attach",
            json={"username": student["username"], "kind": "student"},
            headers=world.second.admin.headers,
        ),
        201,
    )
    arrived = expect(
        httpx.post(
            f"{identity}/students/{student['id']}/enrolment",
            json={"effective_on": "2026-12-01", "from_school_id": world.first.id},
            headers=world.second.admin.headers,
        ),
        201,
    )
    assert arrived["other_school_id"] == world.first.id

    def arrival() -> bytes | None:
        """The enrolment from the first school: an earlier enrolment event may still be last."""
        data = published("okrug.identity.student.enrolled")
        if data is None:
            return None
        event = identity_pb2.StudentEnrolled.FromString(data)
        return data if event.from_school_id == world.first.id else None

    data = eventually(arrival, what="the arrival's enrolment event")
    assert identity_pb2.StudentEnrolled.FromString(data).student_id == student["id"]
    left = expect(
        httpx.post(
            f"{identity}/students/{student['id']}/withdrawal",
            json={
                "effective_on": date(2027, 5, 31).isoformat(),
                "reason": "переезд за пределы округа",
            },
            headers=world.second.admin.headers,
        ),
        201,
    )
    assert left["kind"] == "withdrawn"
    report = expect(
        httpx.get(
            f"{identity}/reports/movement",
            params={"from": "2026-09-01", "to": "2026-12-31"},
            headers=admin,
        ),
        200,
    )
    assert {m["kind"] for m in report if m["student_id"] == student["id"]} == {
        "enrolled",
        "transferred_out",
    }
