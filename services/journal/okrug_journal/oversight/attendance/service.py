"""The absence rate's figures (O1) read from its weeks' sums: per school for the district's
dashboard. The sums are per class, not per subject: a figure filtered by a subject has no
absence rate (None) rather than every subject's."""

from uuid import UUID

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_journal.models import OversightAttendanceWeek as W
from okrug_journal.oversight.attendance.schemas import AttendanceCounts, attendance_counts
from okrug_journal.oversight.keeping.read_model import week_of
from okrug_journal.oversight.keeping.schemas import Filters
from okrug_journal.oversight.scope import Viewer


def _where(filters: Filters, viewer: Viewer) -> list[ColumnElement[bool]]:
    where = [viewer.grade_filter(W.grade)]
    if filters.period:
        where.append(W.period == filters.period)
    if filters.grade:
        where.append(W.grade == filters.grade)
    if filters.week_from:
        where.append(W.week >= week_of(filters.week_from))
    if filters.week_to:
        where.append(W.week <= week_of(filters.week_to))
    return where


async def per_school(
    session: AsyncSession, viewer: Viewer, filters: Filters
) -> dict[UUID, AttendanceCounts]:
    """Each school's attendance counts under the filters (none under a subject's)."""
    if filters.subject_id is not None:
        return {}
    rows = await session.execute(
        select(
            W.school_id,
            func.sum(W.lessons),
            func.sum(W.students),
            func.sum(W.absent),
            func.sum(W.late),
        )
        .where(*_where(filters, viewer))
        .group_by(W.school_id)
    )
    return {
        school_id: attendance_counts(int(lessons), int(students), int(absent), int(late))
        for school_id, lessons, students, absent, late in rows
    }
