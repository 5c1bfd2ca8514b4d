"""The compliance index (issue 11 point 8): each school's share of entries on time, of
students with the minimum of marks, of lessons held and of class evenings within SanPiN's
homework limit, weighted by the district's settings, as one number 0-100; schools ranked,
and each school's index week by week (its trend). Read from journal keeping's and homework
load's read models (schemas.INDEX_RULE, TREND_RULE)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode
from uuid import UUID

from sqlalchemy import ColumnElement, Date, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import (
    HomeworkLoadDay,
    OversightLessonCounts,
    OversightTimeliness,
    SchoolCalendar,
)
from okrug_journal.oversight.compliance.schemas import (
    DistrictIndex,
    DistrictIndexWeeks,
    IndexPart,
    IndexWeek,
    PartName,
    SchoolIndex,
    SchoolIndexWeeks,
    SchoolTrend,
    WeekIndex,
)
from okrug_journal.oversight.keeping import service as keeping
from okrug_journal.oversight.keeping.read_model import week_of
from okrug_journal.oversight.keeping.schemas import Filters
from okrug_journal.oversight.scope import OversightScope, Viewer
from okrug_journal.oversight.settings.schemas import IndexWeights
from okrug_journal.oversight.settings.service import district_settings

T, L, H = OversightTimeliness, OversightLessonCounts, HomeworkLoadDay
KEEPING = "/journal/oversight/keeping/schools"
HOMEWORK = "/journal/oversight/homework-load/schools"
COMPLIANCE = "/journal/oversight/compliance/schools"

# (met, counted) of a part, per school, or per school and week (the week None: all weeks).
Key = tuple[UUID, date | None]
Tally = dict[Key, tuple[int, int]]


def index_of(parts: Sequence[IndexPart]) -> float | None:
    """100 x the weighted mean of the parts that have a share and a weight."""
    counted = [p for p in parts if p.share is not None and p.weight > 0]
    total = sum(p.weight for p in counted)
    if not total:
        return None
    return round(100 * sum(p.weight * (p.share or 0.0) for p in counted) / total, 1)


def _path(path: str, **params: object) -> str:
    given = {name: str(value) for name, value in params.items() if value is not None}
    return f"{path}?{urlencode(given)}" if given else path


def _filter_params(filters: Filters) -> dict[str, object]:
    return {"period": filters.period, "grade": filters.grade, "subject_id": filters.subject_id}


def _part(name: PartName, weight: float, tally: tuple[int, int] | None, rows: str) -> IndexPart:
    met, counted = tally or (0, 0)
    share = round(met / counted, 4) if counted else None
    return IndexPart(name=name, share=share, weight=weight, counted=counted, met=met, rows=rows)


async def _timeliness(
    session: AsyncSession, viewer: Viewer, filters: Filters, school_id: UUID | None, weekly: bool
) -> Tally:
    """Entries made on time and entries due."""
    keys = [T.school_id, T.week] if weekly else [T.school_id]
    where = keeping.timeliness_where(filters, viewer)
    if school_id is not None:
        where.append(T.school_id == school_id)
    rows = await session.execute(
        select(*keys, func.sum(T.on_time), func.sum(T.on_time + T.late + T.missing))
        .where(*where)
        .group_by(*keys)
    )
    return {(row[0], row[1] if weekly else None): (int(row[-2]), int(row[-1])) for row in rows}


async def _completion(
    session: AsyncSession, viewer: Viewer, filters: Filters, school_id: UUID | None, weekly: bool
) -> Tally:
    """Lessons held and lessons planned to date."""
    keys = [L.school_id, L.week] if weekly else [L.school_id]
    where = keeping.lessons_where(filters, viewer)
    if school_id is not None:
        where.append(L.school_id == school_id)
    rows = await session.execute(
        select(*keys, func.sum(L.held), func.sum(L.planned)).where(*where).group_by(*keys)
    )
    return {(row[0], row[1] if weekly else None): (int(row[-2]), int(row[-1])) for row in rows}


# Each school's spans of dates of a study period in its own calendar (schedule's; a code may
# name a period of more than one year). None: no period asked for, every evening counts.
Spans = dict[UUID, list[tuple[date, date]]]


async def period_spans(session: AsyncSession, period: str | None) -> Spans | None:
    """The dates of `period` in each school's calendar the viewer sees (the reporting role
    reads every school's, a school's transaction its own)."""
    if period is None:
        return None
    rows = await session.execute(select(SchoolCalendar.school_id, SchoolCalendar.study_periods))
    spans: Spans = defaultdict(list)
    for school_id, periods in rows:
        for found in periods:
            if found.get("code") == period:
                starts = date.fromisoformat(found["starts_on"])
                spans[school_id].append((starts, date.fromisoformat(found["ends_on"])))
    return spans


def evening_week() -> ColumnElement[date]:
    """An evening's week: its Monday."""
    return func.date_trunc("week", H.evening).cast(Date)


def _evenings_where(
    viewer: Viewer, filters: Filters, spans: Spans | None
) -> list[ColumnElement[bool]]:
    where = [H.limit_minutes.is_not(None), viewer.grade_filter(H.grade)]
    if spans is not None:
        in_period = [
            and_(H.school_id == school_id, H.evening >= starts, H.evening <= ends)
            for school_id, dated in spans.items()
            for starts, ends in dated
        ]
        where.append(or_(*in_period) if in_period else false())
    if filters.grade:
        where.append(H.grade == filters.grade)
    if filters.week_from:
        where.append(H.evening >= week_of(filters.week_from))
    if filters.week_to:
        # The evening's week, not a date after week_to: that may be past the last date.
        where.append(evening_week() <= week_of(filters.week_to))
    return where


async def _homework_load(
    session: AsyncSession,
    viewer: Viewer,
    filters: Filters,
    spans: Spans | None,
    school_id: UUID | None,
    weekly: bool,
) -> tuple[Tally, dict[UUID, tuple[date, date]]]:
    """Class evenings within the limit and class evenings with homework (a class of an
    unknown grade has no limit and is left out); and per school the first and the last
    evening counted."""
    keys = [H.school_id, evening_week()] if weekly else [H.school_id]
    where = _evenings_where(viewer, filters, spans)
    if school_id is not None:
        where.append(H.school_id == school_id)
    rows = await session.execute(
        select(
            *keys,
            func.min(H.evening),
            func.max(H.evening),
            func.count().filter(H.over_limit.is_(False)),
            func.count(),
        )
        .where(*where)
        .group_by(*keys)
    )
    tally: Tally = {}
    evenings: dict[UUID, tuple[date, date]] = {}
    for row in rows:
        school, first, last, met, counted = row[0], row[-4], row[-3], row[-2], row[-1]
        tally[(school, row[1] if weekly else None)] = (int(met), int(counted))
        known = evenings.get(school, (first, last))
        evenings[school] = (min(known[0], first), max(known[1], last))
    return tally, evenings


async def _fill(scope: OversightScope, filters: Filters) -> dict[UUID, tuple[int, int]]:
    """Students (x subjects) with the minimum of marks, and students, per school: kept per
    study period, so it has no week."""
    found = await keeping.district_fill(scope, filters)
    return {
        s.school_id: (s.student_count - s.below_minimum, s.student_count) for s in found.schools
    }


@dataclass(frozen=True)
class Tallies:
    timeliness: Tally
    completion: Tally
    homework_load: Tally
    fill: dict[UUID, tuple[int, int]]
    # Per school, the evenings homework load's rows cover: the study period's dates in its
    # calendar, else the first and the last evening counted.
    evenings: dict[UUID, tuple[date, date]] = field(default_factory=dict)

    def schools(self) -> set[UUID]:
        keys = self.timeliness.keys() | self.completion.keys() | self.homework_load.keys()
        return {school for school, _ in keys} | set(self.fill)

    def weeks_of(self, school_id: UUID) -> list[date]:
        keys = self.timeliness.keys() | self.completion.keys() | self.homework_load.keys()
        return sorted({week for school, week in keys if school == school_id and week})


async def _tallies(
    scope: OversightScope, filters: Filters, school_id: UUID | None, weekly: bool
) -> Tallies:
    session, viewer = scope.session, scope.viewer
    spans = await period_spans(session, filters.period)
    homework, evenings = await _homework_load(session, viewer, filters, spans, school_id, weekly)
    if spans is not None:
        evenings = {
            school: (min(a for a, _ in dated), max(b for _, b in dated))
            for school, dated in spans.items()
        }
    fill = await _fill(scope, filters)
    return Tallies(
        timeliness=await _timeliness(session, viewer, filters, school_id, weekly),
        completion=await _completion(session, viewer, filters, school_id, weekly),
        homework_load=homework,
        fill={s: f for s, f in fill.items() if school_id is None or s == school_id},
        evenings=evenings,
    )


def _school_parts(
    school_id: UUID, weights: IndexWeights, tallies: Tallies, filters: Filters
) -> list[IndexPart]:
    key = (school_id, None)
    evenings = tallies.evenings.get(school_id)
    return [
        _part(
            "timeliness",
            weights.timeliness,
            tallies.timeliness.get(key),
            _path(f"{KEEPING}/{school_id}", by="teacher", **_filter_params(filters)),
        ),
        _part(
            "fill",
            weights.fill,
            tallies.fill.get(school_id),
            _path(f"{KEEPING}/{school_id}/fill", **_filter_params(filters)),
        ),
        _part(
            "completion",
            weights.completion,
            tallies.completion.get(key),
            _path(f"{KEEPING}/{school_id}", by="class", **_filter_params(filters)),
        ),
        _part(
            "homework_load",
            weights.homework_load,
            tallies.homework_load.get(key),
            _path(
                f"{HOMEWORK}/{school_id}/classes",
                date_from=evenings[0] if evenings else None,
                date_to=evenings[1] if evenings else None,
                grade=filters.grade,
            ),
        ),
    ]


def _week_parts(
    school_id: UUID, week: date, weights: IndexWeights, tallies: Tallies, filters: Filters
) -> list[IndexPart]:
    key = (school_id, week)
    lessons = _path(f"{KEEPING}/{school_id}/lessons", week=week)
    sunday = week + timedelta(days=6)
    return [
        _part("timeliness", weights.timeliness, tallies.timeliness.get(key), lessons),
        _part(
            "fill",
            weights.fill,
            tallies.fill.get(school_id),
            _path(f"{KEEPING}/{school_id}/fill", **_filter_params(filters)),
        ),
        _part("completion", weights.completion, tallies.completion.get(key), lessons),
        _part(
            "homework_load",
            weights.homework_load,
            tallies.homework_load.get(key),
            _path(
                f"{HOMEWORK}/{school_id}/classes",
                date_from=week,
                date_to=sunday,
                grade=filters.grade,
            ),
        ),
    ]


def _trend_path(school_id: UUID, filters: Filters) -> str:
    return _path(f"{COMPLIANCE}/{school_id}/weeks", **_filter_params(filters))


async def district_index(scope: OversightScope, filters: Filters) -> DistrictIndex:
    weights = (await district_settings(scope.session)).index_weights
    tallies = await _tallies(scope, filters, None, weekly=False)
    schools = []
    for school_id in tallies.schools():
        parts = _school_parts(school_id, weights, tallies, filters)
        schools.append(
            SchoolIndex(
                school_id=school_id,
                rank=0,
                index=index_of(parts),
                parts=parts,
                trend=_trend_path(school_id, filters),
            )
        )
    schools.sort(key=lambda s: (-(s.index if s.index is not None else -1.0), str(s.school_id)))
    ranked = [s.model_copy(update={"rank": n}) for n, s in enumerate(schools, 1)]
    return DistrictIndex(weights=weights, schools=ranked)


def _weeks(
    school_id: UUID, weights: IndexWeights, tallies: Tallies, filters: Filters
) -> list[IndexWeek]:
    found = []
    for week in tallies.weeks_of(school_id):
        parts = _week_parts(school_id, week, weights, tallies, filters)
        found.append(IndexWeek(week=week, index=index_of(parts), parts=parts))
    return found


async def district_weeks(scope: OversightScope, filters: Filters) -> DistrictIndexWeeks:
    """Every school's index week by week (a school's leadership: their own)."""
    weights = (await district_settings(scope.session)).index_weights
    tallies = await _tallies(scope, filters, None, weekly=True)
    schools = [
        SchoolTrend(
            school_id=school_id,
            weeks=[
                WeekIndex(week=w.week, index=w.index)
                for w in _weeks(school_id, weights, tallies, filters)
            ],
        )
        for school_id in sorted(tallies.schools(), key=str)
    ]
    return DistrictIndexWeeks(weights=weights, schools=[s for s in schools if s.weeks])


async def school_weeks(
    scope: OversightScope, school_id: UUID, filters: Filters
) -> SchoolIndexWeeks:
    """One school's index week by week with its parts."""
    keeping.require_school(scope.viewer, school_id)
    weights = (await district_settings(scope.session)).index_weights
    tallies = await _tallies(scope, filters, school_id, weekly=True)
    return SchoolIndexWeeks(
        weights=weights, school_id=school_id, weeks=_weeks(school_id, weights, tallies, filters)
    )
