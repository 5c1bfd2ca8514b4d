"""Subjects the journal publishes (stream OKRUG_JOURNAL) and consumes."""

MARK_RECORDED = "okrug.journal.mark.recorded"
ABSENCE_RECORDED = "okrug.journal.absence.recorded"

LESSON_PLANNED = "okrug.schedule.lesson.planned"
CLASS_MEMBER_ADDED = "okrug.schedule.class.member_added"
GUARDIAN_LINKED = "okrug.identity.guardian.linked"
