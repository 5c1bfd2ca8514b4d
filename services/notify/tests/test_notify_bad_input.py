"""No input yields a 5xx in notify (N1): the shared sweep of malformed requests
(tests/bad_input) over every route of notify's OpenAPI document, as the parent whose inbox
holds a message."""

from uuid import UUID, uuid4

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_notify.inbox.service import send_direct
from tests.bad_input.sweep import Target, World, sweep_every_route

TARGET = Target(
    "notify",
    {
        "GET /inbox": "parent",
        "GET /inbox/unread-count": "parent",
        "POST /inbox/{message_id}/read": "parent",
    },
)


async def test_no_malformed_request_to_any_route_yields_a_5xx(
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    school, parent_id = uuid4(), uuid4()
    parent = Principal(
        subject=str(parent_id),
        person_id=parent_id,
        school_id=school,
        roles=frozenset({Role.PARENT}),
    )
    async with tenant_transaction(sessions, school) as session:
        message: UUID = await send_direct(session, school, parent_id, "Собрание", "В пятницу.")
    world = World({"parent": parent}, {"message_id": str(message), "unread_only": "true"})
    await sweep_every_route(TARGET, world, service, admin_conn)
