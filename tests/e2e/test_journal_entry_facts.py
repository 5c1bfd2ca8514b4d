"""Issue 11 point 2 end to end (J4): a lesson schedule holds in the past reaches the journal
through schedule's event, the journal's deadline clock records its entries missing once
their deadline has passed, and the teacher's later entry turns the missing fact late under
the same fact id, naming who entered it and how; another school's leadership cannot read
the lesson's facts."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import World, eventually, expect

pytestmark = pytest.mark.platform

MOSCOW = ZoneInfo("Europe/Moscow")


def test_a_missing_entry_becomes_late_on_the_real_platform(
    platform: Platform, world: World
) -> None:
    school = world.first
    journal, schedule = platform.url("journal"), platform.url("schedule")
    # Two days ago at 09:00 Moscow time: attendance, topic and homework were due by the
    # end of that day (the default policy: the same day), 00:00 MSK the day after.
    day = datetime.now(MOSCOW).date() - timedelta(days=2)
    starts = datetime(day.year, day.month, day.day, 9, 0, tzinfo=MOSCOW)
    lesson = expect(
        httpx.post(
            f"{schedule}/lessons",
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
    url = f"{journal}/lessons/{lesson['id']}/timeliness"
    due = datetime(day.year, day.month, day.day, tzinfo=MOSCOW) + timedelta(days=1)

    def facts(kinds: int) -> list[dict[str, Any]] | None:
        response = httpx.get(url, headers=school.admin.headers, timeout=30)
        found: list[dict[str, Any]] = response.json() if response.status_code == 200 else []
        return found if len(found) == kinds else None

    missing = eventually(lambda: facts(3), what="the lesson's entries recorded missing")
    assert {(f["kind"], f["timeliness"]) for f in missing} == {
        ("attendance", "missing"),
        ("topic", "missing"),
        ("homework", "missing"),
    }
    assert all(
        (f["entered_by"], f["entered_at"], f["teacher_id"]) == (None, None, school.teacher.id)
        and datetime.fromisoformat(f["due_at"]) == due
        for f in missing
    )

    before = datetime.now(UTC)
    expect(
        httpx.put(
            f"{journal}/lessons/{lesson['id']}/record",
            json={"topic": "Деление дробей"},
            headers=school.teacher.headers,
            timeout=30,
        ),
        200,
    )
    after = {f["kind"]: f for f in expect(httpx.get(url, headers=school.admin.headers), 200)}
    topic = after["topic"]
    assert topic["fact_id"] == next(f["fact_id"] for f in missing if f["kind"] == "topic")
    assert (topic["timeliness"], topic["entered_by"], topic["source"]) == (
        "late",
        school.teacher.id,
        "typed",
    )
    assert datetime.fromisoformat(topic["entered_at"]) >= before
    assert (after["attendance"]["timeliness"], after["homework"]["timeliness"]) == (
        "missing",
        "missing",
    )

    other = httpx.get(url, headers=world.second.admin.headers, timeout=30)
    assert other.status_code == 404
