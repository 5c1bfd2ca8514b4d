"""Cross-service tests: the district and two populated schools, built through the public
REST APIs with tokens from Keycloak."""

import pytest

from okrug_local.platform import Platform
from tests.support import District, World, create_school, unique


@pytest.fixture(scope="session")
def district(platform: Platform) -> District:
    return District.create(platform)


@pytest.fixture(scope="session")
def world(platform: Platform, district: District) -> World:
    """Two schools, each with an admin, two teachers, a class with two students and their
    parents, a subject and a lesson of the first teacher."""
    return World.create(platform, district)


@pytest.fixture(scope="session")
def objectivity_world(platform: Platform, district: District) -> World:
    """Two schools of objectivity's tests alone: their teachers and classes take lessons at
    hours no other test books (schedule refuses a teacher or a class two lessons at once)."""
    return World(
        create_school(platform, district, unique("Школа объективности ")),
        create_school(platform, district, unique("Школа объективности ")),
    )
