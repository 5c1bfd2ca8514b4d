from uuid import UUID

from fastapi import APIRouter

from okrug_common.http import PrincipalDep, RuntimeDep, SessionDep
from okrug_journal.attendance import service
from okrug_journal.attendance.schemas import AttendanceRead, AttendanceSet

router = APIRouter(tags=["attendance"])


@router.put("/lessons/{lesson_id}/attendance/{student_id}", response_model=AttendanceRead)
async def set_attendance(
    lesson_id: UUID,
    student_id: UUID,
    data: AttendanceSet,
    session: SessionDep,
    principal: PrincipalDep,
    runtime: RuntimeDep,
) -> AttendanceRead:
    """The lesson's teacher marks a student absent or late (J2)."""
    record = await service.set_attendance(session, runtime, principal, lesson_id, student_id, data)
    return AttendanceRead.model_validate(record, from_attributes=True)
