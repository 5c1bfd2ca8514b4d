from uuid import uuid4

import pytest

from okrug_common.auth import Principal
from okrug_common.authz import Policy, Relation, Rule
from okrug_common.errors import Forbidden
from okrug_common.roles import SCHOOL_LEADERSHIP_ROLES, Role

POLICY = Policy(
    "journal",
    {
        "marks.write": [Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD)],
        "diary.read": [
            Rule({Role.STUDENT}, Relation.SELF),
            Rule({Role.PARENT}, Relation.GUARDIAN),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
    },
)


def principal(*roles: Role) -> Principal:
    return Principal(subject="s", person_id=uuid4(), school_id=uuid4(), roles=frozenset(roles))


def relations(*held: Relation, asked: list[Relation] | None = None):  # type: ignore[no-untyped-def]
    async def check(relation: Relation) -> bool:
        if asked is not None:
            asked.append(relation)
        return relation in held

    return check


async def test_a_role_with_the_required_relation_is_allowed() -> None:
    assert await POLICY.allows(principal(Role.PARENT), "diary.read", relations(Relation.GUARDIAN))


async def test_the_role_alone_is_not_enough_when_a_relation_is_required() -> None:
    assert not await POLICY.allows(principal(Role.PARENT), "diary.read", relations())
    assert not await POLICY.allows(
        principal(Role.TEACHER), "marks.write", relations(Relation.GUARDIAN)
    )


async def test_the_relation_alone_is_not_enough_without_the_role() -> None:
    """A director who is also a parent reads their child's diary as a parent only if they hold the role."""
    assert not await POLICY.allows(
        principal(Role.STUDENT), "diary.read", relations(Relation.GUARDIAN)
    )


async def test_rules_without_relation_allow_the_role_outright() -> None:
    asked: list[Relation] = []
    assert await POLICY.allows(principal(Role.DIRECTOR), "diary.read", relations(asked=asked))
    assert asked == []


async def test_relations_are_asked_only_for_rules_of_the_principals_roles() -> None:
    asked: list[Relation] = []
    await POLICY.allows(principal(Role.PARENT), "diary.read", relations(asked=asked))
    assert asked == [Relation.GUARDIAN]


async def test_authorize_raises_forbidden() -> None:
    with pytest.raises(Forbidden):
        await POLICY.authorize(principal(Role.TEACHER), "marks.write", relations())


async def test_an_undeclared_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        await POLICY.allows(principal(Role.DIRECTOR), "marks.delete")
