"""Timeliness as a fact (J4, O1): every entry records when it was made against when it was
due under the school's policy. Late entries are accepted and counted.

An entry kept in the browser through an outage (J13) arrives later with the moment the
browser claims it was made. The journal keeps the claim beside the moment it received the
entry, and counts only the received one: a claim is the client's word, and a claim that
counted would let any client backdate its way out of a deadline."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal.models import EntryTimeliness
from okrug_journal.projections import service as projections

_TABLE: Table = EntryTimeliness.__table__  # type: ignore[assignment]

# How far ahead of the journal's clock a browser's clock may run. Every save of the grid
# claims its moment, so a school computer whose clock is set in the wrong time zone (hours
# off) must still save; a claim further ahead is not a moment that has happened.
CLOCK_SKEW = timedelta(days=1)


@dataclass(frozen=True)
class Entry:
    kind: str  # attendance | topic | homework | mark | period-mark
    entity_id: UUID
    lesson_id: UUID | None
    due_at: datetime | None
    claimed_at: datetime | None = None


def check_claim(claimed_at: datetime | None, received_at: datetime, field: str) -> None:
    """A claimed moment (J13) may not lie in the future of the moment it was received."""
    if claimed_at is not None and claimed_at > received_at + CLOCK_SKEW:
        raise InvalidInput(
            "The moment the entry was made lies in the future.",
            field=field,
            code="claimed-in-future",
        )


async def record(
    session: AsyncSession,
    school_id: UUID,
    teacher_id: UUID,
    entered_at: datetime,
    entries: list[Entry],
    source: str = "online",
) -> None:
    """`entered_at`: the moment received, which decides lateness. `source`: "online", or
    "paper" for entries imported from a paper journal (J13)."""
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
                "claimed_at": e.claimed_at,
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
