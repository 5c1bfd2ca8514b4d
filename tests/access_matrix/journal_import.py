"""Journal's rows of the access matrix for paper journals brought back (issue 5 point 10,
J13): the template and the import are for a teacher of the class in the subject and the
school's leadership; the import log for the leadership. Rows of a file naming a lesson the
importer may not write are rejected inside a 200 answer (services/journal/tests)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import School

IMPORTERS = ("teacher", *LEADERSHIP)
HEADER = "Дата / date;ID ученика / student_id;Отметка / mark;Вид работы / work_type"


def _school(cast: Cast, target: str) -> School:
    return cast.a if target == "own" else cast.b


def _lesson_date(cast: Cast, school: School) -> date:
    """The date of the school's lesson as schedule has it now (other rows may move it)."""
    found = cast.http.get(
        cast.url("schedule", f"/lessons/{school.lesson_id}"),
        headers=cast.signed_in(school.admin),
        timeout=30,
    )
    if found.status_code == 200 and found.json().get("lesson_date"):
        return date.fromisoformat(found.json()["lesson_date"])
    return datetime.now(UTC).astimezone(ZoneInfo("Europe/Moscow")).date()


def _class_query(school: School) -> str:
    return f"class_id={school.class_id}&subject_id={school.subject_id}"


def _template(cast: Cast, persona: str, target: str) -> Request:
    school = _school(cast, target)
    today = datetime.now(UTC).date()
    span = f"date_from={today - timedelta(days=30)}&date_to={today + timedelta(days=30)}"
    return Request(f"/paper-import/template?{_class_query(school)}&{span}&format=csv")


def _import(cast: Cast, persona: str, target: str) -> Request:
    school = _school(cast, target)
    day = _lesson_date(cast, school)
    text = f"{HEADER}\n{day.isoformat()};{school.other_student.id};4;oral\n"
    return Request(f"/paper-import?{_class_query(school)}&file_name=matrix.csv", text, "text/csv")


ROWS: list[Endpoint] = [
    Endpoint(
        "journal",
        "GET",
        "/paper-import/template",
        ("own", "other-school"),
        _template,
        allow(IMPORTERS, "own"),
    ),
    Endpoint(
        "journal",
        "POST",
        "/paper-import",
        ("own", "other-school"),
        _import,
        allow(IMPORTERS, "own"),
    ),
    Endpoint(
        "journal",
        "GET",
        "/paper-import/log",
        ("-",),
        lambda c, p, t: Request("/paper-import/log"),
        allow(LEADERSHIP, "-"),
    ),
]
