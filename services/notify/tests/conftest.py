"""A scratch database per test run on a PostgreSQL reachable as superuser, migrated as the
owner role; tests connect as the app role, which row-level security applies to.

OKRUG_TEST_PG_ADMIN_DSN (superuser, default postgresql://postgres@127.0.0.1:PORT/postgres)
and OKRUG_TEST_PG_PORT (default 55999, the dev PostgreSQL) choose the server."""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug_common.auth import Principal
from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.errors import Unauthenticated
from okrug_common.http import create_app
from okrug_common.migrations import upgrade
from okrug_common.runtime import Runtime
from okrug_notify.main import definition
from okrug_notify.settings import NotifySettings

SERVICE = "notify"
ROLE_SUFFIXES = ("owner", "app", "relay", "reporting")
T = TypeVar("T")


def admin_dsn() -> str:
    port = os.environ.get("OKRUG_TEST_PG_PORT", "55999")
    return os.environ.get(
        "OKRUG_TEST_PG_ADMIN_DSN", f"postgresql://postgres@127.0.0.1:{port}/postgres"
    )


def _off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run blocking set-up in a thread of its own: Alembic's env and asyncpg set-up call
    asyncio.run, which must not happen on the test's running loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args).result()


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return _off_loop(asyncio.run, coro)


@dataclass(frozen=True)
class TestDatabase:
    name: str
    owner_url: str
    app_url: str
    admin_url: str  # superuser on the test database: sees every row, for assertions


def _url(admin: URL, user: str, password: str | None, database: str) -> str:
    url = URL.create(
        "postgresql+asyncpg",
        username=user,
        password=password,
        host=admin.host,
        port=admin.port,
        database=database,
    )
    return url.render_as_string(hide_password=False)


async def _create(admin: str, name: str, password: str) -> None:
    conn = await asyncpg.connect(admin)
    try:
        for suffix in ROLE_SUFFIXES:
            await conn.execute(f"CREATE ROLE {name}_{suffix} LOGIN PASSWORD '{password}'")
        await conn.execute(f"CREATE DATABASE {name} OWNER {name}_owner")
    finally:
        await conn.close()
    conn = await asyncpg.connect(make_url(admin).set(database=name).render_as_string(False))
    try:
        await conn.execute(f"ALTER SCHEMA public OWNER TO {name}_owner")
    finally:
        await conn.close()


async def _drop(admin: str, name: str) -> None:
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for suffix in ROLE_SUFFIXES:
            await conn.execute(f"DROP ROLE IF EXISTS {name}_{suffix}")
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database() -> Iterator[TestDatabase]:
    admin = admin_dsn()
    admin_url = make_url(admin)
    name = f"okrug_{SERVICE}_t{secrets.token_hex(4)}"
    password = secrets.token_hex(12)
    _run(_create(admin, name, password))
    try:
        db = TestDatabase(
            name=name,
            owner_url=_url(admin_url, f"{name}_owner", password, name),
            app_url=_url(admin_url, f"{name}_app", password, name),
            admin_url=_url(admin_url, admin_url.username or "postgres", admin_url.password, name),
        )
        _off_loop(upgrade, definition.migrations_dir, db.owner_url)
        yield db
    finally:
        _run(_drop(admin, name))


@pytest.fixture(scope="session")
async def app_engine(database: TestDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(SecretStr(database.app_url), pool_size=4, max_overflow=4)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def sessions(app_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions of the app role (subject to row-level security)."""
    return create_sessionmaker(app_engine)


@pytest.fixture(scope="session")
async def admin_conn(database: TestDatabase) -> AsyncIterator[asyncpg.Connection]:
    """Superuser connection to the test database (bypasses RLS) for assertions."""
    conn = await asyncpg.connect(
        make_url(database.admin_url).set(drivername="postgresql").render_as_string(False)
    )
    yield conn
    await conn.close()


class FakeVerifier:
    """Stands in for the token verifier: a token is just a key into `principals`."""

    def __init__(self) -> None:
        self.principals: dict[str, Principal] = {}

    async def verify(self, token: str) -> Principal:
        try:
            return self.principals[token]
        except KeyError:
            raise Unauthenticated("The token is invalid.") from None

    def token_for(self, principal: Principal) -> str:
        token = secrets.token_hex(8)
        self.principals[token] = principal
        return token


@dataclass
class Service:
    runtime: Runtime
    verifier: FakeVerifier
    http: httpx.AsyncClient


@pytest.fixture(scope="session")
async def service(database: TestDatabase) -> AsyncIterator[Service]:
    """The service's runtime (not started: no NATS, no issuer) with its REST app over ASGI."""
    settings = NotifySettings(database_url=SecretStr(database.app_url), db_pool_size=2)
    runtime = Runtime(definition, settings)
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    app = create_app(runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
        yield Service(runtime, verifier, http)
    await runtime.stop()
