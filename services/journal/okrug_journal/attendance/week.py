"""The class's week of attendance for its class teacher (J2): Monday to Saturday, every
lesson of the class (and of its groups) by day, each student's absences and lates with their
reasons, so that the reasons still unknown ("н") can be corrected."""

from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.attendance.schemas import (
    AttendanceWeek,
    WeekEntry,
    WeekLesson,
    WeekStudent,
)
from okrug_journal.dates import require_journal_day
from okrug_journal.policy.service import school_policy
from okrug_journal.summaries import journal_data

# A school week in the journal: Monday to Saturday (a six-day week shows Saturday's lessons).
SCHOOL_DAYS = 6


def week_of(day: date) -> tuple[date, date]:
    """(its Monday, its Saturday)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=SCHOOL_DAYS - 1)


async def class_week(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    day: date | None,
) -> AttendanceWeek:
    await access.require_class_teacher_or(
        session,
        principal,
        "class.read",
        class_id,
        "Only the class teacher and the school's leadership read the class's attendance.",
    )
    require_journal_day(day, "date")
    school_id = principal.require_school()
    await journal_data.require_known_class(session, class_id)
    if day is None:
        day = datetime.now((await school_policy(session, runtime, school_id)).zone).date()
    monday, saturday = week_of(day)
    data = await journal_data.load(session, journal_data.class_lessons(class_id, monday, saturday))
    students = await journal_data.class_members(session, class_id) | data.students()
    names = await people.for_document(runtime, school_id, students)
    class_name = (await journal_data.class_names(session, [class_id])).get(class_id, "")
    return AttendanceWeek(
        class_id=class_id,
        class_name=class_name,
        date_from=monday,
        date_to=saturday,
        lessons=[
            WeekLesson(
                lesson_id=lesson.lesson_id,
                lesson_date=lesson.lesson_date,
                starts_at=lesson.starts_at,
                subject_id=lesson.subject_id,
                subject_name=lesson.subject_name,
                group_id=lesson.group_id,
                held=lesson.lesson_id in data.held,
            )
            for lesson in data.lessons
        ],
        students=[
            WeekStudent(
                student_id=student_id,
                student_name=names.of(student_id).full,
                short_name=names.of(student_id).short,
                lesson_ids=[lesson.lesson_id for lesson in data.lessons_of(student_id)],
            )
            for student_id in names.in_journal_order(students)
        ],
        entries=[
            WeekEntry(
                lesson_id=entry.lesson_id,
                student_id=entry.student_id,
                status=entry.status,
                reason=entry.reason,
            )
            for entry in data.attendance
        ],
    )
