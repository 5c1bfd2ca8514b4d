from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access, idempotency
from okrug_journal.attendance import absence_notes, service, week
from okrug_journal.attendance.schemas import (
    AbsenceNoteCreate,
    AbsenceNoteCreated,
    AbsenceNoteRead,
    AttendanceRead,
    AttendanceSet,
    AttendanceWeek,
    ReasonCorrection,
)
from okrug_journal.idempotency import IdempotencyKeyHeader

router = APIRouter(tags=["attendance"])


@router.put("/lessons/{lesson_id}/attendance/{student_id}", response_model=AttendanceRead)
async def set_attendance(
    lesson_id: UUID,
    student_id: UUID,
    data: AttendanceSet,
    session: SessionDep,
    principal: access.LessonWriter,
    runtime: RuntimeDep,
) -> AttendanceRead:
    """The lesson's teacher marks a student absent or late (J2); without a reason, an
    absence note covering the date gives it."""
    record = await service.set_attendance(session, runtime, principal, lesson_id, student_id, data)
    return AttendanceRead.model_validate(record, from_attributes=True)


@router.patch("/lessons/{lesson_id}/attendance/{student_id}", response_model=AttendanceRead)
async def correct_reason(
    lesson_id: UUID,
    student_id: UUID,
    data: ReasonCorrection,
    session: SessionDep,
    principal: access.ReasonCorrector,
    runtime: RuntimeDep,
) -> AttendanceRead:
    """The class teacher (or the lesson's teacher inside the edit window) corrects the reason
    of a recorded absence or late (J2, I5); the status stays as recorded."""
    record = await service.correct_reason(session, runtime, principal, lesson_id, student_id, data)
    return AttendanceRead.model_validate(record, from_attributes=True)


_NOTES = "/classes/{class_id}/students/{student_id}/absence-notes"


@router.post(_NOTES, status_code=status.HTTP_201_CREATED, response_model=AbsenceNoteCreated)
async def create_absence_note(
    class_id: UUID,
    student_id: UUID,
    data: AbsenceNoteCreate,
    request: Request,
    session: SessionDep,
    principal: access.AbsenceNoteWriter,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """The class teacher records a sick note or another excuse for a range of days (J2):
    absences and lates already recorded in it take its reason, and so do those recorded
    later without one."""

    async def work() -> AbsenceNoteCreated:
        note, applied = await absence_notes.create_note(
            session, runtime, principal, class_id, student_id, data
        )
        read = AbsenceNoteRead.model_validate(note, from_attributes=True)
        return AbsenceNoteCreated(**read.model_dump(), applied=applied)

    fp = idempotency.fingerprint("POST", request.url.path, data)
    return await idempotency.once(session, principal, idempotency_key, fp, 201, work)


@router.get(_NOTES, response_model=list[AbsenceNoteRead])
async def list_absence_notes(
    class_id: UUID,
    student_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.ATTENDANCE)],
) -> list[AbsenceNoteRead]:
    """The student's absence notes in the class: its class teacher and the leadership."""
    notes = await absence_notes.list_notes(session, runtime, principal, class_id, student_id)
    return [AbsenceNoteRead.model_validate(n, from_attributes=True) for n in notes]


@router.delete(
    _NOTES + "/{note_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response
)
async def delete_absence_note(
    class_id: UUID,
    student_id: UUID,
    note_id: UUID,
    session: SessionDep,
    principal: access.AbsenceNoteWriter,
) -> Response:
    """The class teacher deletes a note: reasons it already set stay (each is a corrected
    reason of its own), absences recorded later no longer take it."""
    await absence_notes.delete_note(session, principal, class_id, student_id, note_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/classes/{class_id}/attendance/week", response_model=AttendanceWeek)
async def class_attendance_week(
    class_id: UUID,
    session: SessionDep,
    principal: access.ClassReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.ATTENDANCE)],
    day: Annotated[
        date | None,
        Query(alias="date", description="A day of the week; today in the school when left out"),
    ] = None,
) -> AttendanceWeek:
    """The class's week (Monday to Saturday) of lessons and attendance: its class teacher
    corrects the reasons from it (J2), the school's leadership reads it."""
    found = await week.class_week(session, runtime, principal, class_id, day)
    audit.covers(student.student_id for student in found.students)
    return found
