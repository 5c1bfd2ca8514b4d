"""The class teacher named in schedule reads the whole journal of their class (I5): the
journal learns who it is from okrug.schedule.class.teacher_assigned through JetStream; a
class teacher of another class is refused. The lesson projection carries the class's grade
level from schedule, so a grade-1 lesson refuses marks (J5) without asking schedule again."""

import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, School, World, expect, unique

pytestmark = pytest.mark.platform


def _person(platform: Platform, school: School, kind: str, roles: list[str]) -> Account:
    username = unique(f"{kind}.")
    body: dict[str, Any] = {
        "kind": kind,
        "last_name": "Классная",
        "first_name": "Руководительница",
        "username": username,
        "password": PASSWORD,
    }
    if roles:
        body["roles"] = roles
    created = expect(
        httpx.post(f"{platform.url('identity')}/persons", json=body, headers=school.admin.headers),
        201,
    )
    return Account(username, created["id"], school.id, platform)


def _staff(platform: Platform, school: School, roles: list[str]) -> Account:
    return _person(platform, school, "staff", roles)


def _class_with_lesson(
    platform: Platform,
    school: School,
    grade: int,
    class_teacher: Account | None,
    hours_ago: int,
) -> tuple[str, str, str]:
    """A new class of `grade` with a new student in it and one lesson of the school's
    teacher `hours_ago` (lessons of one teacher never overlap, S8); returns (class id,
    lesson id, student id)."""
    schedule, headers = platform.url("schedule"), school.admin.headers
    body: dict[str, Any] = {
        "grade": grade,
        "letter": "".join(secrets.choice("АБВГДЕЖИКЛМН") for _ in range(3)),
    }
    if class_teacher is not None:
        body["class_teacher_id"] = class_teacher.id
    school_class = expect(httpx.post(f"{schedule}/classes", json=body, headers=headers), 201)
    student = _person(platform, school, "student", [])
    expect(
        httpx.post(
            f"{schedule}/classes/{school_class['id']}/members",
            json={"student_id": student.id},
            headers=headers,
        ),
        201,
    )
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=hours_ago
    )
    lesson = expect(
        httpx.post(
            f"{schedule}/lessons",
            json={
                "class_id": school_class["id"],
                "subject_id": school.subject_id,
                "teacher_id": school.teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=headers,
        ),
        201,
    )
    return school_class["id"], lesson["id"], student.id


def _eventually(probe: Callable[[], int], wanted: int, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    status = probe()
    while status != wanted and time.monotonic() < deadline:
        time.sleep(0.5)
        status = probe()
    return status


def test_the_class_teacher_set_in_schedule_reads_their_class_journal(
    platform: Platform, world: World
) -> None:
    school = world.first
    journal = platform.url("journal")
    class_teacher = _staff(platform, school, ["teacher", "class-teacher"])
    stranger = _staff(platform, school, ["teacher", "class-teacher"])
    _, lesson_id, student_id = _class_with_lesson(platform, school, 6, class_teacher, 3)
    _class_with_lesson(platform, school, 6, stranger, 4)
    record_url = f"{journal}/lessons/{lesson_id}/record"
    expect(
        httpx.put(
            record_url,
            json={"topic": "Обыкновенные дроби", "marks": []},
            headers=school.teacher.headers,
            timeout=30,
        ),
        200,
    )

    def read_as(account: Account) -> Callable[[], int]:
        return lambda: httpx.get(record_url, headers=account.headers, timeout=30).status_code

    assert _eventually(read_as(class_teacher), 200) == 200
    read = expect(httpx.get(record_url, headers=class_teacher.headers, timeout=30), 200)
    assert read["topic"] == "Обыкновенные дроби"
    student_marks = f"{journal}/students/{student_id}/marks"
    assert httpx.get(student_marks, headers=class_teacher.headers).status_code == 200
    # The class teacher of another class is no reader of this one.
    assert read_as(stranger)() == 403
    # Writing stays the lesson's teacher's (I5): the class teacher only reads.
    refused = httpx.put(
        record_url, json={"topic": "Чужая тема"}, headers=class_teacher.headers, timeout=30
    )
    assert refused.status_code == 403


def test_a_first_grade_lesson_refuses_marks_by_the_grade_schedule_sent(
    platform: Platform, world: World
) -> None:
    school = world.first
    _, lesson_id, student_id = _class_with_lesson(platform, school, 1, None, 5)
    refused = httpx.put(
        f"{platform.url('journal')}/lessons/{lesson_id}/record",
        json={
            "topic": "Звуки и буквы",
            "attendance": [{"student_id": student_id, "status": "late"}],
            "marks": [{"student_id": student_id, "value": "5", "work_type": "oral"}],
        },
        headers=school.teacher.headers,
        timeout=30,
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "marks"
    kept = expect(
        httpx.put(
            f"{platform.url('journal')}/lessons/{lesson_id}/record",
            json={
                "topic": "Звуки и буквы",
                "attendance": [{"student_id": student_id, "status": "late"}],
            },
            headers=school.teacher.headers,
            timeout=30,
        ),
        200,
    )
    assert [a["status"] for a in kept["attendance"]] == ["late"]
