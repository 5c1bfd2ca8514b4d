"""Homework load (O3) and usage (O4) on the real platform: a teacher's homework with time
estimates reaches the district's homework load through the journal's own event stream and
puts a class over SanPiN's limit; a teacher's and a parent's use reach usage from identity's
PersonActive and the diary."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import District, School, create_school, eventually, expect, unique

pytestmark = pytest.mark.platform

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of its own: its counts are this module's alone."""
    return create_school(platform, district, unique("МБОУ СОШ № 11 "))


def _lesson(platform: Platform, school: School, subject_id: str, day: date, hour: int) -> str:
    starts = datetime.combine(day, time(hour), tzinfo=MOSCOW).astimezone(UTC)
    lesson = expect(
        httpx.post(
            f"{platform.url('schedule')}/lessons",
            json={
                "class_id": school.class_id,
                "subject_id": subject_id,
                "teacher_id": school.teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return str(lesson["id"])


def test_a_class_over_the_homework_limit(
    platform: Platform, district: District, school: School
) -> None:
    schedule, journal = platform.url("schedule"), platform.url("journal")
    today = datetime.now(MOSCOW).date()
    set_on, due_on = today - timedelta(days=2), today - timedelta(days=1)
    subjects = [school.subject_id] + [
        expect(
            httpx.post(f"{schedule}/subjects", json={"name": name}, headers=school.admin.headers),
            201,
        )["id"]
        for name in ("Русский язык", "Окружающий мир")
    ]
    minutes = [50, 40, 45]
    for hour, (subject_id, estimate) in enumerate(zip(subjects, minutes, strict=True), start=9):
        given = _lesson(platform, school, subject_id, set_on, hour)
        due = _lesson(platform, school, subject_id, due_on, hour)
        # The journal knows the lesson the homework is due for before the homework comes.
        expect(httpx.get(f"{journal}/lessons/{due}/record", headers=school.teacher.headers), 200)
        expect(
            httpx.put(
                f"{journal}/lessons/{given}/record",
                json={"topic": "Тема урока", "homework": {"text": "Задание", "minutes": estimate}},
                headers=school.teacher.headers,
                timeout=30,
            ),
            200,
        )
    dates = {"date_from": set_on.isoformat(), "date_to": due_on.isoformat()}
    url = f"{journal}/oversight/homework-load/schools/{school.id}/classes/{school.class_id}"

    def evening() -> dict[str, Any] | None:
        found = expect(httpx.get(url, params=dates, headers=district.admin.headers), 200)
        evenings = {e["evening"]: e for e in found["evenings"]}
        day = evenings.get(set_on.isoformat())
        return day if day is not None and day["homework_count"] == 3 else None

    # 5Б, grade 5: the limit is 120 minutes. The three homeworks are due the day after they
    # were set, so they count on the evening of set_on: 50 + 40 + 45 = 135 > 120.
    load = eventually(evening, what="the homework in the district's homework load")
    assert (load["minutes"], load["limit_minutes"], load["over_limit"]) == (135, 120, True)
    assert sorted(h["minutes"] for h in load["homework"]) == [40, 45, 50]

    overview = expect(
        httpx.get(
            f"{journal}/oversight/homework-load", params=dates, headers=district.admin.headers
        ),
        200,
    )
    mine = next(s for s in overview["schools"] if s["school_id"] == school.id)
    assert (mine["evenings_over_limit"], mine["classes_over_limit"], mine["max_minutes"]) == (
        1,
        1,
        135,
    )
    classes = expect(
        httpx.get(
            f"{journal}/oversight/homework-load/schools/{school.id}/classes",
            params=dates,
            headers=school.admin.headers,
        ),
        200,
    )
    [found] = classes["classes"]
    assert [(e["evening"], e["minutes"]) for e in found["over_limit"]] == [
        (set_on.isoformat(), 135)
    ]
    teacher_refused = httpx.get(url, params=dates, headers=school.teacher.headers)
    assert teacher_refused.status_code == 403


def test_usage_counts_who_used_the_platform_and_read_the_diary(
    platform: Platform, district: District, school: School
) -> None:
    identity, journal = platform.url("identity"), platform.url("journal")
    # The web app asks /me after every sign-in: the first of the day is identity's
    # PersonActive. The parent also reads the child's diary.
    for account in (school.teacher, school.parent, school.parent):
        expect(httpx.get(f"{identity}/me", headers=account.headers), 200)
    expect(
        httpx.get(
            f"{journal}/diary/students/{school.student.id}/week", headers=school.parent.headers
        ),
        200,
    )
    today = datetime.now(MOSCOW).date()
    week = (today - timedelta(days=today.weekday())).isoformat()

    def this_week() -> dict[str, int] | None:
        found = expect(
            httpx.get(
                f"{journal}/oversight/usage",
                params={"date_from": today.isoformat(), "date_to": today.isoformat()},
                headers=district.admin.headers,
            ),
            200,
        )
        mine = next((s for s in found["schools"] if s["school_id"] == school.id), None)
        if mine is None:
            return None
        persons: dict[str, int] = next(w for w in mine["weeks"] if w["week"] == week)["counts"]
        return persons if {"active-teachers", "active-parents"} <= set(persons) else None

    # This school's week: one teacher and one parent used the platform (the parent twice:
    # once), the parent read the diary. The school admin who set the school up made no
    # call to /me.
    persons = eventually(this_week, what="identity's PersonActive in usage")
    assert persons["active-teachers"] == 1
    assert persons["active-parents"] == 1
    assert persons["diary-parents"] == 1
    assert "diary-students" not in persons
