from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access, idempotency
from okrug_journal.idempotency import IdempotencyKeyHeader
from okrug_journal.lesson_records import service
from okrug_journal.lesson_records.schemas import LessonRecordRead, LessonSave

router = APIRouter(tags=["lessons"])


@router.put("/lessons/{lesson_id}/record", response_model=LessonRecordRead)
async def save_lesson(
    lesson_id: UUID,
    data: LessonSave,
    request: Request,
    session: SessionDep,
    principal: access.LessonWriter,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """The lesson's teacher of record saves the lesson at once (J1-J3): topic, work types,
    homework, the class's attendance and marks; all or nothing, inside the edit window."""

    async def work() -> LessonRecordRead:
        return await service.save_lesson(session, runtime, principal, lesson_id, data)

    fp = idempotency.fingerprint("PUT", request.url.path, data)
    return await idempotency.once(session, principal, idempotency_key, fp, 200, work)


@router.get("/lessons/{lesson_id}/record", response_model=LessonRecordRead)
async def read_lesson(
    lesson_id: UUID,
    session: SessionDep,
    principal: access.LessonReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.LESSONS)],
) -> LessonRecordRead:
    """The lesson's record: its teacher of record and the school's leadership."""
    record = await service.read_lesson(session, runtime, principal, lesson_id)
    audit.covers(
        row.student_id
        for rows in (record.attendance, record.marks, record.individual_homework)
        for row in rows
    )
    return record
