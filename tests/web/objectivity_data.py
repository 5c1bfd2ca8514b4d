"""Builders for objectivity's tests on the platform (issue 11 point 4): lessons of a subject
of the test's own, saved with their marks through the journal's API, and the outlier
teacher among two schools that the end-to-end and the browser tests read."""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import Account, School, World, expect, unique


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
    # Counted back from the school's own lesson, which its first teacher teaches.
    assert school.lesson_starts_at is not None
    starts = school.lesson_starts_at - timedelta(hours=hours_ago + 3)
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
    platform: Platform, school: School, teacher: Account, lesson_id: str, values: dict[str, int]
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


@dataclass(frozen=True)
class OutlierScenario:
    subject: str
    # Each school's own id of the subject (the district's subject is the same by its name).
    first_subject_id: str
    second_subject_id: str


# Each scenario of the session (the end-to-end and the browser test share objectivity's two
# schools) takes lessons three hours earlier than the one before: schedule refuses a teacher
# or a class two lessons at once.
_SCENARIOS = itertools.count()


def outlier_teacher(platform: Platform, world: World) -> OutlierScenario:
    """In a subject of its own, grade 5: the first school's teacher gives 30 fives; the
    second school's two teachers 100 marks each (25 threes, 50 fours, 25 fives)."""
    name = unique("Астрономия ")
    first, second = world.first, world.second
    earlier = 3 * next(_SCENARIOS)
    lesson = subject_lesson(platform, first, first.teacher.id, name, 1 + earlier)
    save_marks(platform, first, first.teacher, lesson, {"5": 30})
    for hours_ago, teacher in ((1, second.teacher), (2, second.other_teacher)):
        lesson = subject_lesson(platform, second, teacher.id, name, hours_ago + earlier)
        save_marks(platform, second, teacher, lesson, {"3": 25, "4": 50, "5": 25})
    return OutlierScenario(name, first.extra[name], second.extra[name])


def distributions(platform: Platform, reader: Account, subject_id: str) -> Any:
    return expect(
        httpx.get(
            f"{platform.url('journal')}/oversight/objectivity/distributions",
            params={"by": "teacher", "subject_id": subject_id},
            headers=reader.headers,
        ),
        200,
    )
