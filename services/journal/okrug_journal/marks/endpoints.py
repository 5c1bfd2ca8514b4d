from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import PrincipalDep, RuntimeDep, SessionDep
from okrug_journal.marks import service
from okrug_journal.marks.schemas import DiaryMark, MarkCreate, MarkRead
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
    session: SessionDep,
    principal: PrincipalDep,
    runtime: RuntimeDep,
) -> MarkRead:
    """The lesson's teacher records a mark (J3)."""
    return _read(await service.record_mark(session, runtime, principal, lesson_id, data))


@router.get("/lessons/{lesson_id}/marks", response_model=list[MarkRead])
async def lesson_marks(
    lesson_id: UUID, session: SessionDep, principal: PrincipalDep, runtime: RuntimeDep
) -> list[MarkRead]:
    return [_read(m) for m in await service.lesson_marks(session, runtime, principal, lesson_id)]


@router.get("/students/{student_id}/marks", response_model=list[DiaryMark])
async def student_marks(
    student_id: UUID, session: SessionDep, principal: PrincipalDep, runtime: RuntimeDep
) -> list[DiaryMark]:
    """The diary's marks (J9): the student, their guardians, the school's leadership."""
    rows = await service.student_marks(session, runtime, principal, student_id)
    return [_diary(mark, lesson) for mark, lesson in rows]
