"""Issue 11 point 4 end to end (O2, J3): teachers save lessons with marks through the real
API, the journal's mark events reach oversight's read models over NATS, and the district
finds the outlier teacher among two schools (the statistic computed by hand below); a
school's admin reads their own school only, compared with the district."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import District, School, World, eventually, expect, unique

pytestmark = pytest.mark.platform


def subject_lesson(
    platform: Platform, school: School, teacher_id: str, name: str, hours_ago: int
) -> str:
    """A lesson of the school's class in a subject of this test's own (the platform is
    shared by the session's tests: the district's Математика holds their marks too)."""
    schedule = platform.url("schedule")
    headers = school.admin.headers
    subject = school.extra.get(name)
    if subject is None:
        subject = expect(
            httpx.post(f"{schedule}/subjects", json={"name": name}, headers=headers), 201
        )["id"]
        school.extra[name] = subject
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=hours_ago
    )
    lesson = expect(
        httpx.post(
            f"{schedule}/lessons",
            json={
                "class_id": school.class_id,
                "subject_id": subject,
                "teacher_id": teacher_id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=headers,
        ),
        201,
    )
    return str(lesson["id"])


def save_marks(
    platform: Platform, school: School, teacher: Any, lesson_id: str, values: dict[str, int]
) -> None:
    """One lesson saved with its marks (the class's two students in turn)."""
    students = [school.student.id, school.other_student.id]
    marks = [
        {"student_id": students[i % 2], "value": value, "work_type": "classwork"}
        for value, count in values.items()
        for i in range(count)
    ]
    expect(
        httpx.put(
            f"{platform.url('journal')}/lessons/{lesson_id}/record",
            json={"topic": "Звёзды", "work_types": ["classwork"], "marks": marks},
            headers=teacher.headers,
            timeout=60,
        ),
        200,
    )


def test_the_district_finds_an_outlier_teacher(
    platform: Platform, world: World, district: District
) -> None:
    """In a subject of the test's own, grade 5: the first school's teacher gives 30 fives;
    the second school's two teachers 100 marks each (25 threes, 50 fours, 25 fives).

    The first teacher against the rest of the district (200 marks: 50x3, 100x4, 50x5;
    mean 800 / 200 = 4.00; sum of squares 3300, SS = 3300 - 800^2 / 200 = 100,
    sd = sqrt(100 / 199) = 0.708881): z = (5 - 4) * sqrt(30) / 0.708881 = 7.7266 >= 3 and a
    gap of 1.00 >= 0.3: an outlier, more generous than the district.
    A teacher of the second school against the other 130 marks (25x3, 50x4, 55x5; mean
    550 / 130 = 4.230769; SS = 2400 - 550^2 / 130 = 73.0769, sd = sqrt(73.0769 / 129) =
    0.752654): z = (4 - 4.230769) * sqrt(100) / 0.752654 = -3.0661, but the means differ by
    0.23 of a mark only (< 0.3): not an outlier."""
    name = unique("Астрономия ")
    first, second = world.first, world.second
    save_marks(
        platform,
        first,
        first.teacher,
        subject_lesson(platform, first, first.teacher.id, name, 1),
        {"5": 30},
    )
    for hours_ago, teacher in ((1, second.teacher), (2, second.other_teacher)):
        lesson = subject_lesson(platform, second, teacher.id, name, hours_ago)
        save_marks(platform, second, teacher, lesson, {"3": 25, "4": 50, "5": 25})

    url = f"{platform.url('journal')}/oversight/objectivity/distributions"
    query = {"by": "teacher", "subject_id": first.extra[name]}

    def counted() -> Any:
        body = expect(httpx.get(url, params=query, headers=district.admin.headers), 200)
        return body if sum(u["marks"]["n"] for u in body["units"]) == 230 else None

    body = eventually(counted, what="the 230 marks counted in oversight's read model")
    assert body["rule"]["statistic"] == "z-score-of-mean"
    outlier, *others = body["units"]
    assert (outlier["school_id"], outlier["teacher_id"]) == (first.id, first.teacher.id)
    assert outlier["teacher_name"] == "Иванов П."
    assert outlier["marks"]["counts"] == [0, 0, 0, 0, 30]
    assert outlier["district"] == {"counts": [0, 0, 50, 100, 50], "n": 200, "mean": 4.0}
    assert outlier["z"] == pytest.approx(7.7266, abs=1e-4)
    assert outlier["outlier"] is True
    assert [(u["school_id"], u["outlier"]) for u in others] == [(second.id, False)] * 2
    assert [u["z"] for u in others] == [pytest.approx(-3.0661, abs=1e-4)] * 2
    for student in (first.student, first.other_student, second.student, second.other_student):
        assert student.id not in str(body)  # the district reads counts, never a student

    # The second school's admin reads their own teachers only, against the whole district.
    own = expect(
        httpx.get(
            url, params={**query, "subject_id": second.extra[name]}, headers=second.admin.headers
        ),
        200,
    )
    assert {u["teacher_id"] for u in own["units"]} == {second.teacher.id, second.other_teacher.id}
    assert [u["district"]["n"] for u in own["units"]] == [130, 130]
