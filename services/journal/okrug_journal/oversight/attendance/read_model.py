"""The absence rate's read model (O1): per lesson whose attendance was taken, its students
and how many were absent or late; per school, week, study period and class the sums the
district reads. A lesson is refreshed from the journal's attendance (a few dozen rows) when
its attendance is taken or an absence is recorded, and the weeks move by the difference
from what the lesson counted before: refreshing the same lesson twice changes no sum.

Students marked in a lesson: the members of its group on its date for a group lesson, else
the class's members (as the fill rate counts them); at least the students with a record.
The journal keeps only absences and lates (a present student has no row), so a student set
back to present emits no event: the lesson follows at its next attendance event or at the
rebuild."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import (
    Attendance,
    ClassMemberProjection,
    GroupMemberProjection,
    LessonProjection,
    OversightAttendanceLesson,
    OversightAttendanceWeek,
)
from okrug_journal.oversight.keeping.read_model import period_of, week_of
from okrug_journal.policy.schemas import JournalPolicy


@dataclass(frozen=True)
class Marked:
    """What a lesson counts: 1 lesson, its students, absent and late (all 0: not counted)."""

    lessons: int
    students: int
    absent: int
    late: int

    def minus(self, other: "Marked") -> "Marked":
        return Marked(
            self.lessons - other.lessons,
            self.students - other.students,
            self.absent - other.absent,
            self.late - other.late,
        )


NOT_COUNTED = Marked(0, 0, 0, 0)


async def _roster_size(session: AsyncSession, lesson: LessonProjection) -> int:
    if lesson.group_id is not None:
        members = await session.scalar(
            select(func.count()).where(
                GroupMemberProjection.group_id == lesson.group_id,
                GroupMemberProjection.since <= lesson.lesson_date,
                or_(
                    GroupMemberProjection.until.is_(None),
                    GroupMemberProjection.until > lesson.lesson_date,
                ),
            )
        )
        if members:
            return int(members)
    members = await session.scalar(
        select(func.count()).where(ClassMemberProjection.class_id == lesson.class_id)
    )
    return int(members or 0)


async def marked(session: AsyncSession, lesson: LessonProjection) -> Marked:
    """The lesson's attendance as the journal has it now."""
    absent, late, recorded = (
        await session.execute(
            select(
                func.count(case((Attendance.status == "absent", 1))),
                func.count(case((Attendance.status == "late", 1))),
                func.count(),
            ).where(Attendance.lesson_id == lesson.lesson_id)
        )
    ).one()
    students = max(await _roster_size(session, lesson), int(recorded))
    return Marked(1, students, int(absent), int(late))


async def _previous(
    session: AsyncSession, school_id: UUID, lesson_id: UUID
) -> OversightAttendanceLesson | None:
    return await session.scalar(
        select(OversightAttendanceLesson)
        .where(
            OversightAttendanceLesson.school_id == school_id,
            OversightAttendanceLesson.lesson_id == lesson_id,
        )
        .with_for_update()
    )


async def _add_to_week(
    session: AsyncSession, row: OversightAttendanceLesson, change: Marked
) -> None:
    if change == NOT_COUNTED:
        return
    counts = {
        "lessons": change.lessons,
        "students": change.students,
        "absent": change.absent,
        "late": change.late,
    }
    table = OversightAttendanceWeek.__table__
    await session.execute(
        insert(OversightAttendanceWeek)
        .values(
            school_id=row.school_id,
            week=row.week,
            period=row.period,
            class_id=row.class_id,
            grade=row.grade,
            **counts,
        )
        .on_conflict_do_update(
            index_elements=["school_id", "week", "period", "class_id"],
            set_={name: table.c[name] + value for name, value in counts.items()},
        )
    )


async def refresh(
    session: AsyncSession, policy: JournalPolicy, school_id: UUID, lesson_id: UUID
) -> None:
    """The lesson's attendance was taken or changed: its row and its week's sums follow."""
    lesson = await session.get(LessonProjection, (school_id, lesson_id))
    if lesson is None:
        return  # a lesson the journal does not know (cancelled since): nothing to count by
    # Lock the lesson's row (made empty when new) so that two events of one lesson handled
    # at once move the sums one after the other.
    await session.execute(
        insert(OversightAttendanceLesson)
        .values(
            school_id=school_id,
            lesson_id=lesson_id,
            class_id=lesson.class_id,
            grade=lesson.class_grade,
            week=week_of(lesson.lesson_date),
            period=period_of(policy, lesson.lesson_date),
            students=0,
            absent=0,
            late=0,
        )
        .on_conflict_do_nothing()
    )
    row = await _previous(session, school_id, lesson_id)
    assert row is not None
    before = Marked(1, row.students, row.absent, row.late) if row.counted else NOT_COUNTED
    now = await marked(session, lesson)
    if before != NOT_COUNTED and (row.week, row.period, row.class_id) != (
        week_of(lesson.lesson_date),
        period_of(policy, lesson.lesson_date),
        lesson.class_id,
    ):
        # The lesson moved to another week or class since it was counted: out of the old.
        await _add_to_week(session, row, NOT_COUNTED.minus(before))
        before = NOT_COUNTED
    row.class_id, row.grade = lesson.class_id, lesson.class_grade
    row.week, row.period = week_of(lesson.lesson_date), period_of(policy, lesson.lesson_date)
    row.students, row.absent, row.late = now.students, now.absent, now.late
    row.counted = True
    await session.flush()
    await _add_to_week(session, row, now.minus(before))
