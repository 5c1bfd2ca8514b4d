"""Fixtures shared by every test in the repository: the test instance's PostgreSQL, and the
whole platform (PostgreSQL, NATS JetStream, Keycloak and the five services, each its own
process). Missing infrastructure fails the session loudly: nothing here skips.

A service's own tests declare `service_definition` in their conftest.py and get a scratch
database migrated to head (`database`), sessions of its app role (`sessions`, subject to
row-level security), a superuser connection for assertions (`admin_conn`) and its REST app
over ASGI with a stand-in verifier (`service`)."""

import os
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.http import create_app
from okrug_common.runtime import Runtime, ServiceDefinition
from okrug_common.testing import FakeVerifier, ScratchDatabase, Service, scratch_database
from okrug_local import platform as okrug_platform
from okrug_local import postgres
from okrug_local.infra import Infrastructure

# OKRUG_TEST_INSTANCE=test-1 (..test-9) runs a second suite beside the first on other ports.
TEST_INSTANCE = os.environ.get("OKRUG_TEST_INSTANCE", "test")


@pytest.fixture(scope="session")
def postgres_admin_dsn() -> Iterator[str]:
    """Superuser DSN of the test instance's PostgreSQL (started here if not yet running)."""
    infrastructure = Infrastructure(TEST_INSTANCE)
    infrastructure.start(keycloak=False)
    try:
        yield postgres.admin_url(TEST_INSTANCE)
    finally:
        infrastructure.stop(started_only=True)


@pytest.fixture(scope="session")
def platform(postgres_admin_dsn: str) -> Iterator[okrug_platform.Platform]:
    running = okrug_platform.start(TEST_INSTANCE, keycloak=True, fresh=True)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    raise pytest.UsageError("declare a session fixture `service_definition` in the service's tests")


@pytest.fixture(scope="session")
def database(
    postgres_admin_dsn: str, service_definition: ServiceDefinition
) -> Iterator[ScratchDatabase]:
    name, migrations = service_definition.name, service_definition.migrations_dir
    with scratch_database(name, migrations, postgres_admin_dsn) as db:
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
async def service(
    database: ScratchDatabase, service_definition: ServiceDefinition
) -> AsyncIterator[Service]:
    """The service's runtime (not started: no NATS, no issuer) with its REST app over ASGI."""
    settings = service_definition.settings_type(
        database_url=SecretStr(database.app_url), db_pool_size=2
    )
    runtime = Runtime(service_definition, settings)
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=create_app(runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
        yield Service(runtime, verifier, http)
    await runtime.stop()
