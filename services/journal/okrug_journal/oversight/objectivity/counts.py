"""The upkeep of the objectivity read models (O2, J3): what one mark adds to the counts (its
contribution), and the change of counts when a mark is recorded, changed or deleted. The
mark's last counted state is kept (`ObjectivityMark`), so that applying an event takes the
old contribution out and puts the new one in: the same event applied twice, or an event
older than the state counted, changes nothing."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import (
    ObjectivityDistribution,
    ObjectivityMark,
    ObjectivityPeriodMark,
    ObjectivityWorkType,
)
from okrug_journal.policy.schemas import JournalPolicy

FIVE_POINT_VALUES = range(1, 6)


def subject_key(subject_name: str) -> str:
    """The subject as the district compares it across schools (each school has its own
    subject ids): its name, trimmed, spaces collapsed, case-folded, ё as е."""
    return " ".join(subject_name.split()).casefold().replace("ё", "е")


def five_point_value(value: str) -> int | None:
    """A mark's value on the five-point scale; None for another scale (pass/fail)."""
    return int(value) if value.isdigit() and int(value) in FIVE_POINT_VALUES else None


def periods_of(policy: JournalPolicy, day: date) -> list[str]:
    """The codes of the school's study periods containing the day (a term, its half-year,
    the year)."""
    return sorted(p.code for p in policy.study_periods if p.starts_on <= day <= p.ends_on)


@dataclass(frozen=True)
class MarkState:
    """A mark as the read models count it (no student)."""

    teacher_id: UUID
    class_id: UUID
    subject_id: UUID
    subject_name: str
    class_name: str
    grade: int | None
    work_type: str
    weight: Decimal
    value: int | None
    periods: tuple[str, ...]


DistributionKey = tuple[str, UUID, UUID, UUID]  # period, teacher, class, subject
WorkTypeKey = tuple[str, str, Decimal]  # period, work type, weight


@dataclass
class CountChanges:
    """Changes of the counts, gathered before they are written (one upsert per row)."""

    distribution: Counter[tuple[DistributionKey, int]]
    work_types: Counter[WorkTypeKey]
    # (class, subject) -> (subject's name, class's name, grade level)
    subjects: dict[tuple[UUID, UUID], tuple[str, str, int | None]]

    @classmethod
    def empty(cls) -> "CountChanges":
        return cls(Counter(), Counter(), {})

    def add(self, state: MarkState, delta: int) -> None:
        for period in state.periods:
            self.work_types[(period, state.work_type, state.weight)] += delta
            if state.value is not None:
                key = (period, state.teacher_id, state.class_id, state.subject_id)
                self.distribution[(key, state.value)] += delta
        self.subjects[(state.class_id, state.subject_id)] = (
            state.subject_name,
            state.class_name,
            state.grade,
        )


async def write(session: AsyncSession, school_id: UUID, changes: CountChanges) -> None:
    """Add the changes to the counts (rows created at zero when new)."""
    rows: dict[DistributionKey, dict[int, int]] = {}
    for (key, value), delta in changes.distribution.items():
        if delta:
            rows.setdefault(key, {})[value] = delta
    for (period, teacher_id, class_id, subject_id), deltas in sorted(rows.items(), key=str):
        name, class_name, grade = changes.subjects[(class_id, subject_id)]
        counts = {f"marks_{v}": deltas.get(v, 0) for v in FIVE_POINT_VALUES}
        statement = insert(ObjectivityDistribution).values(
            school_id=school_id,
            period=period,
            teacher_id=teacher_id,
            class_id=class_id,
            subject_id=subject_id,
            subject_key=subject_key(name),
            subject_name=name,
            class_name=class_name,
            grade=grade,
            **counts,
        )
        table = ObjectivityDistribution.__table__.c
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["school_id", "period", "teacher_id", "class_id", "subject_id"],
                set_={
                    "subject_key": statement.excluded.subject_key,
                    "subject_name": statement.excluded.subject_name,
                    "class_name": statement.excluded.class_name,
                    "grade": statement.excluded.grade,
                    **{column: table[column] + statement.excluded[column] for column in counts},
                },
            )
        )
    for (period, work_type, weight), delta in sorted(changes.work_types.items(), key=str):
        if not delta:
            continue
        used = insert(ObjectivityWorkType).values(
            school_id=school_id, period=period, work_type=work_type, weight=weight, marks=delta
        )
        await session.execute(
            used.on_conflict_do_update(
                index_elements=["school_id", "period", "work_type", "weight"],
                set_={"marks": ObjectivityWorkType.marks + used.excluded.marks},
            )
        )


def _state_of(row: ObjectivityMark) -> MarkState | None:
    if row.deleted:
        return None
    return MarkState(
        teacher_id=row.teacher_id,
        class_id=row.class_id,
        subject_id=row.subject_id,
        subject_name=row.subject_name,
        class_name=row.class_name,
        grade=row.grade,
        work_type=row.work_type,
        weight=row.weight,
        value=row.value,
        periods=tuple(row.periods),
    )


async def apply_mark(
    session: AsyncSession,
    school_id: UUID,
    mark_id: UUID,
    state: MarkState,
    as_of: datetime,
    *,
    deleted: bool = False,
) -> None:
    """Count the mark as it is at `as_of` (a deleted one: not at all), in place of what
    was counted for it."""
    # Events of one mark (recorded, changed, deleted) come through different consumers.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"objectivity-mark:{mark_id}"},
    )
    known = await session.get(ObjectivityMark, (school_id, mark_id), with_for_update=True)
    if known is not None and known.as_of > as_of:
        return
    before = _state_of(known) if known is not None else None
    after = None if deleted else state
    changes = CountChanges.empty()
    if before is not None:
        changes.add(before, -1)
    if after is not None:
        changes.add(after, +1)
    await write(session, school_id, changes)
    values = {
        "teacher_id": state.teacher_id,
        "class_id": state.class_id,
        "subject_id": state.subject_id,
        "subject_key": subject_key(state.subject_name),
        "subject_name": state.subject_name,
        "class_name": state.class_name,
        "grade": state.grade,
        "work_type": state.work_type,
        "weight": state.weight,
        "value": state.value,
        "periods": list(state.periods),
        "deleted": deleted,
        "as_of": as_of,
    }
    kept = insert(ObjectivityMark).values(school_id=school_id, mark_id=mark_id, **values)
    await session.execute(
        kept.on_conflict_do_update(index_elements=["school_id", "mark_id"], set_=values)
    )


async def set_period_mark(session: AsyncSession, row: ObjectivityPeriodMark) -> None:
    """Keep a period mark beside its weighted average; an older state than the one kept
    changes nothing."""
    values = {
        column.name: getattr(row, column.key)
        for column in ObjectivityPeriodMark.__table__.columns
        if column.name not in ("school_id", "period_mark_id")
    }
    statement = insert(ObjectivityPeriodMark).values(
        school_id=row.school_id, period_mark_id=row.period_mark_id, **values
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "period_mark_id"],
            set_=values,
            where=ObjectivityPeriodMark.as_of <= statement.excluded.as_of,
        )
    )
