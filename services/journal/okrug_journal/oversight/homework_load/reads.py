"""Homework load's figures read from its read model (O3), for the district (every school,
on the reporting role) or a school's leadership (their school, a deputy's grade levels)."""

from uuid import UUID

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import NotFound
from okrug_journal.models import HomeworkLoadDay, HomeworkLoadItem
from okrug_journal.oversight.dates import DateRange
from okrug_journal.oversight.homework_load.limits import SANPIN_DAILY_LIMITS
from okrug_journal.oversight.homework_load.schemas import (
    ClassEvening,
    ClassEvenings,
    ClassHomeworkLoad,
    DailyLimit,
    EveningHomework,
    EveningLoad,
    HomeworkLoadOverview,
    SchoolClassesLoad,
    SchoolHomeworkLoad,
)
from okrug_journal.oversight.scope import Viewer


def _in(viewer: Viewer, dates: DateRange, grade: int | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        HomeworkLoadDay.evening >= dates.date_from,
        HomeworkLoadDay.evening <= dates.date_to,
        viewer.grade_filter(HomeworkLoadDay.grade),
    ]
    if grade is not None:
        where.append(HomeworkLoadDay.grade == grade)
    return where


def require_school(viewer: Viewer, school_id: UUID) -> None:
    """A school's leadership reads only their own school (row-level security would show
    them an empty one; a clear 404 instead)."""
    if viewer.school_id is not None and viewer.school_id != school_id:
        raise NotFound(f"No school {school_id} among yours.")


async def overview(
    session: AsyncSession, viewer: Viewer, dates: DateRange, grade: int | None
) -> HomeworkLoadOverview:
    rows = await session.execute(
        select(
            HomeworkLoadDay.school_id,
            func.count(),
            func.count().filter(HomeworkLoadDay.over_limit),
            func.count(distinct(HomeworkLoadDay.class_id)).filter(HomeworkLoadDay.over_limit),
            func.max(HomeworkLoadDay.minutes),
            func.sum(HomeworkLoadDay.unestimated_count),
        )
        .where(*_in(viewer, dates, grade))
        .group_by(HomeworkLoadDay.school_id)
    )
    schools = [
        SchoolHomeworkLoad(
            school_id=school_id,
            class_evenings=evenings,
            evenings_over_limit=over,
            classes_over_limit=classes_over,
            max_minutes=max_minutes or 0,
            unestimated_homework=int(unestimated or 0),
        )
        for school_id, evenings, over, classes_over, max_minutes, unestimated in rows
    ]
    schools.sort(key=lambda s: (-s.evenings_over_limit, -s.max_minutes, str(s.school_id)))
    return HomeworkLoadOverview(
        date_from=dates.date_from,
        date_to=dates.date_to,
        period=dates.period,
        limits=[DailyLimit(grade_from=a, grade_to=b, minutes=m) for a, b, m in SANPIN_DAILY_LIMITS],
        schools=schools,
    )


def _evening(row: HomeworkLoadDay) -> EveningLoad:
    return EveningLoad.model_validate(row, from_attributes=True)


async def classes(
    session: AsyncSession, viewer: Viewer, school_id: UUID, dates: DateRange, grade: int | None
) -> SchoolClassesLoad:
    require_school(viewer, school_id)
    rows = list(
        await session.scalars(
            select(HomeworkLoadDay)
            .where(HomeworkLoadDay.school_id == school_id, *_in(viewer, dates, grade))
            .order_by(HomeworkLoadDay.class_name, HomeworkLoadDay.evening)
        )
    )
    by_class: dict[UUID, list[HomeworkLoadDay]] = {}
    for row in rows:
        by_class.setdefault(row.class_id, []).append(row)
    found = [
        ClassHomeworkLoad(
            class_id=class_id,
            class_name=days[-1].class_name,
            grade=days[-1].grade,
            limit_minutes=days[-1].limit_minutes,
            evenings=len(days),
            average_minutes=round(sum(d.minutes for d in days) / len(days), 1),
            max_minutes=max(d.minutes for d in days),
            over_limit=[_evening(d) for d in days if d.over_limit],
        )
        for class_id, days in by_class.items()
    ]
    found.sort(key=lambda c: (-len(c.over_limit), c.grade or 0, c.class_name))
    return SchoolClassesLoad(
        school_id=school_id,
        date_from=dates.date_from,
        date_to=dates.date_to,
        period=dates.period,
        classes=found,
    )


async def evenings(
    session: AsyncSession, viewer: Viewer, school_id: UUID, class_id: UUID, dates: DateRange
) -> ClassEvenings:
    require_school(viewer, school_id)
    days = list(
        await session.scalars(
            select(HomeworkLoadDay)
            .where(
                HomeworkLoadDay.school_id == school_id,
                HomeworkLoadDay.class_id == class_id,
                *_in(viewer, dates, None),
            )
            .order_by(HomeworkLoadDay.evening)
        )
    )
    items = await session.scalars(
        select(HomeworkLoadItem)
        .where(
            HomeworkLoadItem.school_id == school_id,
            HomeworkLoadItem.class_id == class_id,
            HomeworkLoadItem.evening >= dates.date_from,
            HomeworkLoadItem.evening <= dates.date_to,
        )
        .order_by(HomeworkLoadItem.subject_name, HomeworkLoadItem.group_name)
    )
    homework: dict[object, list[EveningHomework]] = {}
    for item in items:
        homework.setdefault(item.evening, []).append(
            EveningHomework.model_validate(item, from_attributes=True)
        )
    last = days[-1] if days else None  # none: no homework in these dates (or not visible)
    return ClassEvenings(
        school_id=school_id,
        class_id=class_id,
        class_name=last.class_name if last else None,
        grade=last.grade if last else None,
        limit_minutes=last.limit_minutes if last else None,
        date_from=dates.date_from,
        date_to=dates.date_to,
        period=dates.period,
        evenings=[
            ClassEvening(**_evening(d).model_dump(), homework=homework.get(d.evening, []))
            for d in days
        ],
    )
