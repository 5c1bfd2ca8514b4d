"""Who may do what in the helpdesk (H1, S3). Every endpoint calls one of these."""

from dataclasses import dataclass
from uuid import UUID

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.roles import SCHOOL_STAFF_ROLES, Role

REQUESTERS = SCHOOL_STAFF_ROLES
ANSWERERS = frozenset({Role.SUPPORT_AGENT, Role.WORKING_GROUP_MEMBER})
# The role a request is logged under when the author holds several (highest first).
ROLE_PRECEDENCE = (
    Role.DIRECTOR,
    Role.DEPUTY_DIRECTOR,
    Role.SCHOOL_ADMIN,
    Role.SECRETARY,
    Role.CLASS_TEACHER,
    Role.TEACHER,
)


@dataclass(frozen=True, slots=True)
class Author:
    school_id: UUID
    person_id: UUID
    role: Role


def require_requester(principal: Principal, role: Role | None = None) -> Author:
    """School staff open requests, in their own school, under one of their own roles."""
    school_id = principal.require_school()
    person_id = principal.require_person()
    if not principal.has_any(REQUESTERS):
        raise Forbidden("Only school staff may open a request.")
    if role is not None:
        if role not in REQUESTERS or role not in principal.roles:
            raise Forbidden("You do not hold that staff role.")
        return Author(school_id, person_id, role)
    chosen = next(r for r in ROLE_PRECEDENCE if r in principal.roles)
    return Author(school_id, person_id, chosen)


def require_reader(principal: Principal) -> UUID | None:
    """District roles read the whole district's log (None: every school); school staff read
    their own school's requests (that school)."""
    if principal.is_district:
        return None
    school_id = principal.require_school()
    if not principal.has_any(REQUESTERS):
        raise Forbidden("Only school staff and district roles may read requests.")
    return school_id


def require_answerer(principal: Principal) -> UUID:
    """Support agents and working-group members answer requests of any school."""
    if not principal.has_any(ANSWERERS):
        raise Forbidden("Only support agents and the working group answer requests.")
    return principal.require_person()


def require_closer(principal: Principal, author_id: UUID, school_id: UUID) -> UUID:
    """The author closes their own request; a support agent closes any."""
    person_id = principal.require_person()
    if Role.SUPPORT_AGENT in principal.roles:
        return person_id
    if person_id == author_id and principal.school_id == school_id:
        return person_id
    raise Forbidden("Only the author or a support agent may close this request.")
