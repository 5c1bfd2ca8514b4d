"""Journal's rows of the access matrix (J1-J6, J9, I5)."""

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import School, expect


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


def _school(cast: Cast, target: str) -> School:
    return cast.a if target == "own" else cast.b


def _new_mark(cast: Cast, persona: str, target: str) -> str:
    """A fresh mark of the target school's lesson, recorded by that lesson's teacher."""
    school = _school(cast, target)
    created = expect(
        cast.http.post(
            cast.url("journal", f"/lessons/{school.lesson_id}/marks"),
            json={"student_id": school.other_student.id, "value": "3", "work_type": "oral"},
            headers=cast.signed_in(school.teacher),
            timeout=30,
        ),
        201,
    )
    return str(created["id"])


def _mark_changes(cast: Cast, route: str) -> Request:
    """The report, once the first school has a changed mark in it (its readers' reads name
    that student in the read audit)."""
    if "mark-changed" not in cast.cache:
        mark = _new_mark(cast, "teacher", "own")
        expect(
            cast.http.patch(
                cast.url("journal", f"/marks/{mark}"),
                json={"value": "5", "reason": "ошибка ввода"},
                headers=cast.signed_in(cast.a.teacher),
                timeout=30,
            ),
            200,
        )
        cast.cache["mark-changed"] = mark
    return Request(route)


def _lesson_save(cast: Cast, persona: str, target: str) -> Request:
    lesson, student = _lesson(cast, target)
    return Request(
        f"/lessons/{lesson}/record",
        {"topic": "Дроби", "attendance": [{"student_id": student, "status": "late"}]},
    )


def _period(cast: Cast, target: str) -> str:
    school = _school(cast, target)
    return f"/classes/{school.class_id}/subjects/{school.subject_id}/periods/year/marks"


ROWS = [
    Endpoint(
        "journal", "GET", "/policy", ("-",), lambda c, p, t: Request("/policy"), allow(STAFF, "-")
    ),
    Endpoint(
        "journal",
        "PUT",
        "/policy",
        ("-",),
        lambda c, p, t: Request("/policy", {}),
        allow(["director", "school-admin"], "-"),
    ),
    Endpoint(
        "journal",
        "PUT",
        "/lessons/{lesson_id}/record",
        ("own", "other-school"),
        _lesson_save,
        allow(["teacher"], "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/lessons/{lesson_id}/record",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lessons/{_lesson(c, t)[0]}/record"),
        allow(["teacher", *LEADERSHIP], "own"),
    ),
    Endpoint(
        "journal",
        "PATCH",
        "/marks/{mark_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/marks/{_new_mark(c, p, t)}", {"value": "4", "reason": "Ошибка"}),
        allow(["teacher"], "own"),
    ),
    Endpoint(
        "journal",
        "DELETE",
        "/marks/{mark_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/marks/{_new_mark(c, p, t)}"),
        allow(["teacher"], "own"),
        success=204,
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/subjects/{subject_id}/periods/{period}/marks",
        ("own", "other-school"),
        lambda c, p, t: Request(_period(c, t)),
        allow(["teacher", *LEADERSHIP], "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/subjects/{subject_id}/grid",
        ("own", "other-school"),
        lambda c, p, t: Request(
            f"/classes/{_school(c, t).class_id}/subjects/{_school(c, t).subject_id}/grid"
        ),
        allow(["teacher", *LEADERSHIP], "own"),
    ),
    Endpoint(
        "journal",
        "PUT",
        "/classes/{class_id}/subjects/{subject_id}/periods/{period}/marks/{student_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(
            f"{_period(c, t)}/{_school(c, t).other_student.id}", {"value": "4"}
        ),
        allow(["teacher"], "own"),
    ),
    *(
        Endpoint(
            "journal",
            "GET",
            route,
            ("-",),
            lambda c, p, t, route=route: _mark_changes(c, route),
            allow(LEADERSHIP, "-"),
        )
        for route in ("/audit/mark-changes", "/audit/mark-changes.xlsx")
    ),
    Endpoint(
        "journal",
        "GET",
        "/lessons/{lesson_id}/timeliness",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lessons/{_lesson(c, t)[0]}/timeliness"),
        allow(LEADERSHIP, "own"),
    ),
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
    # The teacher's own day (J1, J4): every teacher has one, at the token's school.
    Endpoint(
        "journal",
        "GET",
        "/teacher-day",
        ("-",),
        lambda c, p, t: Request("/teacher-day"),
        allow(["teacher", "other-teacher", "class-teacher"], "-"),
    ),
]
