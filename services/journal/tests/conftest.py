"""Fixtures: a scratch database (okrug_common.testing), sessions of the app role (subject to
row-level security), a superuser connection for assertions, the REST app over ASGI with a
stand-in token verifier, and a builder of schools with a class, students and lessons in
the journal's projections (as schedule's events would leave them)."""

import pytest
from journal_support import FakeIdentityChannel, FakeScheduleChannel, School
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.testing import Service
from okrug_journal.main import definition
from tests.service_fixtures import service_fixtures

database, app_engine, sessions, admin_conn, service = service_fixtures(definition)


@pytest.fixture(scope="session")
def peer_channels() -> dict[str, object]:
    return {"schedule": FakeScheduleChannel(), "identity": FakeIdentityChannel()}


@pytest.fixture
async def school(sessions: async_sessionmaker[AsyncSession], service: Service) -> School:
    return await School(sessions, service).setup()
