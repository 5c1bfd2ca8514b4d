"""Journal's rows of the access matrix (J2, J3, J9, I5)."""

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.matrix import Endpoint, Request, allow


def _lesson(cast: Cast, target: str) -> tuple[str, str]:
    """(lesson, a student of its class) of the target school."""
    school = cast.a if target == "own" else cast.b
    return school.lesson_id, school.other_student.id


def _student(cast: Cast, persona: str, target: str) -> str:
    return {
        "own": cast.account(persona).id,
        "same-school": cast.a.other_student.id,
        "other-school": cast.b.student.id,
        "own-child": cast.a.student.id,
        "other-child": cast.a.other_student.id,
    }[target]


def _mark(cast: Cast, persona: str, target: str) -> Request:
    lesson, student = _lesson(cast, target)
    return Request(
        f"/lessons/{lesson}/marks", {"student_id": student, "value": "4", "work_type": "oral"}
    )


def _attendance(cast: Cast, persona: str, target: str) -> Request:
    lesson, student = _lesson(cast, target)
    return Request(f"/lessons/{lesson}/attendance/{student}", {"status": "late"})


ROWS = [
    Endpoint(
        "journal",
        "POST",
        "/lessons/{lesson_id}/marks",
        ("own", "other-school"),
        _mark,
        allow(["teacher"], "own"),
        success=201,
    ),
    Endpoint(
        "journal",
        "GET",
        "/lessons/{lesson_id}/marks",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lessons/{_lesson(c, t)[0]}/marks"),
        allow(["teacher", *LEADERSHIP], "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/students/{student_id}/marks",
        ("own", "same-school", "other-school", "own-child", "other-child"),
        lambda c, p, t: Request(f"/students/{_student(c, p, t)}/marks"),
        allow(["student"], "own")
        | allow(["parent"], "own-child")
        | allow(LEADERSHIP, "same-school"),
    ),
    Endpoint(
        "journal",
        "PUT",
        "/lessons/{lesson_id}/attendance/{student_id}",
        ("own", "other-school"),
        _attendance,
        allow(["teacher"], "own"),
    ),
]
