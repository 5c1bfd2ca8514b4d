"""Absence reasons for a range of days (J2): a sick note covering three days sets the
reason of every absence and late of the student in the class's lessons in the range, and
is kept, so an absence recorded later in the range gets the note's reason when the teacher
gives none. Deleting a note leaves the reasons it set; later absences no longer get it."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Protocol, Self, TypeVar
from uuid import UUID, uuid4

from sqlalchemy import delete, literal, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import NotFound
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.attendance import reason_changes
from okrug_journal.attendance.schemas import AbsenceNoteCreate
from okrug_journal.models import (
    AbsenceNote,
    Attendance,
    ClassMemberProjection,
    ClassTeacherProjection,
    LessonProjection,
)
from okrug_journal.oversight.usage import service as usage
from okrug_journal.projections import service as projections


class _Entry(Protocol):
    @property
    def student_id(self) -> UUID: ...

    @property
    def reason(self) -> Any: ...

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self: ...


E = TypeVar("E", bound=_Entry)


async def reasons_for(
    session: AsyncSession, lesson: LessonProjection, student_ids: Iterable[UUID]
) -> dict[UUID, str]:
    """The reason an absence or late in `lesson` takes when the teacher gives none: one the
    class teacher corrected earlier (a re-save of the lesson keeps it), else the latest
    absence note of the student covering the lesson's date. One query."""
    wanted = list(set(student_ids))
    if not wanted:
        return {}
    corrected = select(
        Attendance.student_id,
        Attendance.reason,
        literal(0).label("rank"),
        Attendance.reason_corrected_at.label("at"),
    ).where(
        Attendance.lesson_id == lesson.lesson_id,
        Attendance.student_id.in_(wanted),
        Attendance.reason_corrected_at.is_not(None),
        Attendance.reason.is_not(None),
    )
    noted = select(
        AbsenceNote.student_id,
        AbsenceNote.reason,
        literal(1).label("rank"),
        AbsenceNote.created_at.label("at"),
    ).where(
        AbsenceNote.class_id == lesson.class_id,
        AbsenceNote.student_id.in_(wanted),
        AbsenceNote.date_from <= lesson.lesson_date,
        AbsenceNote.date_to >= lesson.lesson_date,
    )
    both = union_all(corrected, noted).subquery()
    rows = await session.execute(
        select(both.c.student_id, both.c.reason).order_by(both.c.rank, both.c.at.desc())
    )
    found: dict[UUID, str] = {}
    for student_id, reason in rows.all():
        found.setdefault(student_id, reason)
    return found


async def fill_reasons(
    session: AsyncSession, lesson: LessonProjection, entries: list[E]
) -> list[E]:
    """`entries` (absences and lates of the lesson), those without a reason given the one
    `reasons_for` finds; no query when every entry has its reason."""
    missing = [e.student_id for e in entries if e.reason is None]
    if not missing:
        return entries
    found = await reasons_for(session, lesson, missing)
    if not found:
        return entries
    return [
        e.model_copy(update={"reason": found[e.student_id]})
        if e.reason is None and e.student_id in found
        else e
        for e in entries
    ]


async def _require_student_of_class(
    session: AsyncSession, runtime: Runtime, school_id: UUID, class_id: UUID, student_id: UUID
) -> None:
    """The class is this school's and the student is in it (schedule asked only when the
    class is known and the projection lacks the student)."""
    if await session.get(ClassMemberProjection, (school_id, class_id, student_id)) is not None:
        return
    known = await session.get(ClassTeacherProjection, (school_id, class_id))
    if known is None or not await projections.is_class_member(
        session, runtime, school_id, class_id, student_id
    ):
        raise NotFound(f"No student {student_id} in class {class_id} of this school.")


async def create_note(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    student_id: UUID,
    data: AbsenceNoteCreate,
) -> tuple[AbsenceNote, int]:
    """The class teacher records a note (S1 4.3.6); returns it and how many absences and
    lates already recorded in the range took its reason. Each reason it changed is a row of
    the change audit (the note's comment its why)."""
    await access.require_class_teacher_or(
        session,
        principal,
        "absence-reason.write",
        class_id,
        "Only the class teacher of this class records absence notes.",
    )
    school_id = principal.require_school()
    await _require_student_of_class(session, runtime, school_id, class_id, student_id)
    person = principal.require_person()
    now = datetime.now(UTC)
    note = AbsenceNote(
        school_id=school_id,
        id=uuid4(),
        class_id=class_id,
        student_id=student_id,
        date_from=data.date_from,
        date_to=data.date_to,
        reason=data.reason,
        comment=data.comment,
        created_by=person,
        created_at=now,
    )
    session.add(note)
    in_range = (
        Attendance.student_id == student_id,
        Attendance.school_id == LessonProjection.school_id,
        Attendance.lesson_id == LessonProjection.lesson_id,
        LessonProjection.class_id == class_id,
        LessonProjection.lesson_date >= data.date_from,
        LessonProjection.lesson_date <= data.date_to,
    )
    before = (
        await session.execute(
            select(Attendance.status, Attendance.reason, LessonProjection)
            .where(*in_range)
            .with_for_update(of=Attendance)
        )
    ).all()
    applied = await session.execute(
        update(Attendance)
        .where(*in_range)
        .values(reason=data.reason, reason_corrected_by=person, reason_corrected_at=now)
        .execution_options(synchronize_session=False)
    )
    session.add_all(
        reason_changes.change(
            lesson,
            student_id,
            {"status": status, "reason": reason},
            {"status": status, "reason": data.reason},
            data.comment,
            person,
        )
        for status, reason, lesson in before
        if reason != data.reason
    )
    await usage.note_now(session, runtime, principal, usage.Activity.ABSENCE_REASONS, now)
    await session.flush()
    return note, int(getattr(applied, "rowcount", 0) or 0)


async def list_notes(
    session: AsyncSession, runtime: Runtime, principal: Principal, class_id: UUID, student_id: UUID
) -> list[AbsenceNote]:
    await access.require_class_teacher_or(session, principal, "class.read", class_id)
    school_id = principal.require_school()
    await _require_student_of_class(session, runtime, school_id, class_id, student_id)
    rows = await session.scalars(
        select(AbsenceNote)
        .where(AbsenceNote.class_id == class_id, AbsenceNote.student_id == student_id)
        .order_by(AbsenceNote.date_from, AbsenceNote.created_at)
    )
    return list(rows)


async def delete_note(
    session: AsyncSession, principal: Principal, class_id: UUID, student_id: UUID, note_id: UUID
) -> None:
    await access.require_class_teacher_or(
        session,
        principal,
        "absence-reason.write",
        class_id,
        "Only the class teacher of this class deletes absence notes.",
    )
    deleted = await session.execute(
        delete(AbsenceNote)
        .where(
            AbsenceNote.id == note_id,
            AbsenceNote.class_id == class_id,
            AbsenceNote.student_id == student_id,
        )
        .returning(AbsenceNote.id)
    )
    if deleted.first() is None:
        raise NotFound(f"No absence note {note_id} of this student in this class.")
