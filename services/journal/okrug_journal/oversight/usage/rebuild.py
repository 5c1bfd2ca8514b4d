"""Usage (O4) recomputed: the absence-reason work from the journal's change audit and
absence notes, the counts from the school's record of who did what. Lesson entries and
diary reads have no other record than usage_actors itself (the entries' facts name the
lesson's teacher, not who entered them, until every fact keeps its `entered_by`)."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.models import AbsenceNote, MarkChange
from okrug_journal.oversight.usage import service
from okrug_journal.oversight.usage.service import Activity


async def rebuild(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """The school's counts again; the rows (school, day, kind of work) it wrote."""
    corrections = await session.execute(
        select(MarkChange.changed_by, MarkChange.changed_at).where(
            MarkChange.school_id == school_id, MarkChange.kind == "attendance-reason"
        )
    )
    notes = await session.execute(
        select(AbsenceNote.created_by, AbsenceNote.created_at).where(
            AbsenceNote.school_id == school_id
        )
    )
    for person, moment in [*corrections.all(), *notes.all()]:
        day = await service.school_day(session, runtime, school_id, moment)
        await service.note(session, school_id, day, Activity.ABSENCE_REASONS, person)
    return await service.recount(session, school_id)
