"""Access tokens: verification against the issuer's JWKS and the typed principal.

A token is accepted only when its signature verifies with a key from the issuer's JWKS
(cached, refreshed when an unknown key id appears), and its issuer, audience and expiry
hold. The principal's school comes from the `organization` claim: exactly one school per
token, so a teacher of two schools works in one school at a time.

The principal's roles (I5): the district roles and `service` from `realm_access.roles`,
plus the school roles the `groups` claim grants at the token's school
(`/schools/<school id>/<role>`, see okrug_common.roles). A school role named in
`realm_access.roles` is ignored (it would hold at every school), and so are the groups of
the person's other schools; a token without a school carries no school role.

Revocation: a verified token is trusted until it expires. When identity removes a role or
a membership it ends the account's Keycloak sessions, so no refresh succeeds and the next
token lacks the role; an access token already issued keeps working until its `exp` (the
realm's access token lifespan, 300 s, plus the verifier's 30 s leeway).
"""

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
import jwt
import structlog

from okrug_common.errors import Forbidden, Unauthenticated
from okrug_common.roles import DISTRICT_ROLES, REALM_ROLES, Role, school_roles_in

log = structlog.get_logger(__name__)

ALGORITHMS = ["RS256", "ES256", "PS256"]
# A refresh triggered by an unknown key id happens at most this often, so a flood of
# forged tokens cannot turn into a flood of JWKS requests.
MIN_REFRESH_INTERVAL_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a person (from a user token) or a platform service (client token)."""

    subject: str
    person_id: UUID | None
    school_id: UUID | None
    roles: frozenset[Role]
    client_id: str | None = None
    token: str = field(default="", repr=False)

    @property
    def is_service(self) -> bool:
        return Role.SERVICE in self.roles

    @property
    def is_district(self) -> bool:
        return bool(self.roles & DISTRICT_ROLES)

    def has_any(self, roles: Iterable[Role]) -> bool:
        return bool(self.roles & frozenset(roles))

    def require_any(self, *roles: Role) -> None:
        if not self.has_any(roles):
            raise Forbidden("Your role does not allow this action.")

    def require_person(self) -> UUID:
        if self.person_id is None:
            raise Forbidden("This action needs a person's token.")
        return self.person_id

    def require_school(self) -> UUID:
        if self.school_id is None:
            raise Forbidden("This action needs a token scoped to a school.")
        return self.school_id


class JwksCache:
    """The issuer's signing keys, fetched over HTTP and cached for `ttl_seconds`."""

    def __init__(self, jwks_url: str, ttl_seconds: int, client: httpx.AsyncClient) -> None:
        self._url = jwks_url
        self._ttl = ttl_seconds
        self._client = client
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> jwt.PyJWK:
        if self._is_stale() or kid not in self._keys:
            await self._refresh(forced=kid not in self._keys)
        try:
            return self._keys[kid]
        except KeyError:
            raise Unauthenticated("The token was signed with an unknown key.") from None

    def _age(self) -> float:
        return float("inf") if self._fetched_at is None else time.monotonic() - self._fetched_at

    def _is_stale(self) -> bool:
        return self._age() > self._ttl

    async def _refresh(self, *, forced: bool) -> None:
        async with self._lock:
            since = self._age()
            if forced and since < MIN_REFRESH_INTERVAL_SECONDS:
                return
            if not forced and since <= self._ttl:
                return
            try:
                response = await self._client.get(self._url, timeout=5.0)
                response.raise_for_status()
                jwks = jwt.PyJWKSet.from_dict(response.json())
            except (httpx.HTTPError, jwt.PyJWKSetError, ValueError) as exc:
                log.warning("jwks_fetch_failed", url=self._url, error=type(exc).__name__)
                if not self._keys:
                    raise Unauthenticated("The token issuer cannot be reached.") from exc
                return
            self._keys = {k.key_id: k for k in jwks.keys if k.key_id}
            self._fetched_at = time.monotonic()


# A verified token is remembered this long at most (and never past its expiry), so a client
# that sends the same token on every request pays for one signature check a minute.
VERIFIED_TTL_SECONDS = 60.0
VERIFIED_MAX = 10_000


class TokenVerifier:
    """Verifies bearer tokens and turns their claims into a `Principal`."""

    def __init__(self, *, issuer: str, audience: str, jwks: JwksCache, leeway: int = 30) -> None:
        self._issuer = issuer
        self._audience = audience
        self._jwks = jwks
        self._leeway = leeway
        self._verified: dict[str, tuple[float, Principal]] = {}

    async def verify(self, token: str) -> Principal:
        remembered = self._verified.get(token)
        if remembered is not None:
            if time.time() < remembered[0]:
                return remembered[1]
            del self._verified[token]
        claims = await self._verified_claims(token)
        principal = principal_from_claims(claims, token)
        self._remember(token, float(claims["exp"]) + self._leeway, principal)
        return principal

    def _remember(self, token: str, expires_at: float, principal: Principal) -> None:
        if len(self._verified) >= VERIFIED_MAX:
            self._verified.clear()
        self._verified[token] = (min(expires_at, time.time() + VERIFIED_TTL_SECONDS), principal)

    async def _verified_claims(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("The bearer token is malformed.") from None
        if header.get("alg") not in ALGORITHMS:
            raise Unauthenticated("The token's signing algorithm is not accepted.")
        key = await self._jwks.key(str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("The token has expired.") from None
        except jwt.InvalidAudienceError:
            raise Unauthenticated("The token is not meant for this API.") from None
        except jwt.InvalidIssuerError:
            raise Unauthenticated("The token comes from an unknown issuer.") from None
        except jwt.PyJWTError:
            raise Unauthenticated("The token is invalid.") from None
        return claims


def principal_from_claims(claims: dict[str, Any], token: str = "") -> Principal:
    school = _school(claims)
    realm_roles = _realm_roles(claims)
    roles = (
        realm_roles
        if school is None
        else realm_roles | school_roles_in(claims.get("groups"), school)
    )
    client_id = claims.get("azp") or claims.get("client_id")
    is_service = Role.SERVICE in roles
    return Principal(
        subject=str(claims["sub"]),
        person_id=None if is_service else _uuid_or_none(claims["sub"]),
        school_id=school,
        roles=roles,
        client_id=str(client_id) if client_id else None,
        token=token,
    )


_REALM_ROLE_NAMES = {r.value: r for r in REALM_ROLES}


def _realm_roles(claims: dict[str, Any]) -> frozenset[Role]:
    """District roles and `service`: the only roles that hold realm-wide."""
    access = claims.get("realm_access")
    raw = access.get("roles") if isinstance(access, dict) else None
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(
        _REALM_ROLE_NAMES[r] for r in raw if isinstance(r, str) and r in _REALM_ROLE_NAMES
    )


def _school(claims: dict[str, Any]) -> UUID | None:
    """The school from the `organization` claim: a list of aliases, or a map alias -> attrs.

    A token naming several schools is refused: the client must ask for one school with the
    `organization:<school id>` scope.
    """
    orgs = claims.get("organization")
    if not orgs:
        return None
    aliases = list(orgs.keys()) if isinstance(orgs, dict) else list(orgs)
    if len(aliases) > 1:
        raise Unauthenticated(
            "The token names several schools; sign in to one school "
            "(scope organization:<school id>)."
        )
    school = _uuid_or_none(aliases[0])
    if school is None:
        raise Unauthenticated("The token's organization is not an Okrug school.")
    return school


def _uuid_or_none(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


async def discover(client: httpx.AsyncClient, issuer: str) -> dict[str, Any]:
    """The issuer's OpenID configuration (jwks_uri, token_endpoint, ...)."""
    response = await client.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=5)
    response.raise_for_status()
    config: dict[str, Any] = response.json()
    return config
