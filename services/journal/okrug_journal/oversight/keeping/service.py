"""Journal keeping's figures (O1), read from its read models: counts summed per school,
teacher, class, subject or week, and one lesson's entries against their due moments. The
district reads every school's rows through the reporting role, a school's leadership its
own (oversight/scope.py); the district's queries name the school they mean (the district
policy lets every school's rows through)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import NotFound
from okrug_common.runtime import Runtime
from okrug_journal import people
from okrug_journal.models import (
    LessonProjection,
    OversightEntryFact,
    OversightFill,
    OversightLesson,
    OversightLessonCounts,
    OversightTimeliness,
)
from okrug_journal.oversight.attendance import service as absence
from okrug_journal.oversight.dates import district_today
from okrug_journal.oversight.keeping import fill
from okrug_journal.oversight.keeping.read_model import KINDS, week_of
from okrug_journal.oversight.keeping.schemas import (
    Breakdown,
    ClassSubjectFill,
    DistrictFill,
    DistrictKeeping,
    EntryMoment,
    Filters,
    KeepingRow,
    KindTimeliness,
    LessonCounts,
    LessonDetail,
    LessonKeeping,
    SchoolBreakdown,
    SchoolFill,
    SchoolKeeping,
    StudentBelowMinimum,
    TimelinessCounts,
    WeekKeeping,
)
from okrug_journal.oversight.scope import OversightScope, Viewer
from okrug_journal.oversight.settings.schemas import DistrictSettings
from okrug_journal.oversight.settings.service import district_settings
from okrug_journal.policy.rules import require_period
from okrug_journal.policy.schemas import JournalPolicy

T, L = OversightTimeliness, OversightLessonCounts


def timeliness(on_time: int, late: int, missing: int) -> TimelinessCounts:
    due = on_time + late + missing
    return TimelinessCounts(
        on_time=on_time,
        late=late,
        missing=missing,
        due=due,
        on_time_share=round(on_time / due, 4) if due else None,
    )


def lesson_counts(planned: int, held: int, replaced: int, cancelled: int) -> LessonCounts:
    return LessonCounts(
        planned=planned,
        held=held,
        replaced=replaced,
        cancelled=cancelled,
        missed=planned - held,
        held_share=round(held / planned, 4) if planned else None,
    )


NO_LESSONS = lesson_counts(0, 0, 0, 0)


def _sums(*columns: Any) -> list[Any]:
    return [func.coalesce(func.sum(column), 0).label(column.key) for column in columns]


def timeliness_where(filters: Filters, viewer: Viewer) -> list[ColumnElement[bool]]:
    where = [viewer.grade_filter(T.grade)]
    if filters.period:
        where.append(T.period == filters.period)
    if filters.grade:
        where.append(T.grade == filters.grade)
    if filters.subject_id:
        where.append(T.subject_id == filters.subject_id)
    if filters.week_from:
        where.append(T.week >= week_of(filters.week_from))
    if filters.week_to:
        where.append(T.week <= week_of(filters.week_to))
    return where


def lessons_where(filters: Filters, viewer: Viewer) -> list[ColumnElement[bool]]:
    """Lessons planned up to today: a lesson still to come is not yet missed."""
    where = [viewer.grade_filter(L.grade), L.lesson_date <= district_today()]
    if filters.period:
        where.append(L.period == filters.period)
    if filters.grade:
        where.append(L.grade == filters.grade)
    if filters.subject_id:
        where.append(L.subject_id == filters.subject_id)
    if filters.week_from:
        where.append(L.week >= week_of(filters.week_from))
    if filters.week_to:
        where.append(L.week <= week_of(filters.week_to))
    return where


def _by_kind(counts: dict[str, tuple[int, int, int]]) -> list[KindTimeliness]:
    return [
        KindTimeliness(kind=kind, **timeliness(*counts[kind]).model_dump())
        for kind in KINDS
        if kind in counts
    ]


def _total(counts: dict[str, tuple[int, int, int]]) -> TimelinessCounts:
    return timeliness(*(sum(c[i] for c in counts.values()) for i in range(3)))


async def _timeliness_by(
    session: AsyncSession, key: Any, where: Sequence[ColumnElement[bool]]
) -> dict[Any, dict[str, tuple[int, int, int]]]:
    """{key value: {kind: (on time, late, missing)}}."""
    rows = await session.execute(
        select(key, T.kind, *_sums(T.on_time, T.late, T.missing))
        .where(*where)
        .group_by(key, T.kind)
    )
    found: dict[Any, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for value, kind, on_time, late, missing in rows:
        found[value][kind] = (int(on_time), int(late), int(missing))
    return found


async def _lessons_by(
    session: AsyncSession, key: Any, where: Sequence[ColumnElement[bool]]
) -> dict[Any, LessonCounts]:
    rows = await session.execute(
        select(key, *_sums(L.planned, L.held, L.replaced, L.cancelled)).where(*where).group_by(key)
    )
    return {value: lesson_counts(int(p), int(h), int(r), int(c)) for value, p, h, r, c in rows}


def _rank_key(school: SchoolKeeping) -> tuple[float, str]:
    share = school.timeliness.on_time_share
    return (-(share if share is not None else -1.0), str(school.school_id))


async def district_keeping(scope: OversightScope, filters: Filters) -> DistrictKeeping:
    """Every school the viewer sees, ranked by its share of entries made on time."""
    session, viewer = scope.session, scope.viewer
    threshold = (await district_settings(session)).thresholds.on_time_share
    counts = await _timeliness_by(session, T.school_id, timeliness_where(filters, viewer))
    lessons = await _lessons_by(session, L.school_id, lessons_where(filters, viewer))
    attendance = await absence.per_school(session, viewer, filters)
    schools = []
    for school_id in set(counts) | set(lessons) | set(attendance):
        total = _total(counts.get(school_id, {}))
        share = total.on_time_share
        taken = attendance.get(school_id)
        schools.append(
            SchoolKeeping(
                school_id=school_id,
                rank=0,
                timeliness=total,
                by_kind=_by_kind(counts.get(school_id, {})),
                lessons=lessons.get(school_id, NO_LESSONS),
                below_threshold=share is not None and share < threshold,
                absence_rate=taken.absence_rate if taken else None,
                attendance=taken,
            )
        )
    schools.sort(key=_rank_key)
    ranked = [school.model_copy(update={"rank": n}) for n, school in enumerate(schools, 1)]
    return DistrictKeeping(on_time_threshold=threshold, schools=ranked)


def require_school(viewer: Viewer, school_id: UUID) -> None:
    """A school's leadership reach their own school only; another's is not found (as row-
    level security would leave it)."""
    if not viewer.is_district and viewer.school_id != school_id:
        raise NotFound("No such school.")


BREAKDOWN_COLUMNS = {
    "teacher": (T.teacher_id, L.teacher_id),
    "class": (T.class_id, L.class_id),
    "subject": (T.subject_id, L.subject_id),
}


async def _names(
    session: AsyncSession, runtime: Runtime, school_id: UUID, by: Breakdown, ids: Iterable[UUID]
) -> dict[UUID, str]:
    wanted = set(ids)
    if by == "teacher":
        found = await people.names(runtime, school_id, wanted)
        return {person: name.short for person, name in found.items()}
    id_column, name_column = {
        "class": (OversightLesson.class_id, OversightLesson.class_name),
        "subject": (OversightLesson.subject_id, OversightLesson.subject_name),
    }[by]
    rows = await session.execute(
        select(id_column, func.max(name_column))
        .where(OversightLesson.school_id == school_id, id_column.in_(wanted))
        .group_by(id_column)
    )
    return {value: name for value, name in rows}


async def school_breakdown(
    scope: OversightScope, runtime: Runtime, school_id: UUID, by: Breakdown, filters: Filters
) -> SchoolBreakdown:
    """A school's figures per teacher, class or subject."""
    session, viewer = scope.session, scope.viewer
    require_school(viewer, school_id)
    t_key, l_key = BREAKDOWN_COLUMNS[by]
    counts = await _timeliness_by(
        session, t_key, [T.school_id == school_id, *timeliness_where(filters, viewer)]
    )
    lessons = await _lessons_by(
        session, l_key, [L.school_id == school_id, *lessons_where(filters, viewer)]
    )
    ids = set(counts) | set(lessons)
    names = await _names(session, runtime, school_id, by, ids) if ids else {}
    rows = [
        KeepingRow(
            id=value,
            name=names.get(value, ""),
            timeliness=_total(counts.get(value, {})),
            by_kind=_by_kind(counts.get(value, {})),
            lessons=lessons.get(value, NO_LESSONS),
        )
        for value in ids
    ]
    rows.sort(key=lambda row: (row.name, str(row.id)))
    return SchoolBreakdown(school_id=school_id, by=by, rows=rows)


def _narrowed(
    teacher_id: UUID | None, class_id: UUID | None, kind: str | None
) -> tuple[list[ColumnElement[bool]], list[ColumnElement[bool]]]:
    t_where: list[ColumnElement[bool]] = []
    l_where: list[ColumnElement[bool]] = []
    if teacher_id:
        t_where.append(T.teacher_id == teacher_id)
        l_where.append(L.teacher_id == teacher_id)
    if class_id:
        t_where.append(T.class_id == class_id)
        l_where.append(L.class_id == class_id)
    if kind:
        t_where.append(T.kind == kind)
    return t_where, l_where


async def school_weeks(
    scope: OversightScope,
    school_id: UUID,
    filters: Filters,
    teacher_id: UUID | None,
    class_id: UUID | None,
    kind: str | None,
) -> list[WeekKeeping]:
    """A school's figures week by week (the trend), of a teacher, a class, a kind."""
    session, viewer = scope.session, scope.viewer
    require_school(viewer, school_id)
    t_where, l_where = _narrowed(teacher_id, class_id, kind)
    counts = await _timeliness_by(
        session, T.week, [T.school_id == school_id, *timeliness_where(filters, viewer), *t_where]
    )
    lessons = await _lessons_by(
        session, L.week, [L.school_id == school_id, *lessons_where(filters, viewer), *l_where]
    )
    return [
        WeekKeeping(
            week=week,
            timeliness=_total(counts.get(week, {})),
            lessons=lessons.get(week, NO_LESSONS),
        )
        for week in sorted(set(counts) | set(lessons))
    ]


F, LL = OversightEntryFact, OversightLesson


def _lesson_query(school_id: UUID, viewer: Viewer) -> Select[OversightLesson]:
    return select(LL).where(LL.school_id == school_id, viewer.grade_filter(LL.grade))


async def _fact_counts(
    session: AsyncSession, school_id: UUID, lesson_ids: Sequence[UUID]
) -> dict[UUID, dict[str, int]]:
    rows = await session.execute(
        select(F.lesson_id, F.timeliness, func.count())
        .where(F.school_id == school_id, F.lesson_id.in_(lesson_ids))
        .group_by(F.lesson_id, F.timeliness)
    )
    found: dict[UUID, dict[str, int]] = defaultdict(dict)
    for lesson_id, value, count in rows:
        if lesson_id is not None:
            found[lesson_id][value] = int(count)
    return found


def _lesson_keeping(lesson: OversightLesson, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "lesson_id": lesson.lesson_id,
        "lesson_date": lesson.lesson_date,
        "starts_at": lesson.starts_at,
        "class_id": lesson.class_id,
        "class_name": lesson.class_name,
        "subject_id": lesson.subject_id,
        "subject_name": lesson.subject_name,
        "teacher_id": lesson.teacher_id,
        "planned_teacher_id": lesson.planned_teacher_id,
        "cancelled": lesson.cancelled,
        "held": lesson.entries > 0 and not lesson.cancelled,
        "replaced": lesson.teacher_id != lesson.planned_teacher_id and not lesson.cancelled,
        "timeliness": timeliness(
            counts.get("on-time", 0), counts.get("late", 0), counts.get("missing", 0)
        ),
    }


async def week_lessons(
    scope: OversightScope,
    school_id: UUID,
    week: date,
    teacher_id: UUID | None,
    class_id: UUID | None,
    subject_id: UUID | None,
) -> list[LessonKeeping]:
    """The lessons of one week of a school (of a teacher, class, subject), each with its
    entries on time, late and missing."""
    session, viewer = scope.session, scope.viewer
    require_school(viewer, school_id)
    query = _lesson_query(school_id, viewer).where(LL.week == week_of(week))
    if teacher_id:
        query = query.where((LL.teacher_id == teacher_id) | (LL.planned_teacher_id == teacher_id))
    if class_id:
        query = query.where(LL.class_id == class_id)
    if subject_id:
        query = query.where(LL.subject_id == subject_id)
    lessons = list(
        await session.scalars(query.order_by(LL.starts_at, LL.lesson_date, LL.lesson_id))
    )
    counts = await _fact_counts(session, school_id, [lesson.lesson_id for lesson in lessons])
    return [
        LessonKeeping(**_lesson_keeping(lesson, counts.get(lesson.lesson_id, {})))
        for lesson in lessons
    ]


async def lesson_detail(scope: OversightScope, school_id: UUID, lesson_id: UUID) -> LessonDetail:
    """One lesson: its topic, homework, whether attendance was taken, and each entry's
    moment against its due moment, who made it and how (J4)."""
    session, viewer = scope.session, scope.viewer
    require_school(viewer, school_id)
    lesson = await session.scalar(_lesson_query(school_id, viewer).where(LL.lesson_id == lesson_id))
    if lesson is None:
        raise NotFound("No such lesson.")
    facts = list(
        await session.scalars(
            select(F)
            .where(F.school_id == school_id, F.lesson_id == lesson_id)
            .order_by(F.kind, F.due_at, F.fact_id)
        )
    )
    counts: dict[str, int] = defaultdict(int)
    for fact in facts:
        counts[fact.timeliness] += 1
    return LessonDetail(
        **_lesson_keeping(lesson, counts),
        topic=lesson.topic,
        homework=lesson.homework,
        attendance_taken=any(f.kind == "attendance" and f.timeliness != "missing" for f in facts),
        entries=[
            EntryMoment(
                fact_id=f.fact_id,
                kind=f.kind,
                timeliness=f.timeliness,
                due_at=f.due_at,
                entered_at=f.entered_at,
                entered_by=f.entered_by,
                source=f.source,
            )
            for f in facts
        ],
    )


# --- fill rate of marks -------------------------------------------------------------------------


def fill_counts(rows: Iterable[OversightFill], settings: DistrictSettings) -> dict[str, Any]:
    students = marks = below_minimum = 0
    for row in rows:
        students += row.students
        marks += row.marks
        minimum = settings.min_marks_for(float(row.weekly_hours) if row.weekly_hours else None)
        below_minimum += fill.below(row.students_by_marks, minimum)
    return {
        "student_count": students,
        "marks": marks,
        "marks_per_student": round(marks / students, 2) if students else None,
        "below_minimum": below_minimum,
        "fill_share": round((students - below_minimum) / students, 4) if students else None,
    }


def _fill_query(filters: Filters, viewer: Viewer) -> Select[OversightFill]:
    query = select(OversightFill).where(viewer.grade_filter(OversightFill.grade))
    if filters.period:
        query = query.where(OversightFill.period == filters.period)
    if filters.grade:
        query = query.where(OversightFill.grade == filters.grade)
    if filters.subject_id:
        query = query.where(OversightFill.subject_id == filters.subject_id)
    return query


async def district_fill(scope: OversightScope, filters: Filters) -> DistrictFill:
    """Every school's marks per student and students under the district's minimum."""
    settings = await district_settings(scope.session)
    per_school: dict[UUID, list[OversightFill]] = defaultdict(list)
    for row in await scope.session.scalars(_fill_query(filters, scope.viewer)):
        per_school[row.school_id].append(row)
    threshold = settings.thresholds.fill_share
    schools = []
    for school_id, rows in sorted(per_school.items(), key=lambda item: str(item[0])):
        counts = fill_counts(rows, settings)
        share = counts["fill_share"]
        schools.append(
            SchoolFill(
                school_id=school_id,
                below_threshold=share is not None and share < threshold,
                **counts,
            )
        )
    return DistrictFill(fill_threshold=threshold, schools=schools)


async def school_fill(
    scope: OversightScope, school_id: UUID, filters: Filters
) -> list[ClassSubjectFill]:
    """A school's fill rate per class and subject (and period)."""
    require_school(scope.viewer, school_id)
    settings = await district_settings(scope.session)
    rows = await scope.session.scalars(
        _fill_query(filters, scope.viewer).where(OversightFill.school_id == school_id)
    )
    found = [
        ClassSubjectFill(
            class_id=row.class_id,
            class_name=row.class_name,
            subject_id=row.subject_id,
            subject_name=row.subject_name,
            period=row.period,
            weekly_hours=float(row.weekly_hours) if row.weekly_hours is not None else None,
            min_marks=settings.min_marks_for(float(row.weekly_hours) if row.weekly_hours else None),
            **fill_counts([row], settings),
        )
        for row in rows
    ]
    found.sort(key=lambda f: (f.class_name, f.subject_name, f.period))
    return found


async def students_below_minimum(
    scope: OversightScope,
    runtime: Runtime,
    policy: JournalPolicy,
    class_id: UUID,
    subject_id: UUID,
    period_code: str,
) -> list[StudentBelowMinimum]:
    """The students of the class under the minimum in the subject and period, by name: for
    the school's leadership only (the district reads counts)."""
    viewer = scope.viewer
    assert viewer.school_id is not None, "students are named to their school only"
    period = require_period(policy, period_code)
    taught = await scope.session.scalar(
        select(LessonProjection.lesson_id)
        .where(LessonProjection.class_id == class_id, LessonProjection.subject_id == subject_id)
        .limit(1)
    )
    if taught is None:
        raise NotFound("The class is not taught the subject at this school.")
    row = await scope.session.scalar(
        _fill_query(Filters(period=period_code), viewer).where(
            OversightFill.class_id == class_id, OversightFill.subject_id == subject_id
        )
    )
    if row is None:
        return []  # no lesson of the subject in the period: nobody falls short yet
    settings = await district_settings(scope.session)
    minimum = settings.min_marks_for(float(row.weekly_hours) if row.weekly_hours else None)
    counted = await fill.marks_per_student(scope.session, class_id, subject_id, period)
    below = {student: marks for student, marks in counted.items() if marks < minimum}
    names = await people.names(runtime, viewer.school_id, below) if below else {}
    found = [
        StudentBelowMinimum(student_id=student, name=names[student].full, marks=marks)
        for student, marks in below.items()
    ]
    found.sort(key=lambda s: (s.marks, names[s.student_id].sort_key, str(s.student_id)))
    return found
