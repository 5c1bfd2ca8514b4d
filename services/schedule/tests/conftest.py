"""Fixtures: a scratch database (okrug_common.testing), sessions of the app role (subject to
row-level security), a superuser connection for assertions, a stand-in identity service over
real gRPC, and the REST app over ASGI. Each test builds its own school (a fresh school id),
so tests do not see each other's rows."""

from collections.abc import AsyncIterator
from uuid import uuid4

import grpc
import pytest
from schedule_support import FakeIdentity, School, Setup, set_up

from okrug.identity.v1 import identity_pb2_grpc
from okrug_common.testing import Service
from okrug_schedule.main import definition
from tests.service_fixtures import service_fixtures

database, app_engine, sessions, admin_conn, service = service_fixtures(definition)


@pytest.fixture(scope="session")
async def identity() -> AsyncIterator[tuple[FakeIdentity, grpc.aio.Channel]]:
    fake = FakeIdentity()
    server = grpc.aio.server()
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(fake, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield fake, channel
    await channel.close()
    await server.stop(None)


@pytest.fixture(scope="session")
def peer_channels(identity: tuple[FakeIdentity, grpc.aio.Channel]) -> dict[str, object]:
    return {"identity": identity[1]}


@pytest.fixture
def school(service: Service, identity: tuple[FakeIdentity, grpc.aio.Channel]) -> School:
    return School(uuid4(), service, identity[0])


@pytest.fixture
async def setup(school: School) -> Setup:
    """A school with its 2026/2027 year, bell schedule, subjects and rooms."""
    return await set_up(school)
