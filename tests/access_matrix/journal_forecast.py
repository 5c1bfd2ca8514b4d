"""Journal's rows of the access matrix for the forecast (issue 11 point 7; J12, I5): the same
readers as the grid for a class's subject, as the summary for a class and a student; a
teacher's own list of students forecast failing; the school's list for its leadership."""

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.journal_oversight import OVERSIGHT_READERS
from tests.access_matrix.journal_reports import CLASS_TARGETS, STUDENT_TARGETS, _class, _student
from tests.access_matrix.matrix import Endpoint, Request, allow


def _class_subject(cast: Cast, target: str) -> Request:
    school = cast.a if target == "own" else cast.b
    return Request(f"/classes/{school.class_id}/subjects/{school.subject_id}/forecast")


ROWS: list[Endpoint] = [
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/subjects/{subject_id}/forecast",
        ("own", "other-school"),
        lambda c, p, t: _class_subject(c, t),
        allow(["teacher", *LEADERSHIP], "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/forecast",
        CLASS_TARGETS,
        lambda c, p, t: Request(f"/classes/{_class(c, t)}/forecast?period=year"),
        allow([*LEADERSHIP, "class-teacher"], "own") | allow(LEADERSHIP, "same-school"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/students/{student_id}/forecast",
        STUDENT_TARGETS,
        lambda c, p, t: Request(f"/students/{_student(c, p, t)}/forecast?period=year"),
        allow(["student"], "own")
        | allow(["parent"], "own-child")
        | allow([*LEADERSHIP, "class-teacher"], "same-school"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/forecast/failing",
        ("-",),
        lambda c, p, t: Request("/forecast/failing?period=year"),
        allow(["teacher", "other-teacher", "class-teacher"], "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/forecast/failing",
        ("-",),
        lambda c, p, t: Request("/oversight/forecast/failing?period=year"),
        allow(LEADERSHIP, "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/forecast/counts",
        ("-",),
        lambda c, p, t: Request("/oversight/forecast/counts"),
        allow(OVERSIGHT_READERS, "-"),
    ),
]
