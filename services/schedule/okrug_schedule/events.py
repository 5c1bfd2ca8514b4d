"""Subjects the schedule service publishes (stream OKRUG_SCHEDULE)."""

LESSON_PLANNED = "okrug.schedule.lesson.planned"
LESSON_MOVED = "okrug.schedule.lesson.moved"
LESSON_CANCELLED = "okrug.schedule.lesson.cancelled"
TIMETABLE_PUBLISHED = "okrug.schedule.timetable.published"
SUBSTITUTION_SET = "okrug.schedule.substitution.set"
SUBSTITUTION_REMOVED = "okrug.schedule.substitution.removed"
TEACHING_LOAD_CHANGED = "okrug.schedule.teaching_load.changed"
CLASS_MEMBER_ADDED = "okrug.schedule.class.member_added"
CLASS_TEACHER_ASSIGNED = "okrug.schedule.class.teacher_assigned"
CLASS_MEMBERSHIP_CHANGED = "okrug.schedule.class.membership_changed"
GROUP_MEMBERSHIP_CHANGED = "okrug.schedule.group.membership_changed"
YEAR_CLOSED = "okrug.schedule.year.closed"

# Lessons per TimetablePublished event: a year of one class is about a thousand lessons.
LESSONS_PER_EVENT = 250
