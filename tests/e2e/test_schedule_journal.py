"""Schedule and journal together (S6, S7, I5), end to end through the public REST APIs with
tokens from Keycloak: a substitute becomes the lesson's teacher of record and the planned
teacher can no longer keep its journal; a published timetable's lessons reach the journal and
a cancelled lesson leaves it; a deputy director edits only their grade levels."""

import asyncio
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from okrug_local import postgres
from okrug_local.platform import Platform
from tests.instance import TEST_INSTANCE
from tests.support import PASSWORD, Account, District, School, create_school, expect, unique

pytestmark = pytest.mark.platform


def eventually(check: Callable[[], Any], *, timeout: float = 30.0, what: str) -> Any:
    """Poll until `check` returns something truthy: events cross NATS asynchronously."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of its own: these tests add a year and timetables the others do not expect."""
    return create_school(platform, district, unique("МБОУ Лицей № 3 "))


def _free_slot() -> datetime:
    """A lesson time nobody else books: a random five minutes of a weekday in 2029."""
    day = datetime(2029, 2, 5, tzinfo=UTC) + timedelta(weeks=secrets.randbelow(100))
    return day + timedelta(hours=5, minutes=5 * secrets.randbelow(100))


def _lesson(platform: Platform, school: School, teacher: Account) -> dict[str, Any]:
    starts = _free_slot()
    return expect(
        httpx.post(
            f"{platform.url('schedule')}/lessons",
            json={
                "class_id": school.class_id,
                "subject_id": school.subject_id,
                "teacher_id": teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=school.admin.headers,
        ),
        201,
    )


def test_the_substitute_keeps_the_journal_and_the_planned_teacher_no_longer_can(
    platform: Platform, school: School
) -> None:
    lesson = _lesson(platform, school, school.teacher)
    marks = f"{platform.url('journal')}/lessons/{lesson['id']}/marks"
    mark = {"student_id": school.student.id, "value": "4", "work_type": "classwork"}
    expect(httpx.post(marks, json=mark, headers=school.teacher.headers), 201)
    assert httpx.post(marks, json=mark, headers=school.other_teacher.headers).status_code == 403

    substituted = expect(
        httpx.put(
            f"{platform.url('schedule')}/lessons/{lesson['id']}/substitution",
            json={"teacher_id": school.other_teacher.id, "reason": "болезнь учителя"},
            headers=school.admin.headers,
        ),
        200,
    )
    assert substituted["teacher_id"] == school.other_teacher.id
    assert substituted["planned_teacher_id"] == school.teacher.id

    def planned_teacher_refused() -> bool:
        return httpx.get(marks, headers=school.teacher.headers).status_code == 403

    eventually(planned_teacher_refused, what="the journal to follow the substitution")
    refused = httpx.post(marks, json=mark, headers=school.teacher.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    recorded = expect(httpx.post(marks, json=mark, headers=school.other_teacher.headers), 201)
    assert recorded["recorded_by"] == school.other_teacher.id

    expect(
        httpx.delete(
            f"{platform.url('schedule')}/lessons/{lesson['id']}/substitution",
            headers=school.admin.headers,
        ),
        200,
    )
    eventually(
        lambda: httpx.get(marks, headers=school.other_teacher.headers).status_code == 403,
        what="the journal to follow the end of the substitution",
    )
    expect(httpx.post(marks, json=mark, headers=school.teacher.headers), 201)


async def _projected(lesson_ids: list[str]) -> int:
    url = postgres.admin_url(TEST_INSTANCE, database=postgres.database_name("journal"))
    connection = await asyncpg.connect(url)
    try:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM lesson_projection WHERE lesson_id = ANY($1::uuid[])",
                lesson_ids,
            )
        )
    finally:
        await connection.close()


def test_a_published_timetable_reaches_the_journal_and_a_cancelled_lesson_leaves_it(
    platform: Platform, school: School
) -> None:
    schedule, headers = platform.url("schedule"), school.admin.headers
    year = expect(
        httpx.post(
            f"{schedule}/years",
            json={
                "calendar": {
                    "name": "2028/2029",
                    "starts_on": "2028-09-01",
                    "ends_on": "2029-05-31",
                    "periods": [
                        {
                            "kind": "term",
                            "number": 1,
                            "starts_on": "2028-09-01",
                            "ends_on": "2028-10-27",
                        }
                    ],
                    "holidays": [
                        {
                            "name": "Осенние каникулы",
                            "starts_on": "2028-10-28",
                            "ends_on": "2028-11-05",
                        }
                    ],
                }
            },
            headers=headers,
        ),
        201,
    )
    bells = expect(
        httpx.post(
            f"{schedule}/bell-schedules",
            json={
                "name": "1 смена",
                "periods": [{"number": 1, "starts_at": "08:30", "ends_at": "09:15"}],
            },
            headers=headers,
        ),
        201,
    )
    school_class = expect(
        httpx.post(
            f"{schedule}/classes",
            json={"grade": 6, "letter": "Ю", "year_id": year["id"]},
            headers=headers,
        ),
        201,
    )
    draft = expect(
        httpx.post(
            f"{schedule}/timetables",
            json={
                "class_id": school_class["id"],
                "bell_schedule_id": bells["id"],
                "valid_from": "2028-10-23",
                "valid_to": "2028-11-10",
                "entries": [
                    {
                        "weekday": d,
                        "period": 1,
                        "subject_id": school.subject_id,
                        "teacher_id": school.other_teacher.id,
                    }
                    for d in (1, 3)
                ],
            },
            headers=headers,
        ),
        201,
    )
    published = expect(
        httpx.post(f"{schedule}/timetables/{draft['id']}/publish", headers=headers), 200
    )
    # Mondays and Wednesdays from 23 October to 10 November, the holiday 28 Oct - 5 Nov out.
    assert published["lessons_generated"] == 4
    lessons = expect(
        httpx.get(f"{schedule}/lessons", params={"class_id": school_class["id"]}, headers=headers),
        200,
    )
    assert [x["lesson_date"] for x in lessons] == [
        "2028-10-23",
        "2028-10-25",
        "2028-11-06",
        "2028-11-08",
    ]
    ids = [x["id"] for x in lessons]
    eventually(
        lambda: asyncio.run(_projected(ids)) == 4, what="the journal's projection of the timetable"
    )

    cancelled = ids[0]
    expect(
        httpx.post(
            f"{schedule}/lessons/{cancelled}/cancel", json={"reason": "карантин"}, headers=headers
        ),
        200,
    )
    eventually(
        lambda: asyncio.run(_projected([cancelled])) == 0,
        what="the cancelled lesson to leave the journal",
    )
    marks = f"{platform.url('journal')}/lessons/{cancelled}/marks"
    assert httpx.get(marks, headers=school.other_teacher.headers).status_code == 404
    kept = f"{platform.url('journal')}/lessons/{ids[1]}/marks"
    assert httpx.get(kept, headers=school.other_teacher.headers).status_code == 200


def test_a_deputy_director_edits_only_their_grade_levels(
    platform: Platform, school: School
) -> None:
    schedule, admin = platform.url("schedule"), school.admin.headers
    username = unique("deputy.")
    created = expect(
        httpx.post(
            f"{platform.url('identity')}/persons",
            json={
                "kind": "staff",
                "last_name": "Завучева",
                "first_name": "Вера",
                "roles": ["deputy-director"],
                "username": username,
                "password": PASSWORD,
            },
            headers=admin,
        ),
        201,
    )
    deputy = Account(username, created["id"], school.id, platform)
    expect(
        httpx.put(f"{schedule}/deputies/{deputy.id}/grades", json={"grades": [5]}, headers=admin),
        200,
    )
    assert (
        httpx.put(
            f"{schedule}/deputies/{deputy.id}/grades",
            json={"grades": [5, 6]},
            headers=deputy.headers,
        ).status_code
        == 403
    )
    seventh = expect(
        httpx.post(f"{schedule}/classes", json={"grade": 7, "letter": "Ю"}, headers=admin), 201
    )

    def lesson_for(class_id: str) -> dict[str, Any]:
        starts = _free_slot()
        return {
            "class_id": class_id,
            "subject_id": school.subject_id,
            "teacher_id": school.teacher.id,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(minutes=45)).isoformat(),
        }

    # The school's first class is a 5th grade: the deputy's own.
    own = httpx.post(
        f"{schedule}/lessons", json=lesson_for(school.class_id), headers=deputy.headers
    )
    assert own.status_code == 201, own.text
    other = httpx.post(
        f"{schedule}/lessons", json=lesson_for(seventh["id"]), headers=deputy.headers
    )
    assert other.status_code == 403
    assert other.headers["content-type"] == "application/problem+json"
    assert "grade 7" in other.json()["detail"]
    by_admin = expect(
        httpx.post(f"{schedule}/lessons", json=lesson_for(seventh["id"]), headers=admin), 201
    )
    cancel = httpx.post(
        f"{schedule}/lessons/{by_admin['id']}/cancel",
        json={"reason": "экскурсия"},
        headers=deputy.headers,
    )
    assert cancel.status_code == 403
    expect(
        httpx.post(
            f"{schedule}/lessons/{own.json()['id']}/cancel",
            json={"reason": "экскурсия"},
            headers=deputy.headers,
        ),
        200,
    )
