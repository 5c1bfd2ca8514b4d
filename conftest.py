"""Fixtures shared by every test in the repository: the test instance's PostgreSQL, a NATS
JetStream server of a test module's own, and the whole platform (PostgreSQL, NATS JetStream,
Keycloak and the five services, each its own process). Missing infrastructure fails the
session loudly: nothing here skips.

A service's own tests get their fixtures from tests/service_fixtures.py."""

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest

from okrug_local import platform as okrug_platform
from okrug_local import postgres
from okrug_local.infra import Infrastructure
from okrug_local.nats import binary as nats_binary
from tests.instance import TEST_INSTANCE


@pytest.fixture(scope="session")
def postgres_admin_dsn() -> Iterator[str]:
    """Superuser DSN of the test instance's PostgreSQL (started here if not yet running)."""
    infrastructure = Infrastructure(TEST_INSTANCE)
    infrastructure.start(keycloak=False)
    try:
        yield postgres.admin_url(TEST_INSTANCE)
    finally:
        infrastructure.stop(started_only=True)


@pytest.fixture(scope="module")
def nats_url() -> Iterator[str]:
    """A NATS server with JetStream of the test module's own, on a free port with an empty
    store: its streams and durable consumers are the module's alone (the platform's NATS
    carries the services' own)."""
    host = "127.0.0.1"
    with socket.socket() as sock:
        sock.bind((host, 0))
        port = sock.getsockname()[1]
    store = tempfile.mkdtemp(prefix="okrug-test-nats-")
    server = subprocess.Popen(  # noqa: S603 (our own binary and arguments)
        [nats_binary(), "-a", host, "-p", str(port), "-js", "-sd", store],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex((host, port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"nats-server did not listen on {host}:{port}")
        yield f"nats://{host}:{port}"
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(store, ignore_errors=True)


@pytest.fixture(scope="session")
def platform(postgres_admin_dsn: str) -> Iterator[okrug_platform.Platform]:
    running = okrug_platform.start(TEST_INSTANCE, keycloak=True, fresh=True)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def keycloak_url(platform: okrug_platform.Platform) -> str:
    """Base URL of the test platform's Keycloak (the okrug realm imported): what a service's
    own tests use, since they may not import the launcher."""
    return platform.instance.keycloak_url


@pytest.fixture(scope="session")
def peer_channels() -> dict[str, object]:
    """gRPC channels a service's own tests give it for its peers (none by default)."""
    return {}
