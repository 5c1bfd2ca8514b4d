"""Subjects identity publishes (stream OKRUG_IDENTITY)."""

SCHOOL_CREATED = "okrug.identity.school.created"
SCHOOL_PROFILE_UPDATED = "okrug.identity.school.profile_updated"
PERSON_CREATED = "okrug.identity.person.created"
PERSON_ROLES_GRANTED = "okrug.identity.person.roles_granted"
GUARDIAN_LINKED = "okrug.identity.guardian.linked"
CONSENT_RECORDED = "okrug.identity.consent.recorded"
CONSENT_WITHDRAWN = "okrug.identity.consent.withdrawn"
CREDENTIALS_ISSUED = "okrug.identity.credentials.issued"
STUDENT_ENROLLED = "okrug.identity.student.enrolled"
STUDENT_TRANSFERRED = "okrug.identity.student.transferred"
STUDENT_WITHDRAWN = "okrug.identity.student.withdrawn"

# What identity consumes (schedule's facts about classes).
SCHEDULE_CLASS_MEMBER_ADDED = "okrug.schedule.class.member_added"
# ClassTeacherAssigned{context, class_id, teacher_id}:
# an empty teacher_id clears the class teacher.
SCHEDULE_CLASS_TEACHER_ASSIGNED = "okrug.schedule.class.teacher_assigned"
