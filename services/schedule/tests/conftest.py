"""Fixtures: a scratch database (okrug_common.testing), sessions of the app role (subject to
row-level security), a superuser connection for assertions, a stand-in identity service over
real gRPC, and the REST app over ASGI. Each test builds its own school (a fresh school id),
so tests do not see each other's rows."""

from collections.abc import AsyncIterator, Iterator
from uuid import uuid4

import asyncpg
import grpc
import httpx
import pytest
from pydantic import SecretStr
from schedule_support import FakeIdentity, School, Setup, set_up
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug.identity.v1 import identity_pb2_grpc
from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.http import create_app
from okrug_common.runtime import Runtime
from okrug_common.testing import FakeVerifier, ScratchDatabase, Service, scratch_database
from okrug_schedule.main import definition
from okrug_schedule.settings import ScheduleSettings


@pytest.fixture(scope="session")
def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
    with scratch_database("schedule", definition.migrations_dir, postgres_admin_dsn) as db:
        yield db


@pytest.fixture(scope="session")
async def app_engine(database: ScratchDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(SecretStr(database.app_url), pool_size=4, max_overflow=4)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def sessions(app_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions of the app role: row-level security applies."""
    return create_sessionmaker(app_engine)


@pytest.fixture(scope="session")
async def admin_conn(database: ScratchDatabase) -> AsyncIterator[asyncpg.Connection]:
    """Superuser on the scratch database (bypasses RLS), for assertions only."""
    conn = await asyncpg.connect(database.admin_dsn)
    yield conn
    await conn.close()


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
async def service(
    database: ScratchDatabase, identity: tuple[FakeIdentity, grpc.aio.Channel]
) -> AsyncIterator[Service]:
    """The service's runtime (not started: no NATS, no issuer) with its REST app over ASGI
    and a channel to the stand-in identity."""
    settings = ScheduleSettings(database_url=SecretStr(database.app_url), db_pool_size=4)
    runtime = Runtime(definition, settings)
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    runtime.channels["identity"] = identity[1]
    transport = httpx.ASGITransport(app=create_app(runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
        yield Service(runtime, verifier, http)
    runtime.channels.clear()
    await runtime.stop()


@pytest.fixture
def school(service: Service, identity: tuple[FakeIdentity, grpc.aio.Channel]) -> School:
    return School(uuid4(), service, identity[0])


@pytest.fixture
async def setup(school: School) -> Setup:
    """A school with its 2026/2027 year, bell schedule, subjects and rooms."""
    return await set_up(school)
