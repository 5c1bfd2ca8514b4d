"""A monitoring report's figures (O5), measured from oversight's read models only, in the
district's reading scope (the reporting role: every school's counts, no student): journal
keeping's entries on time, late and missing per kind, lessons held, replaced and missed,
the fill rate of marks, the objectivity outliers among teachers, homework load's evenings
over the limit, usage, the forecasts failing and the compliance index, each as the read
model holds it at this moment. The thresholds are checked here too (thresholds.py acts on
them)."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from okrug_common.runtime import Runtime
from okrug_journal.forecast import service as forecast
from okrug_journal.oversight.compliance import service as compliance
from okrug_journal.oversight.dates import DateRange
from okrug_journal.oversight.homework_load import reads as homework_load
from okrug_journal.oversight.keeping import service as keeping
from okrug_journal.oversight.keeping.schemas import Filters, TimelinessCounts
from okrug_journal.oversight.monitoring.schemas import (
    ForecastFigures,
    HomeworkLoadFigures,
    IndexFigures,
    IndexPartFigure,
    ObjectivityFigures,
    ObjectivityOutlier,
    ReportFigures,
    ThresholdCheck,
    UsageFigures,
)
from okrug_journal.oversight.objectivity import answers as objectivity_answers
from okrug_journal.oversight.objectivity import service as objectivity
from okrug_journal.oversight.scope import OversightScope
from okrug_journal.oversight.settings.schemas import Thresholds
from okrug_journal.oversight.settings.service import district_settings
from okrug_journal.oversight.usage import reads as usage

# The outlier teachers a report lists by name (the count holds them all).
LISTED_OUTLIERS = 10
KEEPING = "/journal/oversight/keeping/schools"


@dataclass(frozen=True)
class Measured:
    """One school's study period as the report measures it: its code and its dates in the
    school's own calendar, and the school's name for the heading."""

    school_id: UUID
    school_name: str
    dates: DateRange


def checks(
    school_id: UUID,
    thresholds: Thresholds,
    on_time: float | None,
    fill: float | None,
    completion: float | None,
) -> list[ThresholdCheck]:
    """Each figure against its threshold: below when measured and under it."""

    def check(figure: str, threshold: float, measured: float | None, rows: str) -> ThresholdCheck:
        below = measured is not None and measured < threshold
        return ThresholdCheck.model_validate(
            {
                "figure": figure,
                "threshold": threshold,
                "measured": measured,
                "below": below,
                "rows": rows,
            }
        )

    return [
        check("on-time", thresholds.on_time_share, on_time, f"{KEEPING}/{school_id}?by=teacher"),
        check("fill", thresholds.fill_share, fill, f"{KEEPING}/{school_id}/fill"),
        check(
            "completion",
            thresholds.completion_share,
            completion,
            f"{KEEPING}/{school_id}?by=class",
        ),
    ]


def average_per_week(weeks: list[dict[str, int]]) -> dict[str, float]:
    """Persons per kind of work averaged over the weeks (a week nobody did it counts 0)."""
    if not weeks:
        return {}
    kinds = sorted({kind for week in weeks for kind in week})
    return {k: round(sum(week.get(k, 0) for week in weeks) / len(weeks), 1) for k in kinds}


async def _objectivity(
    scope: OversightScope, runtime: Runtime, period: str, schools: set[UUID]
) -> dict[UUID, ObjectivityFigures]:
    units = await objectivity.unit_marks(
        scope.session, scope.session, objectivity.Filters(period=period), "teacher"
    )
    names = objectivity_answers.Names(runtime)
    outliers = [u for u in units if u.comparison.outlier and u.school_id in schools]
    for unit in outliers:
        names.want(unit.school_id, unit.teacher_id)
    await names.fetch()
    found: dict[UUID, ObjectivityFigures] = {}
    for school_id in schools:
        own = [u for u in units if u.school_id == school_id]
        flagged = [u for u in outliers if u.school_id == school_id]
        found[school_id] = ObjectivityFigures(
            compared=len(own),
            outliers=len(flagged),
            listed=[
                ObjectivityOutlier(
                    teacher_name=names.person(u.school_id, u.teacher_id) if u.teacher_id else "",
                    subject=u.subject_name,
                    grade=u.grade,
                    n=u.comparison.unit.n,
                    mean=_rounded(u.comparison.unit.mean),
                    district_mean=_rounded(u.comparison.rest.mean),
                    z=_rounded(u.comparison.z),
                )
                for u in flagged[:LISTED_OUTLIERS]
            ],
        )
    return found


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


async def _by_dates(
    scope: OversightScope, measured: list[Measured]
) -> tuple[dict[UUID, HomeworkLoadFigures], dict[UUID, UsageFigures]]:
    """Homework load and usage cover dates: each school's period in its own calendar (the
    schools sharing dates are read at once)."""
    loads: dict[UUID, HomeworkLoadFigures] = {}
    used: dict[UUID, UsageFigures] = {}
    by_dates: dict[DateRange, set[UUID]] = {}
    for m in measured:
        by_dates.setdefault(m.dates, set()).add(m.school_id)
    for dates, schools in by_dates.items():
        overview = await homework_load.overview(scope.session, scope.viewer, dates, None)
        for load in overview.schools:
            if load.school_id in schools:
                loads[load.school_id] = HomeworkLoadFigures.model_validate(
                    load.model_dump(exclude={"school_id", "unestimated_homework"})
                )
        activity = await usage.overview(scope.session, scope.viewer, dates)
        weeks_of = {s.school_id: s.weeks for s in activity.schools}
        for school_id in schools:
            weeks = [{str(k): v for k, v in w.counts.items()} for w in weeks_of.get(school_id, [])]
            used[school_id] = UsageFigures(
                weeks=len(activity.weeks), average_per_week=average_per_week(weeks)
            )
    return loads, used


NOTHING_DUE = TimelinessCounts(on_time=0, late=0, missing=0, due=0, on_time_share=None)


async def measure(
    scope: OversightScope, runtime: Runtime, period: str, measured: list[Measured], today: date
) -> list[ReportFigures]:
    """The figures of `period` of each school measured, from the read models (the district's
    scope: `scope.viewer.is_district`)."""
    assert scope.viewer.is_district, "a report measures in the district's scope"
    schools = {m.school_id for m in measured}
    filters = Filters(period=period)
    settings = await district_settings(scope.session)
    kept = {s.school_id: s for s in (await keeping.district_keeping(scope, filters)).schools}
    filled = {s.school_id: s for s in (await keeping.district_fill(scope, filters)).schools}
    indexed = {s.school_id: s for s in (await compliance.district_index(scope, filters)).schools}
    counted = {
        s.school_id: s for s in (await forecast.school_counts(scope, period, None, today)).schools
    }
    objectivity_of = await _objectivity(scope, runtime, period, schools)
    loads, used = await _by_dates(scope, measured)
    figures = []
    for m in measured:
        school = kept.get(m.school_id)
        fill = filled.get(m.school_id)
        index = indexed.get(m.school_id)
        count = counted.get(m.school_id)
        lessons = school.lessons if school else None
        timeliness = school.timeliness if school else NOTHING_DUE
        figures.append(
            ReportFigures(
                school_id=m.school_id,
                school_name=m.school_name,
                timeliness=timeliness,
                by_kind=school.by_kind if school else [],
                fill=fill,
                lessons=lessons,
                objectivity=objectivity_of[m.school_id],
                homework_load=loads.get(m.school_id),
                usage=used[m.school_id],
                forecast=ForecastFigures(forecasts=count.forecasts, failing=count.failing)
                if count
                else None,
                index=IndexFigures(
                    index=index.index,
                    parts=[
                        IndexPartFigure(name=p.name, share=p.share, weight=p.weight)
                        for p in index.parts
                    ],
                )
                if index
                else None,
                thresholds=checks(
                    m.school_id,
                    settings.thresholds,
                    timeliness.on_time_share,
                    fill.fill_share if fill else None,
                    lessons.held_share if lessons else None,
                ),
            )
        )
    return figures
