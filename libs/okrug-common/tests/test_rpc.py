"""rpc.call against a real gRPC server on loopback behind the platform's AuthInterceptor: a
peer's refusal reaches the caller as the problem its client should see, the call carries
this service's token and a deadline, and NOT_FOUND can be an answer."""

import asyncio
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

import grpc
import httpx
import pytest

from okrug.identity.v1 import identity_pb2, identity_pb2_grpc
from okrug_common import rpc
from okrug_common.auth import Principal
from okrug_common.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
    Unavailable,
)
from okrug_common.roles import Role
from okrug_common.testing import FakeVerifier

DEADLINE_SECONDS = 5.0
SERVICE = Principal(
    subject="service-account-okrug-journal",
    person_id=None,
    school_id=None,
    roles=frozenset({Role.SERVICE}),
    client_id="okrug-journal",
)
TEACHER = Principal(
    subject="teacher", person_id=uuid4(), school_id=uuid4(), roles=frozenset({Role.TEACHER})
)
PERSON = identity_pb2.Person(person_id=str(uuid4()), last_name="Иванова", first_name="Мария")


Answer = Callable[[grpc.aio.ServicerContext[Any, Any]], Awaitable[identity_pb2.GetPersonResponse]]


@dataclass
class Identity(identity_pb2_grpc.IdentityServiceServicer):
    """Answers GetPerson as the test says (`answer`), after the caller's token was verified;
    remembers who called and how long the call had left."""

    answer: Answer | None = None
    callers: list[Principal] = field(default_factory=list)
    time_left: list[float | None] = field(default_factory=list)

    async def GetPerson(  # noqa: N802
        self,
        request: identity_pb2.GetPersonRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> identity_pb2.GetPersonResponse:
        self.callers.append(rpc.current_caller.get())
        self.time_left.append(context.time_remaining())
        if self.answer is not None:
            return await self.answer(context)
        return identity_pb2.GetPersonResponse(person=PERSON)


class StaticToken:
    def __init__(self, token: str) -> None:
        self.value = token

    async def token(self) -> str:
        return self.value


@dataclass
class Peer:
    identity: Identity
    verifier: FakeVerifier
    target: str
    tokens: StaticToken

    def stub(self, deadline_seconds: float = DEADLINE_SECONDS) -> Any:
        channel = rpc.create_channel(self.target, self.tokens, deadline_seconds)
        return identity_pb2_grpc.IdentityServiceStub(channel)


@pytest.fixture
async def peer() -> AsyncIterator[Peer]:
    verifier = FakeVerifier()
    identity = Identity()  # type: ignore[abstract]  # only GetPerson is asked
    server = grpc.aio.server(interceptors=[rpc.AuthInterceptor(verifier)])  # type: ignore[arg-type]
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(identity, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield Peer(
            identity, verifier, f"127.0.0.1:{port}", StaticToken(verifier.token_for(SERVICE))
        )
    finally:
        await server.stop(None)


def request() -> identity_pb2.GetPersonRequest:
    return identity_pb2.GetPersonRequest(school_id=str(uuid4()), person_id=PERSON.person_id)


def raising(problem: Problem) -> Answer:
    async def answer(_: grpc.aio.ServicerContext[Any, Any]) -> identity_pb2.GetPersonResponse:
        raise problem

    return answer


def aborting(code: grpc.StatusCode) -> Answer:
    async def answer(context: grpc.aio.ServicerContext[Any, Any]) -> identity_pb2.GetPersonResponse:
        await context.abort(code, "identity is going down")
        raise AssertionError("abort returns no answer")

    return answer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_the_call_carries_the_service_token_and_a_deadline(peer: Peer) -> None:
    response = await rpc.call(peer.stub().GetPerson, request())

    assert response.person == PERSON
    assert peer.identity.callers == [SERVICE]
    [left] = peer.identity.time_left
    assert left is not None, "the call must carry a deadline"
    assert 0 < left <= DEADLINE_SECONDS


async def test_not_found_is_a_not_found_problem_with_the_peers_detail(peer: Peer) -> None:
    peer.identity.answer = raising(NotFound("No person in this school."))
    with pytest.raises(NotFound) as raised:
        await rpc.call(peer.stub().GetPerson, request())
    assert raised.value.detail == "No person in this school."
    assert raised.value.status == 404


async def test_the_caller_says_what_was_not_found(peer: Peer) -> None:
    peer.identity.answer = raising(NotFound("No person in this school."))
    said = InvalidInput("No teacher 42 in this school.", field="teacher_id")
    with pytest.raises(InvalidInput) as raised:
        await rpc.call(peer.stub().GetPerson, request(), not_found=said)
    assert raised.value is said
    assert raised.value.body()["errors"] == [
        {"field": "teacher_id", "code": "invalid-input", "detail": "No teacher 42 in this school."}
    ]


async def test_not_found_can_be_an_answer(peer: Peer) -> None:
    nobody = identity_pb2.GetPersonResponse()
    peer.identity.answer = raising(NotFound("No person in this school."))
    assert await rpc.call(peer.stub().GetPerson, request(), not_found=nobody) is nobody

    peer.identity.answer = None  # a found person is answered as found, default or not
    found = await rpc.call(peer.stub().GetPerson, request(), not_found=nobody)
    assert found.person == PERSON


async def test_the_default_answer_is_for_not_found_only(peer: Peer) -> None:
    peer.identity.answer = aborting(grpc.StatusCode.UNAVAILABLE)
    with pytest.raises(Unavailable):
        await rpc.call(peer.stub().GetPerson, request(), not_found=identity_pb2.GetPersonResponse())


async def test_invalid_argument_is_invalid_input_naming_the_callers_field(peer: Peer) -> None:
    peer.identity.answer = raising(InvalidInput("The group is of another class.", field="x"))
    with pytest.raises(InvalidInput) as raised:
        await rpc.call(peer.stub().GetPerson, request(), field="group_id")
    assert raised.value.status == 422
    assert raised.value.body()["errors"] == [
        {"field": "group_id", "code": "invalid-input", "detail": "The group is of another class."}
    ]


async def test_already_exists_is_a_conflict(peer: Peer) -> None:
    peer.identity.answer = raising(Conflict("The person is linked already."))
    with pytest.raises(Conflict) as raised:
        await rpc.call(peer.stub().GetPerson, request())
    assert raised.value.detail == "The person is linked already."


@pytest.mark.parametrize(
    "code",
    [grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.INTERNAL, grpc.StatusCode.RESOURCE_EXHAUSTED],
)
async def test_a_failing_peer_is_unavailable_naming_it(peer: Peer, code: grpc.StatusCode) -> None:
    peer.identity.answer = aborting(code)
    with pytest.raises(Unavailable) as raised:
        await rpc.call(peer.stub().GetPerson, request())
    assert raised.value.detail == "The identity service did not answer."
    assert raised.value.status == 503


async def test_a_peer_nobody_listens_on_is_unavailable() -> None:
    channel = rpc.create_channel(f"127.0.0.1:{closed_port()}", StaticToken("t"), DEADLINE_SECONDS)
    try:
        with pytest.raises(Unavailable, match="The identity service did not answer"):
            await rpc.call(identity_pb2_grpc.IdentityServiceStub(channel).GetPerson, request())
    finally:
        await channel.close()


async def test_a_peer_past_the_deadline_is_unavailable(peer: Peer) -> None:
    never = asyncio.Event()

    async def hang(_: grpc.aio.ServicerContext[Any, Any]) -> identity_pb2.GetPersonResponse:
        await never.wait()
        raise AssertionError("never answers")

    peer.identity.answer = hang
    with pytest.raises(Unavailable) as raised:
        await rpc.call(peer.stub(deadline_seconds=0.2).GetPerson, request())
    assert raised.value.detail == "The identity service did not answer in time."


async def test_a_peer_refusing_this_services_token_is_unavailable_not_401(peer: Peer) -> None:
    """The person whose request needed the call did nothing wrong: a 401 would send them to
    sign in again, and it would not help."""
    peer.tokens.value = "a token the peer does not accept"
    with pytest.raises(Unavailable) as raised:
        await rpc.call(peer.stub().GetPerson, request())
    assert raised.value.status == 503
    assert peer.identity.callers == [], "the servicer must not run for a refused token"


async def test_a_peer_refusing_this_service_is_unavailable_not_403(peer: Peer) -> None:
    async def only_services(_: grpc.aio.ServicerContext[Any, Any]) -> Any:
        rpc.require_service_caller()
        return identity_pb2.GetPersonResponse(person=PERSON)

    peer.identity.answer = only_services
    peer.tokens.value = peer.verifier.token_for(TEACHER)
    with pytest.raises(Unavailable) as raised:
        await rpc.call(peer.stub().GetPerson, request())
    assert not isinstance(raised.value, Forbidden)
    assert raised.value.status == 503


async def test_an_issuer_nobody_listens_on_is_unavailable(peer: Peer) -> None:
    async with httpx.AsyncClient() as http:
        tokens = rpc.ServiceTokenProvider(
            http, f"http://127.0.0.1:{closed_port()}/token", "okrug-journal", "secret"
        )
        channel = rpc.create_channel(peer.target, tokens, DEADLINE_SECONDS)
        try:
            with pytest.raises(Unavailable, match="token issuer did not answer"):
                await rpc.call(identity_pb2_grpc.IdentityServiceStub(channel).GetPerson, request())
        finally:
            await channel.close()
    assert peer.identity.callers == []


def test_no_service_catches_grpc_errors_itself() -> None:
    """Every call to another service goes through okrug_common.rpc.call."""
    repo = Path(__file__).resolve().parents[3]
    sources = [
        *repo.glob("services/*/okrug_*/**/*.py"),
        *repo.glob("libs/okrug-common/okrug_common/**/*.py"),
    ]
    home = repo / "libs/okrug-common/okrug_common/rpc.py"
    assert home in sources
    catching = {
        str(path.relative_to(repo))
        for path in sources
        if path != home and re.search(r"AioRpcError|RpcError|StatusCode", path.read_text())
    }
    assert catching == set()
