"""Corrections of absence reasons in the journal's change audit (J2, J6): by the class
teacher or the lesson's teacher one at a time, or by an absence note for a range of days."""

from uuid import UUID

from okrug_journal.audit.service import recorded_change
from okrug_journal.models import Attendance, LessonProjection, MarkChange

Snapshot = dict[str, str | None]


def snapshot(record: Attendance) -> Snapshot:
    return {"status": record.status, "reason": record.reason}


def change(
    lesson: LessonProjection,
    student_id: UUID,
    old: Snapshot,
    new: Snapshot,
    why: str | None,
    by: UUID,
) -> MarkChange:
    """The change audit's row of one corrected reason, for the session to add with it."""
    return recorded_change(
        "attendance-reason",
        school_id=lesson.school_id,
        lesson_id=lesson.lesson_id,
        student_id=student_id,
        class_id=lesson.class_id,
        subject_id=lesson.subject_id,
        teacher_id=lesson.teacher_id,
        old=old,
        new=new,
        reason=why,
        by=by,
    )
