"""The figures of a summary sheet (J10), computed from the journal's entries: pure
functions, no database.

Per subject, for one student:
- lessons_planned: the student's lessons of the subject in the range (see JournalData.lessons_of);
- lessons_held: those of them whose lesson record says held (no record: not counted);
- marks: the student's marks on those lessons (value, work type, weight), in date order;
- marks_count: all of them, pass/fail included;
- average and weighted average: `policy.rules.averages` (five-point marks only; Decimal,
  ROUND_HALF_UP to 2 places);
- lates: attendance entries "late"; absences: entries "absent" by reason (illness, excused,
  unexcused, none yet)."""

from collections.abc import Iterable
from uuid import UUID

from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.summaries.journal_data import (
    AttendanceEntry,
    JournalData,
    LessonEntry,
    MarkEntry,
)
from okrug_journal.summaries.schemas import (
    Absences,
    MarkItem,
    SubjectFigures,
    SubjectHeading,
    Totals,
)


def subjects_in_order(lessons: Iterable[LessonEntry]) -> list[tuple[UUID, str]]:
    """(subject, name) of the lessons, by name as a journal lists them."""
    names: dict[UUID, str] = {}
    for lesson in lessons:
        names.setdefault(lesson.subject_id, lesson.subject_name)
    return sorted(names.items(), key=lambda item: (item[1].casefold(), str(item[0])))


def subject_figures(
    policy: JournalPolicy,
    subject: tuple[UUID, str],
    lessons: list[LessonEntry],
    held: set[UUID],
    marks: list[MarkEntry],
    attendance: list[AttendanceEntry],
) -> SubjectFigures:
    """One student's figures in one subject; `lessons` are the student's lessons of the
    subject, `marks` and `attendance` the student's entries on them."""
    dates = {lesson.lesson_id: lesson.lesson_date for lesson in lessons}
    items = [
        MarkItem(
            lesson_date=dates[m.lesson_id],
            value=m.value,
            work_type=m.work_type,
            work_type_title=_work_type_title(policy, m.work_type),
            weight=m.weight,
        )
        for m in marks
    ]
    average, weighted = rules.averages((m.value, m.weight) for m in marks)
    absences = Absences()
    for entry in attendance:
        if entry.status == "absent":
            absences.add(entry.reason)
    return SubjectFigures(
        subject_id=subject[0],
        subject_name=subject[1],
        lessons_planned=len(lessons),
        lessons_held=sum(1 for lesson in lessons if lesson.lesson_id in held),
        marks=items,
        marks_count=len(items),
        average=average,
        weighted_average=weighted,
        lates=sum(1 for entry in attendance if entry.status == "late"),
        absences=absences,
    )


def _work_type_title(policy: JournalPolicy, code: str) -> str:
    work_type = policy.work_type(code)
    return work_type.title_ru if work_type is not None else code


def student_figures(
    policy: JournalPolicy,
    data: JournalData,
    student_id: UUID,
    subjects: list[tuple[UUID, str]] | None = None,
) -> list[SubjectFigures]:
    """The student's figures per subject: of `subjects` (in that order, each present even
    without lessons) or of every subject of the student's lessons."""
    lessons = data.lessons_of(student_id)
    lessons_in: dict[UUID, list[LessonEntry]] = {}
    subject_of: dict[UUID, UUID] = {}
    for lesson in lessons:
        lessons_in.setdefault(lesson.subject_id, []).append(lesson)
        subject_of[lesson.lesson_id] = lesson.subject_id
    marks_in: dict[UUID, list[MarkEntry]] = {}
    for mark in data.marks_of(student_id):
        if mark.lesson_id in subject_of:
            marks_in.setdefault(subject_of[mark.lesson_id], []).append(mark)
    attendance_in: dict[UUID, list[AttendanceEntry]] = {}
    for entry in data.attendance_of(student_id):
        if entry.lesson_id in subject_of:
            attendance_in.setdefault(subject_of[entry.lesson_id], []).append(entry)
    return [
        subject_figures(
            policy,
            subject,
            lessons_in.get(subject[0], []),
            data.held,
            marks_in.get(subject[0], []),
            attendance_in.get(subject[0], []),
        )
        for subject in (subjects if subjects is not None else subjects_in_order(lessons))
    ]


def totals(figures: Iterable[SubjectFigures]) -> Totals:
    absences = Absences()
    held = marks = lates = 0
    for f in figures:
        held += f.lessons_held
        marks += f.marks_count
        lates += f.lates
        absences.merge(f.absences)
    return Totals(lessons_held=held, marks_count=marks, lates=lates, absences=absences)


def class_headings(data: JournalData) -> list[SubjectHeading]:
    """The class's subjects of the range with the lessons held in each: lessons of its
    groups at the same date and start counted once."""
    headings = []
    for subject_id, name in subjects_in_order(data.lessons):
        slots = {
            (lesson.lesson_date, lesson.starts_at)
            for lesson in data.lessons
            if lesson.subject_id == subject_id and lesson.lesson_id in data.held
        }
        headings.append(
            SubjectHeading(subject_id=subject_id, subject_name=name, lessons_held=len(slots))
        )
    return headings
