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
    lesson = await writable_lesson_for_student(session, runtime, principal, lesson_id, student_id)
    record = await session.get(Attendance, (lesson.school_id, lesson_id, student_id))
    if record is None:
        record = Attendance(school_id=lesson.school_id, lesson_id=lesson_id, student_id=student_id)
        session.add(record)
    record.status = data.status
    record.reason = data.reason
    record.recorded_by = principal.require_person()
    await session.flush()
    await session.refresh(record, ["recorded_at"])
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
