"""Helpdesk's rows of the access matrix (H1, I5)."""

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import DISTRICT, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import expect

NEW_REQUEST = {
    "category": "question",
    "subject": "Как выставить итоговую отметку?",
    "text": "Не нашли, где выставить отметку за четверть.",
}


def _open(cast: Cast, author: str, school: str = "a") -> str:
    headers = cast.headers(author) if school == "a" else cast.signed_in(cast.b.admin)
    return str(
        expect(
            cast.http.post(cast.url("helpdesk", "/requests"), json=NEW_REQUEST, headers=headers),
            201,
        )["id"]
    )


def _request(cast: Cast, persona: str, target: str) -> str:
    if target == "own":
        return _open(cast, persona if persona in STAFF else "teacher")
    if target == "same-school":
        return _open(cast, "secretary" if persona == "teacher" else "teacher")
    return _open(cast, "school-admin", school="b")


ROWS = [
    Endpoint(
        "helpdesk",
        "POST",
        "/requests",
        ("-",),
        lambda c, p, t: Request("/requests", NEW_REQUEST),
        allow(STAFF, "-"),
        success=201,
    ),
    Endpoint(
        "helpdesk",
        "GET",
        "/requests",
        ("-",),
        lambda c, p, t: Request("/requests"),
        allow((*STAFF, *DISTRICT), "-"),
    ),
    Endpoint(
        "helpdesk",
        "GET",
        "/requests/{request_id}",
        ("same-school", "other-school"),
        lambda c, p, t: Request(f"/requests/{_request(c, p, t)}"),
        allow(STAFF, "same-school") | allow(DISTRICT, "same-school", "other-school"),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/answer",
        ("same-school", "other-school"),
        lambda c, p, t: Request(
            f"/requests/{_request(c, p, t)}/answer", {"answer": "Раздел «Итоговые отметки»."}
        ),
        allow(["support-agent", "working-group-member"], "same-school", "other-school"),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/close",
        ("own", "same-school", "other-school"),
        lambda c, p, t: Request(f"/requests/{_request(c, p, t)}/close"),
        allow(STAFF, "own") | allow(["support-agent"], "own", "same-school", "other-school"),
    ),
]
