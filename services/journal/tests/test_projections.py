"""The journal's projections ask schedule when an event has not arrived yet; what schedule
does not know is an answer ("no"), not an outage (no 5xx from a foreign class id)."""

from types import SimpleNamespace
from typing import cast
from uuid import uuid4

import grpc
import pytest
from journal_support import School
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.db import tenant_transaction
from okrug_common.errors import Unavailable
from okrug_common.runtime import Runtime
from okrug_journal.projections import service as projections


class RefusingSchedule:
    """A schedule that answers every call with one status code."""

    def __init__(self, code: grpc.StatusCode) -> None:
        self.code = code

    def unary_unary(self, method: str, *args: object, **kwargs: object) -> object:
        async def call(request: object, **_: object) -> object:
            raise grpc.aio.AioRpcError(
                self.code, grpc.aio.Metadata(), grpc.aio.Metadata(), "refused"
            )

        return call


def _runtime(code: grpc.StatusCode) -> Runtime:
    return cast(Runtime, SimpleNamespace(channels={"schedule": RefusingSchedule(code)}))


async def test_a_class_schedule_does_not_know_has_no_members(
    school: School, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with tenant_transaction(sessions, school.id) as session:
        runtime = _runtime(grpc.StatusCode.NOT_FOUND)
        assert await projections.is_class_member(
            session, runtime, school.id, school.class_id, school.students[0]
        )  # the projection knows this one: schedule is not asked
        assert not await projections.is_class_member(
            session, runtime, school.id, uuid4(), school.students[0]
        )


async def test_schedule_down_is_unavailable(
    school: School, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with tenant_transaction(sessions, school.id) as session:
        with pytest.raises(Unavailable):
            await projections.is_class_member(
                session, _runtime(grpc.StatusCode.UNAVAILABLE), school.id, uuid4(), uuid4()
            )
