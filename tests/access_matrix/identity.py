"""Identity's rows of the access matrix (I1, I2, I3, I5, I7).

The class-teacher persona is made the class teacher of a class of its own (created here in
schedule, which tells identity through okrug.schedule.class.teacher_assigned), so the
class-teacher rules are tested both ways: a student of that class is the "same-school"
target of the rows on a person's consents, personal data and movements."""

import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from tests.access_matrix.cast import Cast, fresh_name
from tests.access_matrix.groups import DISTRICT, EVERYONE, LEADERSHIP, SCHOOL, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import PASSWORD, expect, unique

PERSON_TARGETS = ("own", "same-school", "other-school", "own-child", "other-child")
STUDENT_TARGETS = ("same-school", "other-school", "own-child", "other-child")
CYRILLIC = "АБВГДЕЖИКЛМНПРСТУФХЦЧШЭЮЯ"

# Who keeps the school's people: their consents, personal data (access.ROSTER_KEEPERS), and
# the class teacher for the students of their own class.
ROSTER_KEEPERS = ("school-admin", "secretary")
# Who reads the whole roster, personal data included (access.ROSTER_READERS).
ROSTER_READERS = ("director", "deputy-director", "school-admin", "secretary")
# Who enrols, transfers and withdraws students (movements/endpoints.py).
MOVEMENT_WRITERS = ("director", "school-admin", "secretary")
DISTRICT_REPORTS = ("district-admin", "working-group-member")
# Who searches the school's read audit (the district admin searches every school's).
READ_AUDIT_SEARCHERS = ("school-admin", "director")


def _once(cast: Cast, key: str, make: Callable[[], Any]) -> Any:
    """An object set up once per cast (each school's view of the matrix has its own)."""
    key = f"identity:{key}"
    if key not in cast.cache:
        cast.cache[key] = make()
    return cast.cache[key]


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _school(cast: Cast, target: str) -> str:
    return cast.a.id if target == "own" else cast.b.id


def _admin(cast: Cast, school: str = "a") -> dict[str, str]:
    return cast.headers("school-admin") if school == "a" else cast.signed_in(cast.b.admin)


def _new_person(kind: str) -> dict[str, object]:
    return {
        "kind": kind,
        "last_name": "Новикова",
        "first_name": "Вера",
        "username": unique(f"{kind}."),
        "password": PASSWORD,
    }


def _create(
    cast: Cast,
    kind: str,
    school: str = "a",
    *,
    password: bool = True,
    roles: list[str] | None = None,
) -> dict[str, Any]:
    """A new person of the school, created by its admin (without a password: awaiting the
    first sign-in with a one-time password, as credential slips want)."""
    body = _new_person(kind)
    if not password:
        del body["password"]
    if roles:
        body["roles"] = roles
    created: dict[str, Any] = expect(
        cast.http.post(cast.url("identity", "/persons"), json=body, headers=_admin(cast, school)),
        201,
    )
    return created


def _link(cast: Cast, parent: str, student: str) -> None:
    expect(
        cast.http.post(
            cast.url("identity", "/guardians"),
            json={"guardian_id": parent, "student_id": student},
            headers=_admin(cast),
        ),
        201,
    )


def _class(cast: Cast, school: str, teacher: str | None) -> str:
    """A new class of the school with one new student who has not signed in yet."""
    headers = _admin(cast, school)
    body: dict[str, Any] = {"grade": 1 + secrets.randbelow(11)}
    body["letter"] = "".join(secrets.choice(CYRILLIC) for _ in range(3))
    if teacher:
        body["class_teacher_id"] = teacher
    created = expect(
        cast.http.post(cast.url("schedule", "/classes"), json=body, headers=headers), 201
    )
    student = _create(cast, "student", school, password=False)
    expect(
        cast.http.post(
            cast.url("schedule", f"/classes/{created['id']}/members"),
            json={"student_id": student["id"]},
            headers=headers,
        ),
        201,
    )
    cast.cache[f"identity:student-of:{created['id']}"] = student["id"]
    return str(created["id"])


def _own_class(cast: Cast) -> str:
    """The class-teacher persona's class, once identity has heard of it from schedule."""

    def make() -> str:
        class_id = _class(cast, "a", cast.account("class-teacher").id)
        student = cast.cache[f"identity:student-of:{class_id}"]
        _until(
            lambda: (
                cast.http.get(
                    cast.url("identity", f"/persons/{student}/consents"),
                    headers=cast.headers("class-teacher"),
                ).status_code
                == 200
            ),
            "who the class teacher is",
        )
        return class_id

    return str(_once(cast, "own-class", make))


def _plain_class(cast: Cast) -> str:
    """A class of the school with no class teacher, once identity has heard of its student
    from schedule (slips are refused with a 404 for a class identity knows no student of)."""

    def make() -> str:
        class_id = _class(cast, "a", None)
        _until(
            lambda: (
                cast.http.post(
                    cast.url("identity", f"/classes/{class_id}/credential-slips"),
                    headers=_admin(cast),
                    timeout=30,
                ).status_code
                != 404
            ),
            "the class's student",
        )
        return class_id

    return str(_once(cast, "plain-class", make))


def _until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"identity never learnt {what}")


def _pupil(cast: Cast) -> str:
    """A student of the class-teacher persona's class: the rows' same-school student."""
    return str(cast.cache[f"identity:student-of:{_own_class(cast)}"])


def _person(cast: Cast, persona: str, target: str) -> str:
    return {
        "own": lambda: cast.account(persona).id,
        "same-school": lambda: _pupil(cast),
        "other-school": lambda: cast.b.student.id,
        "own-child": lambda: cast.a.student.id,
        "other-child": lambda: cast.a.other_student.id,
    }[target]()


def _kind(persona: str, target: str) -> str:
    if target == "own":
        return {"student": "student", "parent": "parent"}.get(persona, "staff")
    return "student"


def _school_of(target: str) -> str:
    return "b" if target == "other-school" else "a"


# --- the school's card -------------------------------------------------------------------


def _profile(cast: Cast, persona: str, target: str) -> Request:
    school = _school(cast, target)
    card = expect(
        cast.http.get(
            cast.url("identity", f"/schools/{school}"),
            headers=_admin(cast, "a" if target == "own" else "b"),
        ),
        200,
    )
    return Request(
        f"/schools/{school}/profile",
        {
            "name": card["name"],
            "short_name": card["short_name"],
            "address": "г. Окружной, ул. Школьная, д. 1",
            "director_name": "Директорова Нина Павловна",
            "licences": [{"number": "Л035-01234", "issued_on": "2015-09-01"}],
            "accreditation": {"number": "А007-00001", "issued_on": "2016-03-01"},
            "time_zone": card["time_zone"],
        },
    )


# --- people --------------------------------------------------------------------------------


def _attach(cast: Cast, persona: str, target: str) -> Request:
    """An account of the other school joins this one (new for the school admin)."""
    if persona == "school-admin":
        username = _create(cast, "staff", "b", roles=["teacher"])["username"]
    else:
        username = cast.b.other_teacher.username
    return Request("/persons/attach", {"username": username, "kind": "staff", "roles": ["teacher"]})


def _roles(cast: Cast, persona: str, target: str) -> Request:
    if target == "own":
        # Nobody grants themselves an administrative role, the school admin included.
        return Request(f"/persons/{cast.account(persona).id}/roles", {"roles": ["school-admin"]})
    if target == "same-school":
        staff = (
            _create(cast, "staff")["id"] if persona == "school-admin" else cast.a.other_teacher.id
        )
        return Request(f"/persons/{staff}/roles", {"roles": ["class-teacher"]})
    if target == "other-school":
        return Request(f"/persons/{cast.b.teacher.id}/roles", {"roles": ["class-teacher"]})
    return Request(f"/persons/{_person(cast, persona, target)}/roles", {"roles": ["student"]})


def _own_role(persona: str) -> str:
    return {"school-admin": "school-admin", "student": "student", "parent": "parent"}.get(
        persona, "teacher"
    )


def _revoke(cast: Cast, persona: str, target: str) -> Request:
    """Removing a role: the school admin's own school-admin role stays theirs; a person
    of the school made for the allowed case loses a role."""
    if target == "own":
        return Request(f"/persons/{cast.account(persona).id}/roles/{_own_role(persona)}")
    if target == "same-school":
        if persona == "school-admin":
            staff = _create(cast, "staff", roles=["teacher", "class-teacher"])["id"]
            return Request(f"/persons/{staff}/roles/class-teacher")
        return Request(f"/persons/{_pupil(cast)}/roles/student")
    if target == "other-school":
        return Request(f"/persons/{cast.b.teacher.id}/roles/teacher")
    return Request(f"/persons/{_person(cast, persona, target)}/roles/student")


def _end_membership(cast: Cast, persona: str, target: str) -> Request:
    """Ending a membership: nobody ends their own; the allowed case ends a new person's."""
    if target == "same-school" and persona == "school-admin":
        return Request(f"/persons/{_create(cast, 'staff')['id']}/membership")
    return Request(f"/persons/{_person(cast, persona, target)}/membership")


# --- consents and personal data -----------------------------------------------------------


def _consent_body(kind: str, categories: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "categories": categories,
        "purposes": ["ведение электронного журнала"],
        "given_by": "guardian" if kind == "student" else "self",
        "given_on": _today(),
        "document": {"type": "Согласие на обработку ПДн", "number": "17", "date": _today()},
    }
    if kind == "student":
        body["given_by_name"] = "Новикова Анна Петровна"
    return body


def _record_consent(cast: Cast, person: str, kind: str, school: str, categories: list[str]) -> str:
    created = expect(
        cast.http.post(
            cast.url("identity", f"/persons/{person}/consents"),
            json=_consent_body(kind, categories),
            headers=_admin(cast, school),
        ),
        201,
    )
    return str(created["id"])


def _consent(cast: Cast, persona: str, target: str) -> Request:
    person = _person(cast, persona, target)
    return Request(
        f"/persons/{person}/consents", _consent_body(_kind(persona, target), ["contacts"])
    )


def _withdrawal(cast: Cast, persona: str, target: str) -> Request:
    """A new consent of the target person, withdrawn on paper."""
    if persona in DISTRICT and target == "own":
        consent = str(uuid4())  # district staff are nobody's roster: no consent of their own
    else:
        consent = _record_consent(
            cast,
            _person(cast, persona, target),
            _kind(persona, target),
            _school_of(target),
            ["birth_date"],
        )
    return Request(f"/consents/{consent}/withdrawal", {"document": "Отзыв согласия № 3"})


def _personal_data(cast: Cast, persona: str, target: str) -> Request:
    """The target's address, under a consent the school recorded (once per person)."""
    person = _person(cast, persona, target)
    if not (persona in DISTRICT and target == "own"):
        _once(
            cast,
            f"address-consent:{person}",
            lambda: _record_consent(
                cast, person, _kind(persona, target), _school_of(target), ["address"]
            ),
        )
    return Request(
        f"/persons/{person}/personal-data", {"address": "г. Окружной, ул. Лесная, д. 5, кв. 2"}
    )


# --- credentials ----------------------------------------------------------------------------


def _slips_class(cast: Cast, target: str) -> str:
    """own: the class-teacher persona's class; same-school: a class of the school with no
    class teacher; other-school: a class of the other school."""
    if target == "own":
        return _own_class(cast)
    if target == "same-school":
        return _plain_class(cast)
    return str(_once(cast, "other-class", lambda: _class(cast, "b", None)))


def _application(cast: Cast, persona: str, target: str) -> Request:
    """A parent's application for their child of the class-teacher persona's class (a new
    parent for every call: one application per parent and child)."""
    student = _pupil(cast)
    if (persona, target) in APPLICATION_WRITERS:
        parent = _create(cast, "parent")["id"]
        _link(cast, parent, student)
    else:
        parent = cast.a.parent.id
    return Request(
        "/access-applications",
        {"applicant_id": parent, "student_id": student, "applied_on": _today(), "note": "вх. 5"},
    )


# --- student movements ----------------------------------------------------------------------


def _mover(cast: Cast, persona: str, target: str, *, enrolled: bool) -> str:
    """A new student of the school for those who may move them; otherwise the target."""
    if persona in MOVEMENT_WRITERS and target == "same-school":
        student = str(_create(cast, "student")["id"])
        if enrolled:
            expect(
                cast.http.post(
                    cast.url("identity", f"/students/{student}/enrolment"),
                    json={"effective_on": "2026-09-01", "order_number": "1-у"},
                    headers=_admin(cast),
                ),
                201,
            )
        return student
    return _person(cast, persona, target)


def _enrolment(cast: Cast, persona: str, target: str) -> Request:
    student = _mover(cast, persona, target, enrolled=False)
    return Request(
        f"/students/{student}/enrolment", {"effective_on": "2026-09-01", "order_number": "1-у"}
    )


def _transfer(cast: Cast, persona: str, target: str) -> Request:
    student = _mover(cast, persona, target, enrolled=True)
    return Request(
        f"/students/{student}/transfer",
        {"effective_on": _today(), "to_school_id": cast.b.id, "order_number": "2-у"},
    )


def _leaving(cast: Cast, persona: str, target: str) -> Request:
    student = _mover(cast, persona, target, enrolled=True)
    return Request(
        f"/students/{student}/withdrawal",
        {"effective_on": _today(), "reason": "Переезд в другой регион", "order_number": "3-у"},
    )


def _guardian_link(cast: Cast, persona: str, target: str) -> Request:
    if persona != "school-admin":
        return Request(
            "/guardians", {"guardian_id": cast.a.parent.id, "student_id": cast.a.other_student.id}
        )
    parent = _create(cast, "parent")
    student = _create(cast, "student")
    return Request("/guardians", {"guardian_id": parent["id"], "student_id": student["id"]})


# Who records a parent's application for a child of the class-teacher persona's class.
APPLICATION_WRITERS = allow((*ROSTER_KEEPERS, "class-teacher"), "same-school")
# Who keeps a person's consents and personal data: roster keepers for anyone of the school,
# the class teacher for the students of their class.
PERSONAL_DATA_WRITERS = allow(ROSTER_KEEPERS, "own", "same-school") | allow(
    ["class-teacher"], "same-school"
)
# Who reads them: the person, the roster readers, the class teacher, a parent for their child.
PERSONAL_DATA_READERS = (
    allow(SCHOOL, "own")
    | allow((*ROSTER_READERS, "class-teacher"), "same-school")
    | allow(["parent"], "own-child")
)
MOVEMENT_READERS = allow((*ROSTER_READERS, "class-teacher"), "same-school") | allow(
    ["parent"], "own-child"
)

ROWS = [
    Endpoint(
        "identity",
        "POST",
        "/schools",
        ("-",),
        lambda c, p, t: Request("/schools", {"name": fresh_name("МБОУ СОШ")}),
        allow(["district-admin"], "-"),
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/schools",
        ("-",),
        lambda c, p, t: Request("/schools"),
        allow((*DISTRICT, *STAFF), "-"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/schools/{school_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/schools/{_school(c, t)}"),
        allow(STAFF, "own") | allow(DISTRICT, "own", "other-school"),
    ),
    Endpoint(
        "identity",
        "PUT",
        "/schools/{school_id}/profile",
        ("own", "other-school"),
        _profile,
        allow(["school-admin"], "own"),
    ),
    Endpoint(
        "identity",
        "POST",
        "/schools/{school_id}/administrators",
        ("own", "other-school"),
        lambda c, p, t: Request(
            f"/schools/{_school(c, t)}/administrators",
            {**_new_person("staff"), "roles": ["school-admin"]},
        ),
        allow(["district-admin"], "own", "other-school"),
        success=201,
    ),
    Endpoint(
        "identity",
        "POST",
        "/persons",
        ("-",),
        lambda c, p, t: Request("/persons", _new_person("student")),
        allow(["school-admin"], "-"),
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons",
        ("-",),
        lambda c, p, t: Request("/persons"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}"),
        allow(SCHOOL, "own") | allow(STAFF, "same-school"),
    ),
    Endpoint(
        "identity",
        "POST",
        "/persons/attach",
        ("-",),
        _attach,
        allow(["school-admin"], "-"),
        success=201,
    ),
    Endpoint(
        "identity",
        "POST",
        "/persons/{person_id}/roles",
        PERSON_TARGETS,
        _roles,
        allow(["school-admin"], "same-school"),
    ),
    Endpoint(
        "identity",
        "DELETE",
        "/persons/{person_id}/roles/{role}",
        PERSON_TARGETS,
        _revoke,
        allow(["school-admin"], "same-school"),
    ),
    Endpoint(
        "identity",
        "DELETE",
        "/persons/{person_id}/membership",
        PERSON_TARGETS,
        _end_membership,
        allow(["school-admin"], "same-school"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}/role-changes",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}/role-changes"),
        allow(LEADERSHIP, "own", "same-school"),
    ),
    Endpoint(
        "identity", "GET", "/me", ("-",), lambda c, p, t: Request("/me"), allow(EVERYONE, "-")
    ),
    Endpoint(
        "identity",
        "GET",
        "/me/schools",
        ("-",),
        lambda c, p, t: Request("/me/schools"),
        allow(EVERYONE, "-"),
    ),
    Endpoint(
        "identity",
        "POST",
        "/guardians",
        ("-",),
        _guardian_link,
        allow(["school-admin"], "-"),
        success=201,
    ),
    Endpoint(
        "identity",
        "POST",
        "/persons/{person_id}/consents",
        PERSON_TARGETS,
        _consent,
        PERSONAL_DATA_WRITERS,
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}/consents",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}/consents"),
        PERSONAL_DATA_READERS,
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}/guardian-links",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}/guardian-links"),
        PERSONAL_DATA_READERS,
    ),
    Endpoint(
        "identity",
        "POST",
        "/consents/{consent_id}/withdrawal",
        PERSON_TARGETS,
        _withdrawal,
        PERSONAL_DATA_WRITERS,
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}/personal-data",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}/personal-data"),
        PERSONAL_DATA_READERS,
    ),
    Endpoint(
        "identity",
        "PUT",
        "/persons/{person_id}/personal-data",
        PERSON_TARGETS,
        _personal_data,
        PERSONAL_DATA_WRITERS,
    ),
    Endpoint(
        "identity",
        "DELETE",
        "/persons/{person_id}/personal-data",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}/personal-data"),
        PERSONAL_DATA_WRITERS,
    ),
    Endpoint(
        "identity",
        "POST",
        "/classes/{class_id}/credential-slips",
        ("own", "same-school", "other-school"),
        lambda c, p, t: Request(
            f"/classes/{_slips_class(c, t)}/credential-slips", {"include": ["students"]}
        ),
        allow(["school-admin"], "own", "same-school") | allow(["class-teacher"], "own"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/classes/{class_id}/people",
        ("own", "same-school", "other-school"),
        lambda c, p, t: Request(f"/classes/{_slips_class(c, t)}/people"),
        allow(ROSTER_READERS, "own", "same-school") | allow(["class-teacher"], "own"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/credential-issues",
        ("-",),
        lambda c, p, t: Request("/credential-issues"),
        allow((*LEADERSHIP, "class-teacher"), "-"),
    ),
    Endpoint(
        "identity",
        "POST",
        "/access-applications",
        ("same-school",),
        _application,
        APPLICATION_WRITERS,
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/access-applications",
        ("-",),
        lambda c, p, t: Request("/access-applications"),
        allow((*ROSTER_READERS, "class-teacher"), "-"),
    ),
    Endpoint(
        "identity",
        "POST",
        "/students/{student_id}/enrolment",
        STUDENT_TARGETS,
        _enrolment,
        allow(MOVEMENT_WRITERS, "same-school"),
        success=201,
    ),
    Endpoint(
        "identity",
        "POST",
        "/students/{student_id}/transfer",
        STUDENT_TARGETS,
        _transfer,
        allow(MOVEMENT_WRITERS, "same-school"),
        success=201,
    ),
    Endpoint(
        "identity",
        "POST",
        "/students/{student_id}/withdrawal",
        STUDENT_TARGETS,
        _leaving,
        allow(MOVEMENT_WRITERS, "same-school"),
        success=201,
    ),
    Endpoint(
        "identity",
        "GET",
        "/students/{student_id}/movements",
        STUDENT_TARGETS,
        lambda c, p, t: Request(f"/students/{_person(c, p, t)}/movements"),
        MOVEMENT_READERS,
    ),
    Endpoint(
        "identity",
        "GET",
        "/reports/movement",
        ("-",),
        lambda c, p, t: Request(f"/reports/movement?from=2026-09-01&to={_today()}"),
        allow(ROSTER_READERS, "-"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/reports/activity",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/reports/activity?school_id={_school(c, t)}"),
        allow(LEADERSHIP, "own") | allow(DISTRICT_REPORTS, "own", "other-school"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/persons/{person_id}/activity",
        PERSON_TARGETS,
        lambda c, p, t: Request(f"/persons/{_person(c, p, t)}/activity"),
        allow(SCHOOL, "own") | allow(LEADERSHIP, "same-school"),
    ),
    *(
        Endpoint(
            "identity",
            "GET",
            route,
            ("own", "other-school"),
            lambda c, p, t, route=route: Request(
                route if t == "own" else f"{route}?school_id={c.b.id}"
            ),
            allow(READ_AUDIT_SEARCHERS, "own") | allow(["district-admin"], "own", "other-school"),
        )
        for route in ("/read-audit", "/read-audit.xlsx")
    ),
    Endpoint(
        "identity",
        "GET",
        "/read-audit/settings",
        ("-",),
        lambda c, p, t: Request("/read-audit/settings"),
        allow(READ_AUDIT_SEARCHERS, "-"),
    ),
    Endpoint(
        "identity",
        "PUT",
        "/read-audit/settings",
        ("-",),
        lambda c, p, t: Request("/read-audit/settings", {"reader_names_for_parents": False}),
        allow(["school-admin"], "-"),
    ),
    Endpoint(
        "identity",
        "GET",
        "/students/{student_id}/record-reads",
        STUDENT_TARGETS,
        lambda c, p, t: Request(f"/students/{_person(c, p, t)}/record-reads"),
        allow(["parent"], "own-child"),
    ),
]
