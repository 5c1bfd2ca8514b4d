from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.models import ChangeKind
from okrug_schedule.substitutions import service
from okrug_schedule.substitutions.schemas import ChangeRead, SubstitutionSummary, TeacherSummary
from okrug_schedule.time import school_today

router = APIRouter(prefix="/substitutions", tags=["substitutions"])


@router.get("", response_model=list[ChangeRead])
async def substitution_log(
    principal: access.SubstitutionLogReader,
    session: SessionDep,
    period_id: UUID | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    teacher_id: UUID | None = None,
    kind: ChangeKind | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> list[ChangeRead]:
    """Changes of lessons dated within a study period (or dates), optionally of one teacher
    (planned, replaced or substituting). Teachers read their own."""
    teacher_id = await access.substitution_log_teacher(principal, teacher_id)
    first, last = await service.period_range(session, period_id, date_from, date_to)
    rows = await service.log(session, first, last, teacher_id, kind, limit)
    return [
        ChangeRead(
            id=change.id,
            lesson_id=lesson.id,
            kind=ChangeKind(change.kind),
            lesson_date=lesson.lesson_date,
            class_id=lesson.class_id,
            subject_id=lesson.subject_id,
            planned_teacher_id=lesson.planned_teacher_id,
            teacher_before=change.teacher_before,
            teacher_after=change.teacher_after,
            starts_before=change.starts_before,
            starts_after=change.starts_after,
            reason=change.reason,
            changed_by=change.changed_by,
            changed_at=change.changed_at,
        )
        for change, lesson in rows
    ]


@router.get("/summary", response_model=SubstitutionSummary)
async def substitution_summary(
    principal: access.SubstitutionLogReader,
    session: SessionDep,
    runtime: RuntimeDep,
    period_id: UUID | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    teacher_id: UUID | None = None,
    as_of: date | None = Query(default=None, description="Count lessons up to this date; today"),
) -> SubstitutionSummary:
    """Per teacher: lessons held, substituted (taught for another), replaced (given to a
    substitute) and cancelled, over a study period up to today."""
    teacher_id = await access.substitution_log_teacher(principal, teacher_id)
    first, last = await service.period_range(session, period_id, date_from, date_to)
    last = min(last, as_of or school_today(runtime, principal.school_id))
    counts = await service.summary(session, first, last, teacher_id) if last >= first else {}
    return SubstitutionSummary(
        date_from=first,
        date_to=last,
        teachers=[
            TeacherSummary(teacher_id=teacher, **values)
            for teacher, values in sorted(counts.items(), key=lambda item: str(item[0]))
        ],
    )
