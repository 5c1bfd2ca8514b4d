"""The guardian projection: whose parent / legal guardian is who, per school."""

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_notify.identity_client import GuardianDirectory
from okrug_notify.models import GuardianLink

# Rows per INSERT: three parameters each, well under PostgreSQL's 65535 per statement.
_CHUNK = 1000


async def guardians_of(session: AsyncSession, student_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(GuardianLink.guardian_id)
        .where(GuardianLink.student_id == student_id)
        .order_by(GuardianLink.guardian_id)
    )
    return list(rows)


async def add_links(
    session: AsyncSession, school_id: UUID, links: Iterable[tuple[UUID, UUID]]
) -> None:
    """Store (student, guardian) links; links already known are left as they are."""
    rows = [
        {"school_id": school_id, "student_id": student, "guardian_id": guardian}
        for student, guardian in links
    ]
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        await session.execute(insert(GuardianLink).values(chunk).on_conflict_do_nothing())


async def guardians_for_notice(
    session: AsyncSession, directory: GuardianDirectory, school_id: UUID, student_id: UUID
) -> list[UUID]:
    """The student's guardians from the projection; when it knows none, asks identity and
    keeps the answer, so the next notice about this student needs no call."""
    known = await guardians_of(session, student_id)
    if known:
        return known
    fetched = await directory.list_guardians(school_id, student_id)
    await add_links(session, school_id, ((student_id, guardian) for guardian in fetched))
    return sorted(set(fetched))


async def rebuild(session: AsyncSession, directory: GuardianDirectory, school_id: UUID) -> int:
    """Replace the school's projection with identity's current links; returns their count."""
    links = await directory.list_links(school_id)
    await session.execute(delete(GuardianLink))  # row-level security: this school's links
    await add_links(session, school_id, links)
    return len(set(links))
