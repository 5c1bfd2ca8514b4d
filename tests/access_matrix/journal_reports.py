"""Journal's rows of the access matrix for summary sheets and class reports (issue 5 point 9;
J10, J11, I5).

The class-teacher persona is the class teacher of a class of its own (made in identity.py
through schedule; the journal learns it from okrug.schedule.class.teacher_assigned and the
student from the membership event). That class is the "own" target of the class rows and
its student the "same-school" target of the student rows: the class teacher reads them, and
so does the school's leadership; the first school's class 5Б (no class teacher) is the
"same-school" class, read by the leadership only."""

import time

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.identity import _own_class, _pupil
from tests.access_matrix.matrix import Endpoint, Request, allow

STUDENT_TARGETS = ("own", "same-school", "other-school", "own-child", "other-child")
CLASS_TARGETS = ("own", "same-school", "other-school")
RANGE = "date_from=2026-09-01&date_to=2026-12-31"


def _ready(cast: Cast) -> tuple[str, str]:
    """(the class-teacher persona's class, its student) once the journal knows both."""
    if "reports:own-class" in cast.cache:
        found: tuple[str, str] = cast.cache["reports:own-class"]
        return found
    class_id, pupil = _own_class(cast), _pupil(cast)
    deadline = time.monotonic() + 60
    while True:
        answer = cast.http.get(
            cast.url("journal", f"/students/{pupil}/summary"),
            headers=cast.headers("class-teacher"),
            timeout=30,
        )
        if answer.status_code == 200:
            break
        if time.monotonic() > deadline:
            raise AssertionError("the journal never learnt the class teacher and their student")
        time.sleep(0.3)
    cast.cache["reports:own-class"] = (class_id, pupil)
    return class_id, pupil


def _student(cast: Cast, persona: str, target: str) -> str:
    if target == "same-school":
        return _ready(cast)[1]
    return {
        "own": lambda: cast.account(persona).id,
        "other-school": lambda: cast.b.student.id,
        "own-child": lambda: cast.a.student.id,
        "other-child": lambda: cast.a.other_student.id,
    }[target]()


def _class(cast: Cast, target: str) -> str:
    if target == "own":
        return _ready(cast)[0]
    return cast.a.class_id if target == "same-school" else cast.b.class_id


def _student_row(suffix: str) -> Endpoint:
    return Endpoint(
        "journal",
        "GET",
        f"/students/{{student_id}}/{suffix}",
        STUDENT_TARGETS,
        lambda c, p, t: Request(f"/students/{_student(c, p, t)}/{suffix}?{RANGE}"),
        allow(["student"], "own")
        | allow(["parent"], "own-child")
        | allow([*LEADERSHIP, "class-teacher"], "same-school"),
    )


def _class_row(route: str, query: str) -> Endpoint:
    return Endpoint(
        "journal",
        "GET",
        f"/classes/{{class_id}}/{route}",
        CLASS_TARGETS,
        lambda c, p, t: Request(f"/classes/{_class(c, t)}/{route}?{query}"),
        allow([*LEADERSHIP, "class-teacher"], "own") | allow(LEADERSHIP, "same-school"),
    )


ROWS: list[Endpoint] = [
    _student_row("summary"),
    _student_row("summary.pdf"),
    _class_row("summary", RANGE),
    _class_row("summary.pdf", RANGE),
    _class_row("attendance/week", "date=2026-10-07"),
    _class_row("reports/attendance", "month=2026-10"),
    _class_row("reports/attendance.xlsx", "month=2026-10"),
    _class_row("reports/attendance.pdf", "month=2026-10"),
    _class_row("reports/results", "period=year"),
    _class_row("reports/results.xlsx", "period=year"),
    _class_row("reports/results.pdf", "period=year"),
]
