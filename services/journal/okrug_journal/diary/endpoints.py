"""The diary (J9): the student's week, their marks per subject, a parent's children.
Readers: the student, their guardians, the class teacher of their class, the school's
leadership (access.require_student_reader)."""

from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_journal import access
from okrug_journal.diary import service
from okrug_journal.diary.schemas import DiaryChild, DiaryMarks, DiaryWeek
from okrug_journal.oversight.usage import service as usage

router = APIRouter(tags=["diary"])


def _json(model: DiaryWeek | DiaryMarks) -> Response:
    # Serialized once here: FastAPI would validate the model a second time.
    return Response(content=model.model_dump_json(), media_type="application/json")


@router.get("/diary/students/{student_id}/week", response_model=DiaryWeek)
async def diary_week(
    student_id: UUID,
    session: SessionDep,
    principal: access.StudentReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.DIARY)],
    day: Annotated[
        date | None,
        Query(alias="date", description="Any day of the week; this week when not given"),
    ] = None,
) -> Response:
    """The student's week, Monday to Sunday in the school's time zone: per day the lessons
    in timetable order (cancelled lessons left out, group lessons only of the student's
    groups) with the teacher's name, topic, the homework set in the lesson (the class's and the student's own),
    the student's marks with work types and weights, and their absence or late."""
    week = await service.week(session, runtime, principal, student_id, day)
    await usage.note_diary_read(session, runtime, principal, datetime.now(UTC))
    return _json(week)


@router.get("/diary/students/{student_id}/marks", response_model=DiaryMarks)
async def diary_marks(
    student_id: UUID,
    session: SessionDep,
    principal: access.StudentReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.DIARY)],
    period: Annotated[
        str | None, Query(max_length=40, description="A study period code of the school")
    ] = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Response:
    """Per subject the student's marks over a study period or a date range (neither: the
    current study period), the average and weighted average, the period mark when set, and
    the school's study periods to choose from."""
    found = await service.marks(session, runtime, principal, student_id, period, date_from, date_to)
    await usage.note_diary_read(session, runtime, principal, datetime.now(UTC))
    return _json(found)


@router.get("/diary/children", response_model=list[DiaryChild])
async def diary_children(
    session: SessionDep, principal: access.ChildrenReader, runtime: RuntimeDep
) -> list[DiaryChild]:
    """Whose diaries the caller reads: a parent's children with their class, a student
    themself; so an app lets a parent of two children switch between them."""
    return await service.children(session, runtime, principal)
