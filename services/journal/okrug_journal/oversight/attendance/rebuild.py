"""The absence rate's read model rebuilt from the journal's facts (O1, issue 11 point 10) in
two statements: every lesson whose attendance was taken (an attendance fact on time or late,
or an absence recorded) with its students, absent and late counted as read_model.marked
counts them, then the weeks' sums of those lessons. The school's rows only (the transaction
is scoped to it; the statements join on school_id too, so that they use the tenant
tables' indexes, which all lead with it); set-based, so that a school of a term's lessons
rebuilds in seconds."""

from uuid import UUID

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.runtime import Runtime
from okrug_journal.models import (
    LessonProjection,
    OversightAttendanceLesson,
    OversightAttendanceWeek,
)
from okrug_journal.oversight.keeping.read_model import period_of, week_of
from okrug_journal.policy.service import school_policy

LESSONS = text(
    """
    INSERT INTO oversight_attendance_lessons
        (school_id, lesson_id, class_id, grade, week, period, counted, students, absent, late)
    SELECT l.school_id, l.lesson_id, l.class_id, l.class_grade, d.week, d.period, true,
           GREATEST(COALESCE(NULLIF(g.members, 0), c.members, 0), COALESCE(a.recorded, 0)),
           COALESCE(a.absent, 0), COALESCE(a.late, 0)
    FROM lesson_projection l
    JOIN unnest(CAST(:days AS date[]), CAST(:weeks AS date[]), CAST(:periods AS text[]))
        AS d(day, week, period) ON d.day = l.lesson_date
    LEFT JOIN (
        SELECT school_id, lesson_id,
               count(*) FILTER (WHERE status = 'absent') AS absent,
               count(*) FILTER (WHERE status = 'late') AS late,
               count(*) AS recorded
        FROM attendance GROUP BY school_id, lesson_id
    ) a ON a.school_id = l.school_id AND a.lesson_id = l.lesson_id
    LEFT JOIN (
        SELECT school_id, class_id, count(*) AS members
        FROM class_member_projection GROUP BY school_id, class_id
    ) c ON c.school_id = l.school_id AND c.class_id = l.class_id
    LEFT JOIN LATERAL (
        SELECT count(*) AS members FROM group_member_projection m
        WHERE l.group_id IS NOT NULL AND m.school_id = l.school_id AND m.group_id = l.group_id
          AND m.since <= l.lesson_date AND (m.until IS NULL OR m.until > l.lesson_date)
    ) g ON true
    WHERE a.lesson_id IS NOT NULL OR EXISTS (
        SELECT 1 FROM entry_timeliness t
        WHERE t.school_id = l.school_id AND t.lesson_id = l.lesson_id
          AND t.kind = 'attendance'
          AND t.timeliness IN ('on_time', 'late')
    )
    """
)

WEEKS = text(
    """
    INSERT INTO oversight_attendance_weeks
        (school_id, week, period, class_id, grade, lessons, students, absent, late)
    SELECT school_id, week, period, class_id, max(grade), count(*), sum(students),
           sum(absent), sum(late)
    FROM oversight_attendance_lessons
    GROUP BY school_id, week, period, class_id
    """
)


async def rebuild(session: AsyncSession, runtime: Runtime, school_id: UUID) -> int:
    """Replace the school's rows; the lessons counted."""
    policy = await school_policy(session, runtime, school_id)
    await session.execute(delete(OversightAttendanceWeek))
    await session.execute(delete(OversightAttendanceLesson))
    days = sorted(set(await session.scalars(select(LessonProjection.lesson_date).distinct())))
    written = await session.execute(
        LESSONS,
        {
            "days": days,
            "weeks": [week_of(day) for day in days],
            "periods": [period_of(policy, day) for day in days],
        },
    )
    await session.execute(WEEKS)
    return int(written.rowcount)  # type: ignore[attr-defined]
