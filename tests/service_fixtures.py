"""Fixtures for a service's own tests, made per service so each gets its own instances:

    # services/<svc>/tests/conftest.py
    from okrug_<svc>.main import definition
    from tests.service_fixtures import service_fixtures

    database, app_engine, sessions, admin_conn, service = service_fixtures(definition)

`database`: a scratch database migrated to head; `sessions`: sessions of the app role
(row-level security applies); `admin_conn`: superuser, for assertions only; `service`: the
service's REST app over ASGI with a stand-in token verifier, and as its gRPC peers what the
service's conftest gives in a `peer_channels` fixture (stand-ins for identity, schedule...)."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.http import create_app
from okrug_common.runtime import Runtime, ServiceDefinition
from okrug_common.testing import FakeVerifier, ScratchDatabase, Service, scratch_database


def service_fixtures(definition: ServiceDefinition) -> tuple[Any, ...]:
    @pytest.fixture(scope="session")
    def database(postgres_admin_dsn: str) -> Iterator[ScratchDatabase]:
        with scratch_database(definition.name, definition.migrations_dir, postgres_admin_dsn) as db:
            yield db

    @pytest.fixture(scope="session")
    async def app_engine(database: ScratchDatabase) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(SecretStr(database.app_url), pool_size=4, max_overflow=4)
        yield engine
        await engine.dispose()

    @pytest.fixture(scope="session")
    def sessions(app_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return create_sessionmaker(app_engine)

    @pytest.fixture(scope="session")
    async def admin_conn(database: ScratchDatabase) -> AsyncIterator[asyncpg.Connection]:
        conn = await asyncpg.connect(database.admin_dsn)
        yield conn
        await conn.close()

    @pytest.fixture(scope="session")
    async def service(
        database: ScratchDatabase, peer_channels: dict[str, Any]
    ) -> AsyncIterator[Service]:
        settings = definition.settings_type(
            database_url=SecretStr(database.app_url),
            reporting_database_url=SecretStr(database.reporting_url),
            db_pool_size=4,
        )
        runtime = Runtime(definition, settings)
        verifier = FakeVerifier()
        runtime._verifier = verifier  # type: ignore[assignment]
        runtime.channels.update(peer_channels)
        transport = httpx.ASGITransport(app=create_app(runtime))
        async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
            yield Service(runtime, verifier, http)
        runtime.channels.clear()  # the peers' stand-ins belong to their own fixtures
        await runtime.stop()

    return database, app_engine, sessions, admin_conn, service
