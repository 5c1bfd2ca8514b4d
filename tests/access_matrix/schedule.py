"""Schedule's rows of the access matrix (S2-S7, I5)."""

import itertools
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.access_matrix.cast import Cast, fresh_name
from tests.access_matrix.groups import DISTRICT, LEADERSHIP, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import PASSWORD, School, expect, unique

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
            cast.http.post(
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
# The director and the school admin govern the school: a deputy's grade levels, closing a year.
HEADS = ("director", "school-admin")
# Groups of a class: the administration, and the class teacher for their own class (S3).
GROUP_MEMBER_ALLOW = allow(LEADERSHIP, "own", "same-school") | allow(["class-teacher"], "own")

# --- the schools' schedule objects, set up once through the public APIs -----------------------

# Far-future academic years, one number per year, so no two years of a school overlap and no
# year contains today (classes made without a year stay yearless, as before).
_YEAR_NUMBERS = itertools.count(2100)
SUBSTITUTION_REASON = "Болезнь учителя"


def _admin(cast: Cast, school: str) -> dict[str, str]:
    return cast.headers("school-admin") if school == "a" else cast.signed_in(cast.b.admin)


def _call(
    cast: Cast, school: str, method: str, path: str, body: Any = None, status: int = 201
) -> Any:
    response = cast.http.request(
        method,
        cast.url("schedule", path),
        json=body,
        headers=_admin(cast, school),
        timeout=30,
    )
    return expect(response, status)


def _new_person(cast: Cast, school: str, kind: str, roles: list[str] | None = None) -> str:
    body: dict[str, Any] = {
        "kind": kind,
        "last_name": "Запасной",
        "first_name": "Человек",
        "username": unique(f"{kind}."),
        "password": PASSWORD,
    }
    if roles:
        body["roles"] = roles
    created = expect(
        cast.http.post(cast.url("identity", "/persons"), json=body, headers=_admin(cast, school)),
        201,
    )
    return str(created["id"])


def _calendar(first_year: int) -> dict[str, Any]:
    y, n = first_year, first_year + 1
    return {
        "starts_on": f"{y}-09-01",
        "ends_on": f"{n}-05-31",
        "periods": [
            {"kind": "term", "number": 1, "starts_on": f"{y}-09-01", "ends_on": f"{y}-10-31"},
            {"kind": "term", "number": 2, "starts_on": f"{y}-11-08", "ends_on": f"{y}-12-28"},
        ],
        "holidays": [
            {"name": "Осенние каникулы", "starts_on": f"{y}-11-01", "ends_on": f"{y}-11-07"}
        ],
    }


def _new_year(cast: Cast, school: str = "a") -> tuple[str, int]:
    number = next(_YEAR_NUMBERS)
    year = _call(cast, school, "POST", "/years", {"calendar": _calendar(number)})
    return str(year["id"]), number


def _make_class(cast: Cast, school: str, **extra: Any) -> tuple[str, str]:
    created = _call(cast, school, "POST", "/classes", {**_new_class(), **extra})
    return str(created["id"]), str(created["name"])


def _bell_body() -> dict[str, Any]:
    return {
        "name": fresh_name("Смена"),
        "periods": [
            {"number": 1, "starts_at": "08:30", "ends_at": "09:15"},
            {"number": 2, "starts_at": "09:25", "ends_at": "10:10"},
        ],
    }


@dataclass(frozen=True)
class Place:
    """A school's schedule objects for the rows: a far-future year with its holiday, a bell
    schedule, a class of that year with a draft timetable and a teaching load, classes without
    a year for the roster (one of them the class teacher's), their groups, and a deputy who is
    not the matrix's deputy."""

    school: str
    year_id: str
    year: int
    holiday_id: str
    bell_id: str
    subject_id: str
    teacher_id: str
    year_class_id: str
    year_class_name: str
    draft_id: str
    assignment_id: str
    class_teachers_class_id: str
    roster_class_id: str
    roster_class_name: str
    other_class_id: str
    class_teachers_group_id: str
    roster_group_id: str
    deputy_id: str


def _place(cast: Cast, school: str) -> Place:
    key = f"schedule.{school}"
    if key not in cast.cache:
        cast.cache[key] = _build_place(cast, school)
    place: Place = cast.cache[key]
    return place


def _build_place(cast: Cast, school: str) -> Place:
    own = cast.a if school == "a" else cast.b
    year_id, year = _new_year(cast, school)
    detail = _call(cast, school, "GET", f"/years/{year_id}", status=200)
    bell_id = str(_call(cast, school, "POST", "/bell-schedules", _bell_body())["id"])
    year_class_id, year_class_name = _make_class(
        cast, school, grade=5, year_id=year_id, bell_schedule_id=bell_id
    )
    draft = _call(cast, school, "POST", "/timetables", _timetable(year, year_class_id, own))
    assignment = _call(
        cast,
        school,
        "POST",
        "/teaching-load",
        _assignment(year_id, year_class_id, own.subject_id, own.teacher.id),
    )
    class_teacher = cast.account("class-teacher").id if school == "a" else own.teacher.id
    class_teachers_class_id, _ = _make_class(cast, school, class_teacher_id=class_teacher)
    roster_class_id, roster_class_name = _make_class(cast, school)
    other_class_id, _ = _make_class(cast, school)
    groups = [
        _call(
            cast,
            school,
            "POST",
            "/groups",
            {"class_id": class_id, "subject_id": own.subject_id, "name": fresh_name("Группа")},
        )["id"]
        for class_id in (class_teachers_class_id, roster_class_id)
    ]
    return Place(
        school=school,
        year_id=year_id,
        year=year,
        holiday_id=str(detail["holidays"][0]["id"]),
        bell_id=bell_id,
        subject_id=own.subject_id,
        teacher_id=own.teacher.id,
        year_class_id=year_class_id,
        year_class_name=year_class_name,
        draft_id=str(draft["id"]),
        assignment_id=str(assignment["id"]),
        class_teachers_class_id=class_teachers_class_id,
        roster_class_id=roster_class_id,
        roster_class_name=roster_class_name,
        other_class_id=other_class_id,
        class_teachers_group_id=str(groups[0]),
        roster_group_id=str(groups[1]),
        deputy_id=_new_person(cast, school, "staff", ["deputy-director"]),
    )


def _a(cast: Cast) -> Place:
    return _place(cast, "a")


def _where(cast: Cast, target: str) -> Place:
    """The school the target names: the persona's, or the other one for "other-school"."""
    return _place(cast, "b" if target == "other-school" else "a")


def _timetable(year: int, class_id: str, school: School, teacher_id: str | None = None) -> Any:
    return {
        "class_id": class_id,
        "valid_from": f"{year}-09-01",
        "valid_to": f"{year}-09-30",
        "entries": [
            {
                "weekday": 1,
                "period": 1,
                "subject_id": school.subject_id,
                "teacher_id": teacher_id or school.teacher.id,
            }
        ],
    }


def _assignment(year_id: str, class_id: str, subject_id: str, teacher_id: str) -> Any:
    return {
        "year_id": year_id,
        "teacher_id": teacher_id,
        "subject_id": subject_id,
        "class_id": class_id,
        "hours_per_week": 2,
    }


def _enrolled_student(cast: Cast, class_id: str) -> str:
    """A new student of school A, in the class since 1 September 2024."""
    student = _new_person(cast, "a", "student")
    _call(
        cast,
        "a",
        "POST",
        f"/classes/{class_id}/members",
        {"student_id": student, "since": "2024-09-01"},
    )
    return student


def _far_future() -> datetime:
    """A random minute of 2040-2089, when no other row books lessons."""
    return datetime(2040, 1, 2, 8, 0, tzinfo=UTC) + timedelta(
        days=secrets.randbelow(18000), minutes=secrets.randbelow(600)
    )


def _fresh_lesson(cast: Cast, *, substituted: bool = False) -> str:
    """A lesson of school A's first teacher, in a class no other row books, far ahead."""
    place = _a(cast)
    starts = _far_future()
    lesson = _call(
        cast,
        "a",
        "POST",
        "/lessons",
        {
            "class_id": place.other_class_id,
            "subject_id": place.subject_id,
            "teacher_id": place.teacher_id,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(minutes=45)).isoformat(),
        },
    )
    if substituted:
        _call(
            cast,
            "a",
            "PUT",
            f"/lessons/{lesson['id']}/substitution",
            {
                "teacher_id": _new_person(cast, "a", "staff", ["teacher"]),
                "reason": SUBSTITUTION_REASON,
            },
            status=200,
        )
    return str(lesson["id"])


def _bookable_draft(cast: Cast) -> str:
    """A draft of a new class and a new teacher, so publishing it double books nothing."""
    place = _a(cast)
    class_id, _ = _make_class(
        cast, "a", grade=7, year_id=place.year_id, bell_schedule_id=place.bell_id
    )
    teacher = _new_person(cast, "a", "staff", ["teacher"])
    body = _timetable(place.year, class_id, cast.a, teacher)
    return str(_call(cast, "a", "POST", "/timetables", body)["id"])


def _published_timetable(cast: Cast) -> str:
    draft = _bookable_draft(cast)
    _call(cast, "a", "POST", f"/timetables/{draft}/publish", status=200)
    return draft


# --- builders -------------------------------------------------------------------------------


def _year_path(suffix: str = "") -> Any:
    return lambda c, p, t: Request(f"/years/{_where(c, t).year_id}{suffix}")


def _new_period(cast: Cast, persona: str, target: str) -> Request:
    year_id, year = _where(cast, target).year_id, _where(cast, target).year
    if persona in LEADERSHIP and target == "own":
        year_id, year = _new_year(cast)
    period = {"kind": "half_year", "number": 1, "starts_on": f"{year}-09-01"}
    return Request(f"/years/{year_id}/periods", {**period, "ends_on": f"{year}-12-28"})


def _spring_holiday(year: int) -> dict[str, Any]:
    first = datetime(year + 1, 3, 1) + timedelta(days=secrets.randbelow(60))
    return {
        "name": fresh_name("Каникулы"),
        "starts_on": first.date().isoformat(),
        "ends_on": (first + timedelta(days=3)).date().isoformat(),
    }


def _new_holiday(cast: Cast, persona: str, target: str) -> Request:
    place = _where(cast, target)
    return Request(f"/years/{place.year_id}/holidays", _spring_holiday(place.year))


def _holiday(cast: Cast, persona: str, target: str) -> Request:
    place = _where(cast, target)
    holiday = place.holiday_id
    if persona in LEADERSHIP and target == "own":
        holiday = _call(
            cast, "a", "POST", f"/years/{place.year_id}/holidays", _spring_holiday(place.year)
        )["id"]
    return Request(f"/years/{place.year_id}/holidays/{holiday}")


def _close_year(cast: Cast, persona: str, target: str) -> Request:
    place = _where(cast, target)
    year, following = place.year_id, place.year_id
    if persona in HEADS and target == "own":
        (year, _), (following, _) = _new_year(cast), _new_year(cast)
    return Request(f"/years/{year}/close", {"next_year_id": following})


def _district_calendar(cast: Cast, persona: str, target: str) -> Request:
    return Request(
        "/district-calendars",
        {**_calendar(2100 + secrets.randbelow(800)), "name": fresh_name("Календарь")},
    )


def _subject(cast: Cast, target: str) -> str:
    return cast.a.subject_id if target == "own" else cast.b.subject_id


def _subject_links(cast: Cast, persona: str, target: str) -> Request:
    return Request(
        f"/subjects/{_subject(cast, target)}/links",
        {"teacher_ids": [cast.a.teacher.id], "class_ids": [cast.a.class_id]},
    )


def _patch_class(cast: Cast, persona: str, target: str) -> Request:
    place = _where(cast, target)
    return Request(f"/classes/{place.roster_class_id}", {"bell_schedule_id": place.bell_id})


def _leave(cast: Cast, persona: str, target: str) -> Request:
    if target == "other-school":
        return Request(f"/classes/{cast.b.class_id}/members/{cast.b.student.id}/leave", {})
    class_id = _a(cast).roster_class_id
    student = cast.a.other_student.id
    if persona in ROSTER_KEEPERS:
        student = _enrolled_student(cast, class_id)
    return Request(f"/classes/{class_id}/members/{student}/leave", {"on": "2025-01-01"})


def _transfer(cast: Cast, persona: str, target: str) -> Request:
    place = _a(cast)
    student = cast.a.other_student.id
    if persona in ROSTER_KEEPERS:
        student = _enrolled_student(cast, place.roster_class_id)
    return Request(
        f"/students/{student}/transfer", {"to_class_id": place.other_class_id, "on": "2025-01-01"}
    )


def _student(cast: Cast, target: str) -> str:
    return cast.a.student.id if target == "same-school" else cast.b.student.id


def _new_group(cast: Cast, persona: str, target: str) -> Request:
    place = _a(cast)
    class_id = place.class_teachers_class_id if target == "own" else place.roster_class_id
    return Request(
        "/groups",
        {"class_id": class_id, "subject_id": place.subject_id, "name": fresh_name("Группа")},
    )


def _group(cast: Cast, target: str) -> str:
    place = _where(cast, target)
    return place.roster_group_id if target == "same-school" else place.class_teachers_group_id


def _group_member(cast: Cast, persona: str, target: str) -> Request:
    group, student = _group(cast, target), cast.a.student.id
    if (persona, target) in GROUP_MEMBER_ALLOW:
        place = _a(cast)
        class_id = place.class_teachers_class_id if target == "own" else place.roster_class_id
        student = _enrolled_student(cast, class_id)
    return Request(f"/groups/{group}/members", {"student_id": student, "since": "2025-01-01"})


def _new_load(cast: Cast, persona: str, target: str) -> Request:
    place = _a(cast)
    subject = place.subject_id
    if persona in LEADERSHIP:
        subject = _call(cast, "a", "POST", "/subjects", {"name": fresh_name("Предмет")})["id"]
    return Request(
        "/teaching-load",
        _assignment(place.year_id, place.year_class_id, subject, place.teacher_id),
    )


def _load(cast: Cast, persona: str, target: str) -> Request:
    place = _where(cast, target)
    assignment = place.assignment_id
    if persona in LEADERSHIP and target == "own":
        subject = _call(cast, "a", "POST", "/subjects", {"name": fresh_name("Предмет")})["id"]
        assignment = _call(
            cast,
            "a",
            "POST",
            "/teaching-load",
            _assignment(place.year_id, place.year_class_id, subject, place.teacher_id),
        )["id"]
    return Request(f"/teaching-load/{assignment}")


def _bell_periods(cast: Cast, persona: str, target: str) -> Request:
    bell = _where(cast, target).bell_id
    if persona in LEADERSHIP and target == "own":
        bell = _call(cast, "a", "POST", "/bell-schedules", _bell_body())["id"]
    return Request(f"/bell-schedules/{bell}/periods", {"periods": _bell_body()["periods"]})


def _new_timetable(cast: Cast, persona: str, target: str) -> Request:
    place = _a(cast)
    return Request("/timetables", _timetable(place.year, place.year_class_id, cast.a))


def _draft(cast: Cast, persona: str, target: str, suffix: str = "") -> Request:
    draft = _where(cast, target).draft_id
    if persona in LESSON_PLANNERS and target == "own":
        place = _a(cast)
        draft = _call(
            cast, "a", "POST", "/timetables", _timetable(place.year, place.year_class_id, cast.a)
        )["id"]
    return Request(f"/timetables/{draft}{suffix}")


def _entries(cast: Cast, persona: str, target: str) -> Request:
    entries = _timetable(_a(cast).year, "", cast.a)["entries"]
    return Request(f"/timetables/{_where(cast, target).draft_id}/entries", {"entries": entries})


def _publish(cast: Cast, persona: str, target: str) -> Request:
    timetable = _where(cast, target).draft_id
    if persona in LESSON_PLANNERS and target == "own":
        timetable = _bookable_draft(cast)
    return Request(f"/timetables/{timetable}/publish")


def _end(cast: Cast, persona: str, target: str) -> Request:
    timetable = _where(cast, target).draft_id
    if persona in LESSON_PLANNERS and target == "own":
        timetable = _published_timetable(cast)
    return Request(f"/timetables/{timetable}/end", {"last_day": f"{_a(cast).year}-09-10"})


def _changed_lesson(suffix: str, body: Any = None, *, substituted: bool = False) -> Any:
    def build(cast: Cast, persona: str, target: str) -> Request:
        lesson = _lesson(cast, target)
        if persona in LESSON_PLANNERS and target == "own":
            lesson = _fresh_lesson(cast, substituted=substituted)
        return Request(f"/lessons/{lesson}{suffix}", body() if callable(body) else body)

    return build


def _move() -> dict[str, Any]:
    return {"starts_at": _far_future().isoformat()}


def _substitute(cast: Cast, persona: str, target: str) -> Request:
    lesson, teacher = _lesson(cast, target), cast.a.other_teacher.id
    if persona in LESSON_PLANNERS and target == "own":
        lesson, teacher = _fresh_lesson(cast), _new_person(cast, "a", "staff", ["teacher"])
    return Request(
        f"/lessons/{lesson}/substitution", {"teacher_id": teacher, "reason": SUBSTITUTION_REASON}
    )


def _changes(route: str) -> Any:
    def build(cast: Cast, persona: str, target: str) -> Request:
        query = "?date_from=2020-01-01&date_to=2099-12-31"
        if target == "own":
            query += f"&teacher_id={cast.account(persona).id}"
        elif target == "same-school":
            other = cast.a.other_teacher if persona == "teacher" else cast.a.teacher
            query += f"&teacher_id={other.id}"
        return Request(route + query)

    return build


def _import_classes(cast: Cast, persona: str, target: str) -> Request:
    row = _new_class()
    return Request(
        "/imports/classes", f"grade,letter\n{row['grade']},{row['letter']}\n", "text/csv"
    )


def _import_students(cast: Cast, persona: str, target: str) -> Request:
    place = _a(cast)
    student = cast.a.other_student.id
    if persona in ROSTER_KEEPERS:
        student = _new_person(cast, "a", "student")
    return Request(
        "/imports/students", f"student_id,class\n{student},{place.roster_class_name}\n", "text/csv"
    )


def _import_timetable(cast: Cast, persona: str, target: str) -> Request:
    place = _a(cast)
    query = (
        f"?valid_from={place.year}-09-01&valid_to={place.year}-09-30"
        f"&year_id={place.year_id}&bell_schedule_id={place.bell_id}"
    )
    text = (
        "class,weekday,period,subject,teacher_id\n"
        f"{place.year_class_name},1,1,Математика,{place.teacher_id}\n"
    )
    return Request(f"/imports/timetable{query}", text, "text/csv")


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
    # --- the calendar (S1, I6) --------------------------------------------------------------
    Endpoint(
        "schedule", "GET", "/years", ("-",), lambda c, p, t: Request("/years"), allow(STAFF, "-")
    ),
    Endpoint(
        "schedule",
        "POST",
        "/years",
        ("-",),
        lambda c, p, t: Request("/years", {"calendar": _calendar(next(_YEAR_NUMBERS))}),
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/years/{year_id}",
        ("own", "other-school"),
        _year_path(),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/years/{year_id}/periods",
        ("own", "other-school"),
        _new_period,
        allow(LEADERSHIP, "own"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "POST",
        "/years/{year_id}/holidays",
        ("own", "other-school"),
        _new_holiday,
        allow(LEADERSHIP, "own"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "DELETE",
        "/years/{year_id}/holidays/{holiday_id}",
        ("own", "other-school"),
        _holiday,
        allow(LEADERSHIP, "own"),
        success=204,
    ),
    Endpoint(
        "schedule",
        "PUT",
        "/years/{year_id}/assessment",
        ("own", "other-school"),
        lambda c, p, t: Request(
            f"/years/{_where(c, t).year_id}/assessment",
            {"rules": [{"grade": 5, "period_kind": "half_year"}]},
        ),
        allow(LEADERSHIP, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/years/{year_id}/close",
        ("own", "other-school"),
        _close_year,
        allow(HEADS, "own"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/years/{year_id}/curriculum",
        ("own", "other-school"),
        _year_path("/curriculum"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "PUT",
        "/years/{year_id}/curriculum",
        ("own", "other-school"),
        lambda c, p, t: Request(
            f"/years/{_where(c, t).year_id}/curriculum",
            {"items": [{"grade": 5, "subject_id": _where(c, t).subject_id, "hours_per_week": 4}]},
        ),
        allow(LEADERSHIP, "own"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/years/{year_id}/load-check",
        ("own", "other-school"),
        _year_path("/load-check"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/district-calendars",
        ("-",),
        lambda c, p, t: Request("/district-calendars"),
        allow((*STAFF, *DISTRICT), "-"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/district-calendars",
        ("-",),
        _district_calendar,
        allow(["district-admin"], "-"),
        success=201,
    ),
    # --- buildings and rooms, subjects (S2) -------------------------------------------------
    Endpoint(
        "schedule",
        "GET",
        "/buildings",
        ("-",),
        lambda c, p, t: Request("/buildings"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/buildings",
        ("-",),
        lambda c, p, t: Request(
            "/buildings", {"name": fresh_name("Корпус"), "address": "ул. Школьная, 1"}
        ),
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule", "GET", "/rooms", ("-",), lambda c, p, t: Request("/rooms"), allow(STAFF, "-")
    ),
    Endpoint(
        "schedule",
        "POST",
        "/rooms",
        ("-",),
        lambda c, p, t: Request("/rooms", {"name": fresh_name("Каб."), "capacity": 30}),
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/subjects/federal-list",
        ("-",),
        lambda c, p, t: Request("/subjects/federal-list"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/subjects/{subject_id}/links",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/subjects/{_subject(c, t)}/links"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "PUT",
        "/subjects/{subject_id}/links",
        ("own", "other-school"),
        _subject_links,
        allow(LEADERSHIP, "own"),
    ),
    # --- classes and their roster (S3, I4) ---------------------------------------------------
    Endpoint(
        "schedule",
        "PATCH",
        "/classes/{class_id}",
        ("own", "other-school"),
        _patch_class,
        allow(LEADERSHIP, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/classes/{class_id}/members/{student_id}/leave",
        ("same-school", "other-school"),
        _leave,
        allow(ROSTER_KEEPERS, "same-school"),
    ),
    # A transfer to another school's class, or of another school's student, is a 422 (no such
    # class or membership in this school), so it has no "other-school" case here.
    Endpoint(
        "schedule",
        "POST",
        "/students/{student_id}/transfer",
        ("same-school",),
        _transfer,
        allow(ROSTER_KEEPERS, "same-school"),
    ),
    # Another school's student: row-level security leaves an empty history (200, not 404).
    Endpoint(
        "schedule",
        "GET",
        "/students/{student_id}/classes",
        ("same-school", "other-school"),
        lambda c, p, t: Request(f"/students/{_student(c, t)}/classes"),
        allow(STAFF, "same-school", "other-school"),
    ),
    # --- groups: "own" is the class teacher's class, "same-school" another class (S3) ----------
    Endpoint(
        "schedule", "GET", "/groups", ("-",), lambda c, p, t: Request("/groups"), allow(STAFF, "-")
    ),
    # Another school's class in the body is a 422 (no such class), so no "other-school" case.
    Endpoint(
        "schedule",
        "POST",
        "/groups",
        ("own", "same-school"),
        _new_group,
        allow(LEADERSHIP, "own", "same-school") | allow(["class-teacher"], "own"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/groups/{group_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/groups/{_group(c, t)}"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/groups/{group_id}/members",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/groups/{_group(c, t)}/members"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/groups/{group_id}/members",
        ("own", "same-school", "other-school"),
        _group_member,
        GROUP_MEMBER_ALLOW,
        success=201,
    ),
    # --- deputies' grade levels (S6) --------------------------------------------------------
    Endpoint(
        "schedule",
        "GET",
        "/deputies",
        ("-",),
        lambda c, p, t: Request("/deputies"),
        allow(STAFF, "-"),
    ),
    # Another deputy of the school (never the matrix's deputy, who keeps no grade levels);
    # another school's deputy is a 422 (not a person of this school), so no such case.
    Endpoint(
        "schedule",
        "PUT",
        "/deputies/{deputy_id}/grades",
        ("same-school",),
        lambda c, p, t: Request(f"/deputies/{_a(c).deputy_id}/grades", {"grades": [10, 11]}),
        allow(HEADS, "same-school"),
    ),
    # --- teaching load (S4) -----------------------------------------------------------------
    Endpoint(
        "schedule",
        "GET",
        "/teaching-load",
        ("-",),
        lambda c, p, t: Request("/teaching-load"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/teaching-load",
        ("-",),
        _new_load,
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "DELETE",
        "/teaching-load/{assignment_id}",
        ("own", "other-school"),
        _load,
        allow(LEADERSHIP, "own"),
        success=204,
    ),
    # --- bell schedules (S5) ----------------------------------------------------------------
    Endpoint(
        "schedule",
        "GET",
        "/bell-schedules",
        ("-",),
        lambda c, p, t: Request("/bell-schedules"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/bell-schedules",
        ("-",),
        lambda c, p, t: Request("/bell-schedules", _bell_body()),
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/bell-schedules/{bell_schedule_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/bell-schedules/{_where(c, t).bell_id}"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "PUT",
        "/bell-schedules/{bell_schedule_id}/periods",
        ("own", "other-school"),
        _bell_periods,
        allow(LEADERSHIP, "own"),
    ),
    # --- timetables (S6): the deputy has no grade levels, so only the heads plan ------------
    Endpoint(
        "schedule",
        "GET",
        "/timetables",
        ("-",),
        lambda c, p, t: Request("/timetables"),
        allow(STAFF, "-"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/timetables",
        ("-",),
        _new_timetable,
        allow(LESSON_PLANNERS, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "GET",
        "/timetables/{timetable_id}",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/timetables/{_where(c, t).draft_id}"),
        allow(STAFF, "own"),
    ),
    Endpoint(
        "schedule",
        "DELETE",
        "/timetables/{timetable_id}",
        ("own", "other-school"),
        _draft,
        allow(LESSON_PLANNERS, "own"),
        success=204,
    ),
    Endpoint(
        "schedule",
        "PUT",
        "/timetables/{timetable_id}/entries",
        ("own", "other-school"),
        _entries,
        allow(LESSON_PLANNERS, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/timetables/{timetable_id}/publish",
        ("own", "other-school"),
        _publish,
        allow(LESSON_PLANNERS, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/timetables/{timetable_id}/end",
        ("own", "other-school"),
        _end,
        allow(LESSON_PLANNERS, "own"),
    ),
    # --- changes of lessons (S7) ------------------------------------------------------------
    Endpoint(
        "schedule",
        "PATCH",
        "/lessons/{lesson_id}",
        ("own", "other-school"),
        _changed_lesson("", _move),
        allow(LESSON_PLANNERS, "own"),
    ),
    Endpoint(
        "schedule",
        "POST",
        "/lessons/{lesson_id}/cancel",
        ("own", "other-school"),
        _changed_lesson("/cancel", {"reason": "Карантин"}),
        allow(LESSON_PLANNERS, "own"),
    ),
    Endpoint(
        "schedule",
        "PUT",
        "/lessons/{lesson_id}/substitution",
        ("own", "other-school"),
        _substitute,
        allow(LESSON_PLANNERS, "own"),
    ),
    Endpoint(
        "schedule",
        "DELETE",
        "/lessons/{lesson_id}/substitution",
        ("own", "other-school"),
        _changed_lesson("/substitution", substituted=True),
        allow(LESSON_PLANNERS, "own"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/lessons/{lesson_id}/students",
        ("own", "other-school"),
        lambda c, p, t: Request(f"/lessons/{_lesson(c, t)}/students"),
        allow(["teacher", *WHOLE_TIMETABLE], "own"),
    ),
    # --- the substitution log: "own" is the persona's log, "same-school" another teacher's ---
    Endpoint(
        "schedule",
        "GET",
        "/substitutions",
        ("-", "own", "same-school"),
        _changes("/substitutions"),
        allow(STAFF, "-", "own") | allow(LEADERSHIP, "same-school"),
    ),
    Endpoint(
        "schedule",
        "GET",
        "/substitutions/summary",
        ("-", "own", "same-school"),
        _changes("/substitutions/summary"),
        allow(STAFF, "-", "own") | allow(LEADERSHIP, "same-school"),
    ),
    # --- CSV imports (S3, S6) ---------------------------------------------------------------
    Endpoint(
        "schedule",
        "POST",
        "/imports/classes",
        ("-",),
        _import_classes,
        allow(LEADERSHIP, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "POST",
        "/imports/students",
        ("-",),
        _import_students,
        allow(ROSTER_KEEPERS, "-"),
        success=201,
    ),
    Endpoint(
        "schedule",
        "POST",
        "/imports/timetable",
        ("-",),
        _import_timetable,
        allow(LESSON_PLANNERS, "-"),
        success=201,
    ),
]
