"""Data the school-ops browser tests need, made through the public REST APIs as people would:
a bell schedule in the school's year, two classes' timetables that clash, a recorded lesson
with an absence and a corrected mark."""

from dataclasses import dataclass
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, School, expect, unique


@dataclass(frozen=True)
class ClashingTimetables:
    """5Б's draft puts the teacher on Monday's first period, when 6А's published timetable
    already has them."""

    draft_id: str
    other_class_id: str
    bell_schedule_id: str


def clashing_timetables(platform: Platform, school: School) -> ClashingTimetables:
    schedule, headers = platform.url("schedule"), school.admin.headers
    # 5Б belongs to the school's current year (tests.support): the clash is in its last
    # term, which schedule's year holds as term 4.
    [year] = expect(httpx.get(f"{schedule}/years", headers=headers), 200)
    detail = expect(httpx.get(f"{schedule}/years/{year['id']}", headers=headers), 200)
    last_term = next(p for p in detail["periods"] if (p["kind"], p["number"]) == ("term", 4))
    bells = expect(
        httpx.post(
            f"{schedule}/bell-schedules",
            json={
                "name": "1 смена",
                "periods": [
                    {"number": 1, "starts_at": "08:30", "ends_at": "09:15"},
                    {"number": 2, "starts_at": "09:25", "ends_at": "10:10"},
                ],
            },
            headers=headers,
        ),
        201,
    )
    other_class = expect(
        httpx.post(
            f"{schedule}/classes",
            json={"grade": 6, "letter": "А", "year_id": year["id"]},
            headers=headers,
        ),
        201,
    )
    term = {
        "valid_from": last_term["starts_on"],
        "valid_to": last_term["ends_on"],
        "bell_schedule_id": bells["id"],
    }
    monday_first = {
        "weekday": 1,
        "period": 1,
        "subject_id": school.subject_id,
        "teacher_id": school.teacher.id,
    }
    published = expect(
        httpx.post(
            f"{schedule}/timetables",
            json={"class_id": other_class["id"], "entries": [monday_first], **term},
            headers=headers,
        ),
        201,
    )
    expect(httpx.post(f"{schedule}/timetables/{published['id']}/publish", headers=headers), 200)
    tuesday_second = {
        "weekday": 2,
        "period": 2,
        "subject_id": school.subject_id,
        "teacher_id": school.other_teacher.id,
    }
    draft = expect(
        httpx.post(
            f"{schedule}/timetables",
            json={"class_id": school.class_id, "entries": [monday_first, tuesday_second], **term},
            headers=headers,
        ),
        201,
    )
    return ClashingTimetables(draft["id"], other_class["id"], bells["id"])


def lesson_of(platform: Platform, school: School, lesson_id: str) -> dict[str, Any]:
    return dict(
        expect(
            httpx.get(
                f"{platform.url('schedule')}/lessons/{lesson_id}", headers=school.admin.headers
            ),
            200,
        )
    )


@dataclass(frozen=True)
class RecordedLesson:
    lesson_date: str
    mark_id: str


def recorded_lesson_with_a_corrected_mark(platform: Platform, school: School) -> RecordedLesson:
    """The school's lesson recorded by its teacher: the student absent (no reason yet), the
    other student a 4 for an oral answer, then corrected to 5."""
    journal = platform.url("journal")
    record = expect(
        httpx.put(
            f"{journal}/lessons/{school.lesson_id}/record",
            json={
                "topic": "Натуральные числа",
                "attendance": [{"student_id": school.student.id, "status": "absent"}],
                "marks": [
                    {"student_id": school.other_student.id, "value": "4", "work_type": "oral"}
                ],
            },
            headers=school.teacher.headers,
            timeout=30,
        ),
        200,
    )
    mark_id = record["marks"][0]["id"]
    expect(
        httpx.patch(
            f"{journal}/marks/{mark_id}",
            json={"value": "5", "reason": "Ответ дополнен"},
            headers=school.teacher.headers,
        ),
        200,
    )
    return RecordedLesson(lesson_of(platform, school, school.lesson_id)["lesson_date"], mark_id)


def browser_admin(platform: Platform, district: District, school: School) -> Account:
    """Another school admin of the school, for the browser alone: setting up the one-time
    code there (the realm asks every school admin for it) makes the account's password
    grant ask for the code too, and the test's API calls go on with the school's own admin."""
    username = unique("admin.web.")
    created = expect(
        httpx.post(
            f"{platform.url('identity')}/schools/{school.id}/administrators",
            json={
                "kind": "staff",
                "last_name": "Завучева",
                "first_name": "Нина",
                "roles": ["school-admin"],
                "username": username,
                "password": PASSWORD,
            },
            headers=district.admin.headers,
        ),
        201,
    )
    return Account(username, created["id"], school.id, platform)
