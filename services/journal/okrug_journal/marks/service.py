from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput, NotFound
from okrug_common.event_catalog import JournalEvents
from okrug_common.outbox import emit
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.audit.service import recorded_change
from okrug_journal.grades import lesson_grade
from okrug_journal.lessons import summary, writable_lesson, writable_lesson_for_student
from okrug_journal.marks.schemas import MarkCreate, MarkUpdate
from okrug_journal.models import LessonProjection, Mark, MarkChange, outbox
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.projections import service as projections
from okrug_journal.timeliness import service as timeliness
from okrug_journal.timeliness.facts import lesson_occasion


async def require_marks_allowed(
    session: AsyncSession,
    runtime: Runtime,
    policy: JournalPolicy,
    lesson: LessonProjection,
    field: str,
) -> None:
    """Grade levels without marks (grade 1 by default) keep attendance and topics only."""
    grade = await lesson_grade(session, runtime, lesson)
    if grade is not None and grade in policy.grades_without_marks:
        raise InvalidInput(f"Grade {grade} gets no marks under the school's policy.", field=field)


def new_mark(
    policy: JournalPolicy,
    lesson: LessonProjection,
    student_id: UUID,
    value: str,
    work_type_code: str,
    recorded_by: UUID,
    recorded_at: datetime,
    field: str = "",
) -> Mark:
    prefix = f"{field}." if field else ""
    rules.check_mark_value(policy, value, f"{prefix}value")
    work_type = rules.require_work_type(policy, work_type_code, f"{prefix}work_type")
    return Mark(
        school_id=lesson.school_id,
        id=uuid4(),
        lesson_id=lesson.lesson_id,
        student_id=student_id,
        scale=policy.scale,
        value=value,
        work_type=work_type.code,
        weight=work_type.weight.quantize(rules.TWO_PLACES),
        recorded_by=recorded_by,
        recorded_at=recorded_at,
    )


def mark_timeliness(
    policy: JournalPolicy,
    lesson: LessonProjection,
    mark: Mark,
    claimed_at: datetime | None = None,
) -> timeliness.Entry:
    work_type = policy.work_type(mark.work_type)
    due = rules.mark_due(policy, work_type, lesson.lesson_date) if work_type else None
    return timeliness.Entry("mark", lesson_occasion(policy, lesson), due, mark.id, claimed_at)


async def record_mark(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID, data: MarkCreate
) -> Mark:
    lesson, policy = await writable_lesson_for_student(
        session, runtime, principal, lesson_id, data.student_id
    )
    await require_marks_allowed(session, runtime, policy, lesson, "student_id")
    now = datetime.now(UTC)
    person = principal.require_person()
    mark = new_mark(policy, lesson, data.student_id, data.value, data.work_type, person, now)
    session.add(mark)
    await session.flush()
    await timeliness.record(
        session, lesson.school_id, person, now, [mark_timeliness(policy, lesson, mark)]
    )
    await emit(
        session,
        outbox,
        event=JournalEvents.MARK_RECORDED,
        message=journal_pb2.MarkRecorded(mark=to_proto(mark), lesson=summary(lesson)),
        school_id=lesson.school_id,
        actor_id=principal.person_id,
    )
    return mark


async def _writable_mark(
    session: AsyncSession, runtime: Runtime, principal: Principal, mark_id: UUID
) -> tuple[Mark, LessonProjection, JournalPolicy]:
    school_id = principal.require_school()
    mark = await session.get(Mark, (school_id, mark_id))
    if mark is None:
        raise NotFound(f"No mark {mark_id} in this school's journal.")
    lesson, policy = await writable_lesson(session, runtime, principal, mark.lesson_id)
    return mark, lesson, policy


def _snapshot(mark: Mark) -> dict[str, str]:
    return {
        "scale": mark.scale,
        "value": mark.value,
        "work_type": mark.work_type,
        "weight": str(Decimal(mark.weight).quantize(rules.TWO_PLACES)),
    }


def _audit(
    mark: Mark,
    lesson: LessonProjection,
    action: Literal["changed", "deleted"],
    old: dict[str, str],
    new: dict[str, str] | None,
    reason: str | None,
    by: UUID,
) -> MarkChange:
    return recorded_change(
        "mark",
        school_id=mark.school_id,
        mark_id=mark.id,
        lesson_id=mark.lesson_id,
        student_id=mark.student_id,
        class_id=lesson.class_id,
        subject_id=lesson.subject_id,
        teacher_id=lesson.teacher_id,
        action=action,
        old=old,
        new=new,
        reason=reason,
        by=by,
    )


async def change_mark(
    session: AsyncSession, runtime: Runtime, principal: Principal, mark_id: UUID, data: MarkUpdate
) -> Mark:
    """Change a mark inside the edit window; the change is audited (J6)."""
    mark, lesson, policy = await _writable_mark(session, runtime, principal, mark_id)
    if data.value is None and data.work_type is None:
        raise InvalidInput("Nothing to change: give a value or a work type.", field="value")
    old = _snapshot(mark)
    if data.value is not None:
        rules.check_mark_value(policy, data.value)
        mark.value = data.value
        mark.scale = policy.scale
    if data.work_type is not None:
        work_type = rules.require_work_type(policy, data.work_type)
        mark.work_type = work_type.code
        mark.weight = work_type.weight.quantize(rules.TWO_PLACES)
    new = _snapshot(mark)
    if new == old:
        return mark
    session.add(_audit(mark, lesson, "changed", old, new, data.reason, principal.require_person()))
    await session.flush()
    await emit(
        session,
        outbox,
        event=JournalEvents.MARK_CHANGED,
        message=journal_pb2.MarkChanged(
            mark=to_proto(mark),
            old_value=old["value"],
            old_work_type=old["work_type"],
            reason=data.reason or "",
            lesson=summary(lesson),
        ),
        school_id=lesson.school_id,
        actor_id=principal.person_id,
    )
    return mark


async def delete_mark(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    mark_id: UUID,
    reason: str | None,
) -> None:
    """Delete a mark inside the edit window; the deletion is audited (J6)."""
    mark, lesson, _ = await _writable_mark(session, runtime, principal, mark_id)
    session.add(
        _audit(mark, lesson, "deleted", _snapshot(mark), None, reason, principal.require_person())
    )
    message = journal_pb2.MarkDeleted(
        mark=to_proto(mark), reason=reason or "", lesson=summary(lesson)
    )
    await session.delete(mark)
    await session.flush()
    await emit(
        session,
        outbox,
        event=JournalEvents.MARK_DELETED,
        message=message,
        school_id=lesson.school_id,
        actor_id=principal.person_id,
    )


async def lesson_marks(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson_id: UUID
) -> list[Mark]:
    lesson = await projections.lesson(session, runtime, principal.require_school(), lesson_id)
    await access.require_lesson_reader(session, principal, lesson)
    rows = await session.scalars(
        select(Mark).where(Mark.lesson_id == lesson_id).order_by(Mark.recorded_at)
    )
    return list(rows)


async def student_marks(
    session: AsyncSession, runtime: Runtime, principal: Principal, student_id: UUID
) -> list[tuple[Mark, LessonProjection]]:
    await access.require_student_reader(session, runtime, principal, student_id)
    query = (
        select(Mark, LessonProjection)
        .join(
            LessonProjection,
            (LessonProjection.school_id == Mark.school_id)
            & (LessonProjection.lesson_id == Mark.lesson_id),
        )
        .where(Mark.student_id == student_id)
        .order_by(LessonProjection.lesson_date.desc(), Mark.recorded_at.desc())
    )
    return [(mark, lesson) for mark, lesson in (await session.execute(query)).all()]


def to_proto(mark: Mark) -> journal_pb2.Mark:
    return journal_pb2.Mark(
        mark_id=str(mark.id),
        lesson_id=str(mark.lesson_id),
        student_id=str(mark.student_id),
        scale=mark.scale,
        value=mark.value,
        work_type=mark.work_type,
        weight=float(mark.weight),
    )
