"""One process per service: REST (uvicorn), gRPC (grpc.aio), the outbox relay and the
event consumers on one event loop, stopped cleanly on SIGTERM / Ctrl-C."""

import asyncio
import contextlib
import signal
from collections.abc import Generator
from typing import Any

import structlog
import typer
import uvicorn

from okrug_common import migrations
from okrug_common.events import EventConsumer
from okrug_common.http import create_app
from okrug_common.logging import setup_logging
from okrug_common.outbox import OutboxRelay
from okrug_common.rpc import create_server, mark_serving
from okrug_common.runtime import Runtime, ServiceDefinition
from okrug_common.telemetry import setup_tracing

log = structlog.get_logger(__name__)


class _Uvicorn(uvicorn.Server):
    """uvicorn without its own signal handling: the service stops all its parts together."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def serve(definition: ServiceDefinition) -> None:
    settings = definition.settings_type()
    setup_logging(definition.name, settings.log_level)
    provider = setup_tracing(
        definition.name,
        otlp_endpoint=settings.otel_exporter_otlp_endpoint,
        spans_file=settings.otel_spans_file,
    )
    runtime = Runtime(definition, settings)
    await runtime.start()
    if definition.on_start is not None:
        await definition.on_start(runtime)

    app = create_app(runtime)
    http = _Uvicorn(
        uvicorn.Config(
            app, host=settings.http_host, port=settings.http_port, log_config=None, access_log=False
        )
    )
    grpc_server, health = create_server(
        runtime.verifier, definition.grpc_servicers(runtime), settings.grpc_port
    )
    await grpc_server.start()
    await mark_serving(health)

    background = [
        asyncio.create_task(consumer.run(), name=f"consumer-{consumer.durable}")
        for consumer in _consumers(runtime, definition)
    ]
    if runtime.relay_engine is not None:
        relay = OutboxRelay(
            runtime.relay_engine, runtime.js, poll_seconds=settings.outbox_poll_seconds
        )
        background.append(asyncio.create_task(relay.run(), name="outbox-relay"))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    http_task = asyncio.create_task(http.serve(), name="http")
    log.info("service_started", http_port=settings.http_port, grpc_port=settings.grpc_port)
    await _until_stopped(stop, http_task, background)

    http.should_exit = True
    await grpc_server.stop(grace=5)
    for task in background:
        task.cancel()
    await asyncio.gather(http_task, *background, return_exceptions=True)
    await runtime.stop()
    provider.shutdown()
    log.info("service_stopped")


async def _until_stopped(
    stop: asyncio.Event, http_task: asyncio.Task[None], background: list[asyncio.Task[None]]
) -> None:
    """Wait for a signal. Every part runs until stopped, so a part that ends on its own has
    failed: the process stops (the supervisor restarts it) rather than limp on half-working."""
    waiter = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait(
        [waiter, http_task, *background], return_when=asyncio.FIRST_COMPLETED
    )
    for task in done:
        if task is not waiter:
            log.error("service_part_ended", task=task.get_name(), error=repr(task.exception()))
    waiter.cancel()


def _consumers(runtime: Runtime, definition: ServiceDefinition) -> list[EventConsumer[Any]]:
    subscriptions = definition.subscriptions(runtime)
    if not subscriptions:
        return []
    assert definition.processed_events is not None, "consumers need a processed_events table"
    return [
        EventConsumer(runtime.js, runtime.sessionmaker, definition.processed_events, sub)
        for sub in subscriptions
    ]


def command_line(definition: ServiceDefinition) -> typer.Typer:
    app = typer.Typer(help=f"Okrug {definition.name} service", no_args_is_help=True)

    @app.command("serve")
    def serve_command() -> None:
        """Serve REST, gRPC, the outbox relay and the event consumers."""
        asyncio.run(serve(definition))

    @app.command("migrate")
    def migrate_command() -> None:
        """Apply the service's database migrations (as the owner role)."""
        settings = definition.settings_type()
        if settings.owner_database_url is None:
            raise typer.BadParameter("OWNER_DATABASE_URL is not set for this service")
        migrations.upgrade(
            definition.migrations_dir, settings.owner_database_url.get_secret_value()
        )

    @app.command("revision", hidden=True)
    def revision_command(message: str = typer.Option(..., "-m")) -> None:
        """Developer aid: autogenerate a migration against a database at head."""
        settings = definition.settings_type()
        if settings.owner_database_url is None:
            raise typer.BadParameter("OWNER_DATABASE_URL is not set for this service")
        url = settings.owner_database_url.get_secret_value()
        migrations.revision(definition.migrations_dir, url, message)

    return app
