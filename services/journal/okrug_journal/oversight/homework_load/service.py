"""Homework load (O3): each homework for a class counts, with its minutes, on the evening
before the lesson it is due for, which is how parents see it: homework set on Monday for
Wednesday's lesson is done on Tuesday evening. The lesson it is due for is the class's next
lesson of the same subject (and group) in the timetable; while the timetable has none, the
homework counts on the evening of the day it was set. Its minutes are the teacher's
estimate, else the school policy's default for the subject, else unknown (counted apart).

A class's evening adds up its homework; a subject taught in groups counts its largest
group's homework once (the groups split the class: no student does both). Individual
homework (one student's) is not the class's load and is left out."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.grades import grade_of_name
from okrug_journal.models import (
    ClassGrade,
    HomeworkLoadDay,
    HomeworkLoadItem,
    LessonProjection,
)
from okrug_journal.oversight.homework_load.limits import daily_limit
from okrug_journal.policy.schemas import JournalPolicy


def has_content(homework: dict[str, Any] | None) -> bool:
    """Homework with nothing in it (no text, pages, exercises or attachment) is none."""
    if not homework:
        return False
    return any(homework.get(k) for k in ("text", "pages", "exercises", "attachments"))


def minutes_of(
    policy: JournalPolicy, subject_id: UUID, estimate: int | None
) -> tuple[int | None, bool]:
    """The minutes a homework counts with, and whether the teacher estimated them."""
    if estimate:
        return estimate, True
    return policy.homework_default_minutes.get(subject_id), False


async def _due_lesson(session: AsyncSession, lesson: LessonProjection) -> LessonProjection | None:
    return await session.scalar(
        select(LessonProjection)
        .where(
            LessonProjection.class_id == lesson.class_id,
            LessonProjection.subject_id == lesson.subject_id,
            LessonProjection.group_id.is_not_distinct_from(lesson.group_id),
            LessonProjection.lesson_date > lesson.lesson_date,
        )
        .order_by(LessonProjection.lesson_date, LessonProjection.starts_at)
        .limit(1)
    )


async def set_homework(
    session: AsyncSession,
    policy: JournalPolicy,
    lesson: LessonProjection,
    estimate: int | None,
    has_homework: bool,
) -> None:
    """Count (or stop counting) the lesson's homework for its class; the evenings it left
    and joined are added up again."""
    old = await session.get(HomeworkLoadItem, (lesson.school_id, lesson.lesson_id))
    evenings = {old.evening} if old is not None else set()
    if not has_homework:
        if old is not None:
            await session.delete(old)
            await session.flush()
    else:
        due = await _due_lesson(session, lesson)
        evening = due.lesson_date - timedelta(days=1) if due is not None else lesson.lesson_date
        minutes, by_teacher = minutes_of(policy, lesson.subject_id, estimate)
        values = {
            "class_id": lesson.class_id,
            "subject_id": lesson.subject_id,
            "subject_name": lesson.subject_name,
            "group_id": lesson.group_id,
            "group_name": lesson.group_name,
            "set_on": lesson.lesson_date,
            "due_lesson_id": due.lesson_id if due is not None else None,
            "evening": evening,
            "minutes": minutes,
            "estimated_by_teacher": by_teacher,
        }
        statement = insert(HomeworkLoadItem).values(
            school_id=lesson.school_id, lesson_id=lesson.lesson_id, **values
        )
        await session.execute(
            statement.on_conflict_do_update(index_elements=["school_id", "lesson_id"], set_=values)
        )
        evenings.add(evening)
    for evening in evenings:
        await add_up_evening(session, lesson.school_id, lesson.class_id, evening)


async def _class_name_and_grade(
    session: AsyncSession, school_id: UUID, class_id: UUID
) -> tuple[str, int | None]:
    row = (
        await session.execute(
            select(LessonProjection.class_name, LessonProjection.class_grade)
            .where(LessonProjection.class_id == class_id)
            .order_by(LessonProjection.lesson_date.desc())
            .limit(1)
        )
    ).first()
    name, grade = (row[0], row[1]) if row is not None else ("", None)
    if grade is None:
        known = await session.get(ClassGrade, (school_id, class_id))
        name = name or (known.class_name if known is not None else "")
        grade = known.grade if known is not None else grade_of_name(name)
    return name, grade


async def add_up_evening(
    session: AsyncSession, school_id: UUID, class_id: UUID, evening: date
) -> None:
    """The class's evening from its homework: whole-class homework added up, and per
    subject taught in groups the largest group's."""
    per_group = (
        select(
            HomeworkLoadItem.subject_id,
            HomeworkLoadItem.group_id,
            func.coalesce(func.sum(HomeworkLoadItem.minutes), 0).label("minutes"),
            func.count().label("homework"),
            func.count().filter(HomeworkLoadItem.minutes.is_(None)).label("unestimated"),
        )
        .where(HomeworkLoadItem.class_id == class_id, HomeworkLoadItem.evening == evening)
        .group_by(HomeworkLoadItem.subject_id, HomeworkLoadItem.group_id)
        .subquery()
    )
    per_subject = (
        select(
            per_group.c.subject_id,
            (
                func.coalesce(
                    func.sum(per_group.c.minutes).filter(per_group.c.group_id.is_(None)), 0
                )
                + func.coalesce(
                    func.max(per_group.c.minutes).filter(per_group.c.group_id.is_not(None)), 0
                )
            ).label("minutes"),
            func.sum(per_group.c.homework).label("homework"),
            func.sum(per_group.c.unestimated).label("unestimated"),
        )
        .group_by(per_group.c.subject_id)
        .subquery()
    )
    minutes, homework, unestimated = (
        await session.execute(
            select(
                func.coalesce(func.sum(per_subject.c.minutes), 0),
                func.coalesce(func.sum(per_subject.c.homework), 0),
                func.coalesce(func.sum(per_subject.c.unestimated), 0),
            )
        )
    ).one()
    key = and_(
        HomeworkLoadDay.school_id == school_id,
        HomeworkLoadDay.class_id == class_id,
        HomeworkLoadDay.evening == evening,
    )
    if not homework:
        await session.execute(delete(HomeworkLoadDay).where(key))
        return
    name, grade = await _class_name_and_grade(session, school_id, class_id)
    limit = daily_limit(grade)
    values = {
        "class_name": name,
        "grade": grade,
        "minutes": int(minutes),
        "homework_count": int(homework),
        "unestimated_count": int(unestimated),
        "limit_minutes": limit,
        "over_limit": limit is not None and int(minutes) > limit,
    }
    statement = insert(HomeworkLoadDay).values(
        school_id=school_id, class_id=class_id, evening=evening, **values
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "class_id", "evening"], set_=values
        )
    )
