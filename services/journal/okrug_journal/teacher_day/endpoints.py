"""The teacher's day: today's lessons and what is still to be entered (J1, J4)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.dates import require_journal_day
from okrug_journal.teacher_day import service
from okrug_journal.teacher_day.schemas import TeacherDay

router = APIRouter(tags=["teacher-day"])


@router.get("/teacher-day", response_model=TeacherDay)
async def teacher_day(
    session: SessionDep,
    principal: access.TeacherDayReader,
    runtime: RuntimeDep,
    day: Annotated[
        date | None, Query(alias="date", description="The day; today in the school's zone")
    ] = None,
) -> TeacherDay:
    """The caller's own lessons of the day at the token's school (teacher of record, so a
    substitute sees the lessons they substitute), each with what its record still lacks
    (topic, attendance, homework) and when it is due under the school's policy; earlier
    lessons whose edit window is open and which lack a topic or attendance; the classes
    and subjects the caller teaches this academic year. No student's data: counts only."""
    require_journal_day(day, "date")
    return await service.teacher_day(session, runtime, principal, day)
