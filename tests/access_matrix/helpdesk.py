"""Helpdesk's rows of the access matrix (H1, I5)."""

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import DISTRICT, STAFF
from tests.access_matrix.matrix import Endpoint, Request, allow
from tests.support import expect

DESK = ("support-agent", "working-group-member")
NEW_REQUEST = {
    "category": "consulting",
    "kind": "question",
    "subject": "Как выставить итоговую отметку?",
    "text": "Не нашли, где выставить отметку за четверть.",
}
NOTE = "Журнал 5Б не открывается после обновления."


def _author_headers(cast: Cast, persona: str, target: str) -> dict[str, str]:
    """Who opens the request a row acts on: the persona itself (own), a colleague of the
    persona's school (same-school) or school B's admin (other-school)."""
    if target == "other-school":
        return cast.signed_in(cast.b.admin)
    if target == "own":
        return cast.headers(persona if persona in STAFF else "teacher")
    return cast.headers("secretary" if persona == "teacher" else "teacher")


def _request(cast: Cast, persona: str, target: str) -> str:
    headers = _author_headers(cast, persona, target)
    return str(
        expect(
            cast.http.post(cast.url("helpdesk", "/requests"), json=NEW_REQUEST, headers=headers),
            201,
        )["id"]
    )


def _closed_request(cast: Cast, persona: str, target: str) -> str:
    request_id = _request(cast, persona, target)
    expect(
        cast.http.post(
            cast.url("helpdesk", f"/requests/{request_id}/close"),
            headers=_author_headers(cast, persona, target),
        ),
        200,
    )
    return request_id


def _attachment(cast: Cast, persona: str, target: str) -> str:
    request_id = _request(cast, persona, target)
    attached = expect(
        cast.http.post(
            cast.url("helpdesk", f"/requests/{request_id}/attachments"),
            params={"file_name": "заметка.txt"},
            content=NOTE.encode(),
            headers={
                **_author_headers(cast, persona, target),
                "content-type": "application/octet-stream",
            },
        ),
        201,
    )
    return f"/requests/{request_id}/attachments/{attached['id']}"


def _logged_call(cast: Cast) -> dict[str, str]:
    return {
        "school_id": cast.a.id,
        "channel": "phone",
        "caller_name": "Петрова Анна Ивановна",
        "caller_role": "secretary",
        "category": "technical",
        "subject": "Не входит в журнал",
        "text": "Секретарь не может войти в журнал.",
    }


ON_REQUESTS = ("same-school", "other-school")

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
        "POST",
        "/requests/logged",
        ("-",),
        lambda c, p, t: Request("/requests/logged", _logged_call(c)),
        allow(DESK, "-"),
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
        ON_REQUESTS,
        lambda c, p, t: Request(f"/requests/{_request(c, p, t)}"),
        allow(STAFF, "same-school") | allow(DISTRICT, *ON_REQUESTS),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/messages",
        ON_REQUESTS,
        lambda c, p, t: Request(
            f"/requests/{_request(c, p, t)}/messages", {"body": "Раздел «Итоговые отметки»."}
        ),
        allow(STAFF, "same-school") | allow(DESK, *ON_REQUESTS),
        success=201,
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/assign",
        ON_REQUESTS,
        lambda c, p, t: Request(
            f"/requests/{_request(c, p, t)}/assign",
            {"assignee_id": c.account("working-group-member").id},
        ),
        allow(DESK, *ON_REQUESTS),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/status",
        ON_REQUESTS,
        lambda c, p, t: Request(
            f"/requests/{_request(c, p, t)}/status", {"status": "waiting_for_school"}
        ),
        allow(DESK, *ON_REQUESTS),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/close",
        ("own", *ON_REQUESTS),
        lambda c, p, t: Request(f"/requests/{_request(c, p, t)}/close"),
        allow(STAFF, "own") | allow(DESK, "own", *ON_REQUESTS),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/reopen",
        ON_REQUESTS,
        lambda c, p, t: Request(f"/requests/{_closed_request(c, p, t)}/reopen"),
        allow(STAFF, "same-school"),
    ),
    Endpoint(
        "helpdesk",
        "POST",
        "/requests/{request_id}/attachments",
        ON_REQUESTS,
        lambda c, p, t: Request(
            f"/requests/{_request(c, p, t)}/attachments?file_name=note.txt",
            NOTE,
            content_type="application/octet-stream",
        ),
        allow(STAFF, "same-school") | allow(DESK, *ON_REQUESTS),
        success=201,
    ),
    Endpoint(
        "helpdesk",
        "GET",
        "/requests/{request_id}/attachments/{attachment_id}",
        ON_REQUESTS,
        lambda c, p, t: Request(_attachment(c, p, t)),
        allow(STAFF, "same-school") | allow(DISTRICT, *ON_REQUESTS),
    ),
]
