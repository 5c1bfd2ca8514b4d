"""Subjects the schedule service publishes (stream OKRUG_SCHEDULE)."""

LESSON_PLANNED = "okrug.schedule.lesson.planned"
CLASS_MEMBER_ADDED = "okrug.schedule.class.member_added"
