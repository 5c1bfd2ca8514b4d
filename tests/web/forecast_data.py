"""Data of the forecast's tests on the real platform (issue 11 point 7; J12): a school of its
own whose term runs around today, its class 5Б with a class teacher, and marks recorded
through the journal's API as a teacher would. Shared by tests/e2e/test_journal_forecast.py
and tests/web/test_forecast_screens.py."""

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
    term_around_today_calendar,
    unique,
)

_http = httpx.Client(timeout=60)


@dataclass
class ForecastSchool:
    school: School
    class_teacher: Account


def forecast_school(platform: Platform, district: District) -> ForecastSchool:
    school = create_school(
        platform, district, unique("МБОУ СОШ № 5 "), term_around_today_calendar()
    )
    username = unique("forecast.ct.")
    created = expect(
        _http.post(
            f"{platform.url('identity')}/persons",
            json={
                "kind": "staff",
                "last_name": "Классная",
                "first_name": "Нина",
                "username": username,
                "password": PASSWORD,
                "roles": ["teacher", "class-teacher"],
            },
            headers=school.admin.headers,
        ),
        201,
    )
    expect(
        _http.patch(
            f"{platform.url('schedule')}/classes/{school.class_id}",
            json={"class_teacher_id": created["id"]},
            headers=school.admin.headers,
        ),
        200,
    )
    return ForecastSchool(school, Account(username, created["id"], school.id, platform))


def record_mark(platform: Platform, school: School, student: Account, value: str, kind: str) -> str:
    """A mark of the lesson of now, as its teacher records it (once the journal knows it)."""
    url = f"{platform.url('journal')}/lessons/{school.lesson_id}/marks"
    body = {"student_id": student.id, "value": value, "work_type": kind}

    def recorded() -> Any:
        answer = _http.post(url, json=body, headers=school.teacher.headers)
        return answer.json() if answer.status_code == 201 else None

    mark: dict[str, Any] = eventually(recorded, what="the journal to know the lesson")
    return str(mark["id"])


def change_mark(platform: Platform, school: School, mark_id: str, value: str) -> None:
    expect(
        _http.patch(
            f"{platform.url('journal')}/marks/{mark_id}",
            json={"value": value, "reason": "Ошибка при вводе"},
            headers=school.teacher.headers,
        ),
        200,
    )


def forecast_of(
    platform: Platform, reader: Account, student: Account, average: str
) -> dict[str, Any]:
    """The student's forecast in the school's subject once the read model shows `average`
    (the mark events cross NATS to the forecast's consumers)."""
    url = f"{platform.url('journal')}/students/{student.id}/forecast"

    def shown() -> Any:
        answer = _http.get(url, headers=reader.headers)
        if answer.status_code != 200:
            return None
        found = [f for f in answer.json()["forecasts"] if f["weighted_average"] == average]
        return found[0] if found else None

    found: dict[str, Any] = eventually(shown, what=f"the forecast at {average}")
    return found
