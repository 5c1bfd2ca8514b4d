"""The inbox REST API (over ASGI, with a stand-in token verifier) and the gRPC SendMessage
(a real gRPC server with the shared auth interceptor)."""

import socket
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import asyncpg
import grpc
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.notify.v1 import notify_pb2, notify_pb2_grpc
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.rpc import create_server
from okrug_common.testing import Service
from okrug_notify.grpc_api import NotifyServicer
from okrug_notify.inbox.service import send_direct


def person(school: UUID | None, *roles: Role, person_id: UUID | None = None) -> Principal:
    pid = person_id or uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


def service_account() -> Principal:
    return Principal(
        subject="svc-journal",
        person_id=None,
        school_id=None,
        roles=frozenset({Role.SERVICE}),
        client_id="okrug-journal",
    )


def auth(service: Service, principal: Principal) -> dict[str, str]:
    return service.auth(principal)


async def _send(
    sessions: async_sessionmaker[AsyncSession], school: UUID, recipient: UUID, title: str
) -> UUID:
    async with tenant_transaction(sessions, school) as session:
        return await send_direct(session, school, recipient, title, "Текст сообщения.")


async def test_inbox_lists_own_messages_newest_first_and_marks_read(
    service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    school = uuid4()
    parent = person(school, Role.PARENT)
    other = person(school, Role.PARENT)
    assert parent.person_id is not None
    assert other.person_id is not None
    first = await _send(sessions, school, parent.person_id, "Первое")
    second = await _send(sessions, school, parent.person_id, "Второе")
    theirs = await _send(sessions, school, other.person_id, "Чужое")

    response = await service.http.get("/notify/inbox", headers=auth(service, parent))
    assert response.status_code == 200
    assert [m["title"] for m in response.json()] == ["Второе", "Первое"]
    assert response.json()[0]["kind"] == "direct"

    count = await service.http.get("/notify/inbox/unread-count", headers=auth(service, parent))
    assert count.json() == {"unread": 2}

    # Someone else's message: 404, and it stays unread for its owner.
    stolen = await service.http.post(f"/notify/inbox/{theirs}/read", headers=auth(service, parent))
    assert stolen.status_code == 404
    assert stolen.headers["content-type"].startswith("application/problem+json")
    assert str(theirs) in stolen.json()["detail"]
    theirs_after = await service.http.get("/notify/inbox", headers=auth(service, other))
    assert theirs_after.json()[0]["read_at"] is None

    read = await service.http.post(f"/notify/inbox/{first}/read", headers=auth(service, parent))
    assert read.status_code == 200
    read_at = read.json()["read_at"]
    assert read_at is not None
    again = await service.http.post(f"/notify/inbox/{first}/read", headers=auth(service, parent))
    assert again.json()["read_at"] == read_at, "the first reading time is kept"

    unread = await service.http.get(
        "/notify/inbox", params={"unread_only": "true"}, headers=auth(service, parent)
    )
    assert [m["id"] for m in unread.json()] == [str(second)]
    count = await service.http.get("/notify/inbox/unread-count", headers=auth(service, parent))
    assert count.json() == {"unread": 1}

    limited = await service.http.get(
        "/notify/inbox", params={"limit": 1}, headers=auth(service, parent)
    )
    assert [m["id"] for m in limited.json()] == [str(second)]


async def test_the_inbox_is_scoped_to_the_tokens_school(
    service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    school_a, school_b = uuid4(), uuid4()
    teacher = person(school_a, Role.TEACHER)
    assert teacher.person_id is not None
    message = await _send(sessions, school_a, teacher.person_id, "Совещание")
    same_person_b = person(school_b, Role.TEACHER, person_id=teacher.person_id)

    listed = await service.http.get("/notify/inbox", headers=auth(service, same_person_b))
    assert listed.json() == []
    read = await service.http.post(
        f"/notify/inbox/{message}/read", headers=auth(service, same_person_b)
    )
    assert read.status_code == 404


@pytest.mark.parametrize("limit", ["0", "201", "x"])
async def test_bad_limit_is_a_problem_naming_the_field(service: Service, limit: str) -> None:
    response = await service.http.get(
        "/notify/inbox",
        params={"limit": limit},
        headers=auth(service, person(uuid4(), Role.STUDENT)),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "query.limit"


async def test_who_may_not_read_an_inbox(service: Service) -> None:
    assert (await service.http.get("/notify/inbox")).status_code == 401
    no_school = await service.http.get(
        "/notify/inbox", headers=auth(service, person(None, Role.PARENT))
    )
    assert no_school.status_code == 403
    robot = await service.http.get("/notify/inbox", headers=auth(service, service_account()))
    assert robot.status_code == 403
    bad_id = await service.http.post(
        "/notify/inbox/not-a-uuid/read", headers=auth(service, person(uuid4(), Role.PARENT))
    )
    assert bad_id.status_code == 422


@pytest.fixture(scope="session")
async def notify_stub(service: Service) -> AsyncIterator[notify_pb2_grpc.NotifyServiceStub]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, _ = create_server(
        service.verifier,  # type: ignore[arg-type]
        [(notify_pb2_grpc.add_NotifyServiceServicer_to_server, NotifyServicer(service.runtime))],
        port,
        host="127.0.0.1",
    )
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield notify_pb2_grpc.NotifyServiceStub(channel)
    await channel.close()
    await server.stop(None)


async def test_send_message_writes_a_direct_message(
    service: Service,
    notify_stub: notify_pb2_grpc.NotifyServiceStub,
    admin_conn: asyncpg.Connection,
) -> None:
    school, recipient = uuid4(), uuid4()
    token = service.verifier.token_for(service_account())
    response = await notify_stub.SendMessage(
        notify_pb2.SendMessageRequest(
            school_id=str(school),
            recipient_id=str(recipient),
            title="Замена",
            body="Урок 3 отменён.",
        ),
        metadata=(("authorization", f"Bearer {token}"),),
    )
    row = await admin_conn.fetchrow(
        "SELECT school_id, recipient_id, kind, title, body, source_event_id FROM messages "
        "WHERE id = $1",
        UUID(response.message_id),
    )
    assert row is not None
    assert (row["school_id"], row["recipient_id"], row["kind"]) == (school, recipient, "direct")
    assert (row["title"], row["body"], row["source_event_id"]) == (
        "Замена",
        "Урок 3 отменён.",
        None,
    )
    outbox = await admin_conn.fetchval(
        "SELECT count(*) FROM outbox WHERE school_id = $1 AND subject = $2",
        school,
        "okrug.notify.message.delivered",
    )
    assert outbox == 1


@pytest.mark.parametrize(
    ("caller", "request_fields", "code"),
    [
        ("teacher", {}, grpc.StatusCode.PERMISSION_DENIED),
        ("none", {}, grpc.StatusCode.UNAUTHENTICATED),
        ("service", {"school_id": "nope"}, grpc.StatusCode.INVALID_ARGUMENT),
        ("service", {"title": "   "}, grpc.StatusCode.INVALID_ARGUMENT),
        ("service", {"body": "x" * 10_001}, grpc.StatusCode.INVALID_ARGUMENT),
    ],
)
async def test_send_message_refusals(
    service: Service,
    notify_stub: notify_pb2_grpc.NotifyServiceStub,
    caller: str,
    request_fields: dict[str, str],
    code: grpc.StatusCode,
) -> None:
    fields = {"school_id": str(uuid4()), "recipient_id": str(uuid4()), "title": "T", "body": "B"}
    fields |= request_fields
    metadata: tuple[tuple[str, str], ...] = ()
    if caller != "none":
        principal = service_account() if caller == "service" else person(uuid4(), Role.TEACHER)
        metadata = (("authorization", f"Bearer {service.verifier.token_for(principal)}"),)
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await notify_stub.SendMessage(notify_pb2.SendMessageRequest(**fields), metadata=metadata)
    assert failure.value.code() == code
