"""Fixtures shared by every test in the repository: the test instance's PostgreSQL, and the
whole platform (PostgreSQL, NATS JetStream, Keycloak and the five services, each its own
process). Missing infrastructure fails the session loudly: nothing here skips.

A service's own tests get their fixtures from tests/service_fixtures.py."""

from collections.abc import Iterator

import pytest

from okrug_local import platform as okrug_platform
from okrug_local import postgres
from okrug_local.infra import Infrastructure
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
