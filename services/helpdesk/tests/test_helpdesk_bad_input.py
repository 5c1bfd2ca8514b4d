"""No input yields a 5xx in the helpdesk (H1): the shared sweep of malformed requests
(tests/bad_input) over every route of the helpdesk's OpenAPI document, as the teacher who
asked and the district's support agent who answers."""

from uuid import UUID, uuid4

import asyncpg

from okrug_common.auth import Principal
from okrug_common.roles import Role
from okrug_common.testing import Service
from tests.bad_input.sweep import Target, World, sweep_every_route

TARGET = Target(
    "helpdesk",
    {
        "POST /requests": "teacher",
        "POST /requests/logged": "support",
        "GET /requests": "support",
        "GET /requests/{request_id}": "teacher",
        "POST /requests/{request_id}/messages": "support",
        "POST /requests/{request_id}/assign": "support",
        "POST /requests/{request_id}/status": "support",
        "POST /requests/{request_id}/close": "teacher",
        "POST /requests/{request_id}/reopen": "teacher",
        "POST /requests/{request_id}/attachments": "teacher",
        "GET /requests/{request_id}/attachments/{attachment_id}": "teacher",
    },
)


def person(school_id: UUID | None, *roles: Role) -> Principal:
    person_id = uuid4()
    return Principal(
        subject=str(person_id),
        person_id=person_id,
        school_id=school_id,
        roles=frozenset(roles),
    )


async def test_no_malformed_request_to_any_route_yields_a_5xx(
    service: Service, admin_conn: asyncpg.Connection
) -> None:
    school = uuid4()
    teacher = person(school, Role.TEACHER)
    support = person(None, Role.SUPPORT_AGENT)
    opened = await service.http.post(
        "/helpdesk/requests",
        json={"category": "consulting", "subject": "Отметки", "text": "Где четвертные?"},
        headers=service.auth(teacher),
    )
    assert opened.status_code == 201, opened.text
    request_id = opened.json()["id"]
    attached = await service.http.post(
        f"/helpdesk/requests/{request_id}/attachments",
        params={"file_name": "заметка.txt"},
        content="Журнал 5Б не открывается.".encode(),
        headers={**service.auth(teacher), "Content-Type": "application/octet-stream"},
    )
    assert attached.status_code == 201, attached.text
    values = {
        "request_id": request_id,
        "attachment_id": attached.json()["id"],
        "school_id": str(school),
        "assignee_id": str(support.person_id),
        "caller_name": "Петрова Анна Ивановна",
        "file_name": "заметка.txt",
        "body": "Очистите кэш браузера.",
        "category": "consulting",
        "subject": "Отметки",
        "text": "Где четвертные отметки?",
    }
    world = World(
        {"teacher": teacher, "support": support},
        values,
        bodies={"/requests/{request_id}/attachments": "Журнал 5Б не открывается.".encode()},
    )
    await sweep_every_route(TARGET, world, service, admin_conn)
