"""Who may do what in the helpdesk (H1, S3), as the shared policy (okrug_common.authz):
every endpoint takes its principal through the gate of its action (the aliases below); who
closes a request is asked of the same policy once the request is known."""

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from okrug_common.auth import Principal
from okrug_common.authz import Policy, Relation, Rule
from okrug_common.errors import Forbidden
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_STAFF_ROLES, Role
from okrug_helpdesk.models import HelpRequest

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

POLICY = Policy(
    "helpdesk",
    {
        # School staff open requests, in their own school, under one of their own roles.
        "request.open": [Rule(REQUESTERS)],
        # School staff read their own school's requests, the district's roles every school's.
        "request.read": [Rule(REQUESTERS), Rule(DISTRICT_ROLES, needs_school=False)],
        "request.read-every-school": [Rule(DISTRICT_ROLES, needs_school=False)],
        # Support agents and working-group members answer requests of any school.
        "request.answer": [Rule(ANSWERERS, needs_school=False)],
        # The author closes their own request; a support agent closes any.
        "request.close": [
            Rule(REQUESTERS, Relation.AUTHOR),
            Rule({Role.SUPPORT_AGENT}, needs_school=False),
        ],
    },
)

RequestOpener = Annotated[Principal, POLICY.gate("request.open")]
RequestReader = Annotated[Principal, POLICY.gate("request.read")]
RequestAnswerer = Annotated[Principal, POLICY.gate("request.answer")]
RequestCloser = Annotated[Principal, POLICY.gate("request.close")]


@dataclass(frozen=True, slots=True)
class Author:
    school_id: UUID
    person_id: UUID
    role: Role


def author(principal: Principal, role: Role | None = None) -> Author:
    """The request's author: the principal in their school, under the staff role they name
    (one they hold) or else their highest."""
    school_id = principal.require_school()
    person_id = principal.require_person()
    if role is None:
        return Author(
            school_id, person_id, next(r for r in ROLE_PRECEDENCE if r in principal.roles)
        )
    if role not in REQUESTERS or role not in principal.roles:
        raise Forbidden("You do not hold that staff role.")
    return Author(school_id, person_id, role)


async def school_read(principal: Principal) -> UUID | None:
    """The school whose requests the principal reads: None for the whole district's log."""
    if await POLICY.allows(principal, "request.read-every-school"):
        return None
    return principal.require_school()


async def require_closer(principal: Principal, request: HelpRequest) -> None:
    await POLICY.authorize(
        principal,
        "request.close",
        {
            Relation.AUTHOR: lambda person: (
                person == request.author_id and principal.school_id == request.school_id
            )
        },
        message="Only the author or a support agent may close this request.",
    )
