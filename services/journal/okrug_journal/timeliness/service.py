"""Timeliness as a fact (J4, O1): every entry records when it was made against when it was
due under the school's policy. Late entries are accepted and counted."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.runtime import Runtime
from okrug_journal.models import EntryTimeliness
from okrug_journal.projections import service as projections

_TABLE: Table = EntryTimeliness.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Entry:
    kind: str  # attendance | topic | homework | mark | period-mark
    entity_id: UUID
    lesson_id: UUID | None
    due_at: datetime | None


async def record(
    session: AsyncSession,
    school_id: UUID,
    teacher_id: UUID,
    entered_at: datetime,
    entries: list[Entry],
    source: str = "online",
) -> None:
    """`source`: "online", or "paper" for entries imported from a paper journal (J13)."""
    if not entries:
        return
    # A Core INSERT of many rows (one statement): the ORM's bulk path adds nothing here.
    await session.execute(
        insert(_TABLE),
        [
            {
                "school_id": school_id,
                "id": uuid4(),
                "kind": e.kind,
                "entity_id": e.entity_id,
                "lesson_id": e.lesson_id,
                "teacher_id": teacher_id,
                "entered_at": entered_at,
                "due_at": e.due_at,
                "late": e.due_at is not None and entered_at > e.due_at,
                "source": source,
            }
            for e in entries
        ],
    )


async def lesson_entries(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> list[EntryTimeliness]:
    """A lesson's timeliness facts: for the school's leadership (oversight reads them
    district-wide through its own read model later)."""
    await projections.lesson(session, runtime, principal.require_school(), lesson_id)
    rows = await session.scalars(
        select(EntryTimeliness)
        .where(EntryTimeliness.lesson_id == lesson_id)
        .order_by(EntryTimeliness.entered_at, EntryTimeliness.kind)
    )
    return list(rows)
