"""Who may call what: one permission mechanism for every service (I5).

A service declares its policy as data in its `access.py`: for each action, the rules that
allow it. A rule names roles (or ANYONE: whoever holds a valid token) and, optionally, the
relation the principal must have to the object (guardian of the student, teacher of record
of the lesson, ...). A rule holds only with a token scoped to a school, unless it says
`needs_school=False` (the district's roles, which hold district-wide).

    POLICY = Policy("journal", {
        "lesson.write": [Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD)],
        "student.read": [
            Rule({Role.STUDENT}, Relation.SELF),
            Rule({Role.PARENT}, Relation.GUARDIAN),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        "calendar.read": [Rule(SCHOOL_STAFF_ROLES), Rule(DISTRICT_ROLES, needs_school=False)],
    })
    LessonWriter = Annotated[Principal, POLICY.gate("lesson.write")]

Declaring a new endpoint's gate:

1. Name its action in the service's POLICY (access.py), with the rules that allow it; an
   action with a relation says in its rules which relation.
2. Take the principal through the action's gate in the endpoint's signature, `principal:
   Annotated[Principal, POLICY.gate("lesson.write")]` or a named alias of it in access.py
   (`principal: access.LessonWriter`). The gate answers 401 without a valid token and 403,
   before anything is read or validated, when no rule of the action names a role the
   principal holds (with a school, when the rule needs one). An endpoint without a gate
   fails tests/test_gates.py; one that answers without a token is listed there, with why.
3. When the rule that admitted the principal names a relation, the endpoint (or its service
   function) asks `await POLICY.authorize(principal, action, relations)` once it has the
   object, where `relations` maps each relation to a resolver reading the service's
   projections: access.py builds them per kind of object (a lesson, a student, a class).
   Relations are asked lazily, only for rules whose roles the principal holds, each once.
"""

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Final
from uuid import UUID

import structlog
from fastapi import Depends, params

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.http import current_principal
from okrug_common.roles import Role

log = structlog.get_logger(__name__)


class Relation(StrEnum):
    """What a person is to an object, answered from the service's projections."""

    SELF = "self"  # the object is the principal's own (their person, their own log)
    GUARDIAN = "guardian"  # a guardian of the student
    TEACHER_OF_RECORD = "teacher-of-record"  # teaches the lesson (the substitute, if any)
    PLANNED_TEACHER = "planned-teacher"  # was planned to teach the lesson (a substitute's)
    TEACHES_CLASS = "teaches-class"  # teaches the class the subject (some lesson of it)
    CLASS_TEACHER = "class-teacher"  # class teacher of the class (of the student's class)
    GRADE_LEVEL_DEPUTY = "grade-level-deputy"  # deputy responsible for the grade level
    AUTHOR = "author"  # wrote the object (a helpdesk request)


# A resolver says whether the person (the principal's person id) has one relation to one
# object; it may read the service's projections (then it returns an awaitable).
Resolver = Callable[[UUID], bool | Awaitable[bool]]
Relations = Mapping[Relation, Resolver]

# Rule(ANYONE): whoever holds a valid token, whatever their roles (none included).
ANYONE: Final = None


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role] | None
    relation: Relation | None = None
    needs_school: bool = True

    def __init__(
        self,
        roles: Iterable[Role] | None,
        relation: Relation | None = None,
        *,
        needs_school: bool = True,
    ) -> None:
        object.__setattr__(self, "roles", None if roles is None else frozenset(roles))
        object.__setattr__(self, "relation", relation)
        object.__setattr__(self, "needs_school", needs_school)

    def names_a_role_of(self, principal: Principal) -> bool:
        return self.roles is None or bool(principal.roles & self.roles)

    def admits(self, principal: Principal) -> bool:
        """The principal's roles (and school, when needed) fit; the relation is not asked."""
        if self.needs_school and principal.school_id is None:
            return False
        return self.names_a_role_of(principal)


NO_RELATIONS: Relations = {}


class Policy:
    def __init__(self, service: str, rules: Mapping[str, Sequence[Rule]]) -> None:
        for action, action_rules in rules.items():
            if not action_rules:
                raise ValueError(f"{service}: action {action!r} has no rule")
        self.service = service
        self.rules = {action: tuple(action_rules) for action, action_rules in rules.items()}
        self._gates: dict[str, params.Depends] = {}

    def _rules_of(self, action: str) -> tuple[Rule, ...]:
        try:
            return self.rules[action]
        except KeyError:
            raise KeyError(f"{self.service}: no policy for action {action!r}") from None

    def relations(self) -> frozenset[Relation]:
        """Every relation some rule names."""
        return frozenset(
            rule.relation
            for rules in self.rules.values()
            for rule in rules
            if rule.relation is not None
        )

    def admits(self, principal: Principal, action: str) -> bool:
        """The gate's question: does some rule of the action fit the principal's roles (and
        school)? Relations are asked later, of the object, by `allows`."""
        return any(rule.admits(principal) for rule in self._rules_of(action))

    async def allows(
        self, principal: Principal, action: str, relations: Relations = NO_RELATIONS
    ) -> bool:
        """Does some rule allow the action on the object whose `relations` are given? With
        no relations, only rules without a relation can: the action on any object."""
        person = principal.person_id
        asked: dict[Relation, bool] = {}
        for rule in self._rules_of(action):
            if not rule.admits(principal):
                continue
            if rule.relation is None:
                return True
            if person is None:
                continue
            if rule.relation not in asked:
                asked[rule.relation] = await _holds(relations.get(rule.relation), person)
            if asked[rule.relation]:
                return True
        return False

    async def authorize(
        self,
        principal: Principal,
        action: str,
        relations: Relations = NO_RELATIONS,
        *,
        message: str = "You may not do this.",
    ) -> None:
        """Raise Forbidden unless a rule allows the action; refusals are logged by id only."""
        if not await self.allows(principal, action, relations):
            _log_refusal(self, principal, action)
            raise Forbidden(message)

    def gate(self, action: str) -> params.Depends:
        """The dependency to annotate an endpoint's principal with:
        `principal: Annotated[Principal, POLICY.gate("lesson.write")]`."""
        self._rules_of(action)  # an unknown action fails when the module is imported
        if action not in self._gates:
            self._gates[action] = Depends(Gate(self, action))
        return self._gates[action]


class Gate:
    """An action's gate: a FastAPI dependency giving the endpoint its principal once some rule
    of the action fits the principal's roles, refusing (403) otherwise. Tests find gates in
    each route's dependencies by this type."""

    def __init__(self, policy: Policy, action: str) -> None:
        self.policy = policy
        self.action = action
        self.__name__ = f"gate_{action.replace('.', '_').replace('-', '_')}"

    async def __call__(
        self, principal: Annotated[Principal, Depends(current_principal)]
    ) -> Principal:
        if self.policy.admits(principal, self.action):
            return principal
        _log_refusal(self.policy, principal, self.action)
        if principal.school_id is None and any(
            rule.names_a_role_of(principal) for rule in self.policy.rules[self.action]
        ):
            raise Forbidden("This action needs a token scoped to a school.")
        raise Forbidden(f"Your role does not allow this action ({self.action}).")

    def __repr__(self) -> str:
        return f"Gate({self.policy.service}: {self.action})"


def _log_refusal(policy: Policy, principal: Principal, action: str) -> None:
    log.info("access_refused", service=policy.service, action=action, subject=principal.subject)


async def _holds(resolver: Resolver | None, person: UUID) -> bool:
    """A relation the object has no resolver for does not hold."""
    if resolver is None:
        return False
    answer = resolver(person)
    if inspect.isawaitable(answer):
        return bool(await answer)
    return bool(answer)
