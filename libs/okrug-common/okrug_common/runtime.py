"""Everything one service process holds: database engines, NATS, the token verifier, its
own service token and gRPC channels to the services it asks."""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
import httpx
from fastapi import APIRouter
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from okrug_common import events
from okrug_common.auth import JwksCache, TokenVerifier, discover
from okrug_common.db import create_engine, create_sessionmaker
from okrug_common.rpc import RegisterFn, ServiceTokenProvider, create_channel
from okrug_common.settings import ServiceSettings


@dataclass
class ServiceDefinition:
    """What makes a service: its name, settings, tables of the plumbing, HTTP routers, gRPC
    servicers, event subscriptions and the peers it asks over gRPC."""

    name: str
    settings_type: type[ServiceSettings]
    migrations_dir: str
    outbox: Table | None = None
    processed_events: Table | None = None
    routers: Sequence[APIRouter] = ()
    grpc_servicers: Callable[["Runtime"], list[tuple[RegisterFn, Any]]] = lambda _: []
    subscriptions: Callable[["Runtime"], list[events.Subscription[Any]]] = lambda _: []
    peers: Sequence[str] = ()
    produces_events: bool = True
    on_start: Callable[["Runtime"], Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Runtime:
    def __init__(self, definition: ServiceDefinition, settings: ServiceSettings) -> None:
        self.definition = definition
        self.settings = settings
        self.engine: AsyncEngine = create_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            application_name=f"okrug-{definition.name}",
        )
        self.sessionmaker: async_sessionmaker[AsyncSession] = create_sessionmaker(self.engine)
        self.relay_engine: AsyncEngine | None = None
        if settings.relay_database_url and definition.outbox is not None:
            self.relay_engine = create_engine(
                settings.relay_database_url,
                pool_size=2,
                max_overflow=0,
                application_name=f"okrug-{definition.name}-relay",
            )
        # District-wide reads (oversight) go through the reporting role, which may SELECT
        # only the read models granted to it (okrug_common.tenancy.grant_reporting_read).
        self.reporting_engine: AsyncEngine | None = None
        self.reporting_sessionmaker: async_sessionmaker[AsyncSession] | None = None
        if settings.reporting_database_url:
            self.reporting_engine = create_engine(
                settings.reporting_database_url,
                pool_size=2,
                max_overflow=4,
                application_name=f"okrug-{definition.name}-reporting",
            )
            self.reporting_sessionmaker = create_sessionmaker(self.reporting_engine)
        self.http = httpx.AsyncClient()
        self.nats: NatsClient | None = None
        self._js: JetStreamContext | None = None
        self._verifier: TokenVerifier | None = None
        self._tokens: ServiceTokenProvider | None = None
        self.channels: dict[str, grpc.aio.Channel] = {}
        self.state: dict[str, Any] = {}
        self.worker = 0  # which of the service's worker processes this is (service.serve)

    @property
    def js(self) -> JetStreamContext:
        assert self._js is not None, "runtime not started"
        return self._js

    @property
    def verifier(self) -> TokenVerifier:
        assert self._verifier is not None, "runtime not started"
        return self._verifier

    @property
    def tokens(self) -> ServiceTokenProvider:
        assert self._tokens is not None, "runtime not started"
        return self._tokens

    async def start(self) -> None:
        settings = self.settings
        self.nats = await events.connect(settings.nats_url, f"okrug-{self.definition.name}")
        self._js = self.nats.jetstream()
        if self.definition.produces_events:
            await events.ensure_stream(self._js, self.definition.name)
        await self._start_auth()
        for peer in self.definition.peers:
            target = getattr(settings, f"{peer}_grpc")
            self.channels[peer] = create_channel(
                target, self.tokens, settings.grpc_deadline_seconds
            )

    async def _start_auth(self) -> None:
        settings = self.settings
        jwks_url, token_url = settings.oidc_jwks_url, settings.oidc_token_url
        if not (jwks_url and token_url):
            config = await self._discover_with_retry()
            jwks_url = jwks_url or config["jwks_uri"]
            token_url = token_url or config["token_endpoint"]
        assert jwks_url
        assert token_url
        jwks = JwksCache(jwks_url, settings.jwks_cache_seconds, self.http)
        self._verifier = TokenVerifier(
            issuer=settings.oidc_issuer, audience=settings.oidc_audience, jwks=jwks
        )
        self._tokens = ServiceTokenProvider(
            self.http, token_url, settings.client_id, settings.client_secret.get_secret_value()
        )

    async def _discover_with_retry(self, attempts: int = 60) -> dict[str, Any]:
        """The issuer may start after this service (a cluster restarting): wait for it."""
        for attempt in range(attempts):
            try:
                return await discover(self.http, self.settings.oidc_issuer)
            except httpx.HTTPError:
                if attempt == attempts - 1:
                    raise
                await asyncio.sleep(1)
        raise AssertionError("unreachable")

    async def stop(self) -> None:
        for channel in self.channels.values():
            await channel.close()
        if self.nats is not None and self.nats.is_connected:
            await self.nats.drain()
        await self.http.aclose()
        await self.engine.dispose()
        if self.relay_engine is not None:
            await self.relay_engine.dispose()
        if self.reporting_engine is not None:
            await self.reporting_engine.dispose()
