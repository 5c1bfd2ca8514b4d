"""Token verification: signature against the issuer's JWKS, issuer, audience, expiry, and
the principal built from Keycloak's claims, its roles narrowed to the token's school (I5).
The JWKS is served over an in-process HTTP transport: the issuer is outside the unit under
test."""

import time
from typing import Any
from uuid import uuid4

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from okrug_common.auth import JwksCache, TokenVerifier
from okrug_common.errors import Unauthenticated
from okrug_common.roles import Role

ISSUER = "http://issuer.test/realms/okrug"
AUDIENCE = "okrug-api"
KID = "key-1"


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def jwks_requests() -> list[httpx.Request]:
    return []


@pytest.fixture
def verifier(signing_key: rsa.RSAPrivateKey, jwks_requests: list[httpx.Request]) -> TokenVerifier:
    public = jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key(), as_dict=True)

    def serve(request: httpx.Request) -> httpx.Response:
        jwks_requests.append(request)
        return httpx.Response(
            200, json={"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(serve))
    return TokenVerifier(
        issuer=ISSUER, audience=AUDIENCE, jwks=JwksCache(f"{ISSUER}/certs", 300, client)
    )


SCHOOL_A = uuid4()
SCHOOL_B = uuid4()


def claims(**overrides: Any) -> dict[str, Any]:
    """A Keycloak access token of a teacher and class teacher at school A who is also the
    school admin of school B (the realm's group-membership mapper lists every school's
    groups; `organization` names the school the token is for)."""
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": ["okrug-api", "account"],
        "sub": str(uuid4()),
        "iat": now,
        "exp": now + 300,
        "azp": "okrug-web",
        "realm_access": {"roles": ["default-roles-okrug", "totp-required", "offline_access"]},
        "groups": [
            f"/schools/{SCHOOL_A}/teacher",
            f"/schools/{SCHOOL_A}/class-teacher",
            f"/schools/{SCHOOL_B}/school-admin",
        ],
        "organization": [str(SCHOOL_A)],
    }
    return base | overrides


def sign(key: rsa.RSAPrivateKey, payload: dict[str, Any], kid: str = KID) -> str:
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


async def test_a_keycloak_token_becomes_a_principal(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    payload = claims()
    principal = await verifier.verify(sign(signing_key, payload))
    assert str(principal.person_id) == payload["sub"]
    assert principal.school_id == SCHOOL_A
    assert principal.roles == {Role.TEACHER, Role.CLASS_TEACHER}
    assert not principal.is_service
    assert not principal.is_district


async def test_the_same_account_with_a_token_of_its_other_school_holds_that_schools_roles(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    principal = await verifier.verify(sign(signing_key, claims(organization=[str(SCHOOL_B)])))
    assert principal.school_id == SCHOOL_B
    assert principal.roles == {Role.SCHOOL_ADMIN}


async def test_a_token_without_a_school_carries_no_school_role(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    """Keycloak leaves `organization` out for an account of two schools that chose none:
    the groups of both schools are in the token, and neither holds."""
    payload = claims()
    del payload["organization"]
    principal = await verifier.verify(sign(signing_key, payload))
    assert principal.school_id is None
    assert principal.roles == frozenset()
    assert principal.person_id is not None


async def test_district_roles_hold_with_or_without_a_school(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    realm = {"roles": ["working-group-member", "offline_access"]}
    with_school = await verifier.verify(sign(signing_key, claims(realm_access=realm)))
    assert with_school.roles == {Role.WORKING_GROUP_MEMBER, Role.TEACHER, Role.CLASS_TEACHER}
    payload = claims(realm_access=realm)
    del payload["organization"]
    without = await verifier.verify(sign(signing_key, payload))
    assert without.roles == {Role.WORKING_GROUP_MEMBER}
    assert without.is_district


async def test_a_school_role_given_as_a_realm_role_holds_nowhere(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    """A realm role would hold at every school of the account: only the school's group
    grants a school role."""
    payload = claims(
        realm_access={"roles": ["school-admin", "director", "teacher"]},
        groups=[f"/schools/{SCHOOL_A}/student"],
    )
    principal = await verifier.verify(sign(signing_key, payload))
    assert principal.roles == {Role.STUDENT}


@pytest.mark.parametrize(
    "groups",
    [
        "/schools/{a}/school-admin",  # a string, not a list
        ["/schools/{a}"],  # the school's own group is no role
        ["/schools/{a}/service", "/schools/{a}/district-admin"],  # not school roles
        ["/schools/{a}/no-such-role", "/schools/{a}/teacher/extra"],
        ["/other/{a}/teacher", "schools/{a}/teacher", "/schools/{a}x/teacher"],
        [{"path": "/schools/{a}/teacher"}, 7, None],
        None,
    ],
)
async def test_groups_that_are_no_school_role_of_the_tokens_school_grant_nothing(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey, groups: Any
) -> None:
    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(a=SCHOOL_A)
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    principal = await verifier.verify(sign(signing_key, claims(groups=fill(groups))))
    assert principal.school_id == SCHOOL_A
    assert principal.roles == frozenset()


async def test_a_service_token_with_a_plain_string_audience_is_accepted(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    payload = claims(
        aud=AUDIENCE, sub="service-account-okrug-journal", realm_access={"roles": ["service"]}
    )
    del payload["organization"]
    principal = await verifier.verify(sign(signing_key, payload))
    assert principal.is_service
    assert principal.person_id is None
    assert principal.school_id is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"iss": "http://issuer.test/realms/master"}, "unknown issuer"),
        ({"aud": ["account"]}, "not meant for this API"),
        ({"exp": int(time.time()) - 120, "iat": int(time.time()) - 600}, "expired"),
    ],
)
async def test_tokens_with_wrong_claims_are_refused(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey, change: dict[str, Any], reason: str
) -> None:
    with pytest.raises(Unauthenticated, match=reason):
        await verifier.verify(sign(signing_key, claims(**change)))


async def test_a_token_signed_by_another_key_is_refused(verifier: TokenVerifier) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Unauthenticated, match="invalid"):
        await verifier.verify(sign(forger, claims()))


async def test_an_unsigned_token_is_refused(verifier: TokenVerifier) -> None:
    unsigned = jwt.encode(claims(), key="", algorithm="none")  # type: ignore[arg-type]
    with pytest.raises(Unauthenticated, match="algorithm"):
        await verifier.verify(unsigned)


async def test_a_token_naming_two_schools_is_refused(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey
) -> None:
    with pytest.raises(Unauthenticated, match="several schools"):
        await verifier.verify(sign(signing_key, claims(organization=[str(uuid4()), str(uuid4())])))


async def test_unknown_key_ids_do_not_hammer_the_issuer(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey, jwks_requests: list[httpx.Request]
) -> None:
    await verifier.verify(sign(signing_key, claims()))
    for _ in range(20):
        with pytest.raises(Unauthenticated):
            await verifier.verify(sign(signing_key, claims(), kid="rotated-away"))
    assert len(jwks_requests) == 1


async def test_a_token_sent_again_is_not_verified_again(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request with the same token reuses the first verification (issue 5,
    Performance): the signature check is not run again."""
    token = sign(signing_key, claims())
    first = await verifier.verify(token)

    def refuse(*_: Any, **__: Any) -> dict[str, Any]:
        raise AssertionError("verified again")

    monkeypatch.setattr(jwt, "decode", refuse)
    assert await verifier.verify(token) == first


async def test_a_remembered_token_is_verified_again_once_it_expires(
    verifier: TokenVerifier, signing_key: rsa.RSAPrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token valid for 5 more seconds (plus the 30 s leeway) is remembered at most until
    then: 40 s later its signature and expiry are checked again (and jwt.decode refuses
    it then, as test_tokens_with_wrong_claims_are_refused shows for expired tokens)."""
    now = time.time()
    token = sign(signing_key, claims(exp=int(now) + 5))
    decoded: list[str] = []
    real_decode = jwt.decode

    def counting(jwt_: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(jwt_)
        return real_decode(jwt_, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    await verifier.verify(token)
    monkeypatch.setattr(time, "time", lambda: now + 33)  # 5 + 30 s not yet over
    await verifier.verify(token)
    assert len(decoded) == 1
    monkeypatch.setattr(time, "time", lambda: now + 40)
    await verifier.verify(token)
    assert len(decoded) == 2
