"""Persona groups the rows of the matrix are written in."""

DISTRICT = ("district-admin", "support-agent", "working-group-member")
LEADERSHIP = ("director", "deputy-director", "school-admin")
STAFF = (*LEADERSHIP, "secretary", "teacher", "other-teacher", "class-teacher")
FAMILY = ("student", "parent")
SCHOOL = (*STAFF, *FAMILY)
EVERYONE = (*DISTRICT, *SCHOOL)
