"""The answers of objectivity's endpoints (O2, J3): the read models' figures with the names
of schools and teachers (asked of identity, one call per school in the answer), and the
students of far period marks for the school's leadership only."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.db import reporting_transaction
from okrug_common.runtime import Runtime
from okrug_journal import people
from okrug_journal.models import PeriodMark
from okrug_journal.oversight.objectivity import service
from okrug_journal.oversight.objectivity.schemas import (
    DistributionsRead,
    FarPeriodMarkRead,
    MarkCounts,
    OutlierRule,
    PeriodMarkPointRead,
    PeriodMarkRule,
    PeriodMarksRead,
    SchoolWorkTypesRead,
    Unit,
    UnitRead,
    WorkTypeRead,
    WorkTypesRead,
)
from okrug_journal.oversight.objectivity.statistics import Distribution
from okrug_journal.oversight.scope import OversightScope


@asynccontextmanager
async def district_reading(scope: OversightScope, runtime: Runtime) -> AsyncIterator[AsyncSession]:
    """A session reading the district's totals a unit is compared with: the district's own
    scope, or for a school's leadership a read-only transaction of the reporting role (the
    read models' counts of every school, only ever summed over the district)."""
    if scope.viewer.is_district:
        yield scope.session
        return
    reporting = runtime.reporting_sessionmaker
    assert reporting is not None, "the journal's REPORTING_DATABASE_URL is not set"
    async with reporting_transaction(reporting, None) as session:
        yield session


async def filters_of(
    scope: OversightScope,
    period: str,
    school_id: UUID | None,
    grade: int | None,
    subject_id: UUID | None,
) -> service.Filters:
    """The filters asked for, within what the viewer sees (a school's leadership: their
    school, a deputy director: their grade levels)."""
    viewer = scope.viewer
    subject_key = (
        await service.subject_key_of(scope.session, subject_id) if subject_id is not None else None
    )
    return service.Filters(
        period=period,
        school_id=school_id if viewer.is_district else viewer.school_id,
        grade=grade,
        subject_key=subject_key,
        unknown_subject=subject_id is not None and subject_key is None,
        grade_levels=viewer.grade_levels,
    )


class Names:
    """Schools' and their staff's names, asked of identity once per school."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._wanted: dict[UUID, set[UUID]] = {}
        self._schools: dict[UUID, str] = {}
        self._persons: dict[tuple[UUID, UUID], people.PersonName] = {}

    def want(self, school_id: UUID, *persons: UUID | None) -> None:
        self._wanted.setdefault(school_id, set()).update(p for p in persons if p is not None)

    async def fetch(self) -> None:
        for school_id, persons in self._wanted.items():
            found = await people.for_document(self._runtime, school_id, persons)
            self._schools[school_id] = found.school_name
            for person in persons:
                self._persons[(school_id, person)] = found.of(person)

    def school(self, school_id: UUID) -> str:
        return self._schools.get(school_id, "")

    def person(self, school_id: UUID, person_id: UUID) -> str:
        return self._persons.get((school_id, person_id), people.UNKNOWN).short


def _counts(distribution: Distribution) -> MarkCounts:
    mean = distribution.mean
    return MarkCounts(
        counts=list(distribution.counts),
        n=distribution.n,
        mean=round(mean, 4) if mean is not None else None,
    )


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


async def distributions(
    scope: OversightScope, runtime: Runtime, filters: service.Filters, by: Unit, limit: int
) -> DistributionsRead:
    async with district_reading(scope, runtime) as district:
        units = await service.unit_marks(scope.session, district, filters, by)
    shown = units[:limit]
    names = Names(runtime)
    for unit in shown:
        names.want(unit.school_id, unit.teacher_id)
    await names.fetch()
    return DistributionsRead(
        period=filters.period,
        rule=OutlierRule(),
        by=by,
        total=len(units),
        units=[
            UnitRead(
                school_id=u.school_id,
                school_name=names.school(u.school_id),
                teacher_id=u.teacher_id,
                teacher_name=names.person(u.school_id, u.teacher_id) if u.teacher_id else None,
                class_id=u.class_id,
                class_name=u.class_name,
                subject=u.subject_name,
                grade=u.grade,
                marks=_counts(u.comparison.unit),
                district=_counts(u.comparison.rest),
                z=_rounded(u.comparison.z),
                mean_gap=_rounded(u.comparison.mean_gap),
                outlier=u.comparison.outlier,
            )
            for u in shown
        ],
    )


async def _students(
    session: AsyncSession, runtime: Runtime, school_id: UUID, period_mark_ids: list[UUID]
) -> tuple[dict[UUID, UUID], dict[UUID, people.PersonName]]:
    """The students of the period marks (the school's own transaction) and their names."""
    rows = await session.execute(
        select(PeriodMark.id, PeriodMark.student_id).where(PeriodMark.id.in_(period_mark_ids))
    )
    students = {pm_id: student for pm_id, student in rows}
    return students, await people.names(runtime, school_id, students.values())


async def period_marks(
    scope: OversightScope, runtime: Runtime, filters: service.Filters, limit: int
) -> tuple[PeriodMarksRead, list[UUID]]:
    """Period marks against their weighted averages; the far ones listed (their students
    named to the school's leadership). Also the students the answer names, for the read
    audit."""
    summary = await service.period_mark_summary(scope.session, filters)
    far = list(await service.far_period_marks(scope.session, filters))[:limit]
    names = Names(runtime)
    for row in far:
        names.want(row.school_id, row.teacher_id)
    await names.fetch()
    students: dict[UUID, UUID] = {}
    student_names: dict[UUID, people.PersonName] = {}
    if scope.viewer.names_students and scope.viewer.school_id is not None and far:
        students, student_names = await _students(
            scope.session, runtime, scope.viewer.school_id, [r.period_mark_id for r in far]
        )
    answer = PeriodMarksRead(
        period=filters.period,
        rule=PeriodMarkRule(),
        total=summary.total,
        far_above=summary.far_above,
        far_below=summary.far_below,
        without_average=summary.without_average,
        points=[
            PeriodMarkPointRead(
                value=p.value, weighted_average=p.weighted_average, count=p.count, far=p.far
            )
            for p in summary.points
        ],
        far=[
            FarPeriodMarkRead(
                period_mark_id=row.period_mark_id,
                school_id=row.school_id,
                class_id=row.class_id,
                class_name=row.class_name,
                subject=row.subject_name,
                teacher_id=row.teacher_id,
                teacher_name=names.person(row.school_id, row.teacher_id),
                value=row.value,
                weighted_average=row.weighted_average or 0,
                student_id=students.get(row.period_mark_id),
                student_name=(
                    student_names[students[row.period_mark_id]].full
                    if row.period_mark_id in students
                    else None
                ),
            )
            for row in far
        ],
    )
    return answer, list(students.values())


async def work_types(
    scope: OversightScope, runtime: Runtime, filters: service.Filters
) -> WorkTypesRead:
    used = await service.work_type_use(scope.session, filters)
    names = Names(runtime)
    for school_id in used:
        names.want(school_id)
    await names.fetch()
    schools = []
    for school_id, uses in used.items():
        total = sum(u.marks for u in uses)
        schools.append(
            SchoolWorkTypesRead(
                school_id=school_id,
                school_name=names.school(school_id),
                marks=total,
                work_types=[
                    WorkTypeRead(
                        work_type=u.work_type,
                        weight=u.weight,
                        marks=u.marks,
                        share=round(u.marks / total, 4) if total else 0.0,
                    )
                    for u in uses
                ],
            )
        )
    schools.sort(key=lambda s: (s.school_name.casefold(), str(s.school_id)))
    return WorkTypesRead(period=filters.period, schools=schools)
