"""Fixtures shared by every test in the repository: the test instance's PostgreSQL, and the
whole platform (PostgreSQL, NATS JetStream, Keycloak and the five services, each its own
process). Missing infrastructure fails the session loudly: nothing here skips."""

from collections.abc import Iterator

import pytest

from okrug_local import infra, postgres
from okrug_local import platform as okrug_platform

TEST_INSTANCE = "test"


@pytest.fixture(scope="session")
def postgres_admin_dsn() -> str:
    """Superuser DSN of the test instance's PostgreSQL (started here if not yet running)."""
    infra.start_postgres(TEST_INSTANCE)
    return postgres.admin_url(TEST_INSTANCE)


@pytest.fixture(scope="session")
def platform(postgres_admin_dsn: str) -> Iterator[okrug_platform.Platform]:
    running = okrug_platform.start(TEST_INSTANCE, keycloak=True, fresh=True)
    try:
        yield running
    finally:
        running.stop()
