"""Journal's rows of the access matrix for the diary and absence reasons (issue 5 points 3
and 8; J2, J9, I5).

The class-teacher persona is the class teacher of a class of its own (made in identity.py
through schedule; the journal learns it from okrug.schedule.class.teacher_assigned). Its
student is the "same-school" target of the diary rows, so the class teacher reads them and
the leadership does too; a lesson of that class, taught by the other teacher, is the
class-teacher persona's "own" lesson whose absence reasons it corrects."""

import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.identity import _own_class, _pupil
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import School, expect

STUDENT_TARGETS = ("own", "same-school", "other-school", "own-child", "other-child")
NOTE = {"date_from": "2026-11-02", "date_to": "2026-11-04", "reason": "illness"}


def _school(cast: Cast, target: str) -> School:
    return cast.b if target == "other-school" else cast.a


def _wait(check: Any, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"the journal never learnt {what}")


def _own_lesson(cast: Cast) -> tuple[str, str, str]:
    """(class, its student, a lesson of it taught by the other teacher, with the student's
    late recorded), once the journal knows the class teacher and the student."""
    if "diary:own-lesson" in cast.cache:
        found: tuple[str, str, str] = cast.cache["diary:own-lesson"]
        return found
    class_id, pupil = _own_class(cast), _pupil(cast)
    lesson = _book_lesson(cast, class_id)
    _wait(
        lambda: (
            cast.http.get(
                cast.url("journal", f"/diary/students/{pupil}/week"),
                headers=cast.headers("class-teacher"),
                timeout=30,
            ).status_code
            == 200
        ),
        "the class teacher and their student",
    )
    _late(cast, lesson["id"], pupil, cast.signed_in(cast.a.other_teacher))
    cast.cache["diary:own-lesson"] = (class_id, pupil, lesson["id"])
    return class_id, pupil, lesson["id"]


def _book_lesson(cast: Cast, class_id: str) -> dict[str, Any]:
    """A lesson of the class today, taught by the other teacher, at a free time (another
    row may have booked the other teacher: a collision is retried at another time)."""
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for _ in range(10):
        starts = midnight + timedelta(minutes=5 * secrets.randbelow(250))
        answer = cast.http.post(
            cast.url("schedule", "/lessons"),
            json={
                "class_id": class_id,
                "subject_id": cast.a.subject_id,
                "teacher_id": cast.a.other_teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=cast.headers("school-admin"),
            timeout=30,
        )
        if answer.status_code != 409:
            created: dict[str, Any] = expect(answer, 201)
            return created
    raise AssertionError("no free time for a lesson of the class-teacher persona's class")


def _late(cast: Cast, lesson: str, student: str, headers: dict[str, str]) -> None:
    expect(
        cast.http.put(
            cast.url("journal", f"/lessons/{lesson}/attendance/{student}"),
            json={"status": "late"},
            headers=headers,
            timeout=30,
        ),
        200,
    )


def _correction(cast: Cast, persona: str, target: str) -> Request:
    """own: the class-teacher persona's class's lesson for it, the teacher persona's lesson
    for everybody else; other-school: the second school's lesson. A late is recorded first."""
    if target == "own" and persona == "class-teacher":
        _, student, lesson = _own_lesson(cast)
    else:
        school = _school(cast, target)
        lesson, student = school.lesson_id, school.other_student.id
        _late(cast, lesson, student, cast.signed_in(school.teacher))
    return Request(f"/lessons/{lesson}/attendance/{student}", {"reason": "excused"})


def _notes(cast: Cast, target: str) -> str:
    if target == "other-school":
        return f"/classes/{cast.b.class_id}/students/{cast.b.student.id}/absence-notes"
    class_id, pupil, _ = _own_lesson(cast)
    return f"/classes/{class_id}/students/{pupil}/absence-notes"


def _new_note(cast: Cast, persona: str, target: str) -> Request:
    if target == "other-school":
        return Request(f"{_notes(cast, target)}/{'0' * 8}-0000-4000-8000-{'0' * 12}")
    created = expect(
        cast.http.post(
            cast.url("journal", _notes(cast, target)),
            json=NOTE,
            headers=cast.headers("class-teacher"),
            timeout=30,
        ),
        201,
    )
    return Request(f"{_notes(cast, target)}/{created['id']}")


def _student(cast: Cast, persona: str, target: str) -> str:
    if target == "same-school":
        _own_lesson(cast)
        return _pupil(cast)
    return {
        "own": lambda: cast.account(persona).id,
        "other-school": lambda: cast.b.student.id,
        "own-child": lambda: cast.a.student.id,
        "other-child": lambda: cast.a.other_student.id,
    }[target]()


DIARY_READERS = (
    allow(["student"], "own")
    | allow(["parent"], "own-child")
    | allow([*LEADERSHIP, "class-teacher"], "same-school")
)

ROWS: list[Endpoint] = [
    Endpoint(
        "journal",
        "PATCH",
        "/lessons/{lesson_id}/attendance/{student_id}",
        ("own", "other-school"),
        _correction,
        allow(["teacher", "class-teacher"], "own"),
    ),
    Endpoint(
        "journal",
        "POST",
        "/classes/{class_id}/students/{student_id}/absence-notes",
        ("own", "other-school"),
        lambda c, p, t: Request(_notes(c, t), NOTE),
        allow(["class-teacher"], "own"),
        success=201,
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/students/{student_id}/absence-notes",
        ("own", "other-school"),
        lambda c, p, t: Request(_notes(c, t)),
        allow([*LEADERSHIP, "class-teacher"], "own"),
    ),
    Endpoint(
        "journal",
        "DELETE",
        "/classes/{class_id}/students/{student_id}/absence-notes/{note_id}",
        ("own", "other-school"),
        _new_note,
        allow(["class-teacher"], "own"),
        success=204,
    ),
    Endpoint(
        "journal",
        "GET",
        "/diary/students/{student_id}/week",
        STUDENT_TARGETS,
        lambda c, p, t: Request(f"/diary/students/{_student(c, p, t)}/week"),
        DIARY_READERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/diary/students/{student_id}/marks",
        STUDENT_TARGETS,
        lambda c, p, t: Request(f"/diary/students/{_student(c, p, t)}/marks?period=year"),
        DIARY_READERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/diary/children",
        ("-",),
        lambda c, p, t: Request("/diary/children"),
        allow(["student", "parent"], "-"),
    ),
]
