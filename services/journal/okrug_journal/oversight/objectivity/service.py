"""Reads of the objectivity read models (O2, J3): distributions of marks against the
district's, outliers, period marks beside their weighted averages, work types and weights
side by side. Every figure is a read of the read models (counts), never of the marks.

Two sessions: `session` reads the rows the viewer may see (the district's: every school,
through the reporting role; a school's leadership: their school); `district` reads the
district's totals a unit is compared with (always through the reporting role: counts of
every school, summed, naming no school)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from uuid import UUID

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import (
    ObjectivityDistribution,
    ObjectivityPeriodMark,
    ObjectivityWorkType,
)
from okrug_journal.oversight.objectivity import statistics
from okrug_journal.oversight.objectivity.statistics import Comparison, Distribution

Unit = Literal["teacher", "class", "subject", "school"]
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Filters:
    """What the viewer asked for and may see."""

    period: str
    school_id: UUID | None = None
    grade: int | None = None
    subject_key: str | None = None
    # A subject asked for whose name no mark of the period has: nothing to show.
    unknown_subject: bool = False
    # None: every grade level; else the only ones visible (a deputy director's).
    grade_levels: frozenset[int] | None = None

    def where(
        self,
        table: type[ObjectivityDistribution] | type[ObjectivityPeriodMark],
        *,
        of_school: bool = True,
    ) -> list[ColumnElement[bool]]:
        """The period's rows of the grade levels and subject asked for and visible (and of
        the school asked for, unless `of_school` is False: the district's totals)."""
        conditions: list[ColumnElement[bool]] = [table.period == self.period]
        if self.grade is not None:
            conditions.append(table.grade == self.grade)
        if self.grade_levels is not None:
            visible = sorted(self.grade_levels)
            conditions.append(table.grade.in_(visible) if visible else false())
        if self.subject_key is not None:
            conditions.append(table.subject_key == self.subject_key)
        if self.unknown_subject:
            conditions.append(false())
        if of_school and self.school_id is not None:
            conditions.append(table.school_id == self.school_id)
        return conditions


@dataclass(frozen=True)
class UnitMarks:
    """A unit's marks of one subject and grade level, against the rest of the district."""

    school_id: UUID
    teacher_id: UUID | None
    class_id: UUID | None
    class_name: str | None
    subject_key: str
    subject_name: str
    grade: int | None
    comparison: Comparison


_COUNTS = [getattr(ObjectivityDistribution, f"marks_{v}") for v in range(1, 6)]
_UNIT_COLUMNS = {
    "teacher": (ObjectivityDistribution.teacher_id,),
    "class": (ObjectivityDistribution.class_id, ObjectivityDistribution.class_name),
    "subject": (),
    "school": (),
}


def _summed() -> list[ColumnElement[int]]:
    return [func.sum(column).label(column.key) for column in _COUNTS]


async def subject_key_of(session: AsyncSession, subject_id: UUID) -> str | None:
    """The district's key of a school's subject (by its name), from the read models."""
    for table in (ObjectivityDistribution, ObjectivityPeriodMark):
        key = await session.scalar(
            select(table.subject_key).where(table.subject_id == subject_id).limit(1)
        )
        if key is not None:
            return key
    return None


async def district_distributions(
    district: AsyncSession, filters: Filters
) -> dict[tuple[str, int | None], Distribution]:
    """The district's marks per subject and grade level in the period."""
    table = ObjectivityDistribution
    query = (
        select(table.subject_key, table.grade, *_summed())
        .where(*filters.where(table, of_school=False))
        .group_by(table.subject_key, table.grade)
    )
    return {(row[0], row[1]): Distribution.of(row[2:]) for row in await district.execute(query)}


async def unit_marks(
    session: AsyncSession, district: AsyncSession, filters: Filters, by: Unit
) -> list[UnitMarks]:
    """Every unit's marks per subject and grade level against the rest of the district,
    the outliers first (by |z|)."""
    totals = await district_distributions(district, filters)
    table = ObjectivityDistribution
    group = (table.school_id, *_UNIT_COLUMNS[by], table.subject_key, table.grade)
    query = (
        select(*group, func.min(table.subject_name), *_summed())
        .where(*filters.where(table))
        .group_by(*group)
    )
    found: list[UnitMarks] = []
    for row in await session.execute(query):
        school_id, *rest = tuple(row)
        teacher_id = rest.pop(0) if by == "teacher" else None
        class_id, class_name = (rest.pop(0), rest.pop(0)) if by == "class" else (None, None)
        subject_key, grade, subject_name, *counts = rest
        unit = Distribution.of(counts)
        district_marks = totals.get((subject_key, grade), unit)
        found.append(
            UnitMarks(
                school_id=school_id,
                teacher_id=teacher_id,
                class_id=class_id,
                class_name=class_name,
                subject_key=subject_key,
                subject_name=subject_name,
                grade=grade,
                comparison=statistics.compare(unit, district_marks),
            )
        )
    found.sort(
        key=lambda u: (
            not u.comparison.outlier,
            -abs(u.comparison.z or 0.0),
            u.subject_key,
            u.grade or 0,
            str(u.school_id),
        )
    )
    return found


@dataclass(frozen=True)
class PeriodMarkPoint:
    """How many period marks of a value were set beside a weighted average (to 0.1)."""

    value: int
    weighted_average: Decimal
    count: int
    far: bool


@dataclass(frozen=True)
class PeriodMarkSummary:
    total: int
    far_above: int
    far_below: int
    without_average: int
    points: list[PeriodMarkPoint]


async def period_mark_summary(session: AsyncSession, filters: Filters) -> PeriodMarkSummary:
    """Period marks against their weighted averages: counts, and the points of the chart
    (value x average rounded half up to 0.1)."""
    table = ObjectivityPeriodMark
    query = (
        select(table.value, table.weighted_average, func.count())
        .where(*filters.where(table))
        .group_by(table.value, table.weighted_average)
    )
    total = far_above = far_below = without = 0
    points: dict[tuple[int, Decimal], int] = defaultdict(int)
    for value, average, count in await session.execute(query):
        total += count
        if average is None:
            without += count
            continue
        if statistics.far_from_average(value, average):
            if value > average:
                far_above += count
            else:
                far_below += count
        points[(value, average.quantize(ONE_PLACE, rounding=ROUND_HALF_UP))] += count
    return PeriodMarkSummary(
        total=total,
        far_above=far_above,
        far_below=far_below,
        without_average=without,
        points=[
            PeriodMarkPoint(value, average, count, statistics.far_from_average(value, average))
            for (value, average), count in sorted(points.items())
        ],
    )


async def far_period_marks(
    session: AsyncSession, filters: Filters
) -> Sequence[ObjectivityPeriodMark]:
    """The period marks a whole mark or more from their weighted average, largest gap
    first (for the school's leadership, who see whose they are)."""
    table = ObjectivityPeriodMark
    gap = func.abs(table.value - table.weighted_average)
    query = (
        select(table)
        .where(gap >= statistics.PERIOD_MARK_GAP, *filters.where(table))
        .order_by(gap.desc(), table.class_name, table.subject_name, table.period_mark_id)
    )
    return (await session.scalars(query)).all()


@dataclass(frozen=True)
class WorkTypeUse:
    work_type: str
    weight: Decimal
    marks: int


async def work_type_use(session: AsyncSession, filters: Filters) -> dict[UUID, list[WorkTypeUse]]:
    """Per school, the marks given of each work type at each weight in the period."""
    table = ObjectivityWorkType
    query = select(table.school_id, table.work_type, table.weight, table.marks).where(
        table.period == filters.period, table.marks > 0
    )
    if filters.school_id is not None:
        query = query.where(table.school_id == filters.school_id)
    query = query.order_by(table.school_id, table.marks.desc(), table.work_type, table.weight)
    schools: dict[UUID, list[WorkTypeUse]] = {}
    for school_id, work_type, weight, marks in await session.execute(query):
        schools.setdefault(school_id, []).append(WorkTypeUse(work_type, weight, marks))
    return schools
