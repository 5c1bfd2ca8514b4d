"""The shared permission mechanism: a policy's rules, its relations asked of the object, and
the gate an endpoint's signature declares, refusing before the endpoint runs."""

from types import SimpleNamespace
from typing import Annotated
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from okrug_common.auth import Principal
from okrug_common.authz import ANYONE, Gate, Policy, Relation, Relations, Resolver, Rule
from okrug_common.errors import Forbidden, install_problem_handlers
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_LEADERSHIP_ROLES, Role
from okrug_common.testing import FakeVerifier

POLICY = Policy(
    "journal",
    {
        "marks.write": [Rule({Role.TEACHER}, Relation.TEACHER_OF_RECORD)],
        "diary.read": [
            Rule({Role.STUDENT}, Relation.SELF),
            Rule({Role.PARENT}, Relation.GUARDIAN),
            Rule(SCHOOL_LEADERSHIP_ROLES),
        ],
        "calendar.read": [Rule({Role.TEACHER}), Rule(DISTRICT_ROLES, needs_school=False)],
        "me.read": [Rule(ANYONE, needs_school=False)],
        "inbox.own": [Rule(ANYONE)],
    },
)


def principal(*roles: Role, school: UUID | None = None, person: UUID | None = None) -> Principal:
    return Principal(
        subject="s",
        person_id=person or uuid4(),
        school_id=school or uuid4(),
        roles=frozenset(roles),
    )


def schoolless(*roles: Role) -> Principal:
    return Principal(subject="s", person_id=uuid4(), school_id=None, roles=frozenset(roles))


def relations(*held: Relation, asked: list[Relation] | None = None) -> Relations:
    def resolver(relation: Relation) -> Resolver:
        async def holds(_: UUID) -> bool:
            if asked is not None:
                asked.append(relation)
            return relation in held

        return holds

    return {relation: resolver(relation) for relation in Relation}


# --- rules and relations ---------------------------------------------------------------------


async def test_a_role_with_the_required_relation_is_allowed() -> None:
    assert await POLICY.allows(principal(Role.PARENT), "diary.read", relations(Relation.GUARDIAN))


async def test_the_role_alone_is_not_enough_when_a_relation_is_required() -> None:
    assert not await POLICY.allows(principal(Role.PARENT), "diary.read", relations())
    assert not await POLICY.allows(principal(Role.PARENT), "diary.read")
    assert not await POLICY.allows(
        principal(Role.TEACHER), "marks.write", relations(Relation.GUARDIAN)
    )


async def test_the_relation_alone_is_not_enough_without_the_role() -> None:
    """A guardian who signed in as a student reads no child's diary as a parent."""
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


async def test_a_resolver_gets_the_principals_person_and_may_answer_at_once() -> None:
    me, other = uuid4(), uuid4()
    own: Relations = {Relation.SELF: lambda person: person == me}
    assert await POLICY.allows(principal(Role.STUDENT, person=me), "diary.read", own)
    assert not await POLICY.allows(principal(Role.STUDENT, person=other), "diary.read", own)


async def test_a_principal_without_a_person_holds_no_relation() -> None:
    service = Principal("svc", person_id=None, school_id=uuid4(), roles=frozenset({Role.PARENT}))
    assert not await POLICY.allows(service, "diary.read", relations(*Relation))


async def test_school_rules_need_a_token_of_a_school_district_rules_do_not() -> None:
    assert not await POLICY.allows(schoolless(Role.TEACHER), "calendar.read")
    assert await POLICY.allows(schoolless(Role.SUPPORT_AGENT), "calendar.read")
    assert await POLICY.allows(principal(Role.SUPPORT_AGENT), "calendar.read")
    assert not await POLICY.allows(schoolless(), "inbox.own")
    assert await POLICY.allows(principal(), "inbox.own")
    assert await POLICY.allows(schoolless(), "me.read")


async def test_authorize_raises_forbidden_with_its_message() -> None:
    with pytest.raises(Forbidden, match="the lesson's teacher"):
        await POLICY.authorize(
            principal(Role.TEACHER),
            "marks.write",
            relations(),
            message="Only the lesson's teacher.",
        )
    await POLICY.authorize(
        principal(Role.TEACHER), "marks.write", relations(Relation.TEACHER_OF_RECORD)
    )


async def test_an_undeclared_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        await POLICY.allows(principal(Role.DIRECTOR), "marks.delete")
    with pytest.raises(KeyError):
        POLICY.gate("marks.delete")


def test_an_action_without_rules_is_refused_at_declaration() -> None:
    with pytest.raises(ValueError, match=r"marks\.delete"):
        Policy("journal", {"marks.delete": []})


def test_the_relations_a_policy_names() -> None:
    assert POLICY.relations() == {Relation.TEACHER_OF_RECORD, Relation.SELF, Relation.GUARDIAN}


# --- the gate in an endpoint's signature ------------------------------------------------------


def app(verifier: FakeVerifier, ran: list[str]) -> FastAPI:
    made = FastAPI()
    made.state.runtime = SimpleNamespace(verifier=verifier)
    install_problem_handlers(made)

    @made.put("/marks/{mark_id}")
    async def write_mark(
        mark_id: UUID, principal: Annotated[Principal, POLICY.gate("marks.write")]
    ) -> dict[str, str]:
        ran.append(str(mark_id))
        return {"by": str(principal.person_id)}

    @made.get("/calendar")
    async def calendar(principal: Annotated[Principal, POLICY.gate("calendar.read")]) -> str:
        ran.append("calendar")
        return "ok"

    return made


async def call(
    verifier: FakeVerifier, ran: list[str], method: str, path: str, caller: Principal | None
) -> httpx.Response:
    headers = {} if caller is None else {"Authorization": f"Bearer {verifier.token_for(caller)}"}
    transport = httpx.ASGITransport(app=app(verifier, ran))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, headers=headers)


async def test_the_gate_passes_a_principal_whose_role_some_rule_names() -> None:
    verifier, ran = FakeVerifier(), list[str]()
    teacher = principal(Role.TEACHER)
    mark = uuid4()
    answer = await call(verifier, ran, "PUT", f"/marks/{mark}", teacher)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"by": str(teacher.person_id)}
    assert ran == [str(mark)]


async def test_the_gate_refuses_other_roles_before_the_endpoint_or_its_input() -> None:
    verifier, ran = FakeVerifier(), list[str]()
    answer = await call(verifier, ran, "PUT", "/marks/not-a-uuid", principal(Role.PARENT))
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "marks.write" in answer.json()["detail"]
    assert ran == []


async def test_the_gate_refuses_a_school_role_without_a_school() -> None:
    verifier, ran = FakeVerifier(), list[str]()
    answer = await call(verifier, ran, "GET", "/calendar", schoolless(Role.TEACHER))
    assert answer.status_code == 403
    assert "scoped to a school" in answer.json()["detail"]
    district = await call(verifier, ran, "GET", "/calendar", schoolless(Role.WORKING_GROUP_MEMBER))
    assert district.status_code == 200
    assert ran == ["calendar"]


async def test_the_gate_needs_a_token() -> None:
    verifier, ran = FakeVerifier(), list[str]()
    answer = await call(verifier, ran, "GET", "/calendar", None)
    assert answer.status_code == 401
    assert ran == []


def test_a_gate_is_found_in_the_routes_dependencies() -> None:
    routes = [r for r in app(FakeVerifier(), []).routes if getattr(r, "path", "") == "/calendar"]
    [gate] = [d.call for d in routes[0].dependant.dependencies]  # type: ignore[attr-defined]
    assert isinstance(gate, Gate)
    assert (gate.policy, gate.action) == (POLICY, "calendar.read")
