"""Every endpoint of every service declares in its signature who may call it: a gate of its
service's policy (okrug_common.authz) among the route's dependencies. The endpoints that
answer without a token are named in PUBLIC, each with why (I5)."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts

from okrug_common.authz import Gate, Relation
from okrug_common.http import create_app
from okrug_common.runtime import Runtime, ServiceDefinition
from okrug_helpdesk.main import definition as helpdesk
from okrug_identity.main import definition as identity
from okrug_journal.main import definition as journal
from okrug_notify.main import definition as notify
from okrug_schedule.main import definition as schedule

DEFINITIONS = (identity, schedule, journal, notify, helpdesk)

PUBLIC: dict[str, str] = {
    "GET /identity/oidc/.well-known/openid-configuration": "the local issuer's discovery",
    "GET /identity/oidc/jwks": "the local issuer's signing keys, to verify its tokens",
    "POST /identity/oidc/token": "the local issuer's token endpoint, where tokens come from",
    "GET /docs/oauth2-redirect": "the interactive documentation's sign-in redirect",
}
for _service in (d.name for d in DEFINITIONS):
    PUBLIC |= {
        f"GET /{_service}/healthz": "liveness, for the supervisor",
        f"GET /{_service}/readyz": "readiness, for the supervisor and the load balancer",
        f"GET /{_service}/openapi.json": "the API's description",
        f"GET /{_service}/docs": "the API's interactive documentation",
    }


def _app(definition: ServiceDefinition) -> FastAPI:
    """The service's app as it serves, without starting its runtime (nothing is connected)."""
    return create_app(Runtime(definition, definition.settings_type()))


def _calls(dependant: Dependant) -> Iterator[object]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _routes(app: FastAPI) -> Iterator[tuple[str, list[Gate]]]:
    """Each method and path the app serves, with the gates among its dependencies (the
    app's, its routers' and the endpoint's own, as FastAPI resolves them)."""
    for route in iter_route_contexts(app.routes):
        dependant: Dependant | None = getattr(route, "dependant", None)
        gates = [] if dependant is None else [c for c in _calls(dependant) if isinstance(c, Gate)]
        for method in sorted((route.methods or set()) - {"HEAD"}):
            yield f"{method} {route.path}", gates


ROUTES = {definition.name: dict(_routes(_app(definition))) for definition in DEFINITIONS}


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_every_endpoint_declares_its_gate(service: str) -> None:
    ungated = sorted(key for key, gates in ROUTES[service].items() if not gates)
    assert [key for key in ungated if key not in PUBLIC] == [], "endpoints without a gate"


@pytest.mark.parametrize("service", sorted(ROUTES))
def test_a_services_gates_are_of_its_one_policy(service: str) -> None:
    policies = {id(gate.policy) for gates in ROUTES[service].values() for gate in gates}
    assert len(policies) == 1
    for key, gates in ROUTES[service].items():
        assert all(gate.policy.service == service for gate in gates), key


def test_public_endpoints_exist_and_declare_no_gate() -> None:
    served = {key: gates for routes in ROUTES.values() for key, gates in routes.items()}
    assert sorted(set(PUBLIC) - set(served)) == [], "public endpoints that are not served"
    assert [key for key in PUBLIC if served[key]] == [], "public endpoints with a gate"


def test_every_relation_is_named_by_some_policy() -> None:
    policies = {
        gate.policy for routes in ROUTES.values() for gates in routes.values() for gate in gates
    }
    named = set().union(*(policy.relations() for policy in policies))
    assert sorted(set(Relation) - named) == [], "relations no policy uses"
