from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access, idempotency
from okrug_journal.idempotency import IdempotencyKeyHeader
from okrug_journal.marks import service
from okrug_journal.marks.schemas import DiaryMark, MarkCreate, MarkRead, MarkUpdate
from okrug_journal.models import LessonProjection, Mark

router = APIRouter(tags=["marks"])


def _read(mark: Mark) -> MarkRead:
    return MarkRead.model_validate(mark, from_attributes=True)


def _diary(mark: Mark, lesson: LessonProjection) -> DiaryMark:
    return DiaryMark(
        **_read(mark).model_dump(), subject_name=lesson.subject_name, lesson_date=lesson.lesson_date
    )


@router.post(
    "/lessons/{lesson_id}/marks", status_code=status.HTTP_201_CREATED, response_model=MarkRead
)
async def record_mark(
    lesson_id: UUID,
    data: MarkCreate,
    request: Request,
    session: SessionDep,
    principal: access.LessonWriter,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """The lesson's teacher records a mark (J3) inside the edit window, under the school's
    scale and work types; grade levels without marks refuse it."""

    async def work() -> MarkRead:
        return _read(await service.record_mark(session, runtime, principal, lesson_id, data))

    fp = idempotency.fingerprint("POST", request.url.path, data)
    return await idempotency.once(session, principal, idempotency_key, fp, 201, work)


@router.patch("/marks/{mark_id}", response_model=MarkRead)
async def change_mark(
    mark_id: UUID,
    data: MarkUpdate,
    request: Request,
    session: SessionDep,
    principal: access.LessonWriter,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """The lesson's teacher changes a mark inside the edit window (J6); audited."""

    async def work() -> MarkRead:
        return _read(await service.change_mark(session, runtime, principal, mark_id, data))

    fp = idempotency.fingerprint("PATCH", request.url.path, data)
    return await idempotency.once(session, principal, idempotency_key, fp, 200, work)


@router.delete("/marks/{mark_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_mark(
    mark_id: UUID,
    request: Request,
    session: SessionDep,
    principal: access.LessonWriter,
    runtime: RuntimeDep,
    reason: Annotated[str | None, Query(max_length=500)] = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """The lesson's teacher deletes a mark inside the edit window (J6); audited."""

    async def work() -> None:
        await service.delete_mark(session, runtime, principal, mark_id, reason)

    fp = idempotency.fingerprint("DELETE", request.url.path, {"reason": reason})
    return await idempotency.once(session, principal, idempotency_key, fp, 204, work)


@router.get("/lessons/{lesson_id}/marks", response_model=list[MarkRead])
async def lesson_marks(
    lesson_id: UUID,
    session: SessionDep,
    principal: access.LessonReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
) -> list[MarkRead]:
    marks = await service.lesson_marks(session, runtime, principal, lesson_id)
    audit.covers(m.student_id for m in marks)
    return [_read(m) for m in marks]


@router.get("/students/{student_id}/marks", response_model=list[DiaryMark])
async def student_marks(
    student_id: UUID,
    session: SessionDep,
    principal: access.StudentReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.MARKS)],
) -> list[DiaryMark]:
    """The diary's marks (J9): the student, their guardians, the school's leadership."""
    rows = await service.student_marks(session, runtime, principal, student_id)
    return [_diary(mark, lesson) for mark, lesson in rows]
