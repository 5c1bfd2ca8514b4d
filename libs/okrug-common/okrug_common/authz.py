"""One way for every service to say "this principal may do this to this object" (I5).

A service declares its policy as data: for each action, the rules that allow it. A rule
names roles and, optionally, the relation the principal must have to the object (guardian
of the student, teacher of record of the lesson, ...). The service answers relation
questions from its own projections (fed by identity's and schedule's events); relations are
asked lazily, only for rules whose roles the principal holds.

    POLICY = Policy("journal", {
        "marks.write": [Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD)],
        "diary.read": [Rule({Role.STUDENT}, Relation.SELF), Rule({Role.PARENT}, Relation.GUARDIAN),
                       Rule(SCHOOL_LEADERSHIP_ROLES)],
    })
    await POLICY.authorize(principal, "diary.read", relations)
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import structlog

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.roles import Role

log = structlog.get_logger(__name__)


class Relation(StrEnum):
    SELF = "self"  # the object is the principal's own (their marks, their inbox)
    GUARDIAN = "guardian"  # the principal is a guardian of the student
    TEACHER_OF_RECORD = "teacher-of-record"  # teaches the lesson (the substitute, if any)
    TEACHES_CLASS = "teaches-class"  # teaches some subject to the student's class or group
    CLASS_TEACHER = "class-teacher"  # class teacher of the student's class
    GRADE_LEVEL_DEPUTY = "grade-level-deputy"  # deputy responsible for the class's grade level
    AUTHOR = "author"  # wrote the object (a helpdesk request)


RelationCheck = Callable[[Relation], Awaitable[bool]]


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    relation: Relation | None = None

    def __init__(self, roles: Iterable[Role], relation: Relation | None = None) -> None:
        object.__setattr__(self, "roles", frozenset(roles))
        object.__setattr__(self, "relation", relation)


async def _no_relations(_: Relation) -> bool:
    return False


class Policy:
    def __init__(self, service: str, rules: Mapping[str, Sequence[Rule]]) -> None:
        self.service = service
        self.rules = dict(rules)

    async def allows(
        self, principal: Principal, action: str, relations: RelationCheck = _no_relations
    ) -> bool:
        rules = self.rules.get(action)
        if rules is None:
            raise KeyError(f"{self.service}: no policy for action {action!r}")
        asked: dict[Relation, bool] = {}
        for rule in rules:
            if not principal.roles & rule.roles:
                continue
            if rule.relation is None:
                return True
            if rule.relation not in asked:
                asked[rule.relation] = await relations(rule.relation)
            if asked[rule.relation]:
                return True
        return False

    async def authorize(
        self,
        principal: Principal,
        action: str,
        relations: RelationCheck = _no_relations,
        *,
        message: str = "You may not do this.",
    ) -> None:
        """Raise Forbidden unless a rule allows the action; refusals are logged by id only."""
        if not await self.allows(principal, action, relations):
            log.info("access_refused", action=action, subject=principal.subject)
            raise Forbidden(message)

    def roles_for(self, action: str) -> frozenset[Role]:
        """Every role some rule of the action names (for documentation and the matrix)."""
        return frozenset(role for rule in self.rules[action] for role in rule.roles)
