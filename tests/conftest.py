"""Cross-service tests: the district and two populated schools, built through the public
REST APIs with tokens from Keycloak."""

import pytest

from okrug_local.platform import Platform
from tests.support import District, World


@pytest.fixture(scope="session")
def district(platform: Platform) -> District:
    return District.create(platform)


@pytest.fixture(scope="session")
def world(platform: Platform, district: District) -> World:
    """Two schools, each with an admin, two teachers, a class with two students and their
    parents, a subject and a lesson of the first teacher."""
    return World.create(platform, district)
