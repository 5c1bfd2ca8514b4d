"""The roles of REQUIREMENTS.md (district and school), as realm roles in Keycloak."""

from enum import StrEnum


class Role(StrEnum):
    DISTRICT_ADMIN = "district-admin"
    WORKING_GROUP_MEMBER = "working-group-member"
    SUPPORT_AGENT = "support-agent"
    DIRECTOR = "director"
    DEPUTY_DIRECTOR = "deputy-director"
    SCHOOL_ADMIN = "school-admin"
    SECRETARY = "secretary"
    TEACHER = "teacher"
    CLASS_TEACHER = "class-teacher"
    STUDENT = "student"
    PARENT = "parent"
    # Service accounts of the platform's own services (client credentials).
    SERVICE = "service"


DISTRICT_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.WORKING_GROUP_MEMBER, Role.SUPPORT_AGENT})
SCHOOL_STAFF_ROLES = frozenset(
    {
        Role.DIRECTOR,
        Role.DEPUTY_DIRECTOR,
        Role.SCHOOL_ADMIN,
        Role.SECRETARY,
        Role.TEACHER,
        Role.CLASS_TEACHER,
    }
)
SCHOOL_LEADERSHIP_ROLES = frozenset({Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.SCHOOL_ADMIN})
