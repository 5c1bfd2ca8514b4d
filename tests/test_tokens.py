"""Every service refuses requests without a valid token from the district's realm: no token,
a forged signature, a token for another audience, a token of another realm."""

import time
import uuid
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from okrug_local import keycloak
from okrug_local.platform import Platform
from tests.support import District

PROTECTED = {
    "identity": "/me",
    "schedule": "/classes",
    "journal": f"/students/{uuid.uuid4()}/marks",
    "notify": "/inbox",
    "helpdesk": "/requests",
}


def _realm_kid(platform: Platform) -> str:
    jwks = httpx.get(f"{platform.issuer.url}/protocol/openid-connect/certs").json()
    return next(k["kid"] for k in jwks["keys"] if k.get("use") == "sig" and k["alg"] == "RS256")


def _forged(platform: Platform) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": platform.issuer.url,
        "aud": ["okrug-api"],
        "sub": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 300,
        "realm_access": {"roles": ["district-admin", "school-admin"]},
    }
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": _realm_kid(platform)})


def _other_audience(platform: Platform, district: District) -> str:
    """A genuine token of the realm, issued to Keycloak's own admin-cli client."""
    response = httpx.post(
        platform.issuer.token_url,
        data={
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": district.admin.username,
            "password": "Okrug-test-pass-2026",
        },
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    assert "okrug-api" not in jwt.decode(token, options={"verify_signature": False}).get("aud", [])
    return token


def _other_realm(platform: Platform) -> str:
    """A genuine token of Keycloak's master realm (its bootstrap administrator)."""
    username, password = keycloak.admin_credentials(platform.instance)
    response = httpx.post(
        f"{platform.instance.keycloak_url}/realms/master/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": username,
            "password": password,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@pytest.mark.parametrize("service", list(PROTECTED))
@pytest.mark.parametrize(
    "case", ["missing", "garbage", "forged signature", "other audience", "other realm"]
)
def test_every_service_refuses_a_bad_token(
    platform: Platform, district: District, service: str, case: str
) -> None:
    tokens = {
        "missing": None,
        "garbage": "not-a-jwt",
        "forged signature": _forged(platform) if case == "forged signature" else "",
        "other audience": _other_audience(platform, district) if case == "other audience" else "",
        "other realm": _other_realm(platform) if case == "other realm" else "",
    }
    token = tokens[case]
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = httpx.get(platform.url(service) + PROTECTED[service], headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


def test_every_service_refuses_an_expired_token(platform: Platform, short_lived_token: str) -> None:
    token = short_lived_token
    expires_at = jwt.decode(token, options={"verify_signature": False})["exp"]
    # Services allow 30 s of clock skew (okrug_common.auth); wait until even that has passed
    # (in a whole run the token was made at the start: the other tests have waited for it).
    time.sleep(max(0.0, expires_at + 31 - time.time()))
    for service, path in PROTECTED.items():
        response = httpx.get(
            platform.url(service) + path, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, f"{service}: {response.text}"
        assert "expired" in response.json()["detail"], f"{service}: {response.text}"
