"""Journal's rows of the access matrix for district oversight (issue 11; O1-O5, I5, X2).

The district's readers (district admin, working-group member: tokens without a school) read
every school's figures; a school's leadership (director, deputy director, school admin)
read their own school's; nobody else reads them (oversight/scope.py). The district admin
alone sets the district's settings."""

import time
from datetime import date

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.matrix import Endpoint, Request, allow

# Oversight's readers: the district's (not its support agents) and a school's leadership.
DISTRICT_READERS = ("district-admin", "working-group-member")
OVERSIGHT_READERS = (*DISTRICT_READERS, *LEADERSHIP)
# A school's figures: the district's readers of every school, the leadership of their own.
SCHOOL_FIGURES = allow(DISTRICT_READERS, "own", "other-school") | allow(LEADERSHIP, "own")
KEEPING = "/oversight/keeping/schools"


def _school(cast: Cast, target: str) -> str:
    return (cast.a if target == "own" else cast.b).id


def _known_lesson(cast: Cast, target: str) -> tuple[str, str]:
    """(school, lesson) once oversight learnt the school's lesson from schedule's event."""
    school = cast.a if target == "own" else cast.b
    key = f"oversight:lesson:{school.id}"
    if key not in cast.cache:
        path = f"{KEEPING}/{school.id}/lessons/{school.lesson_id}"
        deadline = time.monotonic() + 60
        while (
            cast.http.get(
                cast.url("journal", path), headers=cast.headers("district-admin"), timeout=30
            ).status_code
            != 200
        ):
            if time.monotonic() > deadline:
                raise AssertionError("oversight never learnt the school's lesson")
            time.sleep(0.3)
        cast.cache[key] = (school.id, school.lesson_id)
    found: tuple[str, str] = cast.cache[key]
    return found


ROWS = [
    Endpoint(
        "journal",
        "GET",
        "/oversight/settings",
        ("-",),
        lambda c, p, t: Request("/oversight/settings"),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "PUT",
        "/oversight/settings",
        ("-",),
        # The defaults: the matrix changes nothing another test reads.
        lambda c, p, t: Request("/oversight/settings", {}),
        allow(["district-admin"], "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/schools",
        ("-",),
        lambda c, p, t: Request(KEEPING),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/schools/{school_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"{KEEPING}/{_school(c, t)}?by=class"),
        SCHOOL_FIGURES,
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/schools/{school_id}/weeks",
        ("own", "other-school"),
        lambda c, p, t: Request(f"{KEEPING}/{_school(c, t)}/weeks"),
        SCHOOL_FIGURES,
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/schools/{school_id}/lessons",
        ("own", "other-school"),
        lambda c, p, t: Request(f"{KEEPING}/{_school(c, t)}/lessons?week={date.today()}"),
        SCHOOL_FIGURES,
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/schools/{school_id}/lessons/{lesson_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"{KEEPING}/%s/lessons/%s" % _known_lesson(c, t)),
        # A deputy director sees the lessons of their grade levels only: the matrix's deputy
        # is responsible for none, and finds no lesson.
        allow(DISTRICT_READERS, "own", "other-school") | allow(["director", "school-admin"], "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/fill",
        ("-",),
        lambda c, p, t: Request("/oversight/keeping/fill"),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/schools/{school_id}/fill",
        ("own", "other-school"),
        lambda c, p, t: Request(f"{KEEPING}/{_school(c, t)}/fill"),
        SCHOOL_FIGURES,
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/keeping/classes/{class_id}/subjects/{subject_id}/students-below-minimum",
        ("own", "other-school"),
        lambda c, p, t: Request(
            "/oversight/keeping/classes/{0.class_id}/subjects/{0.subject_id}"
            "/students-below-minimum?period=year".format(c.a if t == "own" else c.b)
        ),
        # Named students: the school's leadership of their own school only, never the
        # district (X2).
        allow(LEADERSHIP, "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/index",
        ("-",),
        lambda c, p, t: Request("/oversight/index"),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/compliance/weeks",
        ("-",),
        lambda c, p, t: Request("/oversight/compliance/weeks"),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/compliance/schools/{school_id}/weeks",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/oversight/compliance/schools/{_school(c, t)}/weeks"),
        SCHOOL_FIGURES,
    ),
]


def _school_of(cast: Cast, target: str) -> str:
    return str(cast.a.id if target == "same-school" else cast.b.id)


def _class_of(cast: Cast, target: str) -> str:
    return str(cast.a.class_id if target == "same-school" else cast.b.class_id)


SCHOOL_TARGETS = ("same-school", "other-school")

# Homework load (O3) and usage (O4): oversight's readers; a school's leadership only their
# own school's (another school's is not found).
ROWS += [
    Endpoint(
        "journal",
        "GET",
        "/oversight/homework-load",
        ("-",),
        lambda c, p, t: Request("/oversight/homework-load"),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/homework-load/schools/{school_id}/classes",
        SCHOOL_TARGETS,
        lambda c, p, t: Request(f"/oversight/homework-load/schools/{_school_of(c, t)}/classes"),
        allow(OVERSIGHT_READERS, "same-school") | allow(DISTRICT_READERS, "other-school"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/homework-load/schools/{school_id}/classes/{class_id}",
        SCHOOL_TARGETS,
        lambda c, p, t: Request(
            f"/oversight/homework-load/schools/{_school_of(c, t)}/classes/{_class_of(c, t)}"
        ),
        allow(OVERSIGHT_READERS, "same-school") | allow(DISTRICT_READERS, "other-school"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/usage",
        ("-",),
        lambda c, p, t: Request("/oversight/usage"),
        allow(OVERSIGHT_READERS, "-"),
    ),
]
