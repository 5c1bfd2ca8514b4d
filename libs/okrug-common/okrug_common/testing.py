"""Support for services' own tests: a scratch database per test run on a PostgreSQL
reachable as superuser, with the role convention of okrug_common.tenancy (<db>_owner, _app,
_relay, _reporting), migrated as the owner; and a stand-in token verifier for tests of
the HTTP layer that are not about tokens (token verification has its own tests)."""

import asyncio
import secrets
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
import httpx
from sqlalchemy.engine import URL, make_url

from okrug_common.auth import Principal
from okrug_common.errors import Unauthenticated
from okrug_common.migrations import upgrade
from okrug_common.runtime import Runtime

ROLE_SUFFIXES = ("owner", "app", "relay", "reporting")
T = TypeVar("T")


def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run blocking set-up in a thread of its own: Alembic's env calls asyncio.run, which
    must not happen on the tests' running loop."""
    with ThreadPoolExecutor(1) as pool:
        future: Future[T] = pool.submit(fn, *args)
        return future.result()


def run(coro: Coroutine[Any, Any, T]) -> T:
    result: T = off_loop(asyncio.run, coro)
    return result


@dataclass(frozen=True)
class ScratchDatabase:
    name: str
    owner_url: str
    app_url: str
    reporting_url: str  # the district's read models only (okrug_common.tenancy)
    admin_url: str  # superuser on the scratch database: sees every row, for assertions

    @property
    def admin_dsn(self) -> str:
        return make_url(self.admin_url).set(drivername="postgresql").render_as_string(False)


def _url(server: URL, user: str, password: str | None, database: str) -> str:
    url = URL.create(
        "postgresql+asyncpg",
        username=user,
        password=password,
        host=server.host,
        port=server.port,
        database=database,
        query=server.query,
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


@contextmanager
def scratch_database(service: str, migrations_dir: str, admin: str) -> Iterator[ScratchDatabase]:
    """okrug_<service>_t<random> on the server of the superuser DSN `admin`, migrated to
    head; dropped with its roles afterwards."""
    server = make_url(admin)
    name = f"okrug_{service}_t{secrets.token_hex(4)}"
    password = secrets.token_hex(12)
    run(_create(admin, name, password))
    try:
        db = ScratchDatabase(
            name=name,
            owner_url=_url(server, f"{name}_owner", password, name),
            app_url=_url(server, f"{name}_app", password, name),
            reporting_url=_url(server, f"{name}_reporting", password, name),
            admin_url=_url(server, server.username or "postgres", server.password, name),
        )
        off_loop(upgrade, migrations_dir, db.owner_url)
        yield db
    finally:
        run(_drop(admin, name))


class FakeVerifier:
    """Stands in for the token verifier: a token is a key into `principals`."""

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

    def auth(self, principal: Principal) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.verifier.token_for(principal)}"}
