"""The class teacher named in schedule is the one identity lets issue the class's
credentials (I2, S3): schedule's class.teacher_assigned and class.member_added events reach
identity's projections through JetStream; nobody plays them by hand."""

import io
import secrets
import time
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, World, expect, unique

pytestmark = pytest.mark.platform


def _person(
    platform: Platform,
    admin: Account,
    kind: str,
    roles: list[str] | None = None,
    *,
    password: str | None = PASSWORD,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": kind,
        "last_name": "Тестова",
        "first_name": "Анна",
        "username": unique(f"{kind}."),
    }
    if roles:
        body["roles"] = roles
    if password:
        body["password"] = password
    created: dict[str, Any] = expect(
        httpx.post(f"{platform.url('identity')}/persons", json=body, headers=admin.headers), 201
    )
    return created


def test_the_class_teacher_set_in_schedule_issues_the_class_credentials(
    platform: Platform, world: World
) -> None:
    school = world.first
    admin = school.admin
    teacher = _person(platform, admin, "staff", ["teacher", "class-teacher"])
    students = [_person(platform, admin, "student", password=None) for _ in range(2)]
    letter = "".join(secrets.choice("АБВГДЕЖИКЛМН") for _ in range(3))
    school_class = expect(
        httpx.post(
            f"{platform.url('schedule')}/classes",
            json={"grade": 7, "letter": letter, "class_teacher_id": teacher["id"]},
            headers=admin.headers,
        ),
        201,
    )
    for student in students:
        expect(
            httpx.post(
                f"{platform.url('schedule')}/classes/{school_class['id']}/members",
                json={"student_id": student["id"]},
                headers=admin.headers,
            ),
            201,
        )
    teacher_headers = Account(teacher["username"], teacher["id"], school.id, platform).headers
    slips_url = f"{platform.url('identity')}/classes/{school_class['id']}/credential-slips"

    def slips_text() -> str:
        response = httpx.post(slips_url, headers=teacher_headers, timeout=60)
        if response.status_code != 200:
            return ""
        assert response.headers["content-type"] == "application/pdf"
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )

    # The class teacher and each membership arrive as separate events: wait for all of them.
    deadline = time.monotonic() + 30
    text = slips_text()
    while not all(s["username"] in text for s in students) and time.monotonic() < deadline:
        time.sleep(0.5)
        text = slips_text()
    for student in students:
        assert student["username"] in text

    other_teacher = school.teacher.headers  # teaches in the school, is nobody's class teacher
    assert httpx.post(slips_url, headers=other_teacher, timeout=60).status_code == 403
