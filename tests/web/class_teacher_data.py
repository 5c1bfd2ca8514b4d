"""A class of the first school with its own class teacher, made through the public APIs as a
school would: three students, a parent with a recorded access application and one without,
two of today's lessons of mathematics (taught by the class teacher) with an absence, a late
and a mark."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import PASSWORD, SCHOOL_ZONE, Account, School, expect, school_today, unique

CYRILLIC = "АБВГДЕЖИКЛМНПРСТУФХЦЧШЭЮЯ"
# Accounts are made in Keycloak: seconds on a busy machine (httpx's default waits 5 s).
_http = httpx.Client(timeout=60)


@dataclass
class Person:
    id: str
    username: str
    full_name: str


@dataclass
class ClassOfTeacher:
    """The class teacher's class: `absent` missed the first lesson (no reason yet), `late`
    came late to the second, `marked` got a 5 (a test, weight 2) in the first."""

    class_teacher: Account
    class_id: str
    class_name: str
    absent: Person
    late: Person
    marked: Person
    applied_parent: Person
    other_parent: Person
    lessons: list[str]
    lesson_day: date


def _until(check: Callable[[], bool], what: str) -> None:
    """Events carry the class, its members and lessons to the other services: wait for them."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"never happened: {what}")


def make_class(platform: Platform, school: School) -> ClassOfTeacher:
    identity, schedule, journal = (platform.url(s) for s in ("identity", "schedule", "journal"))
    admin = school.admin.headers

    def person(kind: str, last: str, first: str, middle: str, **extra: Any) -> Person:
        username = unique(f"ct.{kind}.")
        body = {
            "kind": kind,
            "last_name": last,
            "first_name": first,
            "middle_name": middle,
            "username": username,
            **extra,
        }
        created = expect(_http.post(f"{identity}/persons", json=body, headers=admin), 201)
        return Person(created["id"], username, f"{last} {first} {middle}")

    teacher = person(
        "staff",
        "Классная",
        "Нина",
        "Петровна",
        roles=["teacher", "class-teacher"],
        password=PASSWORD,
    )
    class_teacher = Account(teacher.username, teacher.id, school.id, platform)
    # Students and parents without a password: they wait for their slips (one-time passwords).
    absent = person("student", "Андреева", "Анна", "Ивановна")
    late = person("student", "Борисов", "Борис", "Олегович")
    marked = person("student", "Волкова", "Вера", "Сергеевна")
    applied_parent = person("parent", "Андреев", "Иван", "Петрович")
    other_parent = person("parent", "Борисова", "Ольга", "Павловна")
    for parent, child in ((applied_parent, absent), (other_parent, late)):
        expect(
            _http.post(
                f"{identity}/guardians",
                json={"guardian_id": parent.id, "student_id": child.id},
                headers=admin,
            ),
            201,
        )
    letter = "".join(secrets.choice(CYRILLIC) for _ in range(3))
    created = expect(
        _http.post(
            f"{schedule}/classes",
            json={"grade": 7, "letter": letter, "class_teacher_id": teacher.id},
            headers=admin,
        ),
        201,
    )
    class_id = created["id"]
    for student in (absent, late, marked):
        expect(
            _http.post(
                f"{schedule}/classes/{class_id}/members",
                json={"student_id": student.id},
                headers=admin,
            ),
            201,
        )
    expect(
        _http.post(
            f"{identity}/access-applications",
            json={
                "applicant_id": applied_parent.id,
                "student_id": absent.id,
                "applied_on": school_today().isoformat(),
                "note": "вх. 17",
            },
            headers=admin,
        ),
        201,
    )
    first_start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    lessons = []
    for start in (first_start, first_start + timedelta(minutes=55)):
        lesson = expect(
            _http.post(
                f"{schedule}/lessons",
                json={
                    "class_id": class_id,
                    "subject_id": school.subject_id,
                    "teacher_id": teacher.id,
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(minutes=45)).isoformat(),
                },
                headers=admin,
            ),
            201,
        )
        lessons.append(lesson["id"])
    # The class teacher teaches the class mathematics too (another teacher's timetable may be
    # full at this hour): she records the lessons' attendance and marks.
    teacher_headers = class_teacher.headers

    def recorded(url: str, body: dict[str, Any], method: str = "PUT") -> Callable[[], bool]:
        return lambda: (
            _http.request(method, url, json=body, headers=teacher_headers).status_code in (200, 201)
        )

    _until(
        recorded(f"{journal}/lessons/{lessons[0]}/attendance/{absent.id}", {"status": "absent"}),
        "the absence recorded",
    )
    _until(
        recorded(f"{journal}/lessons/{lessons[1]}/attendance/{late.id}", {"status": "late"}),
        "the late recorded",
    )
    _until(
        recorded(
            f"{journal}/lessons/{lessons[0]}/marks",
            {"student_id": marked.id, "value": "5", "work_type": "test"},
            "POST",
        ),
        "the mark recorded",
    )
    # Identity hears of the class teacher and the members from schedule's events.
    _until(
        lambda: (
            _http.get(
                f"{identity}/classes/{class_id}/people", headers=class_teacher.headers
            ).status_code
            == 200
        ),
        "identity knows the class teacher's class",
    )
    return ClassOfTeacher(
        class_teacher=class_teacher,
        class_id=class_id,
        class_name=created["name"],
        absent=absent,
        late=late,
        marked=marked,
        applied_parent=applied_parent,
        other_parent=other_parent,
        lessons=lessons,
        lesson_day=first_start.astimezone(SCHOOL_ZONE).date(),
    )


def attendance_week(platform: Platform, school_class: ClassOfTeacher) -> dict[str, Any]:
    week: dict[str, Any] = expect(
        _http.get(
            f"{platform.url('journal')}/classes/{school_class.class_id}/attendance/week",
            params={"date": school_class.lesson_day.isoformat()},
            headers=school_class.class_teacher.headers,
        ),
        200,
    )
    return week


def entry_of(week: dict[str, Any], lesson_id: str, student_id: str) -> tuple[str, str | None]:
    found = [
        (e["status"], e["reason"])
        for e in week["entries"]
        if (e["lesson_id"], e["student_id"]) == (lesson_id, student_id)
    ]
    assert len(found) == 1, week["entries"]
    return found[0]
