"""Fill rate of marks (O1): per class, subject and study period, how many marks each student
has, kept as counts of students with 0, 1, 2 ... marks (oversight_fill). Each mark event
recomputes its class's row in the subject and period from the journal's marks (a few dozen
rows); the students under the district's minimum are then counted at read time for whatever
minimum the district sets, and named only to the school's leadership (students_below)."""

from decimal import Decimal
from math import ceil
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import ClassMemberProjection, LessonProjection, Mark, OversightFill
from okrug_journal.oversight.keeping.read_model import period_of
from okrug_journal.policy.schemas import JournalPolicy, StudyPeriod

# students_by_marks counts students with 0 .. CAP - 1 marks one by one, and CAP or more in
# its last place: no district asks for more than 20 marks a period.
CAP = 20


def histogram(per_student: list[int]) -> list[int]:
    """students_by_marks of students having `per_student` marks each."""
    counts = [0] * (CAP + 1)
    for marks in per_student:
        counts[min(marks, CAP)] += 1
    return counts


def below(students_by_marks: list[int], minimum: int) -> int:
    """Students with fewer marks than `minimum`."""
    return sum(students_by_marks[: min(minimum, CAP)])


def _in_period(period: StudyPeriod) -> list[object]:
    return [
        LessonProjection.lesson_date >= period.starts_on,
        LessonProjection.lesson_date <= period.ends_on,
    ]


async def marks_per_student(
    session: AsyncSession, class_id: UUID, subject_id: UUID, period: StudyPeriod
) -> dict[UUID, int]:
    """Each member of the class with the marks they have in the subject and period (none
    for a member without one); a class whose members the journal does not know yet counts
    the students who have marks."""
    rows = await session.execute(
        select(Mark.student_id, func.count())
        .join(
            LessonProjection,
            (LessonProjection.school_id == Mark.school_id)
            & (LessonProjection.lesson_id == Mark.lesson_id),
        )
        .where(
            LessonProjection.class_id == class_id,
            LessonProjection.subject_id == subject_id,
            *_in_period(period),  # type: ignore[arg-type]
        )
        .group_by(Mark.student_id)
    )
    counted = {student: int(count) for student, count in rows}
    members = list(
        await session.scalars(
            select(ClassMemberProjection.student_id).where(
                ClassMemberProjection.class_id == class_id
            )
        )
    )
    if not members:
        return counted
    return {student: counted.get(student, 0) for student in members}


async def refresh(
    session: AsyncSession,
    school_id: UUID,
    class_id: UUID,
    subject_id: UUID,
    period: StudyPeriod,
) -> None:
    """Recompute the row of the class in the subject and period."""
    lessons = await session.execute(
        select(
            func.count(),
            func.max(LessonProjection.class_name),
            func.max(LessonProjection.subject_name),
            func.max(LessonProjection.class_grade),
        ).where(
            LessonProjection.class_id == class_id,
            LessonProjection.subject_id == subject_id,
            *_in_period(period),  # type: ignore[arg-type]
        )
    )
    lesson_count, class_name, subject_name, grade = lessons.one()
    key = {
        "school_id": school_id,
        "period": period.code,
        "class_id": class_id,
        "subject_id": subject_id,
    }
    if not lesson_count:
        await session.execute(delete(OversightFill).filter_by(**key))
        return
    per_student = await marks_per_student(session, class_id, subject_id, period)
    weeks = ceil(((period.ends_on - period.starts_on).days + 1) / 7)
    values = {
        "class_name": class_name or "",
        "subject_name": subject_name or "",
        "grade": grade,
        "students": len(per_student),
        "marks": sum(per_student.values()),
        "weekly_hours": round(Decimal(lesson_count) / weeks, 1),
        "students_by_marks": histogram(list(per_student.values())),
    }
    await session.execute(
        insert(OversightFill)
        .values(**key, **values)
        .on_conflict_do_update(index_elements=list(key), set_=values)
    )


async def refresh_for_lesson(
    session: AsyncSession, policy: JournalPolicy, school_id: UUID, lesson_id: UUID
) -> None:
    """A mark of the lesson was recorded, changed or deleted: its class's row follows."""
    lesson = await session.get(LessonProjection, (school_id, lesson_id))
    if lesson is None:
        return
    period = policy.period(period_of(policy, lesson.lesson_date))
    if period is None:
        return
    await refresh(session, school_id, lesson.class_id, lesson.subject_id, period)


async def rebuild(session: AsyncSession, policy: JournalPolicy, school_id: UUID) -> int:
    """Every class's rows in each subject and period it has lessons in."""
    await session.execute(delete(OversightFill))
    groups = await session.execute(
        select(
            LessonProjection.class_id, LessonProjection.subject_id, LessonProjection.lesson_date
        ).distinct()
    )
    periods: set[tuple[UUID, UUID, str]] = set()
    for class_id, subject_id, day in groups:
        code = period_of(policy, day)
        if code:
            periods.add((class_id, subject_id, code))
    for class_id, subject_id, code in periods:
        period = policy.period(code)
        assert period is not None
        await refresh(session, school_id, class_id, subject_id, period)
    return len(periods)
