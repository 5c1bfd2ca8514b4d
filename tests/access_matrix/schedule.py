"""Schedule's rows of the access matrix (S2-S7, I5)."""

import secrets
from datetime import UTC, datetime, timedelta

import httpx

from tests.access_matrix.cast import Cast, fresh_name
from tests.access_matrix.groups import LEADERSHIP, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import PASSWORD, expect, unique

CYRILLIC = "АБВГДЕЖИКЛМНПРСТУФХЦЧШЭЮЯ"


def _class(cast: Cast, target: str) -> str:
    return cast.a.class_id if target == "own" else cast.b.class_id


def _lesson(cast: Cast, target: str) -> str:
    return cast.a.lesson_id if target == "own" else cast.b.lesson_id


def _new_class() -> dict[str, object]:
    letter = "".join(secrets.choice(CYRILLIC) for _ in range(3))
    return {"grade": 1 + secrets.randbelow(11), "letter": letter}


def _member(cast: Cast, persona: str, target: str) -> Request:
    student = cast.a.student.id
    if persona in ROSTER_KEEPERS and target == "own":
        created = expect(
            httpx.post(
                cast.url("identity", "/persons"),
                json={
                    "kind": "student",
                    "last_name": "Новый",
                    "first_name": "Ученик",
                    "username": unique("st."),
                    "password": PASSWORD,
                },
                headers=cast.headers("school-admin"),
            ),
            201,
        )
        student = created["id"]
    return Request(f"/classes/{_class(cast, target)}/members", {"student_id": student})


def _new_lesson(cast: Cast) -> dict[str, object]:
    starts = datetime(2030, 1, 7, 8, 0, tzinfo=UTC) + timedelta(
        days=secrets.randbelow(3000), minutes=5 * secrets.randbelow(100)
    )
    return {
        "class_id": cast.a.class_id,
        "subject_id": cast.a.subject_id,
        "teacher_id": cast.a.teacher.id,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(minutes=45)).isoformat(),
    }


# The secretary keeps the student roster (I4) with the school's leadership.
ROSTER_KEEPERS = (*LEADERSHIP, "secretary")
# A deputy plans lessons only for the grade levels the director gave them; the matrix's
# deputy has none, so only the director and the school admin plan here.
LESSON_PLANNERS = ("director", "school-admin")
# Everyone on the school's staff but a plain subject teacher reads the whole timetable.
WHOLE_TIMETABLE = tuple(p for p in STAFF if p not in ("teacher", "other-teacher"))

ROWS = [
    Endpoint(
        "schedule",
        "POST",
        "/classes",
        ("-",),
        lambda c, p, t: Request("/classes", _new_class()),
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/classes",
        ("-",),
        lambda c, p, t: Request("/classes"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/classes/{class_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/classes/{_class(c, t)}"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/classes/{class_id}/members",
        ("own", "other-school"),
        _member,
        allow(ROSTER_KEEPERS, "own"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/classes/{class_id}/members",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/classes/{_class(c, t)}/members"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/subjects",
        ("-",),
        lambda c, p, t: Request("/subjects", {"name": fresh_name("Предмет")}),
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/subjects",
        ("-",),
        lambda c, p, t: Request("/subjects"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/lessons",
        ("-",),
        lambda c, p, t: Request("/lessons", _new_lesson(c)),
        allow(LESSON_PLANNERS, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/lessons/{lesson_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lessons/{_lesson(c, t)}"),
        allow(["teacher", *WHOLE_TIMETABLE], "own"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/lessons",
        ("-",),
        lambda c, p, t: Request("/lessons"),
        allow(STAFF, "-"),
    ),
]
