"""The platform under test: real PostgreSQL, NATS JetStream and Keycloak, the five services
each in its own process, started once per test session (instance "test", fresh databases).

Missing infrastructure fails the session loudly: nothing here skips."""

from collections.abc import Iterator

import pytest

from okrug_local import platform as okrug_platform
from tests.support import District, World


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "platform: needs the running platform")


@pytest.fixture(scope="session")
def platform() -> Iterator[okrug_platform.Platform]:
    running = okrug_platform.start("test", keycloak=True, fresh=True)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def district(platform: okrug_platform.Platform) -> District:
    return District.create(platform)


@pytest.fixture(scope="session")
def world(platform: okrug_platform.Platform, district: District) -> World:
    """Two schools, each with an admin, two teachers, a class with two students and their
    parents, a subject and a lesson of the first teacher."""
    return World.create(platform, district)
