"""Timeliness as a fact (J4, O1): every entry records when it was made against when it was
due under the school's policy, who made it and how; an entry not made by its deadline is a
missing fact (the deadline clock, clock.py), which the entry made later turns into a late
one. Late entries are accepted and counted. Every batch of facts (a save, an import, the
clock's round) is published as one EntriesTimed event for oversight's read models.

The first entry of a kind decides its fact: a topic entered on time and corrected a week
later stays on time. Marks are facts each (a lesson expects none).

An entry kept in the browser through an outage (J13) arrives later with the moment the
browser claims it was made. The journal keeps the claim beside the moment it received the
entry, and counts only the received one: a claim is the client's word, and a claim that
counted would let any client backdate its way out of a deadline."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.event_catalog import JournalEvents
from okrug_common.runtime import Runtime
from okrug_journal.models import EntryExpectation, EntryTimeliness
from okrug_journal.outbox import emit_many
from okrug_journal.projections import service as projections
from okrug_journal.timeliness.facts import (
    LESSON_KINDS,
    Occasion,
    lesson_fact_id,
    period_marks_id,
    source_of,
)

FACTS: Table = EntryTimeliness.__table__  # type: ignore[assignment]

# How far ahead of the journal's clock a browser's clock may run. Every save of the grid
# claims its moment, so a school computer whose clock is set in the wrong time zone (hours
# off) must still save; a claim further ahead is not a moment that has happened.
CLOCK_SKEW = timedelta(days=1)

ON_TIME, LATE, MISSING = "on_time", "late", "missing"

_KIND = {
    "attendance": journal_pb2.ENTRY_KIND_ATTENDANCE,
    "topic": journal_pb2.ENTRY_KIND_TOPIC,
    "homework": journal_pb2.ENTRY_KIND_HOMEWORK,
    "mark": journal_pb2.ENTRY_KIND_MARK,
    "period-mark": journal_pb2.ENTRY_KIND_PERIOD_MARK,
}
_TIMELINESS = {
    ON_TIME: journal_pb2.ENTRY_TIMELINESS_ON_TIME,
    LATE: journal_pb2.ENTRY_TIMELINESS_LATE,
    MISSING: journal_pb2.ENTRY_TIMELINESS_MISSING,
}
_SOURCE = {
    "typed": journal_pb2.ENTRY_SOURCE_TYPED,
    "paper": journal_pb2.ENTRY_SOURCE_PAPER,
    "offline": journal_pb2.ENTRY_SOURCE_OFFLINE,
}


@dataclass(frozen=True)
class Entry:
    kind: str  # attendance | topic | homework | mark | period-mark
    occasion: Occasion
    due_at: datetime | None
    # The mark or period mark; the lesson for its attendance, topic and homework.
    entity_id: UUID
    claimed_at: datetime | None = None
    # Given for a period mark (facts.period_mark_fact_id); derived for the others.
    fact_id: UUID | None = None

    @property
    def fact(self) -> UUID:
        if self.fact_id is not None:
            return self.fact_id
        if self.kind in LESSON_KINDS:
            assert self.occasion.lesson_id is not None
            return lesson_fact_id(self.kind, self.occasion.lesson_id)
        return self.entity_id


def check_claim(claimed_at: datetime | None, received_at: datetime, field: str) -> None:
    """A claimed moment (J13) may not lie in the future of the moment it was received."""
    if claimed_at is not None and claimed_at > received_at + CLOCK_SKEW:
        raise InvalidInput(
            "The moment the entry was made lies in the future.",
            field=field,
            code="claimed-in-future",
        )


def fact_row(
    school_id: UUID,
    fact_id: UUID,
    kind: str,
    occasion: Occasion,
    due_at: datetime | None,
    timeliness: str,
) -> dict[str, Any]:
    """A fact's row without its entry (what a missing fact holds)."""
    return {
        "school_id": school_id,
        "id": uuid4(),
        "fact_id": fact_id,
        "kind": kind,
        "timeliness": timeliness,
        "entity_id": None,
        "lesson_id": occasion.lesson_id,
        "teacher_id": occasion.teacher_id,
        "class_id": occasion.class_id,
        "subject_id": occasion.subject_id,
        "lesson_date": occasion.day,
        "period": occasion.period,
        "entered_by": None,
        "entered_at": None,
        "due_at": due_at,
        "source": None,
        "claimed_at": None,
    }


async def record(
    session: AsyncSession,
    school_id: UUID,
    entered_by: UUID,
    entered_at: datetime,
    entries: Sequence[Entry],
    *,
    paper: bool = False,
) -> None:
    """`entered_at`: the moment received, which decides lateness. `entered_by`: who made
    the entries (the teacher, the substitute, the school admin who imported paper).
    `paper`: imported from a paper journal (J13)."""
    firsts: dict[UUID, Entry] = {}
    for entry in entries:
        firsts.setdefault(entry.fact, entry)
    if not firsts:
        return
    await _hold_expectations(session, school_id, list(firsts.values()))
    found = await session.execute(
        select(EntryTimeliness.fact_id, EntryTimeliness.timeliness)
        .where(EntryTimeliness.fact_id.in_(list(firsts)))
        .with_for_update()
    )
    known: dict[UUID, str] = {fact_id: timeliness for fact_id, timeliness in found.tuples()}
    written: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for fact_id, entry in firsts.items():
        before = known.get(fact_id)
        if before in (ON_TIME, LATE):
            continue  # the first entry of the kind decided its fact
        late = before == MISSING or (entry.due_at is not None and entered_at > entry.due_at)
        row = fact_row(
            school_id, fact_id, entry.kind, entry.occasion, entry.due_at, LATE if late else ON_TIME
        ) | {
            "entity_id": entry.entity_id,
            "entered_by": entered_by,
            "entered_at": entered_at,
            "source": source_of(paper, entry.claimed_at),
            "claimed_at": entry.claimed_at,
        }
        written.append(row)
        if before is None:
            new.append(row)
        else:
            changed = {k: v for k, v in row.items() if k not in ("school_id", "id", "fact_id")}
            await session.execute(
                update(EntryTimeliness)
                .where(EntryTimeliness.fact_id == fact_id)
                .values(changed)
                .execution_options(synchronize_session=False)
            )
    if new:
        # A Core INSERT of many rows (one statement): the ORM's bulk path adds nothing here.
        await session.execute(insert(FACTS), new)
    await publish(session, school_id, entered_by, written)


async def _hold_expectations(session: AsyncSession, school_id: UUID, entries: list[Entry]) -> None:
    """A lesson's entry made is no longer expected; a class's period marks stay expected
    (for the students still without one) but are held until this transaction ends. Either
    waits while the deadline clock is recording the same entries missing, so what follows
    sees its missing facts."""
    lesson_facts = [e.fact for e in entries if e.kind in LESSON_KINDS]
    if lesson_facts:
        await session.execute(
            delete(EntryExpectation)
            .where(EntryExpectation.school_id == school_id, EntryExpectation.id.in_(lesson_facts))
            .execution_options(synchronize_session=False)
        )
    periods = {
        period_marks_id(e.occasion.class_id, e.occasion.subject_id, e.occasion.period)
        for e in entries
        if e.kind == "period-mark" and e.occasion.period is not None
    }
    if periods:
        await session.execute(
            select(EntryExpectation.id)
            .where(EntryExpectation.school_id == school_id, EntryExpectation.id.in_(periods))
            .with_for_update()
        )


def _timestamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def to_proto(row: dict[str, Any]) -> journal_pb2.EntryFact:
    day = row["lesson_date"]
    return journal_pb2.EntryFact(
        fact_id=str(row["fact_id"]),
        kind=_KIND[row["kind"]],
        timeliness=_TIMELINESS[row["timeliness"]],
        lesson_id=str(row["lesson_id"] or ""),
        class_id=str(row["class_id"] or ""),
        subject_id=str(row["subject_id"] or ""),
        teacher_id=str(row["teacher_id"]),
        lesson_date=common_pb2.Date(year=day.year, month=day.month, day=day.day) if day else None,
        due_at=_timestamp(row["due_at"]),
        entered_at=_timestamp(row["entered_at"]),
        entered_by=str(row["entered_by"] or ""),
        source=_SOURCE[row["source"]] if row["source"] else journal_pb2.ENTRY_SOURCE_UNSPECIFIED,
        period=row["period"] or "",
    )


async def publish(
    session: AsyncSession, school_id: UUID, actor_id: UUID | None, rows: list[dict[str, Any]]
) -> None:
    """One EntriesTimed event for the facts one change wrote."""
    if not rows:
        return
    event = journal_pb2.EntriesTimed(facts=[to_proto(r) for r in rows])
    await emit_many(
        session, [JournalEvents.ENTRIES_TIMED.of(event)], school_id=school_id, actor_id=actor_id
    )


async def lesson_entries(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> list[EntryTimeliness]:
    """A lesson's timeliness facts, missing ones included: for the school's leadership
    (oversight reads them district-wide through its own read models)."""
    await projections.lesson(session, runtime, principal.require_school(), lesson_id)
    rows = await session.scalars(
        select(EntryTimeliness)
        .where(EntryTimeliness.lesson_id == lesson_id)
        .order_by(EntryTimeliness.due_at, EntryTimeliness.kind, EntryTimeliness.entered_at)
    )
    return list(rows)
