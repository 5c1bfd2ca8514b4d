from uuid import UUID

from fastapi import APIRouter, Response, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_schedule import access
from okrug_schedule.models import Timetable, TimetableStatus
from okrug_schedule.time import school_today, school_zone
from okrug_schedule.timetables import service
from okrug_schedule.timetables.schemas import (
    EntryRead,
    TimetableCreate,
    TimetableEnd,
    TimetableEntries,
    TimetableRead,
)

router = APIRouter(prefix="/timetables", tags=["timetables"])


async def timetable_read(session: SessionDep, timetable: Timetable) -> TimetableRead:
    entries = await service.entries_of(session, timetable.id)
    return TimetableRead(
        id=timetable.id,
        class_id=timetable.class_id,
        year_id=timetable.year_id,
        bell_schedule_id=timetable.bell_schedule_id,
        valid_from=timetable.valid_from,
        valid_to=timetable.valid_to,
        status=TimetableStatus(timetable.status),
        published_at=timetable.published_at,
        publish_deadline=timetable.publish_deadline,
        published_late=timetable.published_late,
        lessons_generated=timetable.lessons_generated,
        entries=[
            EntryRead(
                id=e.id,
                weekday=e.weekday,
                period=e.period,
                subject_id=e.subject_id,
                teacher_id=e.teacher_id,
                room_id=e.room_id,
                group_id=e.group_id,
            )
            for e in entries
        ],
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TimetableRead)
async def create_draft(
    data: TimetableCreate,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> TimetableRead:
    """Draft a class's weekly timetable over a date range (S6)."""
    timetable = await service.create_draft(session, runtime.channels["identity"], principal, data)
    return await timetable_read(session, timetable)


@router.get("", response_model=list[TimetableRead])
async def list_timetables(
    principal: access.StructureReader,
    session: SessionDep,
    class_id: UUID | None = None,
    year_id: UUID | None = None,
) -> list[TimetableRead]:
    return [
        await timetable_read(session, t)
        for t in await service.list_timetables(session, class_id, year_id)
    ]


@router.get("/{timetable_id}", response_model=TimetableRead)
async def get_timetable(
    timetable_id: UUID, principal: access.StructureReader, session: SessionDep
) -> TimetableRead:
    return await timetable_read(session, await service.get_timetable(session, timetable_id))


@router.put("/{timetable_id}/entries", response_model=TimetableRead)
async def replace_entries(
    timetable_id: UUID,
    data: TimetableEntries,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> TimetableRead:
    timetable = await service.replace_entries(
        session, runtime.channels["identity"], principal, timetable_id, data.entries
    )
    return await timetable_read(session, timetable)


@router.delete("/{timetable_id}", status_code=204)
async def delete_draft(
    timetable_id: UUID, principal: access.TimetableWriter, session: SessionDep
) -> Response:
    await service.delete_draft(session, principal, timetable_id)
    return Response(status_code=204)


@router.post("/{timetable_id}/publish", response_model=TimetableRead)
async def publish(
    timetable_id: UUID,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> TimetableRead:
    """Publish: generate the dated lessons of the range, skipping holidays. Late publishing
    (after two days before the study period starts) is allowed and recorded."""
    zone = school_zone(runtime, principal.school_id)
    today = school_today(runtime, principal.school_id)
    published = await service.publish(session, principal, timetable_id, zone, today)
    return await timetable_read(session, published.timetable)


@router.post("/{timetable_id}/end", response_model=TimetableRead)
async def end(
    timetable_id: UUID,
    data: TimetableEnd,
    principal: access.TimetableWriter,
    session: SessionDep,
    runtime: RuntimeDep,
) -> TimetableRead:
    """End a published timetable after a day, so a new one can take over: its lessons after
    that day are removed (and the journal told)."""
    zone = school_zone(runtime, principal.school_id)
    today = school_today(runtime, principal.school_id)
    ended, _ = await service.end(session, principal, timetable_id, data.last_day, zone, today)
    return await timetable_read(session, ended)
