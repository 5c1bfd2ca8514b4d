"""CSV imports. The body is the file itself (text/csv, UTF-8, comma or semicolon separated,
a header row first); a bad file is a 422 whose `errors` name each bad row and column."""

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.imports import service
from okrug_schedule.imports.schemas import (
    CSV_BODY,
    ImportedClasses,
    ImportedStudents,
    ImportedTimetables,
)
from okrug_schedule.time import school_today

router = APIRouter(prefix="/imports", tags=["imports"])


@router.post(
    "/classes",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportedClasses,
    openapi_extra=CSV_BODY,
)
async def import_classes(
    request: Request,
    principal: access.StructureWriter,
    session: SessionDep,
    runtime: RuntimeDep,
    year_id: UUID | None = None,
) -> ImportedClasses:
    """Columns: grade, letter, class_teacher_id (optional)."""
    created = await service.import_classes(
        session,
        runtime.channels["identity"],
        principal,
        await request.body(),
        year_id,
        school_today(runtime, principal.school_id),
    )
    return ImportedClasses(created=len(created), class_ids=[c.id for c in created])


@router.post(
    "/students",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportedStudents,
    openapi_extra=CSV_BODY,
)
async def import_students(
    request: Request,
    principal: access.RosterWriter,
    session: SessionDep,
    runtime: RuntimeDep,
    year_id: UUID | None = None,
) -> ImportedStudents:
    """Columns: student_id, class (e.g. 5А), since (optional, YYYY-MM-DD)."""
    added = await service.import_students(
        session,
        runtime.channels["identity"],
        principal,
        await request.body(),
        year_id,
        school_today(runtime, principal.school_id),
    )
    return ImportedStudents(added=added)


@router.post(
    "/timetable",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportedTimetables,
    openapi_extra=CSV_BODY,
)
async def import_timetable(
    request: Request,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
    valid_from: date,
    valid_to: date,
    bell_schedule_id: UUID | None = None,
    year_id: UUID | None = None,
) -> ImportedTimetables:
    """Columns: class, weekday (1-7 or пн..вс), period, subject, teacher_id, room, group."""
    created = await service.import_timetable(
        session,
        runtime.channels["identity"],
        principal,
        await request.body(),
        valid_from=valid_from,
        valid_to=valid_to,
        bell_schedule_id=bell_schedule_id,
        year_id=year_id,
        today=school_today(runtime, principal.school_id),
    )
    return ImportedTimetables(timetable_ids=created)
