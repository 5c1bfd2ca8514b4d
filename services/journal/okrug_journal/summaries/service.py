"""Summary sheets of a student and of a class for a date range (J10): what is printed each
week for parents who declined electronic access (S2 14, S1 4.6.7). Names are asked of
identity when the sheet is made; the figures are in figures.py."""

from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy
from okrug_journal.projections import service as projections
from okrug_journal.summaries import figures, journal_data
from okrug_journal.summaries.schemas import ClassSummary, StudentRow, StudentSummary


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def resolve_range(
    policy: JournalPolicy, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    """Both dates, or neither: the current week (Monday-Sunday) in the school's time zone."""
    if date_from is None and date_to is None:
        return week_of(datetime.now(policy.zone).date())
    if date_from is None or date_to is None:
        missing = "date_from" if date_from is None else "date_to"
        raise InvalidInput("Give both date_from and date_to, or neither.", field=missing)
    journal_data.check_range(date_from, date_to)
    return date_from, date_to


async def student_summary(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    student_id: UUID,
    date_from: date | None,
    date_to: date | None,
) -> StudentSummary:
    await access.require_student_reader(session, runtime, principal, student_id)
    school_id = principal.require_school()
    policy = await school_policy(session, runtime, school_id)
    start, end = resolve_range(policy, date_from, date_to)
    classes = await projections.classes_of_student(session, student_id)
    data = await journal_data.load(
        session, journal_data.student_lessons(student_id, classes, start, end), student_id
    )
    subjects = figures.student_figures(policy, data, student_id)
    names = await people.for_document(runtime, school_id, [student_id])
    class_names = await journal_data.class_names(session, classes)
    return StudentSummary(
        school_name=names.school_name,
        student_id=student_id,
        student_name=names.of(student_id).full,
        class_names=sorted(class_names.values()),
        date_from=start,
        date_to=end,
        subjects=subjects,
        totals=figures.totals(subjects),
    )


async def class_summary(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    date_from: date | None,
    date_to: date | None,
) -> ClassSummary:
    """One row per student of the class (and any student with entries on its lessons of
    the range), in journal order, with the same figures per subject as a student's sheet."""
    await access.require_class_teacher_or(
        session,
        principal,
        "class.read",
        class_id,
        "Only the class teacher and the school's leadership read the whole class's journal.",
    )
    school_id = principal.require_school()
    await journal_data.require_known_class(session, class_id)
    policy = await school_policy(session, runtime, school_id)
    start, end = resolve_range(policy, date_from, date_to)
    data = await journal_data.load(session, journal_data.class_lessons(class_id, start, end))
    headings = figures.class_headings(data)
    subjects = [(h.subject_id, h.subject_name) for h in headings]
    students = await journal_data.class_members(session, class_id) | data.students()
    names = await people.for_document(runtime, school_id, students)
    rows = []
    for student_id in names.in_journal_order(students):
        per_subject = figures.student_figures(policy, data, student_id, subjects)
        rows.append(
            StudentRow(
                student_id=student_id,
                student_name=names.of(student_id).full,
                subjects=per_subject,
                totals=figures.totals(per_subject),
            )
        )
    class_name = (await journal_data.class_names(session, [class_id])).get(class_id, "")
    return ClassSummary(
        school_name=names.school_name,
        class_id=class_id,
        class_name=class_name,
        date_from=start,
        date_to=end,
        subjects=headings,
        students=rows,
    )
