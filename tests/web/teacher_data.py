"""Data the teacher's browser tests build through the public APIs, as a school would: schools
of their own (so that nothing here changes the shared world's journal), classes, subjects,
lessons, a teacher of two schools, a year with its curriculum, recorded lessons."""

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import (
    PASSWORD,
    Account,
    District,
    School,
    create_school,
    expect,
    school_today,
    unique,
)

# The journal learns of a new lesson from schedule's event: the tests wait for it there.
PROJECTION_WAIT_SECONDS = 60


# The machine is shared: a school's first request to Keycloak (its organization) can outlast
# httpx's 5 s under load. A school left half made by a timed-out attempt is never used.
SCHOOL_ATTEMPTS = 3


def fresh_school(platform: Platform, district: District, name: str) -> School:
    for attempt in range(1, SCHOOL_ATTEMPTS + 1):
        try:
            return create_school(platform, district, unique(f"{name} "))
        except httpx.TimeoutException:
            if attempt == SCHOOL_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def add_class(platform: Platform, school: School, grade: int, letter: str) -> str:
    created = expect(
        httpx.post(
            f"{platform.url('schedule')}/classes",
            json={"grade": grade, "letter": letter},
            headers=school.admin.headers,
        ),
        201,
    )
    return str(created["id"])


def add_subject(platform: Platform, school: School, name: str) -> str:
    created = expect(
        httpx.post(
            f"{platform.url('schedule')}/subjects",
            json={"name": name},
            headers=school.admin.headers,
        ),
        201,
    )
    return str(created["id"])


def add_lesson(
    platform: Platform,
    school: School,
    *,
    class_id: str,
    subject_id: str,
    teacher_id: str,
    starts: datetime,
) -> str:
    created = expect(
        httpx.post(
            f"{platform.url('schedule')}/lessons",
            json={
                "class_id": class_id,
                "subject_id": subject_id,
                "teacher_id": teacher_id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return str(created["id"])


def this_hour() -> datetime:
    """The hour the shared builder puts a school's first lesson at."""
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def another_hour_today() -> datetime:
    """An hour of today (UTC) that is not this hour: one before it, or after it at midnight."""
    now = this_hour()
    return now - timedelta(hours=1) if now.hour > 0 else now + timedelta(hours=1)


def record_lesson(platform: Platform, teacher: Account, lesson_id: str, body: Any) -> None:
    expect(
        httpx.put(
            f"{platform.url('journal')}/lessons/{lesson_id}/record",
            json=body,
            headers=teacher.headers,
        ),
        200,
    )


def teacher_day(platform: Platform, teacher: Account, day: date | None = None) -> Any:
    params = {} if day is None else {"date": day.isoformat()}
    return expect(
        httpx.get(f"{platform.url('journal')}/teacher-day", params=params, headers=teacher.headers),
        200,
    )


def wait_for_lessons(
    platform: Platform, teacher: Account, lessons: set[str], day: date | None = None
) -> Any:
    """The teacher's day once the journal knows every lesson given (of the day or earlier)."""
    deadline = time.monotonic() + PROJECTION_WAIT_SECONDS
    while True:
        answer = teacher_day(platform, teacher, day)
        known = {row["lesson_id"] for row in [*answer["lessons"], *answer["unfinished"]]}
        if lessons <= known or time.monotonic() > deadline:
            assert lessons <= known, answer
            return answer
        time.sleep(0.5)


def teacher_of_two_schools(platform: Platform, first: School, second: School) -> Account:
    """A new teacher of the first school whom the second school's admin adds as a teacher;
    the account's tokens are for the first school."""
    username = unique("teacher.two.")
    created = expect(
        httpx.post(
            f"{platform.url('identity')}/persons",
            json={
                "kind": "staff",
                "last_name": "Двушкольная",
                "first_name": "Вера",
                "roles": ["teacher"],
                "username": username,
                "password": PASSWORD,
            },
            headers=first.admin.headers,
        ),
        201,
    )
    expect(
        httpx.post(
            f"{platform.url('identity')}/persons/attach",
            json={"username": username, "kind": "staff", "roles": ["teacher"]},
            headers=second.admin.headers,
        ),
        201,
    )
    return Account(username, created["id"], first.id, platform)


def current_year_with_curriculum(
    platform: Platform, school: School, subject_id: str, grade: int, hours_per_week: int
) -> None:
    """The school's academic year that holds today (create_school made it), with the subject
    in its curriculum."""
    today = school_today()
    schedule = platform.url("schedule")
    years = expect(httpx.get(f"{schedule}/years", headers=school.admin.headers), 200)
    year = next(y for y in years if y["starts_on"] <= str(today) <= y["ends_on"])
    expect(
        httpx.put(
            f"{schedule}/years/{year['id']}/curriculum",
            json={
                "items": [
                    {"grade": grade, "subject_id": subject_id, "hours_per_week": hours_per_week}
                ]
            },
            headers=school.admin.headers,
        ),
        200,
    )
