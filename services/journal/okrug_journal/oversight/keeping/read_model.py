"""Keeping the journal-keeping read models current (O1): a timeliness fact or a lesson
changes its own row, and the counts it was part of move with it (its old contribution taken
away, its new one added), so that every figure is a read of counts, never a scan of facts.

Applying the same state again changes no count: a redelivered fact or a lesson refreshed
twice leaves the sums as they were."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import (
    LessonProjection,
    LessonRecord,
    OversightEntryFact,
    OversightLesson,
    OversightLessonCounts,
    OversightTimeliness,
)
from okrug_journal.policy.schemas import JournalPolicy

KINDS = ("attendance", "topic", "homework", "mark", "period-mark")
TIMELINESS = ("on-time", "late", "missing")
COUNT_OF = {"on-time": "on_time", "late": "late", "missing": "missing"}


def week_of(day: date) -> date:
    """The Monday of the day's week: figures are kept and shown week by week."""
    return day - timedelta(days=day.weekday())


def period_of(policy: JournalPolicy, day: date) -> str:
    """The code of the shortest study period of the school's calendar containing the day
    (a term rather than its half-year or the year); "" outside every one."""
    holding = [p for p in policy.study_periods if p.starts_on <= day <= p.ends_on]
    if not holding:
        return ""
    return min(holding, key=lambda p: (p.ends_on - p.starts_on, p.code)).code


async def _add(
    session: AsyncSession, model: Any, key: dict[str, Any], counts: dict[str, int], **extra: Any
) -> None:
    """Add `counts` to the row of `key` (made when missing)."""
    if not any(counts.values()):
        return
    table = model.__table__
    await session.execute(
        insert(model)
        .values(**key, **extra, **counts)
        .on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key.columns],
            set_={name: table.c[name] + value for name, value in counts.items()},
        )
    )


# --- timeliness facts -------------------------------------------------------------------------


async def _count_fact(session: AsyncSession, fact: OversightEntryFact, sign: int) -> None:
    key = {
        "school_id": fact.school_id,
        "week": fact.week,
        "period": fact.period,
        "teacher_id": fact.teacher_id,
        "class_id": fact.class_id,
        "subject_id": fact.subject_id,
        "kind": fact.kind,
    }
    await _add(
        session, OversightTimeliness, key, {COUNT_OF[fact.timeliness]: sign}, grade=fact.grade
    )


def _entered(fact: OversightEntryFact | None) -> int:
    return int(fact is not None and fact.timeliness != "missing")


async def record_fact(session: AsyncSession, fact: OversightEntryFact) -> None:
    """A fact as ENTRIES_TIMED says it now; the one before with its id (missing, later
    late) leaves its counts."""
    before = await session.get(
        OversightEntryFact, (fact.school_id, fact.fact_id), with_for_update=True
    )
    if before is not None:
        await _count_fact(session, before, -1)
        entered_before = _entered(before)
        await session.delete(before)
        await session.flush()
    else:
        entered_before = 0
    session.add(fact)
    await session.flush()
    await _count_fact(session, fact, +1)
    if fact.lesson_id is not None and _entered(fact) != entered_before:
        await change_entries(
            session, fact.school_id, fact.lesson_id, _entered(fact) - entered_before
        )
    elif fact.lesson_id is not None and fact.kind in ("topic", "homework"):
        await copy_record(session, fact.school_id, fact.lesson_id)


# --- lessons ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonState:
    """What a lesson contributes to the lesson counts."""

    school_id: UUID
    lesson_date: date
    class_id: UUID
    subject_id: UUID
    planned_teacher_id: UUID
    teacher_id: UUID
    period: str
    grade: int | None
    cancelled: bool
    entries: int

    @classmethod
    def of(cls, lesson: OversightLesson) -> "LessonState":
        return cls(
            lesson.school_id,
            lesson.lesson_date,
            lesson.class_id,
            lesson.subject_id,
            lesson.planned_teacher_id,
            lesson.teacher_id,
            lesson.period,
            lesson.grade,
            lesson.cancelled,
            lesson.entries,
        )

    def counts(self, sign: int) -> dict[str, int]:
        """A lesson is planned; held when it has entries and was not cancelled (a lesson
        with entries counts as held, J4); replaced when a substitute teaches it."""
        held = self.entries > 0 and not self.cancelled
        replaced = self.teacher_id != self.planned_teacher_id and not self.cancelled
        return {
            "planned": sign,
            "held": sign * held,
            "replaced": sign * replaced,
            "cancelled": sign * self.cancelled,
        }


async def _count_lesson(session: AsyncSession, state: LessonState, sign: int) -> None:
    key = {
        "school_id": state.school_id,
        "lesson_date": state.lesson_date,
        "class_id": state.class_id,
        "subject_id": state.subject_id,
        "teacher_id": state.planned_teacher_id,
    }
    await _add(
        session,
        OversightLessonCounts,
        key,
        state.counts(sign),
        week=week_of(state.lesson_date),
        period=state.period,
        grade=state.grade,
    )


async def _recount(
    session: AsyncSession, before: LessonState | None, after: LessonState | None
) -> None:
    if before == after:
        return
    if before is not None:
        await _count_lesson(session, before, -1)
    if after is not None:
        await _count_lesson(session, after, +1)


@dataclass(frozen=True)
class PlannedLesson:
    """A lesson as schedule says it (its event, or the journal's projection of it)."""

    school_id: UUID
    lesson_id: UUID
    class_id: UUID
    class_name: str
    subject_id: UUID
    subject_name: str
    teacher_id: UUID
    planned_teacher_id: UUID
    grade: int | None
    lesson_date: date
    starts_at: datetime | None
    cancelled: bool


async def plan_lesson(session: AsyncSession, policy: JournalPolicy, planned: PlannedLesson) -> None:
    """Schedule planned, moved, replaced or cancelled the lesson: its row follows, its
    entries stay, the counts move."""
    row = await session.get(
        OversightLesson, (planned.school_id, planned.lesson_id), with_for_update=True
    )
    before = LessonState.of(row) if row is not None else None
    if row is None:
        row = OversightLesson(
            school_id=planned.school_id,
            lesson_id=planned.lesson_id,
            entries=await _entries_of(session, planned.lesson_id),
        )
        session.add(row)
        await _fill_record(session, row)
    row.class_id, row.class_name = planned.class_id, planned.class_name
    row.subject_id, row.subject_name = planned.subject_id, planned.subject_name
    row.teacher_id, row.planned_teacher_id = planned.teacher_id, planned.planned_teacher_id
    row.grade, row.lesson_date, row.starts_at = (
        planned.grade,
        planned.lesson_date,
        planned.starts_at,
    )
    row.week, row.period = week_of(planned.lesson_date), period_of(policy, planned.lesson_date)
    row.cancelled = planned.cancelled
    await session.flush()
    await _recount(session, before, LessonState.of(row))


async def _entries_of(session: AsyncSession, lesson_id: UUID) -> int:
    """Entries already made for a lesson oversight learns of only now."""
    found = await session.scalar(
        select(func.count())
        .select_from(OversightEntryFact)
        .where(
            OversightEntryFact.lesson_id == lesson_id, OversightEntryFact.timeliness != "missing"
        )
    )
    return int(found or 0)


def planned_from_projection(lesson: LessonProjection) -> PlannedLesson:
    return PlannedLesson(
        school_id=lesson.school_id,
        lesson_id=lesson.lesson_id,
        class_id=lesson.class_id,
        class_name=lesson.class_name,
        subject_id=lesson.subject_id,
        subject_name=lesson.subject_name,
        teacher_id=lesson.teacher_id,
        planned_teacher_id=lesson.planned_teacher_id or lesson.teacher_id,
        grade=lesson.class_grade,
        lesson_date=lesson.lesson_date,
        starts_at=lesson.starts_at,
        cancelled=False,
    )


async def lesson_row(
    session: AsyncSession, policy: JournalPolicy | None, school_id: UUID, lesson_id: UUID
) -> OversightLesson | None:
    """The lesson's row, made from the journal's projection of schedule's lesson when
    schedule's event has not reached oversight yet; None when neither knows it."""
    row = await session.get(OversightLesson, (school_id, lesson_id), with_for_update=True)
    if row is not None or policy is None:
        return row
    projected = await session.get(LessonProjection, (school_id, lesson_id))
    if projected is None:
        return None
    await plan_lesson(session, policy, planned_from_projection(projected))
    return await session.get(OversightLesson, (school_id, lesson_id))


async def change_entries(
    session: AsyncSession, school_id: UUID, lesson_id: UUID, delta: int
) -> None:
    row = await session.get(OversightLesson, (school_id, lesson_id), with_for_update=True)
    if row is None:
        return
    before = LessonState.of(row)
    row.entries = max(0, row.entries + delta)
    await _fill_record(session, row)
    await session.flush()
    await _recount(session, before, replace(before, entries=row.entries))


async def copy_record(session: AsyncSession, school_id: UUID, lesson_id: UUID) -> None:
    row = await session.get(OversightLesson, (school_id, lesson_id), with_for_update=True)
    if row is not None:
        await _fill_record(session, row)
        await session.flush()


async def _fill_record(session: AsyncSession, row: OversightLesson) -> None:
    """The lesson's topic and homework text as recorded (the district reads them here: it
    cannot read the journal's records)."""
    record = await session.scalar(
        select(LessonRecord).where(LessonRecord.lesson_id == row.lesson_id)
    )
    if record is None:
        return
    row.topic = record.topic
    row.homework = (record.homework or {}).get("text") or None
