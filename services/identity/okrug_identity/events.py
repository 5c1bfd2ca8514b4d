"""Subjects identity publishes (stream OKRUG_IDENTITY)."""

SCHOOL_CREATED = "okrug.identity.school.created"
PERSON_CREATED = "okrug.identity.person.created"
GUARDIAN_LINKED = "okrug.identity.guardian.linked"
