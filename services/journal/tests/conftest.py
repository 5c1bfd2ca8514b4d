"""Fixtures: a scratch database (okrug_common.testing), sessions of the app role (subject to
row-level security), a superuser connection for assertions, the REST app over ASGI with a
stand-in token verifier, and a builder of schools with a class, students and lessons in
the journal's projections (as schedule's events would leave them)."""

from collections.abc import AsyncIterator, Iterator
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
from journal_support import FakeScheduleChannel, School
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.http import create_app
from okrug_common.runtime import Runtime
from okrug_common.testing import FakeVerifier, ScratchDatabase, Service, scratch_database
from okrug_journal.main import definition
from okrug_journal.settings import JournalSettings

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(scope="session")
def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
    with scratch_database("journal", definition.migrations_dir, postgres_admin_dsn) as db:
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
    """The journal's runtime (not started: no NATS, no issuer, no peers) over ASGI."""
    settings = JournalSettings(database_url=SecretStr(database.app_url), db_pool_size=4)
    runtime = Runtime(definition, settings)
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    runtime.channels["schedule"] = FakeScheduleChannel()  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=create_app(runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
        yield Service(runtime, verifier, http)
    await runtime.stop()


@pytest.fixture
async def school(sessions: async_sessionmaker[AsyncSession], service: Service) -> School:
    return await School(sessions, service).setup()
