"""The access matrix: every endpoint of every service, every role, every kind of object.

Each service's rows live in a module of this package (identity.py, schedule.py, ...): an
`Endpoint` names the route exactly as in the service's OpenAPI document, builds a request
for a persona and a target, and lists which (persona, target) pairs are allowed. Everything
not allowed must be refused (403, or 404 where row-level security hides the object).

Targets:
    "-"             the endpoint acts on no particular object (a list, a create)
    "own"           the persona's own object (their person, lesson, inbox message, request)
    "same-school"   another person's object in the persona's school
    "other-school"  an object of another school
    "own-child"     the persona's child's object (for a parent)
    "other-child"   another child's object
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.access_matrix.cast import Cast

TARGETS = ("-", "own", "same-school", "other-school", "own-child", "other-child")


@dataclass(frozen=True)
class Request:
    path: str
    body: Any = None  # sent as JSON, or as text when content_type is given (a CSV file)
    content_type: str | None = None


Builder = Callable[[Cast, str, str], Request | None]  # (cast, persona, target) -> request


@dataclass(frozen=True)
class Endpoint:
    service: str
    method: str
    route: str  # as in the OpenAPI document, without the /<service> prefix
    targets: tuple[str, ...]
    build: Builder
    allow: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    success: int = 200

    @property
    def key(self) -> str:
        return f"{self.method} /{self.service}{self.route}"


def allow(
    personas: tuple[str, ...] | list[str] | frozenset[str], *targets: str
) -> frozenset[tuple[str, str]]:
    return frozenset((p, t) for p in personas for t in targets)


# Endpoints that answer without a token by design, with the reason.
PUBLIC: dict[str, str] = {
    "GET /identity/oidc/.well-known/openid-configuration": "local issuer discovery (quick start only)",
    "GET /identity/oidc/jwks": "local issuer signing keys (quick start only)",
    "POST /identity/oidc/token": "local issuer token endpoint (quick start only)",
}
