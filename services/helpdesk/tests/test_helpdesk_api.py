"""The helpdesk REST API (over ASGI, with a stand-in token verifier) and its gRPC API (a real
gRPC server with the shared auth interceptor)."""

import io
import socket
import zipfile
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import grpc
import pytest

from okrug.helpdesk.v1 import helpdesk_pb2, helpdesk_pb2_grpc
from okrug_common.auth import Principal
from okrug_common.roles import Role
from okrug_common.rpc import create_server
from okrug_common.testing import Service
from okrug_helpdesk.grpc_api import HelpdeskServicer


def principal(school: UUID | None, *roles: Role, person_id: UUID | None = None) -> Principal:
    pid = person_id or uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


def service_account() -> Principal:
    return Principal(subject="svc", person_id=None, school_id=None, roles=frozenset({Role.SERVICE}))


NEW_REQUEST = {
    "category": "consulting",
    "kind": "question",
    "subject": "  Как выставить отметку за четверть?  ",
    "text": "Где в журнале выставляются четвертные отметки?",
}


async def open_request(service: Service, author: Principal) -> dict[str, Any]:
    response = await service.http.post(
        "/helpdesk/requests", json=NEW_REQUEST, headers=service.auth(author)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_request_lifecycle_over_rest(service: Service) -> None:
    school, other_school = uuid4(), uuid4()
    author = principal(school, Role.TEACHER, Role.CLASS_TEACHER)
    created = await open_request(service, author)
    assert created["author_id"] == str(author.person_id)
    assert created["school_id"] == str(school)
    assert created["author_role"] == "class-teacher"
    assert created["subject"] == "Как выставить отметку за четверть?"
    assert (created["status"], created["channel"], created["kind"]) == ("new", "web", "question")
    assert created["seconds_to_answer"] is None
    path = f"/helpdesk/requests/{created['id']}"

    colleague = principal(school, Role.DIRECTOR)
    listed = await service.http.get("/helpdesk/requests", headers=service.auth(colleague))
    assert [r["id"] for r in listed.json()] == [created["id"]]
    stranger = principal(other_school, Role.DIRECTOR)
    assert (await service.http.get(path, headers=service.auth(stranger))).status_code == 404
    listed = await service.http.get("/helpdesk/requests", headers=service.auth(stranger))
    assert listed.json() == []
    peek = await service.http.get(
        "/helpdesk/requests", params={"school_id": str(school)}, headers=service.auth(stranger)
    )
    assert peek.status_code == 403

    wg = principal(None, Role.WORKING_GROUP_MEMBER)
    district_log = await service.http.get(
        "/helpdesk/requests",
        params={"school_id": str(school), "status": "new", "category": "question"},
        headers=service.auth(wg),
    )
    assert district_log.status_code == 422, "question is a kind, not a category"
    district_log = await service.http.get(
        "/helpdesk/requests",
        params={"school_id": str(school), "status": "new", "kind": "question"},
        headers=service.auth(wg),
    )
    assert [r["id"] for r in district_log.json()] == [created["id"]]

    refused = await service.http.post(
        f"{path}/assign", json={"assignee_id": str(wg.person_id)}, headers=service.auth(colleague)
    )
    assert refused.status_code == 403
    agent = principal(None, Role.SUPPORT_AGENT)
    assigned = await service.http.post(
        f"{path}/assign", json={"assignee_id": str(wg.person_id)}, headers=service.auth(agent)
    )
    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["assignee_id"], assigned.json()["status"]) == (
        str(wg.person_id),
        "in_progress",
    )
    mine = await service.http.get(
        "/helpdesk/requests",
        params={"assignee_id": str(wg.person_id)},
        headers=service.auth(wg),
    )
    assert [r["id"] for r in mine.json()] == [created["id"]]

    answered = await service.http.post(
        f"{path}/messages",
        json={"body": "В разделе «Итоговые отметки»."},
        headers=service.auth(wg),
    )
    assert answered.status_code == 201, answered.text
    body = answered.json()
    assert body["status"] == "answered"
    assert body["answered_by"] == str(wg.person_id)
    assert body["seconds_to_answer"] >= 0
    assert [(m["side"], m["body"]) for m in body["messages"]] == [
        ("district", "В разделе «Итоговые отметки»."),
    ]

    seen_by_author = (await service.http.get(path, headers=service.auth(author))).json()
    assert seen_by_author["messages"] == body["messages"]
    assert [(h["change"], h["to_status"]) for h in seen_by_author["history"]] == [
        ("opened", "new"),
        ("assigned", None),
        ("status", "in_progress"),
        ("message", None),
        ("status", "answered"),
    ]

    not_author = await service.http.post(f"{path}/close", headers=service.auth(colleague))
    assert not_author.status_code == 403
    closed = await service.http.post(f"{path}/close", headers=service.auth(author))
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    twice = await service.http.post(f"{path}/close", headers=service.auth(author))
    assert twice.status_code == 409
    assert twice.json()["errors"][0]["code"] == "status-transition"

    # The colleague reopens: the answer did not help the school.
    reopened = await service.http.post(f"{path}/reopen", headers=service.auth(colleague))
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "reopened"
    reply = await service.http.post(
        f"{path}/messages", json={"body": "Раздела нет у завуча."}, headers=service.auth(colleague)
    )
    assert reply.status_code == 201
    assert reply.json()["messages"][-1]["side"] == "school"
    assert reply.json()["status"] == "reopened"


async def test_a_call_logged_on_the_callers_behalf(service: Service) -> None:
    school = uuid4()
    agent = principal(None, Role.SUPPORT_AGENT)
    call = {
        "school_id": str(school),
        "channel": "phone",
        "caller_name": "Петрова Анна Ивановна",
        "caller_role": "secretary",
        "category": "consulting",
        "kind": "proposal",
        "subject": "Печать табелей",
        "text": "Предлагают печатать табели из журнала.",
    }
    logged = await service.http.post(
        "/helpdesk/requests/logged", json=call, headers=service.auth(agent)
    )
    assert logged.status_code == 201, logged.text
    body = logged.json()
    assert (body["logged_by"], body["author_id"], body["caller_name"]) == (
        str(agent.person_id),
        None,
        "Петрова Анна Ивановна",
    )
    director = principal(school, Role.DIRECTOR)
    listed = await service.http.get("/helpdesk/requests", headers=service.auth(director))
    assert [r["id"] for r in listed.json()] == [body["id"]]
    for caller in (director, principal(None, Role.DISTRICT_ADMIN)):
        refused = await service.http.post(
            "/helpdesk/requests/logged", json=call, headers=service.auth(caller)
        )
        assert refused.status_code == 403
    web = await service.http.post(
        "/helpdesk/requests/logged", json={**call, "channel": "web"}, headers=service.auth(agent)
    )
    assert web.status_code == 422
    assert [e["field"] for e in web.json()["errors"]] == ["body.channel"]


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_attachments_are_checked_by_content_and_served_to_readers_only(
    service: Service, admin_conn: asyncpg.Connection
) -> None:
    school = uuid4()
    author = principal(school, Role.TEACHER)
    created = await open_request(service, author)
    path = f"/helpdesk/requests/{created['id']}/attachments"

    def upload(body: bytes, name: str, caller: Principal = author) -> Any:
        return service.http.post(
            path,
            params={"file_name": name},
            content=body,
            headers={**service.auth(caller), "Content-Type": "application/octet-stream"},
        )

    stored = await upload(PNG, "../../снимок экрана.png")
    assert stored.status_code == 201, stored.text
    attachment = stored.json()
    assert (attachment["file_name"], attachment["media_type"], attachment["size_bytes"]) == (
        "снимок экрана.png",
        "image/png",
        len(PNG),
    )
    # A program named like a document, a ZIP that is no Office file, a file past the limit:
    # refused, nothing written.
    disguised = await upload(b"MZ\x90\x00" + bytes(range(256)), "приказ.pdf")
    assert disguised.status_code == 415
    assert disguised.json()["errors"][0] == {
        "field": "body",
        "code": "attachment-type",
        "detail": disguised.json()["detail"],
    }
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("payload.exe", b"MZ")
    assert (await upload(zipped.getvalue(), "отчёт.docx")).status_code == 415
    oversized = await upload(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), "скан.pdf")
    assert oversized.status_code == 413
    assert (await upload(b"", "пусто.txt")).status_code == 422
    count = await admin_conn.fetchval(
        "SELECT count(*) FROM request_attachments WHERE request_id = $1", UUID(created["id"])
    )
    assert count == 1

    download = f"{path}/{attachment['id']}"
    for reader in (author, principal(school, Role.SECRETARY), principal(None, Role.SUPPORT_AGENT)):
        got = await service.http.get(download, headers=service.auth(reader))
        assert got.status_code == 200
        assert got.content == PNG
        assert got.headers["content-type"] == "image/png"
        assert got.headers["x-content-type-options"] == "nosniff"
    for outsider in (principal(uuid4(), Role.DIRECTOR), principal(school, Role.PARENT)):
        got = await service.http.get(download, headers=service.auth(outsider))
        assert got.status_code in (403, 404)
        assert got.content != PNG
    detail = (
        await service.http.get(f"/helpdesk/requests/{created['id']}", headers=service.auth(author))
    ).json()
    assert [a["id"] for a in detail["attachments"]] == [attachment["id"]]


async def test_a_support_agent_closes_any_schools_request(service: Service) -> None:
    created = await open_request(service, principal(uuid4(), Role.SECRETARY))
    agent = principal(None, Role.SUPPORT_AGENT)
    closed = await service.http.post(
        f"/helpdesk/requests/{created['id']}/close", headers=service.auth(agent)
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_REQUEST, "category": "complaint"}, "body.category"),
        ({**NEW_REQUEST, "subject": "   "}, "body.subject"),
        ({**NEW_REQUEST, "subject": "x" * 201}, "body.subject"),
        ({k: v for k, v in NEW_REQUEST.items() if k != "text"}, "body.text"),
    ],
)
async def test_bad_requests_are_problems_naming_the_field(
    service: Service, body: dict[str, str], field: str
) -> None:
    response = await service.http.post(
        "/helpdesk/requests", json=body, headers=service.auth(principal(uuid4(), Role.TEACHER))
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize(
    "caller",
    [
        principal(uuid4(), Role.PARENT),
        principal(uuid4(), Role.STUDENT),
        principal(None, Role.SUPPORT_AGENT),
        service_account(),
    ],
    ids=["parent", "student", "support-agent", "service"],
)
async def test_who_may_not_open_requests(service: Service, caller: Principal) -> None:
    response = await service.http.post(
        "/helpdesk/requests", json=NEW_REQUEST, headers=service.auth(caller)
    )
    assert response.status_code == 403


async def test_parents_cannot_read_the_log(service: Service) -> None:
    school = uuid4()
    created = await open_request(service, principal(school, Role.TEACHER))
    parent = principal(school, Role.PARENT)
    assert (
        await service.http.get("/helpdesk/requests", headers=service.auth(parent))
    ).status_code == 403
    assert (
        await service.http.get(f"/helpdesk/requests/{created['id']}", headers=service.auth(parent))
    ).status_code == 403


@pytest.fixture(scope="session")
async def helpdesk_stub(service: Service) -> AsyncIterator[helpdesk_pb2_grpc.HelpdeskServiceStub]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, _ = create_server(
        service.verifier,  # type: ignore[arg-type]
        [
            (
                helpdesk_pb2_grpc.add_HelpdeskServiceServicer_to_server,
                HelpdeskServicer(service.runtime),
            )
        ],
        port,
        host="127.0.0.1",
    )
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield helpdesk_pb2_grpc.HelpdeskServiceStub(channel)
    await channel.close()
    await server.stop(None)


async def test_get_request_status_over_grpc(
    service: Service, helpdesk_stub: helpdesk_pb2_grpc.HelpdeskServiceStub
) -> None:
    school = uuid4()
    created = await open_request(service, principal(school, Role.TEACHER))

    def as_(caller: Principal) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {service.verifier.token_for(caller)}"),)

    ask = helpdesk_pb2.GetRequestStatusRequest(school_id=str(school), request_id=created["id"])
    response = await helpdesk_stub.GetRequestStatus(ask, metadata=as_(service_account()))
    assert response.status == "new"

    elsewhere = helpdesk_pb2.GetRequestStatusRequest(
        school_id=str(uuid4()), request_id=created["id"]
    )
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await helpdesk_stub.GetRequestStatus(elsewhere, metadata=as_(service_account()))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND

    with pytest.raises(grpc.aio.AioRpcError) as person:
        await helpdesk_stub.GetRequestStatus(ask, metadata=as_(principal(school, Role.DIRECTOR)))
    assert person.value.code() == grpc.StatusCode.PERMISSION_DENIED

    garbage = helpdesk_pb2.GetRequestStatusRequest(school_id="x", request_id=created["id"])
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await helpdesk_stub.GetRequestStatus(garbage, metadata=as_(service_account()))
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
