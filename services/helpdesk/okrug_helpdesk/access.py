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
        # The desk logs a call, visit, e-mail or chat on the caller's behalf, for any school.
        "request.log": [Rule(ANSWERERS, needs_school=False)],
        # School staff read their own school's requests, the district's roles every school's.
        "request.read": [Rule(REQUESTERS), Rule(DISTRICT_ROLES, needs_school=False)],
        "request.read-every-school": [Rule(DISTRICT_ROLES, needs_school=False)],
        # The thread: the school's staff (their own school's requests) and the desk.
        "request.write": [Rule(REQUESTERS), Rule(ANSWERERS, needs_school=False)],
        # Support agents and working-group members answer, assign and move requests of any
        # school.
        "request.answer": [Rule(ANSWERERS, needs_school=False)],
        # The author closes their own request; the desk closes any.
        "request.close": [
            Rule(REQUESTERS, Relation.AUTHOR),
            Rule(ANSWERERS, needs_school=False),
        ],
        # The school's staff reopen their school's request when the answer did not help.
        "request.reopen": [Rule(REQUESTERS)],
    },
)

RequestOpener = Annotated[Principal, POLICY.gate("request.open")]
RequestLogger = Annotated[Principal, POLICY.gate("request.log")]
RequestReader = Annotated[Principal, POLICY.gate("request.read")]
RequestWriter = Annotated[Principal, POLICY.gate("request.write")]
RequestAnswerer = Annotated[Principal, POLICY.gate("request.answer")]
RequestCloser = Annotated[Principal, POLICY.gate("request.close")]
RequestReopener = Annotated[Principal, POLICY.gate("request.reopen")]


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


async def is_desk(principal: Principal) -> bool:
    """Does the principal write to threads as the district's desk (else as the school)?"""
    return await POLICY.allows(principal, "request.answer")


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
        message="Only the author or the district's desk may close this request.",
    )
