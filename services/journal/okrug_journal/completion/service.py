"""Curriculum completion of a class (J8, S0 6.3): per subject, the lessons the timetable
planned over a range or a study period, how many were held, missed (cancelled, recorded as
not held, or past without a record) and substituted, and the hours of the lesson plan (КТП)
against the hours held.

Cancelled lessons leave the lesson projection; projections/lesson_changes keeps them in
lesson_cancellations, which is where they are counted from."""

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden, InvalidInput, NotFound
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.completion.schemas import CompletionReport, CompletionRow
from okrug_journal.lesson_plans.check import plans_with_hours
from okrug_journal.models import (
    ClassMemberProjection,
    LessonCancellation,
    LessonProjection,
    LessonRecord,
)
from okrug_journal.policy.service import school_policy
from okrug_journal.summaries import journal_data

MAX_DAYS = 400


@dataclass(frozen=True)
class PlannedLesson:
    subject_id: UUID
    subject_name: str
    group_id: UUID | None
    group_name: str | None
    lesson_date: date
    teacher_id: UUID
    planned_teacher_id: UUID | None
    cancelled: bool
    held: bool | None  # None: no record


@dataclass
class Tally:
    subject_name: str = ""
    group_name: str | None = None
    planned: int = 0
    held: int = 0
    cancelled: int = 0
    not_held: int = 0
    upcoming: int = 0
    substituted: int = 0

    def add(self, lesson: PlannedLesson, today: date) -> None:
        self.planned += 1
        if lesson.cancelled:
            self.cancelled += 1
            return
        if lesson.planned_teacher_id is not None and lesson.planned_teacher_id != lesson.teacher_id:
            self.substituted += 1
        if lesson.held:
            self.held += 1
        elif lesson.held is False or lesson.lesson_date < today:
            self.not_held += 1
        else:
            self.upcoming += 1


def _range(
    policy_periods: dict[str, tuple[date, date]],
    period: str | None,
    date_from: date | None,
    date_to: date | None,
) -> tuple[date, date]:
    if period is not None:
        if date_from is not None or date_to is not None:
            raise InvalidInput("Give a study period or dates, not both.", field="period")
        if period not in policy_periods:
            raise InvalidInput(f"No study period '{period}' in the policy.", field="period")
        return policy_periods[period]
    if date_from is None or date_to is None:
        raise InvalidInput("Give date_from and date_to, or a study period.", field="date_from")
    if date_to < date_from:
        raise InvalidInput("date_to is before date_from.", field="date_to")
    if (date_to - date_from).days > MAX_DAYS:
        raise InvalidInput(f"At most {MAX_DAYS} days.", field="date_to")
    return date_from, date_to


async def _lessons(
    session: AsyncSession, class_id: UUID, start: date, end: date
) -> list[PlannedLesson]:
    cancelled_ids = select(LessonCancellation.lesson_id).where(
        LessonCancellation.class_id == class_id
    )
    projected = await session.execute(
        select(
            LessonProjection,
            LessonRecord.held,
            LessonProjection.lesson_id.in_(cancelled_ids).label("cancelled"),
        )
        .outerjoin(
            LessonRecord,
            (LessonRecord.school_id == LessonProjection.school_id)
            & (LessonRecord.lesson_id == LessonProjection.lesson_id),
        )
        .where(
            LessonProjection.class_id == class_id,
            LessonProjection.lesson_date.between(start, end),
        )
    )
    lessons = [
        PlannedLesson(
            subject_id=lesson.subject_id,
            subject_name=lesson.subject_name,
            group_id=lesson.group_id,
            group_name=lesson.group_name,
            lesson_date=lesson.lesson_date,
            teacher_id=lesson.teacher_id,
            planned_teacher_id=lesson.planned_teacher_id,
            cancelled=bool(cancelled),
            held=held,
        )
        for lesson, held, cancelled in projected.all()
    ]
    # Cancelled lessons the projection dropped (those it kept are counted above).
    dropped = await session.scalars(
        select(LessonCancellation).where(
            LessonCancellation.class_id == class_id,
            LessonCancellation.lesson_date.between(start, end),
            LessonCancellation.lesson_id.not_in(
                select(LessonProjection.lesson_id).where(LessonProjection.class_id == class_id)
            ),
        )
    )
    lessons += [
        PlannedLesson(
            subject_id=c.subject_id,
            subject_name=c.subject_name,
            group_id=c.group_id,
            group_name=None,
            lesson_date=c.lesson_date,
            teacher_id=c.teacher_id,
            planned_teacher_id=c.planned_teacher_id,
            cancelled=True,
            held=None,
        )
        for c in dropped
    ]
    return lessons


async def _plans(
    session: AsyncSession, class_id: UUID
) -> dict[tuple[UUID, UUID | None], tuple[UUID, int]]:
    """(subject, group or None) -> (plan, its hours)."""
    plans = await plans_with_hours(session, class_id)
    return {(taught.subject_id, taught.group_id): plan for taught, plan in plans.items()}


async def _require_known_class(session: AsyncSession, class_id: UUID) -> None:
    """A class the journal has lessons or students of (another school's is not seen)."""
    known = await session.scalar(
        select(LessonProjection.lesson_id).where(LessonProjection.class_id == class_id).limit(1)
    ) or await session.scalar(
        select(ClassMemberProjection.student_id)
        .where(ClassMemberProjection.class_id == class_id)
        .limit(1)
    )
    if known is None:
        raise NotFound(f"No class {class_id} in this school's journal.")


async def _readable_subjects(
    session: AsyncSession, principal: Principal, class_id: UUID, subjects: set[UUID]
) -> set[UUID]:
    """The subjects of the class the principal may see the completion of: all of them for
    the class teacher and the leadership, a teacher's own subjects otherwise."""
    try:
        await access.require_class_teacher_or(session, principal, "class.read", class_id)
        return subjects
    except Forbidden:
        pass
    return {
        s
        for s in subjects
        if await access.class_subject_allows(session, principal, "completion.read", class_id, s)
    }


async def completion(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    *,
    subject_id: UUID | None = None,
    period: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> CompletionReport:
    school_id = principal.require_school()
    await _require_known_class(session, class_id)
    if subject_id is not None:
        await access.require_class_subject(
            session, principal, "completion.read", class_id, subject_id
        )
    policy = await school_policy(session, runtime, school_id)
    periods = {p.code: (p.starts_on, p.ends_on) for p in policy.study_periods}
    start, end = _range(periods, period, date_from, date_to)
    lessons = await _lessons(session, class_id, start, end)
    if subject_id is not None:
        lessons = [lesson for lesson in lessons if lesson.subject_id == subject_id]
        readable = {subject_id}
    else:
        subjects = set(
            await session.scalars(
                select(LessonProjection.subject_id)
                .where(LessonProjection.class_id == class_id)
                .distinct()
            )
        )
        readable = await _readable_subjects(session, principal, class_id, subjects)
        if not readable:
            raise Forbidden("Only a teacher of this class, its class teacher or leadership may.")
    today = datetime.now(policy.zone).date()
    tallies: dict[tuple[UUID, UUID | None], Tally] = defaultdict(Tally)
    for lesson in lessons:
        if lesson.subject_id not in readable:
            continue
        tally = tallies[(lesson.subject_id, lesson.group_id)]
        tally.subject_name = tally.subject_name or lesson.subject_name
        tally.group_name = tally.group_name or lesson.group_name
        tally.add(lesson, today)
    plans = await _plans(session, class_id)
    rows = [
        _row(subject, group, tally, plans.get((subject, group)) or plans.get((subject, None)))
        for (subject, group), tally in tallies.items()
    ]
    rows.sort(key=lambda r: (r.subject_name, r.group_name or "", str(r.group_id or "")))
    return CompletionReport(
        class_id=class_id, date_from=start, date_to=end, period=period, rows=rows
    )


def _row(
    subject_id: UUID, group_id: UUID | None, tally: Tally, plan: tuple[UUID, int] | None
) -> CompletionRow:
    return CompletionRow(
        subject_id=subject_id,
        subject_name=tally.subject_name,
        group_id=group_id,
        group_name=tally.group_name,
        planned=tally.planned,
        held=tally.held,
        missed=tally.cancelled + tally.not_held,
        cancelled=tally.cancelled,
        not_held=tally.not_held,
        upcoming=tally.upcoming,
        substituted=tally.substituted,
        plan_id=plan[0] if plan else None,
        plan_hours=plan[1] if plan else None,
        held_hours=tally.held,
    )


COMPLETION_COLUMNS = (
    "Предмет / Subject",
    "По плану / Planned",
    "Проведено / Held",
    "Не проведено / Missed",
    "Отменено / Cancelled",
    "Впереди / Ahead",
    "С заменой / Substituted",
    "Часов по КТП / Plan hours",
)


def completion_xlsx(report: CompletionReport) -> bytes:
    """The completion as a workbook: a row per subject (or group of it)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Выполнение программы"
    sheet.append(
        [f"Выполнение учебного плана с {report.date_from:%d.%m.%Y} по {report.date_to:%d.%m.%Y}"]
    )
    sheet.append([])
    sheet.append(list(COMPLETION_COLUMNS))
    for cell in sheet[1] + sheet[3]:
        cell.font = Font(bold=True)
    for row in report.rows:
        subject = (
            row.subject_name if row.group_name is None else f"{row.subject_name} ({row.group_name})"
        )
        sheet.append(
            [
                subject,
                row.planned,
                row.held,
                row.missed,
                row.cancelled,
                row.upcoming,
                row.substituted,
                row.plan_hours,
            ]
        )
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def names_for_print(
    session: AsyncSession, runtime: Runtime, principal: Principal, class_id: UUID
) -> tuple[str, str]:
    """(the school's name, the class's name) for the printed report's heading."""
    school_id = principal.require_school()
    names = await people.for_document(runtime, school_id, [])
    class_name = (await journal_data.class_names(session, [class_id])).get(class_id, "")
    return names.school_name, class_name
