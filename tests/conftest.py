"""Cross-service tests: the district and two populated schools, built through the public
REST APIs with tokens from Keycloak."""

import httpx
import pytest

from okrug_local import keycloak
from okrug_local.platform import Platform
from tests.support import District, World, create_school, unique

EXPIRED_TOKEN_TEST = "test_every_service_refuses_an_expired_token"


@pytest.fixture(scope="session")
def district(platform: Platform) -> District:
    return District.create(platform)


@pytest.fixture(scope="session")
def world(platform: Platform, district: District) -> World:
    """Two schools, each with an admin, two teachers, a class with two students and their
    parents, a subject and a lesson of the first teacher."""
    return World.create(platform, district)


@pytest.fixture(scope="session")
def objectivity_world(platform: Platform, district: District) -> World:
    """Two schools of objectivity's tests alone: their teachers and classes take lessons at
    hours no other test books (schedule refuses a teacher or a class two lessons at once)."""
    return World(
        create_school(platform, district, unique("Школа объективности ")),
        create_school(platform, district, unique("Школа объективности ")),
    )


@pytest.fixture(scope="session")
def short_lived_token(platform: Platform, district: District) -> str:
    """The district admin's genuine token that expires in 1 s (tests/test_tokens.py)."""
    return _token_living(platform, district, seconds=1)


@pytest.fixture(scope="session", autouse=True)
def _short_lived_token_early(request: pytest.FixtureRequest) -> None:
    """The expired-token test waits 31 s for its token to pass the services' leeway: when it
    is in the run, its token is made before the run's first test, and the tests between
    spend that wait."""
    if any(item.name == EXPIRED_TOKEN_TEST for item in request.session.items):
        request.getfixturevalue("short_lived_token")


def _keycloak_admin(platform: Platform) -> dict[str, str]:
    username, password = keycloak.admin_credentials(platform.instance)
    token = httpx.post(
        f"{platform.instance.keycloak_url}/realms/master/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": username,
            "password": password,
        },
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _token_living(platform: Platform, district: District, seconds: int) -> str:
    """A genuine token of the realm that expires in `seconds`: the web client's access-token
    lifespan is lowered for one sign-in, then restored."""
    admin = _keycloak_admin(platform)
    clients_url = f"{platform.instance.keycloak_url}/admin/realms/okrug/clients"
    client = httpx.get(clients_url, params={"clientId": "okrug-web"}, headers=admin).json()[0]
    attributes = dict(client.get("attributes", {}))
    client_url = f"{clients_url}/{client['id']}"
    httpx.put(
        client_url,
        json={**client, "attributes": {**attributes, "access.token.lifespan": str(seconds)}},
        headers=admin,
    ).raise_for_status()
    try:
        return platform.tokens.token(district.admin.username, "Okrug-test-pass-2026")
    finally:
        # Keycloak keeps an attribute a PUT leaves out; a null removes it (none before).
        lifespan = attributes.get("access.token.lifespan")
        restored = {**attributes, "access.token.lifespan": lifespan}
        httpx.put(
            client_url, json={**client, "attributes": restored}, headers=admin
        ).raise_for_status()
        after = httpx.get(client_url, headers=admin).json().get("attributes", {})
        assert after.get("access.token.lifespan") == lifespan, "the lifespan was not restored"
