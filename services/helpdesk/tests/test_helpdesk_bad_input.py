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
        "GET /requests": "support",
        "GET /requests/{request_id}": "teacher",
        "POST /requests/{request_id}/answer": "support",
        "POST /requests/{request_id}/close": "teacher",
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
        json={"category": "question", "subject": "Отметки", "text": "Где четвертные?"},
        headers=service.auth(teacher),
    )
    assert opened.status_code == 201, opened.text
    values = {
        "request_id": opened.json()["id"],
        "school_id": str(school),
        "category": "question",
        "subject": "Отметки",
        "text": "Где четвертные отметки?",
    }
    world = World({"teacher": teacher, "support": support}, values)
    await sweep_every_route(TARGET, world, service, admin_conn)
