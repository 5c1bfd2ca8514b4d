"""Data of the family package's browser tests (issue 10, screen 5): a school whose lesson of
now the teacher has recorded (topic, homework, two marks and a late for the student), and a
parent with a child in each of two schools. Built through the public APIs as people would;
each waits, by polling, for what crosses NATS (the journal's projections, the inbox)."""

from dataclasses import dataclass
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import (
    PASSWORD,
    Account,
    District,
    School,
    create_school,
    eventually,
    expect,
    unique,
)

TOPIC = "Сложение обыкновенных дробей"
HOMEWORK = {"text": "Решить задачи", "pages": "стр. 45", "exercises": "№ 112"}


def _answers(url: str, account: Account) -> Any:
    response = httpx.get(url, headers=account.headers, timeout=30)
    return response.json() if response.status_code == 200 else None


def wait_for_diary(platform: Platform, reader: Account, student: Account) -> None:
    """The journal knows the student and the reader's relation to them."""
    url = f"{platform.url('journal')}/diary/students/{student.id}/week"
    eventually(lambda: _answers(url, reader), what=f"the diary of {student.id}")


def record_lesson(platform: Platform, school: School) -> None:
    """The teacher records the lesson of now: topic, homework, the student late with a 5
    for a test (weight 2) and a 4 for an oral answer, the other student absent ill."""
    journal = platform.url("journal")
    body = {
        "topic": TOPIC,
        "work_types": ["test", "oral"],
        "homework": HOMEWORK,
        "attendance": [
            {"student_id": school.student.id, "status": "late"},
            {"student_id": school.other_student.id, "status": "absent", "reason": "illness"},
        ],
        "marks": [
            {"student_id": school.student.id, "value": "5", "work_type": "test"},
            {"student_id": school.student.id, "value": "4", "work_type": "oral"},
        ],
    }
    url = f"{journal}/lessons/{school.lesson_id}/record"
    headers = {**school.teacher.headers, "Idempotency-Key": unique("family-")}
    eventually(
        lambda: httpx.put(url, json=body, headers=headers, timeout=30).status_code == 200,
        what="the journal to know the lesson and record it",
    )


def wait_for_inbox(platform: Platform, reader: Account, count: int) -> list[dict[str, Any]]:
    url = f"{platform.url('notify')}/inbox"

    def arrived() -> Any:
        messages = _answers(url, reader)
        return messages if messages is not None and len(messages) >= count else None

    found: list[dict[str, Any]] = eventually(arrived, what=f"{count} messages in the inbox")
    return found


@dataclass
class RecordedSchool:
    school: School
    name: str


def recorded_school(
    platform: Platform, district: District, calendar: dict[str, Any] | None = None
) -> RecordedSchool:
    name = unique("МБОУ СОШ № 5 ")
    school = create_school(platform, district, name, calendar)
    record_lesson(platform, school)
    wait_for_diary(platform, school.parent, school.student)
    # Two marks and the late: three messages for the parent.
    wait_for_inbox(platform, school.parent, 3)
    return RecordedSchool(school, name)


@dataclass
class TwoSchoolParent:
    account: Account  # the login; its id is the parent's at the first school
    first_child: Account
    second_child: Account


def parent_of_two_schools(platform: Platform, first: School, second: School) -> TwoSchoolParent:
    """A new parent of the first school's student, whom the second school takes in as the
    parent of its student (one login, a person at each school)."""
    identity = platform.url("identity")
    username = unique("parent.two.")
    created = expect(
        httpx.post(
            f"{identity}/persons",
            json={
                "kind": "parent",
                "last_name": "Двушкольный",
                "first_name": "Олег",
                "username": username,
                "password": PASSWORD,
            },
            headers=first.admin.headers,
        ),
        201,
    )
    attached = expect(
        httpx.post(
            f"{identity}/persons/attach",
            json={"username": username, "kind": "parent", "roles": ["parent"]},
            headers=second.admin.headers,
        ),
        201,
    )
    for school, guardian_id in ((first, created["id"]), (second, attached["id"])):
        expect(
            httpx.post(
                f"{identity}/guardians",
                json={"guardian_id": guardian_id, "student_id": school.student.id},
                headers=school.admin.headers,
            ),
            201,
        )
    account = Account(username, created["id"], first.id, platform)
    wait_for_diary(platform, account, first.student)
    wait_for_diary(platform, Account(username, attached["id"], second.id, platform), second.student)
    return TwoSchoolParent(account, first.student, second.student)
