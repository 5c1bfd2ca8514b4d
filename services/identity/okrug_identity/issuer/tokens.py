"""Access tokens with the claims Keycloak's realm puts in them: sub, realm_access.roles (the
district roles), groups (the school roles as full group paths `/schools/<id>/<role>`, of
every school of the account), organization (school aliases), aud okrug-api, azp."""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import jwt

from okrug_identity.issuer.keys import SigningKey


@dataclass(frozen=True)
class Issuer:
    key: SigningKey
    url: str
    audience: str
    lifetime_seconds: int


def issue(
    issuer: Issuer,
    *,
    subject: str,
    client_id: str,
    roles: Sequence[str],
    schools: Sequence[UUID],
    groups: Sequence[str] = (),
) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer.url,
        "sub": subject,
        "aud": [issuer.audience],
        "azp": client_id,
        "iat": now,
        "exp": now + issuer.lifetime_seconds,
        "jti": str(uuid4()),
        "typ": "Bearer",
        "realm_access": {"roles": list(roles)},
    }
    if groups:
        claims["groups"] = list(groups)
    if schools:
        claims["organization"] = [str(s) for s in schools]
    token = jwt.encode(
        claims, issuer.key.private_key, algorithm="RS256", headers={"kid": issuer.key.kid}
    )
    return {"access_token": token, "token_type": "Bearer", "expires_in": issuer.lifetime_seconds}


def chosen_schools(requested_scope: str, memberships: Sequence[UUID]) -> list[UUID]:
    """The `organization` claim as Keycloak's organization scope fills it: `organization:<id>`
    names that school if the account is its member (none otherwise), `organization:*` every
    one; without a choice, the account's only school, and none for an account of several
    schools."""
    for scope in requested_scope.split():
        if scope == "organization:*":
            return list(memberships)
        if scope.startswith("organization:"):
            wanted = scope.removeprefix("organization:")
            return [s for s in memberships if str(s) == wanted]
    return list(memberships) if len(memberships) == 1 else []
