"""Data for the journal grid's browser tests (issue 10, screen 2): a school of their own
(they change its journal policy), lessons in the past, and reads through the public APIs."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import Account, School, eventually, expect


def journal_path(school: School) -> str:
    """The grid's address in the app (web/src/areas/teacher/journal/paths.ts)."""
    return f"/teacher/journal/{school.class_id}/{school.subject_id}"


def past_lesson(platform: Platform, school: School, days_ago: int) -> str:
    """A lesson of the school's class and subject `days_ago` days back, given by its teacher."""
    starts = (datetime.now(UTC) - timedelta(days=days_ago)).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    lesson = expect(
        httpx.post(
            f"{platform.url('schedule')}/lessons",
            json={
                "class_id": school.class_id,
                "subject_id": school.subject_id,
                "teacher_id": school.teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return str(lesson["id"])


def grid(platform: Platform, school: School, reader: Account) -> dict[str, Any]:
    result: dict[str, Any] = expect(
        httpx.get(
            f"{platform.url('journal')}/classes/{school.class_id}/subjects/{school.subject_id}/grid",
            headers=reader.headers,
            timeout=30,
        ),
        200,
    )
    return result


def wait_for_lessons(platform: Platform, school: School, *lesson_ids: str) -> dict[str, Any]:
    """The grid once the journal has heard of the lessons from schedule."""

    def ready() -> dict[str, Any] | None:
        answer = grid(platform, school, school.teacher)
        shown = {lesson["lesson_id"] for lesson in answer["lessons"]}
        return answer if set(lesson_ids) <= shown else None

    found: dict[str, Any] = eventually(ready, what="the lessons in the journal grid")
    return found


def lesson_record(platform: Platform, school: School, lesson_id: str) -> dict[str, Any]:
    result: dict[str, Any] = expect(
        httpx.get(
            f"{platform.url('journal')}/lessons/{lesson_id}/record",
            headers=school.teacher.headers,
            timeout=30,
        ),
        200,
    )
    return result


def diary_lesson(
    platform: Platform, reader: Account, student: Account, lesson_id: str
) -> dict[str, Any] | None:
    """The lesson in the student's diary week, as the reader (a parent) sees it."""
    week = expect(
        httpx.get(
            f"{platform.url('journal')}/diary/students/{student.id}/week",
            headers=reader.headers,
            timeout=30,
        ),
        200,
    )
    for day in week["days"]:
        for lesson in day["lessons"]:
            if lesson["lesson_id"] == lesson_id:
                return dict(lesson)
    return None


def inbox(platform: Platform, reader: Account) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = expect(
        httpx.get(f"{platform.url('notify')}/inbox", headers=reader.headers, timeout=30), 200
    )
    return messages
