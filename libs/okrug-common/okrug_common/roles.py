"""The roles of docs/REQUIREMENTS-IDS.md (district and school) and how a token carries them.

District roles are Keycloak realm roles: they hold district-wide (`realm_access.roles`).
A school role is held at one school only: it is membership of the Keycloak group
`/schools/<school id>/<role>`, which the realm's group-membership mapper puts, full path,
into the token's `groups` claim (I5). The verifier keeps the school roles of the token's
school (`organization` claim) and drops the others.
"""

from enum import StrEnum
from uuid import UUID


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
# Roles that are realm roles in Keycloak (the token's realm_access.roles).
REALM_ROLES = DISTRICT_ROLES | {Role.SERVICE}
# Roles held at one school (a group per school and role in Keycloak).
SCHOOL_ROLES = frozenset(Role) - REALM_ROLES
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

# The top-level Keycloak group holding a subgroup per school, and one per role below it.
SCHOOLS_GROUP = "schools"


def school_group_of(school_id: UUID) -> str:
    """`/schools/<school id>`: the group of one school's role groups."""
    return f"/{SCHOOLS_GROUP}/{school_id}"


def school_role_group(school_id: UUID, role: str) -> str:
    """`/schools/<school id>/<role>`: membership means holding `role` at that school."""
    return f"{school_group_of(school_id)}/{role}"


def school_roles_in(groups: object, school_id: UUID) -> frozenset[Role]:
    """The school roles that a `groups` claim (full group paths) grants at `school_id`;
    paths of other schools, unknown roles and anything that is not a path are ignored."""
    if not isinstance(groups, list):
        return frozenset()
    prefix = school_group_of(school_id) + "/"
    names = {g.removeprefix(prefix) for g in groups if isinstance(g, str) and g.startswith(prefix)}
    return frozenset(role for role in SCHOOL_ROLES if role.value in names)


def roles_by_school(groups: object) -> dict[UUID, frozenset[Role]]:
    """Every school's roles in a `groups` claim (or Keycloak's group paths of a user)."""
    found: dict[UUID, set[Role]] = {}
    if not isinstance(groups, list):
        return {}
    prefix = f"/{SCHOOLS_GROUP}/"
    school_roles = {r.value: r for r in SCHOOL_ROLES}
    for group in groups:
        if not isinstance(group, str) or not group.startswith(prefix):
            continue
        school, _, role = group.removeprefix(prefix).partition("/")
        try:
            school_id = UUID(school)
        except ValueError:
            continue
        if role in school_roles:
            found.setdefault(school_id, set()).add(school_roles[role])
    return {school: frozenset(roles) for school, roles in found.items()}
