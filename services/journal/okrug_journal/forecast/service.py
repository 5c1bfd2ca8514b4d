"""Reading the forecast (J12): a class's forecasts in a subject (the teacher's grid), a
class's in every subject (its class teacher), a student's (the student, their guardians),
and the students forecast failing in the classes and subjects a teacher teaches. Every read
is of the read model (ForecastStanding) and the policy's work types; nothing here scans the
marks."""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy import ColumnElement, func, or_, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.forecast import rules
from okrug_journal.forecast.schemas import (
    FailingList,
    Forecast,
    ForecastCounts,
    ForecastSheet,
    MarksNeededOption,
    NamedForecast,
    PeriodRef,
    SchoolForecastCount,
)
from okrug_journal.grid.service import chosen_period
from okrug_journal.models import ForecastFailingCount, ForecastStanding, LessonProjection
from okrug_journal.oversight.scope import OversightScope, viewer_of
from okrug_journal.period_marks.service import class_subject_lesson
from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod
from okrug_journal.policy.service import school_policy
from okrug_journal.summaries.journal_data import class_names, require_known_class


def forecast_of(standing: ForecastStanding, policy: JournalPolicy) -> Forecast:
    sums = rules.Sums(standing.marks_count, standing.weighted_sum, standing.weight_sum)
    average = sums.weighted_average
    projected = rules.projected_mark(average)
    # A standing has numeric marks (refresh_standing deletes it when none are left).
    assert average is not None
    assert projected is not None
    return Forecast(
        student_id=standing.student_id,
        class_id=standing.class_id,
        subject_id=standing.subject_id,
        subject_name=standing.subject_name,
        period=standing.period,
        marks_count=standing.marks_count,
        weighted_sum=standing.weighted_sum,
        weight_sum=standing.weight_sum,
        weighted_average=average,
        projected_mark=projected,
        failing=rules.is_failing(projected),
        marks_needed=[
            MarksNeededOption.model_validate(option, from_attributes=True)
            for option in rules.marks_needed(sums, policy.work_types)
        ],
    )


async def _period(
    session: AsyncSession, runtime: Runtime, school_id: UUID, code: str | None
) -> tuple[JournalPolicy, StudyPeriod]:
    policy = await school_policy(session, runtime, school_id)
    today = datetime.now(UTC).astimezone(policy.zone).date()
    return policy, chosen_period(policy, code, today)


async def _standings(
    session: AsyncSession, period: StudyPeriod, *where: ColumnElement[bool]
) -> Sequence[ForecastStanding]:
    return (
        await session.scalars(
            select(ForecastStanding)
            .where(ForecastStanding.period == period.code, *where)
            .order_by(ForecastStanding.subject_name, ForecastStanding.student_id)
        )
    ).all()


def _sheet(
    policy: JournalPolicy, period: StudyPeriod, found: Sequence[ForecastStanding]
) -> ForecastSheet:
    return ForecastSheet(
        period=PeriodRef(code=period.code, kind=period.kind),
        forecasts=[forecast_of(s, policy) for s in found],
    )


async def class_subject_sheet(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    subject_id: UUID,
    period_code: str | None,
) -> ForecastSheet:
    """Beside the grid: its readers (a teacher of the class in the subject, the class
    teacher, the school's leadership)."""
    await access.require_class_subject(session, principal, "grid.read", class_id, subject_id)
    await class_subject_lesson(session, class_id, subject_id)
    policy, period = await _period(session, runtime, principal.require_school(), period_code)
    found = await _standings(
        session,
        period,
        ForecastStanding.class_id == class_id,
        ForecastStanding.subject_id == subject_id,
    )
    return _sheet(policy, period, found)


async def class_sheet(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    period_code: str | None,
) -> ForecastSheet:
    """Every subject of a class: its class teacher, the school's leadership."""
    await access.require_class_teacher_or(session, principal, "class.read", class_id)
    await require_known_class(session, class_id)
    policy, period = await _period(session, runtime, principal.require_school(), period_code)
    found = await _standings(session, period, ForecastStanding.class_id == class_id)
    return _sheet(policy, period, found)


async def student_sheet(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    student_id: UUID,
    period_code: str | None,
) -> ForecastSheet:
    """A student's every subject: the student, their guardians, the class teacher, the
    school's leadership."""
    await access.require_student_reader(session, runtime, principal, student_id)
    policy, period = await _period(session, runtime, principal.require_school(), period_code)
    found = await _standings(session, period, ForecastStanding.student_id == student_id)
    return _sheet(policy, period, found)


async def named(
    session: AsyncSession,
    runtime: Runtime,
    school_id: UUID,
    policy: JournalPolicy,
    found: Sequence[ForecastStanding],
) -> list[NamedForecast]:
    """Forecasts with the students' names and classes, by class, then name, then subject."""
    names = await people.names(runtime, school_id, (s.student_id for s in found))
    classes = await class_names(session, (s.class_id for s in found))
    result = [
        NamedForecast(
            **forecast_of(s, policy).model_dump(),
            last_name=names[s.student_id].last_name,
            first_name=names[s.student_id].first_name,
            class_name=classes.get(s.class_id, ""),
        )
        for s in found
    ]
    return sorted(
        result,
        key=lambda f: (
            f.class_name,
            names[f.student_id].sort_key,
            f.subject_name,
            str(f.student_id),
        ),
    )


async def _taught_by(session: AsyncSession, teacher_id: UUID) -> list[tuple[UUID, UUID]]:
    """The (class, subject) pairs a teacher teaches: some lesson of it is theirs, as the
    teacher of record or as the timetable's teacher (the relation `grid.read` uses)."""
    rows = await session.execute(
        select(LessonProjection.class_id, LessonProjection.subject_id)
        .where(
            or_(
                LessonProjection.teacher_id == teacher_id,
                LessonProjection.planned_teacher_id == teacher_id,
            )
        )
        .distinct()
    )
    return [(c, s) for c, s in rows.all()]


async def teacher_failing(
    session: AsyncSession, runtime: Runtime, principal: Principal, period_code: str | None
) -> FailingList:
    """The students forecast failing in the classes and subjects the caller teaches."""
    school_id = principal.require_school()
    policy, period = await _period(session, runtime, school_id, period_code)
    pairs = await _taught_by(session, principal.require_person())
    found: Sequence[ForecastStanding] = []
    if pairs:
        found = await _standings(
            session,
            period,
            ForecastStanding.failing.is_(True),
            tuple_(ForecastStanding.class_id, ForecastStanding.subject_id).in_(pairs),
        )
    return FailingList(
        period=PeriodRef(code=period.code, kind=period.kind),
        students=await named(session, runtime, school_id, policy, found),
    )


async def school_failing(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    period_code: str | None,
    grade: int | None,
) -> FailingList:
    """The school's students forecast failing, every class and subject: its leadership (a
    deputy director their grade levels)."""
    school_id = principal.require_school()
    viewer = await viewer_of(runtime, principal)
    policy, period = await _period(session, runtime, school_id, period_code)
    found = await _standings(
        session,
        period,
        ForecastStanding.failing.is_(True),
        viewer.grade_filter(ForecastStanding.class_grade),
        true() if grade is None else ForecastStanding.class_grade == grade,
    )
    return FailingList(
        period=PeriodRef(code=period.code, kind=period.kind),
        students=await named(session, runtime, school_id, policy, found),
    )


async def school_counts(
    scope: OversightScope, period_code: str | None, grade: int | None, today: date
) -> ForecastCounts:
    """Per school the forecasts of the period and how many are failing (counts only): every
    school for the district, their own for a school's leadership (a deputy director's grade
    levels). Without a period, each school's finest period containing `today`."""
    count = ForecastFailingCount
    where = [scope.viewer.grade_filter(count.class_grade)]
    if grade is not None:
        where.append(count.class_grade == grade)
    if period_code is None:
        where += [count.finest.is_(True), count.starts_on <= today, count.ends_on >= today]
    else:
        where.append(count.period == period_code)
    failing = func.sum(count.failing)
    rows = await scope.session.execute(
        select(count.school_id, count.period, func.sum(count.students), failing)
        .where(*where)
        .group_by(count.school_id, count.period)
        .order_by(failing.desc(), count.school_id, count.period)
    )
    return ForecastCounts(
        schools=[
            SchoolForecastCount(
                school_id=school_id, period=period, forecasts=forecasts, failing=failing_count
            )
            for school_id, period, forecasts, failing_count in rows.all()
        ]
    )
