from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug.journal.v1 import journal_pb2
from okrug_common.auth import Principal
from okrug_common.outbox import emit
from okrug_common.runtime import Runtime
from okrug_journal import events
from okrug_journal.attendance.schemas import AttendanceSet
from okrug_journal.lessons import summary, writable_lesson_for_student
from okrug_journal.models import Attendance, outbox
from okrug_journal.policy import rules
from okrug_journal.timeliness import service as timeliness

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
    record.reason = data.reason
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
        [timeliness.Entry("attendance", lesson_id, lesson_id, due)],
    )
    await emit(
        session,
        outbox,
        subject=events.ABSENCE_RECORDED,
        message=journal_pb2.AbsenceRecorded(
            student_id=str(student_id),
            status=_STATUS[data.status],
            reason=data.reason or "",
            lesson=summary(lesson),
        ),
        school_id=lesson.school_id,
        actor_id=principal.person_id,
    )
    return record
