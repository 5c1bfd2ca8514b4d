from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.errors import NotFound
from okrug_common.event_catalog import JournalEvents
from okrug_common.outbox import emit
from okrug_common.runtime import Runtime
from okrug_journal import access
from okrug_journal.attendance import absence_notes, reason_changes
from okrug_journal.attendance.schemas import AttendanceSet, ReasonCorrection
from okrug_journal.lessons import require_edit_window, summary, writable_lesson_for_student
from okrug_journal.models import Attendance, LessonProjection, outbox
from okrug_journal.oversight.usage import service as usage
from okrug_journal.policy import rules
from okrug_journal.policy.service import school_policy
from okrug_journal.projections import service as projections
from okrug_journal.timeliness import service as timeliness
from okrug_journal.timeliness.facts import lesson_occasion

_STATUS = {
    "absent": journal_pb2.ATTENDANCE_STATUS_ABSENT,
    "late": journal_pb2.ATTENDANCE_STATUS_LATE,
}


async def set_attendance(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    lesson_id: UUID,
    student_id: UUID,
    data: AttendanceSet,
) -> Attendance:
    lesson, policy = await writable_lesson_for_student(
        session, runtime, principal, lesson_id, student_id
    )
    record = await session.get(Attendance, (lesson.school_id, lesson_id, student_id))
    if record is None:
        record = Attendance(school_id=lesson.school_id, lesson_id=lesson_id, student_id=student_id)
        session.add(record)
    record.status = data.status
    record.reason = data.reason or (
        await absence_notes.reasons_for(session, lesson, [student_id])
    ).get(student_id)
    record.recorded_by = principal.require_person()
    now = datetime.now(UTC)
    record.recorded_at = now
    await session.flush()
    due = rules.attendance_due(policy, lesson.lesson_date, lesson.starts_at)
    await timeliness.record(
        session,
        lesson.school_id,
        principal.require_person(),
        now,
        [timeliness.Entry("attendance", lesson_occasion(policy, lesson), due, lesson_id)],
    )
    await emit(
        session,
        outbox,
        event=JournalEvents.ABSENCE_RECORDED,
        message=journal_pb2.AbsenceRecorded(
            student_id=str(student_id),
            status=_STATUS[data.status],
            reason=record.reason or "",
            lesson=summary(lesson),
        ),
        school_id=lesson.school_id,
        actor_id=principal.person_id,
    )
    return record


async def _require_reason_writer(
    session: AsyncSession, runtime: Runtime, principal: Principal, lesson: LessonProjection
) -> None:
    """The class teacher of the lesson's class corrects reasons at any time (J2, I5); the
    lesson's teacher of record inside the school's edit window (J6)."""
    if await access.corrects_reasons_any_time(session, principal, lesson):
        return
    await access.require_reason_corrector(session, principal, lesson)
    require_edit_window(await school_policy(session, runtime, lesson.school_id), lesson)


async def correct_reason(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    lesson_id: UUID,
    student_id: UUID,
    data: ReasonCorrection,
) -> Attendance:
    """Correct the reason of a recorded absence or late later (S1 4.3.1, 4.3.6); the status
    is never changed this way. Who corrected and when is kept on the record, and the change
    (old, new, why) in the change audit.

    No event: AbsenceRecorded cannot say "corrected", and notify would tell the parents of
    the absence a second time."""
    school_id = principal.require_school()
    lesson = await projections.lesson(session, runtime, school_id, lesson_id)
    await _require_reason_writer(session, runtime, principal, lesson)
    record = await session.get(Attendance, (school_id, lesson_id, student_id))
    if record is None:
        raise NotFound("The student has no absence or late recorded in this lesson.")
    old = reason_changes.snapshot(record)
    now = datetime.now(UTC)
    record.reason = data.reason
    record.reason_corrected_by = principal.require_person()
    record.reason_corrected_at = now
    new = reason_changes.snapshot(record)
    if new != old:
        session.add(
            reason_changes.change(
                lesson, record.student_id, old, new, data.comment, record.reason_corrected_by
            )
        )
        await usage.note_now(session, runtime, principal, usage.Activity.ABSENCE_REASONS, now)
    await session.flush()
    return record
