"""The notify service's own tests: the shared fixtures of the root conftest.py (scratch
database, app-role sessions, superuser connection, REST app) for this service."""

import pytest

from okrug_common.runtime import ServiceDefinition
from okrug_notify.main import definition


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    return definition
