"""Token verification: signature against the issuer's JWKS, issuer, audience, expiry, and
the principal built from Keycloak's claims. The JWKS is served over an in-process HTTP
transport: the issuer is outside the unit under test."""

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


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": ["okrug-api", "account"],
        "sub": str(uuid4()),
        "iat": now,
        "exp": now + 300,
        "azp": "okrug-web",
        "realm_access": {"roles": ["teacher", "class-teacher", "offline_access"]},
        "organization": [str(uuid4())],
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
    assert str(principal.school_id) == payload["organization"][0]
    assert principal.roles == {Role.TEACHER, Role.CLASS_TEACHER}
    assert not principal.is_service


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
