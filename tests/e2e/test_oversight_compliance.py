"""The compliance index (issue 11 point 8) end to end: schedule plans last week's lessons
through its REST API, teachers save them through the journal's (topic, attendance, homework
with minutes), the journal's own events (ENTRIES_TIMED from the saves, HomeworkSet) reach
journal keeping's and homework load's read models over NATS, and the district reads two
schools' index, its homework-load part and one week of its trend, each against a hand
computation. The figures are narrowed to last week, and the lessons are of subjects of the
test's own: the schools' Математика has a lesson today (made by create_school), which would
be the next lesson the homework is due for, moving its evening out of last week on any day
but a Monday."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import District, School, create_school, eventually, expect, unique

pytestmark = pytest.mark.platform

MOSCOW = ZoneInfo("Europe/Moscow")


def _subject(platform: Platform, school: School, name: str) -> str:
    created = expect(
        httpx.post(
            f"{platform.url('schedule')}/subjects",
            json={"name": name},
            headers=school.admin.headers,
        ),
        201,
    )
    return str(created["id"])


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
    lesson_id = str(lesson["id"])
    # The journal has the lesson (and knows it as the next one of its subject) before any
    # homework comes.
    expect(
        httpx.get(
            f"{platform.url('journal')}/lessons/{lesson_id}/record", headers=school.teacher.headers
        ),
        200,
    )
    return lesson_id


def _save(platform: Platform, school: School, lesson_id: str, minutes: int) -> None:
    """Topic, the whole class present and homework of `minutes`: three entries."""
    expect(
        httpx.put(
            f"{platform.url('journal')}/lessons/{lesson_id}/record",
            json={
                "topic": "Тема урока",
                "attendance": [
                    {"student_id": s.id, "status": "present"}
                    for s in (school.student, school.other_student)
                ],
                "homework": {"text": "Задание", "minutes": minutes},
            },
            headers={**school.teacher.headers, "Idempotency-Key": str(uuid4())},
            timeout=30,
        ),
        200,
    )


def _parts(row: dict[str, Any]) -> dict[str, tuple[int, int, float | None]]:
    return {p["name"]: (p["met"], p["counted"], p["share"]) for p in row["parts"]}


def test_the_index_of_two_schools_with_homework_load_and_a_weeks_trend(
    platform: Platform, district: District
) -> None:
    journal = platform.url("journal")
    x = create_school(platform, district, unique("МБОУ СОШ № 21 "))
    y = create_school(platform, district, unique("МБОУ СОШ № 22 "))
    # X gives its teachers 30 days for every entry: last week's entries saved now are on
    # time, and those not made are not due yet (no missing fact). Y keeps the default (the
    # lesson's day): its entries saved now are late.
    expect(
        httpx.put(
            f"{journal}/policy",
            json={
                "deadlines": {"attendance": {"days": 30}, "topics_days": 30, "homework_days": 30}
            },
            headers=x.admin.headers,
        ),
        200,
    )
    today = datetime.now(MOSCOW).date()
    monday = today - timedelta(days=today.weekday() + 7)  # last week's: inside the edit window
    tuesday = monday + timedelta(days=1)
    maths = _subject(platform, x, "Алгебра")
    russian, world = _subject(platform, x, "Русский язык"), _subject(platform, x, "Окружающий мир")
    maths_mon = _lesson(platform, x, maths, monday, 9)
    russian_mon = _lesson(platform, x, russian, monday, 10)
    world_mon = _lesson(platform, x, world, monday, 11)
    maths_tue = _lesson(platform, x, maths, tuesday, 9)
    _lesson(platform, x, russian, tuesday, 10)  # planned, never held
    for lesson_id, minutes in ((maths_mon, 50), (russian_mon, 40), (world_mon, 45)):
        _save(platform, x, lesson_id, minutes)
    _save(platform, x, maths_tue, 30)
    y_maths = _lesson(platform, y, _subject(platform, y, "Алгебра"), monday, 9)
    _save(platform, y, y_maths, 20)

    week = {"week_from": monday.isoformat(), "week_to": monday.isoformat()}

    def both_counted() -> dict[str, Any] | None:
        got = expect(
            httpx.get(
                f"{journal}/oversight/index",
                params=week,
                headers=district.admin.headers,
                timeout=30,
            ),
            200,
        )
        rows = {row["school_id"]: row for row in got["schools"]}
        if x.id not in rows or y.id not in rows:
            return None
        px, py = _parts(rows[x.id]), _parts(rows[y.id])
        counted = (
            px["timeliness"][1],
            px["completion"][1],
            px["homework_load"][1],
            py["timeliness"][1],
            py["homework_load"][1],
        )
        return rows if counted == (12, 5, 2, 3, 1) else None

    rows = eventually(both_counted, what="both schools' entries and homework in the index")
    # X: 4 lessons saved x 3 entries (topic, attendance, homework), all on time: 12 / 12 =
    # 1.0. Lessons planned 5 (Monday's 3, Tuesday's 2), held 4: 0.8. Homework: Monday
    # evening (each due at its subject's next lesson, or on the evening it was set where
    # none follows) 50 + 40 + 45 = 135 min > 120 (grade 5): over; Tuesday evening 30:
    # within. 1 / 2 = 0.5. No marks: fill has no share and does not count.
    assert _parts(rows[x.id]) == {
        "timeliness": (12, 12, 1.0),
        "fill": (0, 0, None),
        "completion": (4, 5, 0.8),
        "homework_load": (1, 2, 0.5),
    }
    # X = 100 x (0.4 x 1.0 + 0.3 x 0.8 + 0.2 x 0.5) / (0.4 + 0.3 + 0.2)
    #   = 100 x (0.4 + 0.24 + 0.1) / 0.9 = 100 x 0.74 / 0.9 = 82.22 -> 82.2
    assert rows[x.id]["index"] == 82.2
    # Y: 1 lesson saved after its day ended: 3 entries late, 0 / 3 = 0.0; held 1 / 1 = 1.0;
    # Monday evening 20 min <= 120: 1 / 1 = 1.0.
    # Y = 100 x (0.4 x 0.0 + 0.3 x 1.0 + 0.2 x 1.0) / 0.9 = 100 x 0.5 / 0.9 = 55.56 -> 55.6
    assert _parts(rows[y.id])["timeliness"] == (0, 3, 0.0)
    assert rows[y.id]["index"] == 55.6
    assert rows[x.id]["rank"] < rows[y.id]["rank"]

    # The homework part's rows: X's class with its Monday evening over the limit.
    (load_part,) = [p for p in rows[x.id]["parts"] if p["name"] == "homework_load"]
    load = expect(
        httpx.get(
            f"{journal}{load_part['rows'].removeprefix('/journal')}",
            headers=district.admin.headers,
        ),
        200,
    )
    [over] = [c for c in load["classes"] if c["over_limit"]]
    assert [(e["evening"], e["minutes"], e["limit_minutes"]) for e in over["over_limit"]] == [
        (monday.isoformat(), 135, 120)
    ]

    # One week of X's trend: last week's index is the same 82.2 (each week counts its own
    # entries, lessons and evenings); X's director reads it, Y's cannot.
    trend = expect(
        httpx.get(
            f"{journal}/oversight/compliance/schools/{x.id}/weeks",
            headers=x.admin.headers,
            timeout=30,
        ),
        200,
    )
    weeks = {w["week"]: w for w in trend["weeks"]}
    assert weeks[monday.isoformat()]["index"] == 82.2
    district_trend = expect(
        httpx.get(
            f"{journal}/oversight/compliance/weeks", headers=district.admin.headers, timeout=30
        ),
        200,
    )
    of_x = next(s for s in district_trend["schools"] if s["school_id"] == x.id)
    assert {w["week"]: w["index"] for w in of_x["weeks"]}[monday.isoformat()] == 82.2
    refused = httpx.get(
        f"{journal}/oversight/compliance/schools/{x.id}/weeks", headers=y.admin.headers
    )
    assert refused.status_code == 404
