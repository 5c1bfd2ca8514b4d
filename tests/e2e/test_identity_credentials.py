"""Credentials (I2, issue 3): the class teacher issues one-time passwords to the students of
their own class and to parents with a recorded application, as a printable PDF of slips;
the slips' passwords are the accounts' real one-time passwords in Keycloak."""

import io
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from okrug_local.platform import Platform
from tests.e2e.test_identity_helpers import (
    Town,
    account,
    build_town,
    eventually,
    link_guardian,
    new_person,
    play_class_members_added,
    play_class_teacher_assigned,
    token_response,
)
from tests.support import District, expect

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def world(platform: Platform, district: District) -> Town:
    return build_town(platform, district)


@pytest.fixture(scope="module")
def class_of_teacher(platform: Platform, world: Town) -> dict[str, Any]:
    """A class of the first school with its class teacher, two new students (one-time
    passwords, never signed in), the parent of one of them (with an application) and the
    parent of the other (without one)."""
    school = world.first
    teacher = new_person(
        platform, school.admin, "staff", "Петрова", "Анна", ["teacher", "class-teacher"]
    )
    students = [
        new_person(platform, school.admin, "student", "Орлова", "Дарья", password=None),
        new_person(platform, school.admin, "student", "Ёлкин", "Степан", password=None),
    ]
    parent = new_person(platform, school.admin, "parent", "Орлов", "Игорь", password=None)
    silent_parent = new_person(platform, school.admin, "parent", "Ёлкина", "Вера", password=None)
    link_guardian(platform, school.admin, parent["id"], students[0]["id"])
    link_guardian(platform, school.admin, silent_parent["id"], students[1]["id"])
    class_id = str(uuid.uuid4())
    play_class_members_added(platform, school.id, class_id, [s["id"] for s in students])
    play_class_teacher_assigned(school.id, class_id, teacher["id"])
    # The school's other class (school.class_id) belongs to another class teacher.
    return {
        "teacher": account(platform, teacher),
        "students": students,
        "parent": parent,
        "silent_parent": silent_parent,
        "class_id": class_id,
    }


def _slips(
    platform: Platform, class_id: str, headers: dict[str, str], **body: Any
) -> httpx.Response:
    return httpx.post(
        f"{platform.url('identity')}/classes/{class_id}/credential-slips",
        json=body or None,
        headers=headers,
        timeout=60,
    )


def test_a_class_teacher_records_a_parents_application(
    platform: Platform, world: Town, class_of_teacher: dict[str, Any]
) -> None:
    teacher = class_of_teacher["teacher"]
    parent, child = class_of_teacher["parent"], class_of_teacher["students"][0]
    url = f"{platform.url('identity')}/access-applications"
    body = {
        "applicant_id": parent["id"],
        "student_id": child["id"],
        "applied_on": str(date.today()),
    }

    def recorded() -> httpx.Response | None:
        # The class membership reaches identity through schedule's events.
        response = httpx.post(url, json={**body, "note": "вх. № 15"}, headers=teacher.headers)
        return response if response.status_code != 403 else None

    application = expect(eventually(recorded, what="class membership in identity"), 201)
    assert application["recorded_by"] == teacher.id
    assert application["applied_on"] == str(date.today())
    again = httpx.post(url, json=body, headers=teacher.headers)
    assert again.status_code == 409
    # Not the teacher's student: refused.
    foreign = httpx.post(
        url,
        json={
            "applicant_id": world.first.parent.id,
            "student_id": world.first.student.id,
            "applied_on": str(date.today()),
        },
        headers=teacher.headers,
    )
    assert foreign.status_code == 403, foreign.text
    listed = expect(httpx.get(url, headers=teacher.headers), 200)
    assert [a["id"] for a in listed] == [application["id"]]


def test_b_slips_list_login_and_one_time_password_of_each_person(
    platform: Platform, class_of_teacher: dict[str, Any]
) -> None:
    teacher = class_of_teacher["teacher"]
    response = eventually(
        lambda: (
            (r := _slips(platform, class_of_teacher["class_id"], teacher.headers)).status_code
            == 200
            and r
        ),
        what="the class's students in identity",
    )
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Логин" in text
    assert "Одноразовый пароль" in text
    issued = [*class_of_teacher["students"], class_of_teacher["parent"]]
    lines = text.splitlines()
    passwords = {}
    for person in issued:
        assert person["username"] in text
        assert person["last_name"] in text
        # Each slip reads: ... "Логин:", <login>, "Одноразовый пароль:", <password> ...
        at = lines.index(person["username"])
        assert lines[at - 1] == "Логин:"
        assert lines[at + 1] == "Одноразовый пароль:"
        passwords[person["username"]] = lines[at + 2]
    # The parent without an application gets no slip.
    assert class_of_teacher["silent_parent"]["username"] not in text
    assert "ребёнок: Орлова Д." in text
    # Each slip's password is the account's real one-time password: Keycloak takes it and
    # asks for a new one (a wrong password is simply refused).
    for username, password in passwords.items():
        assert len(password) == 10, password
        first = token_response(platform, username, password)
        assert first.status_code == 400, first.text
        assert first.json()["error_description"] == "Account is not fully set up"
        wrong = token_response(platform, username, password[::-1] + "x")
        assert wrong.status_code == 401


def test_c_a_class_teacher_issues_slips_only_for_their_own_class(
    platform: Platform, world: Town, class_of_teacher: dict[str, Any]
) -> None:
    teacher = class_of_teacher["teacher"]
    refused = _slips(platform, world.first.class_id, teacher.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    # A subject teacher who is no class teacher at all.
    assert (
        _slips(platform, class_of_teacher["class_id"], world.first.teacher.headers).status_code
        == 403
    )
    # A person of another class named explicitly.
    stray = _slips(
        platform,
        class_of_teacher["class_id"],
        teacher.headers,
        person_ids=[world.first.student.id],
    )
    assert stray.status_code == 422
    assert stray.json()["errors"][0]["field"] == "person_ids"
    # Another school's admin does not reach this school's class.
    other = _slips(platform, class_of_teacher["class_id"], world.second.admin.headers)
    assert other.status_code == 404


def test_d_who_issued_what_and_when_is_recorded(
    platform: Platform, world: Town, class_of_teacher: dict[str, Any]
) -> None:
    teacher = class_of_teacher["teacher"]
    issues = expect(
        httpx.get(f"{platform.url('identity')}/credential-issues", headers=teacher.headers), 200
    )
    assert issues
    assert all(i["issued_by"] == teacher.id for i in issues)
    latest = issues[0]
    assert latest["class_id"] == class_of_teacher["class_id"]
    issued_to = {p["person_id"] for p in latest["persons"]}
    assert issued_to == {
        class_of_teacher["students"][0]["id"],
        class_of_teacher["students"][1]["id"],
        class_of_teacher["parent"]["id"],
    }
    assert "password" not in str(latest).lower()
    admin_view = expect(
        httpx.get(
            f"{platform.url('identity')}/credential-issues", headers=world.first.admin.headers
        ),
        200,
    )
    assert latest["id"] in {i["id"] for i in admin_view}
    assert (
        httpx.get(
            f"{platform.url('identity')}/credential-issues", headers=world.first.student.headers
        ).status_code
        == 403
    )


def test_e_slips_for_some_persons_of_the_class_only(
    platform: Platform, class_of_teacher: dict[str, Any]
) -> None:
    teacher = class_of_teacher["teacher"]
    only = class_of_teacher["students"][1]
    response = expect_pdf(
        _slips(
            platform,
            class_of_teacher["class_id"],
            teacher.headers,
            person_ids=[only["id"]],
            include=["students"],
        )
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response)).pages)
    assert only["username"] in text
    assert class_of_teacher["students"][0]["username"] not in text


def expect_pdf(response: httpx.Response) -> bytes:
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    return response.content
