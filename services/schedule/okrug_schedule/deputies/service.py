"""The grade levels each deputy director is responsible for (S6): a deputy drafts and
changes the timetable of those grade levels only."""

from collections import defaultdict
from uuid import UUID

import grpc
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import InvalidInput
from okrug_common.roles import Role
from okrug_schedule.identity_client import require_person_with_role
from okrug_schedule.models import DeputyGrade


async def set_grades(
    session: AsyncSession,
    identity: grpc.aio.Channel,
    school_id: UUID,
    deputy_id: UUID,
    grades: list[int],
) -> list[int]:
    for index, grade in enumerate(grades):
        if not 1 <= grade <= 11:
            raise InvalidInput("Grade levels are 1..11.", field=f"grades.{index}")
    await require_person_with_role(
        identity, school_id, deputy_id, Role.DEPUTY_DIRECTOR, "deputy_id"
    )
    await session.execute(delete(DeputyGrade).where(DeputyGrade.deputy_id == deputy_id))
    session.add_all(
        [DeputyGrade(school_id=school_id, deputy_id=deputy_id, grade=g) for g in set(grades)]
    )
    await session.flush()
    return sorted(set(grades))


async def list_deputies(session: AsyncSession) -> dict[UUID, list[int]]:
    grades: dict[UUID, list[int]] = defaultdict(list)
    rows = await session.execute(
        select(DeputyGrade.deputy_id, DeputyGrade.grade).order_by(
            DeputyGrade.deputy_id, DeputyGrade.grade
        )
    )
    for deputy, grade in rows.all():
        grades[deputy].append(grade)
    return dict(grades)
