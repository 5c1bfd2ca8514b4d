"""What the journal holds about a set of lessons, loaded in a few queries: the lessons (from
the projection of schedule's), which were held, the marks and attendance on them, and who
belongs to the groups they were for. Shared by the summary sheets and the class reports."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.errors import InvalidInput, NotFound
from okrug_journal.models import (
    Attendance,
    ClassGrade,
    ClassMemberProjection,
    ClassTeacherProjection,
    GroupMemberProjection,
    LessonProjection,
    LessonRecord,
    Mark,
)

# The longest range a summary covers: an academic year and a little.
MAX_RANGE_DAYS = 400


def _same_lesson(model: type[Mark] | type[Attendance] | type[LessonRecord]) -> ColumnElement[bool]:
    return and_(
        LessonProjection.school_id == model.school_id,
        LessonProjection.lesson_id == model.lesson_id,
    )


@dataclass(frozen=True, slots=True)
class LessonEntry:
    lesson_id: UUID
    subject_id: UUID
    subject_name: str
    lesson_date: date
    starts_at: datetime
    group_id: UUID | None


@dataclass(frozen=True, slots=True)
class MarkEntry:
    lesson_id: UUID
    student_id: UUID
    value: str
    work_type: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class AttendanceEntry:
    lesson_id: UUID
    student_id: UUID
    status: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class GroupMembership:
    student_id: UUID
    since: date
    until: date | None  # exclusive


LESSON_COLUMNS = (
    LessonProjection.lesson_id,
    LessonProjection.subject_id,
    LessonProjection.subject_name,
    LessonProjection.lesson_date,
    LessonProjection.starts_at,
    LessonProjection.group_id,
)
MARK_COLUMNS = (Mark.lesson_id, Mark.student_id, Mark.value, Mark.work_type, Mark.weight)
ATTENDANCE_COLUMNS = (
    Attendance.lesson_id,
    Attendance.student_id,
    Attendance.status,
    Attendance.reason,
)


@dataclass
class JournalData:
    """Plain rows, not ORM objects: a class's year is thousands of entries."""

    lessons: list[LessonEntry]
    held: set[UUID]
    marks: list[MarkEntry]
    attendance: list[AttendanceEntry]
    # group -> its dated memberships (schedule's, as the projection holds them)
    group_members: dict[UUID, list[GroupMembership]] = field(default_factory=dict)
    _marks_of: dict[UUID, list[MarkEntry]] = field(init=False, default_factory=dict)
    _attendance_of: dict[UUID, list[AttendanceEntry]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for mark in self.marks:
            self._marks_of.setdefault(mark.student_id, []).append(mark)
        for entry in self.attendance:
            self._attendance_of.setdefault(entry.student_id, []).append(entry)

    def marks_of(self, student_id: UUID) -> list[MarkEntry]:
        return self._marks_of.get(student_id, [])

    def attendance_of(self, student_id: UUID) -> list[AttendanceEntry]:
        return self._attendance_of.get(student_id, [])

    def in_group(self, student_id: UUID, lesson: LessonEntry) -> bool:
        """The student is in the lesson's group on its date (`until` is exclusive)."""
        if lesson.group_id is None:
            return False
        return any(
            m.student_id == student_id
            and m.since <= lesson.lesson_date
            and (m.until is None or lesson.lesson_date < m.until)
            for m in self.group_members.get(lesson.group_id, [])
        )

    def lessons_of(self, student_id: UUID) -> list[LessonEntry]:
        """The student's lessons: those for the whole class, those of a group the student is
        in on the lesson's date, and any lesson where the student has a mark or an
        attendance entry."""
        with_entries = {m.lesson_id for m in self.marks_of(student_id)} | {
            a.lesson_id for a in self.attendance_of(student_id)
        }
        return [
            lesson
            for lesson in self.lessons
            if lesson.group_id is None
            or lesson.lesson_id in with_entries
            or self.in_group(student_id, lesson)
        ]

    def students(self) -> set[UUID]:
        """Students with an entry on these lessons."""
        return set(self._marks_of) | set(self._attendance_of)


def check_range(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise InvalidInput("date_to is before date_from.", field="date_to")
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise InvalidInput(f"A range covers at most {MAX_RANGE_DAYS} days.", field="date_to")


async def load(
    session: AsyncSession, lessons_where: ColumnElement[bool], student_id: UUID | None = None
) -> JournalData:
    """The lessons matching `lessons_where` and the journal's entries on them (only the
    student's, when one is given)."""
    lessons = [
        LessonEntry(*row)
        for row in await session.execute(
            select(*LESSON_COLUMNS)
            .where(lessons_where)
            .order_by(LessonProjection.lesson_date, LessonProjection.starts_at)
        )
    ]
    held = set(
        await session.scalars(
            select(LessonRecord.lesson_id)
            .join(LessonProjection, _same_lesson(LessonRecord))
            .where(lessons_where, LessonRecord.held.is_(True))
        )
    )
    marks_query = (
        select(*MARK_COLUMNS)
        .join(LessonProjection, _same_lesson(Mark))
        .where(lessons_where)
        .order_by(LessonProjection.lesson_date, Mark.recorded_at, Mark.id)
    )
    attendance_query = (
        select(*ATTENDANCE_COLUMNS)
        .join(LessonProjection, _same_lesson(Attendance))
        .where(lessons_where)
    )
    if student_id is not None:
        marks_query = marks_query.where(Mark.student_id == student_id)
        attendance_query = attendance_query.where(Attendance.student_id == student_id)
    marks = [MarkEntry(*row) for row in await session.execute(marks_query)]
    attendance = [AttendanceEntry(*row) for row in await session.execute(attendance_query)]
    groups = {lesson.group_id for lesson in lessons if lesson.group_id is not None}
    members: dict[UUID, list[GroupMembership]] = {}
    if groups:
        for group_id, member, since, until in await session.execute(
            select(
                GroupMemberProjection.group_id,
                GroupMemberProjection.student_id,
                GroupMemberProjection.since,
                GroupMemberProjection.until,
            ).where(GroupMemberProjection.group_id.in_(groups))
        ):
            members.setdefault(group_id, []).append(GroupMembership(member, since, until))
    return JournalData(lessons, held, marks, attendance, members)


def class_lessons(class_id: UUID, date_from: date, date_to: date) -> ColumnElement[bool]:
    return and_(
        LessonProjection.class_id == class_id,
        LessonProjection.lesson_date >= date_from,
        LessonProjection.lesson_date <= date_to,
    )


def student_lessons(
    student_id: UUID, class_ids: Iterable[UUID], date_from: date, date_to: date
) -> ColumnElement[bool]:
    """Lessons of the student's classes in the range, and any lesson of the range where
    the student has an entry (a lesson of a group, of a class they have left)."""
    with_entries = union(
        select(Mark.lesson_id).where(Mark.student_id == student_id),
        select(Attendance.lesson_id).where(Attendance.student_id == student_id),
    )
    return and_(
        LessonProjection.lesson_date >= date_from,
        LessonProjection.lesson_date <= date_to,
        or_(
            LessonProjection.class_id.in_(list(class_ids)),
            LessonProjection.lesson_id.in_(with_entries),
        ),
    )


async def class_members(session: AsyncSession, class_id: UUID) -> set[UUID]:
    return set(
        await session.scalars(
            select(ClassMemberProjection.student_id).where(
                ClassMemberProjection.class_id == class_id
            )
        )
    )


async def require_known_class(session: AsyncSession, class_id: UUID) -> None:
    """A class this school's journal has heard of (another school's class is not: 404)."""
    for column in (
        ClassMemberProjection.class_id,
        ClassTeacherProjection.class_id,
        ClassGrade.class_id,
        LessonProjection.class_id,
    ):
        if await session.scalar(select(column).where(column == class_id).limit(1)) is not None:
            return
    raise NotFound(f"No class {class_id} in this school's journal.")


async def class_names(session: AsyncSession, class_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Classes' names ("5А") as schedule's lessons or the grade lookup left them."""
    wanted = list(set(class_ids))
    found: dict[UUID, str] = {}
    for class_id, name in await session.execute(
        select(LessonProjection.class_id, LessonProjection.class_name)
        .where(LessonProjection.class_id.in_(wanted), LessonProjection.class_name != "")
        .distinct()
    ):
        found[class_id] = name
    for class_id, name in await session.execute(
        select(ClassGrade.class_id, ClassGrade.class_name).where(ClassGrade.class_id.in_(wanted))
    ):
        found.setdefault(class_id, name)
    return found
