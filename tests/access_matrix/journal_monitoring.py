"""Journal's rows of the access matrix for oversight's monitoring reports (issue 11 point 9;
O5, I5, X2): oversight's readers read the reports and the breaches (the district every
school's, a school's leadership their own: another school's report is not found); the
district's readers make reports of any school, a director of their own school only."""

import httpx

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import LEADERSHIP
from tests.access_matrix.journal_oversight import DISTRICT_READERS, OVERSIGHT_READERS
from tests.access_matrix.matrix import Endpoint, Request, allow

REPORTS = "/oversight/monitoring/reports"
TARGETS = ("own", "other-school")
# The cast's schools have the year containing today (tests/support.py current_year_calendar).
PERIOD = "year"


def _school(cast: Cast, target: str) -> str:
    return str((cast.a if target == "own" else cast.b).id)


def _report(cast: Cast, target: str) -> str:
    """A report of the school, made once by the district admin."""
    school_id = _school(cast, target)
    key = f"monitoring:report:{school_id}"
    if key not in cast.cache:
        made = httpx.post(
            cast.url("journal", REPORTS),
            json={"period": PERIOD, "school_id": school_id},
            headers=cast.headers("district-admin"),
            timeout=60,
        )
        assert made.status_code == 201, made.text
        cast.cache[key] = made.json()["reports"][0]["id"]
    report_id: str = cast.cache[key]
    return report_id


REPORT_READERS = allow(DISTRICT_READERS, *TARGETS) | allow(LEADERSHIP, "own")

ROWS = [
    Endpoint(
        "journal",
        "GET",
        REPORTS,
        ("-",),
        lambda c, p, t: Request(REPORTS),
        allow(OVERSIGHT_READERS, "-"),
    ),
    Endpoint(
        "journal",
        "POST",
        REPORTS,
        TARGETS,
        lambda c, p, t: Request(REPORTS, {"period": PERIOD, "school_id": _school(c, t)}),
        allow(DISTRICT_READERS, *TARGETS) | allow(["director"], "own"),
        success=201,
    ),
    Endpoint(
        "journal",
        "GET",
        REPORTS + "/{report_id}",
        TARGETS,
        lambda c, p, t: Request(f"{REPORTS}/{_report(c, t)}"),
        REPORT_READERS,
    ),
    Endpoint(
        "journal",
        "GET",
        REPORTS + "/{report_id}.pdf",
        TARGETS,
        lambda c, p, t: Request(f"{REPORTS}/{_report(c, t)}.pdf"),
        REPORT_READERS,
    ),
    Endpoint(
        "journal",
        "GET",
        REPORTS + "/{report_id}.xlsx",
        TARGETS,
        lambda c, p, t: Request(f"{REPORTS}/{_report(c, t)}.xlsx"),
        REPORT_READERS,
    ),
    Endpoint(
        "journal",
        "GET",
        "/oversight/monitoring/breaches",
        ("-",),
        lambda c, p, t: Request("/oversight/monitoring/breaches"),
        allow(OVERSIGHT_READERS, "-"),
    ),
]
