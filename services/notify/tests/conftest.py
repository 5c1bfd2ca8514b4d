"""Fixtures: a scratch database (okrug_common.testing), sessions of the app role (subject to
row-level security), a superuser connection for assertions and the REST app over ASGI."""

from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.http import create_app
from okrug_common.runtime import Runtime
from okrug_common.testing import FakeVerifier, ScratchDatabase, Service, scratch_database
from okrug_notify.main import definition
from okrug_notify.settings import NotifySettings


@pytest.fixture(scope="session")
def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
    with scratch_database("notify", definition.migrations_dir, postgres_admin_dsn) as db:
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
async def service(database: ScratchDatabase) -> AsyncIterator[Service]:
    """The service's runtime (not started: no NATS, no issuer) with its REST app over ASGI."""
    settings = NotifySettings(database_url=SecretStr(database.app_url), db_pool_size=2)
    runtime = Runtime(definition, settings)
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=create_app(runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
        yield Service(runtime, verifier, http)
    await runtime.stop()
