"""Journal's rows of the access matrix for lesson plans (J7) and curriculum completion (J8).

"own" is the plan (or class, or lesson) of the first school's class in the subject its
teacher persona teaches; "other-school" the second school's. A plan is written by that
teacher and the school's leadership, read also by the class's class teacher (the
class-teacher persona has a class of its own, so it is refused here like other-teacher)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import School, expect

WRITERS = allow(["teacher", *LEADERSHIP], "own")
TOPICS = [{"section": "Дроби", "topic": "Понятие дроби", "hours": 2}]
CSV_PLAN = "number;section;topic;hours\n1;Дроби;Понятие дроби;2\n2;Дроби;Сравнение дробей;1\n"


def _school(cast: Cast, target: str) -> School:
    return cast.a if target == "own" else cast.b


def _find_plan(cast: Cast, school: School) -> dict[str, Any] | None:
    found = expect(
        cast.http.get(
            cast.url("journal", "/lesson-plans"),
            params={"class_id": school.class_id, "subject_id": school.subject_id},
            headers=cast.signed_in(school.admin),
            timeout=30,
        ),
        200,
    )
    return found[0] if found else None


def _plan(cast: Cast, target: str) -> str:
    """The target school's plan of its class's subject, made by its school admin if missing."""
    school = _school(cast, target)
    existing = _find_plan(cast, school)
    if existing is not None:
        return str(existing["id"])
    created = expect(
        cast.http.post(
            cast.url("journal", "/lesson-plans"),
            json={"class_id": school.class_id, "subject_id": school.subject_id, "topics": TOPICS},
            headers=cast.signed_in(school.admin),
            timeout=30,
        ),
        201,
    )
    return str(created["id"])


def _no_plan(cast: Cast, target: str) -> School:
    """The target school with no plan of its class's subject (so a create is a create)."""
    school = _school(cast, target)
    existing = _find_plan(cast, school)
    if existing is not None:
        expect(
            cast.http.delete(
                cast.url("journal", f"/lesson-plans/{existing['id']}"),
                headers=cast.signed_in(school.admin),
                timeout=30,
            ),
            204,
        )
    return school


def _create(cast: Cast, persona: str, target: str) -> Request:
    school = _no_plan(cast, target)
    return Request(
        "/lesson-plans",
        {"class_id": school.class_id, "subject_id": school.subject_id, "topics": TOPICS},
    )


def _import(cast: Cast, persona: str, target: str) -> Request:
    school = _no_plan(cast, target)
    return Request(
        f"/lesson-plans/import?class_id={school.class_id}&subject_id={school.subject_id}",
        CSV_PLAN,
        content_type="text/csv",
    )


def _completion(route: str) -> Callable[[Cast, str, str], Request]:
    def request(cast: Cast, persona: str, target: str) -> Request:
        school = _school(cast, target)
        today = date.today()
        return Request(
            f"/classes/{school.class_id}/{route}"
            f"?date_from={today - timedelta(days=30)}&date_to={today + timedelta(days=30)}"
        )

    return request


ROWS: list[Endpoint] = [
    Endpoint(
        "journal",
        "POST",
        "/lesson-plans",
        ("own", "other-school"),
        _create,
        WRITERS,
        success=201,
    ),
    Endpoint(
        "journal",
        "GET",
        "/lesson-plans",
        ("-",),
        lambda c, p, t: Request("/lesson-plans"),
        allow(["teacher", "other-teacher", "class-teacher", *LEADERSHIP], "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/lesson-plans/check",
        ("-",),
        lambda c, p, t: Request("/lesson-plans/check"),
        allow(LEADERSHIP, "-"),
    ),
    Endpoint(
        "journal",
        "POST",
        "/lesson-plans/import",
        ("own", "other-school"),
        _import,
        WRITERS,
        success=201,
    ),
    Endpoint(
        "journal",
        "GET",
        "/lesson-plans/{plan_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lesson-plans/{_plan(c, t)}"),
        WRITERS,
    ),
    Endpoint(
        "journal",
        "PUT",
        "/lesson-plans/{plan_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lesson-plans/{_plan(c, t)}", {"topics": TOPICS}),
        WRITERS,
    ),
    Endpoint(
        "journal",
        "DELETE",
        "/lesson-plans/{plan_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lesson-plans/{_plan(c, t)}"),
        WRITERS,
        success=204,
    ),
    Endpoint(
        "journal",
        "GET",
        "/lesson-plans/{plan_id}/export",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lesson-plans/{_plan(c, t)}/export?format=csv"),
        WRITERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/lessons/{lesson_id}/plan-topics",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lessons/{_school(c, t).lesson_id}/plan-topics"),
        WRITERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/completion",
        ("own", "other-school"),
        _completion("completion"),
        WRITERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/completion.xlsx",
        ("own", "other-school"),
        _completion("completion.xlsx"),
        WRITERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/classes/{class_id}/completion.pdf",
        ("own", "other-school"),
        _completion("completion.pdf"),
        WRITERS,
    ),
]
