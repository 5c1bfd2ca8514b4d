"""A service process: REST (uvicorn), gRPC (grpc.aio), the outbox relay and the event
consumers on one event loop (uvloop), stopped cleanly on SIGTERM / Ctrl-C.

With `OKRUG_<SERVICE>_WORKERS=N` (N > 1) the process forks N workers and watches them: every
worker serves REST and gRPC on the same ports (SO_REUSEPORT, the kernel spreads the
connections), and worker 0 alone runs the outbox relay and the event consumers. JetStream
would share a durable consumer's messages between workers, and the relay's `FOR UPDATE SKIP
LOCKED` would let two relays split the outbox, but then two events about one lesson could be
applied or published out of order; one relay and one consumer per durable keep the order the
single-process service has. A worker that ends on its own stops the others and the process
exits non-zero, so the supervisor restarts the whole service."""

import asyncio
import contextlib
import os
import signal
import socket
import sys
import traceback
from collections.abc import Generator
from types import FrameType
from typing import Any

import structlog
import typer
import uvicorn
import uvloop

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


async def serve(definition: ServiceDefinition, worker: int = 0, workers: int = 1) -> None:
    """Serve one worker of the service (the only one unless `workers` > 1)."""
    settings = definition.settings_type()
    setup_logging(definition.name, settings.log_level)
    if workers > 1:
        structlog.contextvars.bind_contextvars(worker=worker)
    provider = setup_tracing(
        definition.name,
        otlp_endpoint=settings.otel_exporter_otlp_endpoint,
        spans_file=settings.otel_spans_file,
    )
    runtime = Runtime(definition, settings)
    runtime.worker = worker
    await runtime.start()
    if definition.on_start is not None:
        await definition.on_start(runtime)

    app = create_app(runtime)
    http = _Uvicorn(
        uvicorn.Config(
            app,
            host=settings.http_host,
            port=settings.http_port,
            log_config=None,
            access_log=False,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )
    )
    grpc_server, health = create_server(
        runtime.verifier,
        definition.grpc_servicers(runtime),
        settings.grpc_port,
        reuse_port=workers > 1,
    )
    await grpc_server.start()
    await mark_serving(health)

    lead = worker == 0
    background = [
        asyncio.create_task(consumer.run(), name=f"consumer-{consumer.durable}")
        for consumer in (_consumers(runtime, definition) if lead else [])
    ]
    if lead and runtime.relay_engine is not None:
        relay = OutboxRelay(
            runtime.relay_engine, runtime.js, poll_seconds=settings.outbox_poll_seconds
        )
        background.append(asyncio.create_task(relay.run(), name="outbox-relay"))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    sockets = [_shared_socket(settings.http_host, settings.http_port)] if workers > 1 else None
    http_task = asyncio.create_task(http.serve(sockets=sockets), name="http")
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


def _shared_socket(host: str, port: int) -> socket.socket:
    """A listening socket that the other workers bind as well (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def run_worker(definition: ServiceDefinition, worker: int = 0, workers: int = 1) -> None:
    uvloop.run(serve(definition, worker, workers))


def serve_workers(definition: ServiceDefinition, workers: int) -> int:
    """Fork `workers` workers and wait. SIGTERM / SIGINT are passed on to them; when one ends
    on its own, the others are stopped. Returns the exit code for the whole service."""
    children: dict[int, int] = {}
    stopping = False

    def stop_all(signum: int, _frame: FrameType | None = None) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    for index in range(workers):
        pid = os.fork()
        if pid == 0:
            _worker_process(definition, index, workers)
        children[pid] = index
    log.info("workers_started", workers=workers, pids=sorted(children))
    code = 0
    while children:
        pid, status = os.wait()
        if pid not in children:
            continue
        index = children.pop(pid)
        exit_code = os.waitstatus_to_exitcode(status)
        if not stopping:
            log.error("worker_ended", worker=index, exit_code=exit_code)
            code = exit_code or 1
            stop_all(signal.SIGTERM)
        elif exit_code not in (0, -signal.SIGTERM, -signal.SIGINT):
            code = code or exit_code
    return code


def _worker_process(definition: ServiceDefinition, index: int, workers: int) -> None:
    """The forked worker: serves until stopped, then leaves without the parent's exit
    handlers."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    code = 0
    try:
        run_worker(definition, index, workers)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


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
        workers = definition.settings_type().workers
        if workers <= 1:
            run_worker(definition)
            return
        setup_logging(definition.name)
        raise typer.Exit(serve_workers(definition, workers))

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
