"""The realm shipped for production gives no token by password alone to a role that signs in
with TOTP (R4), checked against Keycloak: the committed realm file is imported as it is, under
another name, into the test platform's Keycloak. Beside it, the same file with the launcher's
demo and test overlay shows that the overlay alone is what lets the tests and the demo sign
their admins in by password (the documented exception, deploy/keycloak/README.md)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin

from okrug_local import keycloak
from okrug_local.platform import Platform
from tests.e2e.test_identity_helpers import WEB_CLIENT, totp

pytestmark = pytest.mark.keycloak

REALM_FILE = Path(__file__).resolve().parents[2] / "deploy" / "keycloak" / "okrug-realm.json"
PRODUCTION = json.loads(REALM_FILE.read_text(encoding="utf-8"))
TOTP_REQUIRED = "totp-required"
PASSWORD = "Sirenevyj-tuman-1987"
TOTP_SECRET = "okrug-realm-test-secret"


def _roles_requiring_totp() -> list[str]:
    return [
        role["name"]
        for role in PRODUCTION["roles"]["realm"]
        if TOTP_REQUIRED in role.get("composites", {}).get("realm", [])
    ]


def _other_roles() -> list[str]:
    return [
        role["name"]
        for role in PRODUCTION["roles"]["realm"]
        if role["name"] != TOTP_REQUIRED and role["name"] not in _roles_requiring_totp()
    ]


def _refusal_message() -> str:
    """What the realm's Deny access authenticator answers (its configured message)."""
    (message,) = [
        config["config"]["denyErrorMessage"]
        for config in PRODUCTION["authenticatorConfig"]
        if "denyErrorMessage" in config["config"]
    ]
    return str(message)


@dataclass
class Realm:
    """A realm imported into the test platform's Keycloak, and the admin API on it."""

    name: str
    admin: KeycloakAdmin
    token_url: str

    def user(
        self, *, roles: tuple[str, ...] = (), group: str | None = None, otp: bool = False
    ) -> str:
        """A new user with a permanent password (as the demo and the tests make them), the
        realm roles `roles`, a member of `group`; with `otp`, a TOTP credential set up."""
        credentials: list[dict[str, Any]] = [
            {"type": "password", "value": PASSWORD, "temporary": False}
        ]
        if otp:
            credentials.append(
                {
                    "type": "otp",
                    "userLabel": "телефон",
                    "secretData": json.dumps({"value": TOTP_SECRET}),
                    "credentialData": json.dumps(
                        {"subType": "totp", "digits": 6, "period": 30, "algorithm": "HmacSHA1"}
                    ),
                }
            )
        username = f"r4-{uuid.uuid4().hex[:10]}"
        user_id = self.admin.create_user(
            {
                "username": username,
                "enabled": True,
                "firstName": "Вера",
                "lastName": "Директорова",
                "credentials": credentials,
            }
        )
        if roles:
            self.admin.assign_realm_roles(user_id, [self.admin.get_realm_role(r) for r in roles])
        if group is not None:
            self.admin.group_user_add(user_id, group)
        return username

    def group_with_role(self, role: str) -> str:
        """A group carrying a realm role (as a school's role groups carry totp-required)."""
        group_id = self.admin.create_group({"name": f"group-{uuid.uuid4().hex[:8]}"})
        assert group_id is not None
        self.admin.assign_group_realm_roles(group_id, [self.admin.get_realm_role(role)])
        return group_id

    def password_grant(
        self, username: str, password: str = PASSWORD, *, code: str | None = None
    ) -> httpx.Response:
        data = {
            "grant_type": "password",
            "client_id": WEB_CLIENT,
            "username": username,
            "password": password,
        }
        if code is not None:
            data["totp"] = code
        # Keycloak answers a denial as JSON only when asked to (an HTML page otherwise).
        headers = {"Accept": "application/json"}
        return httpx.post(self.token_url, data=data, headers=headers, timeout=30)


def _import(platform: Platform, representation: dict[str, Any]) -> Iterator[Realm]:
    name = f"{representation['realm']}-{uuid.uuid4().hex[:8]}"
    username, password = keycloak.admin_credentials(platform.instance)
    admin = KeycloakAdmin(
        server_url=platform.instance.keycloak_url,
        username=username,
        password=password,
        realm_name=name,
        user_realm_name="master",
    )
    admin.create_realm({**representation, "realm": name})
    try:
        token_url = f"{platform.instance.keycloak_url}/realms/{name}/protocol/openid-connect/token"
        yield Realm(name, admin, token_url)
    finally:
        admin.delete_realm(name)


@pytest.fixture(scope="module")
def production(platform: Platform) -> Iterator[Realm]:
    """deploy/keycloak/okrug-realm.json exactly as Compose and Kubernetes import it."""
    yield from _import(platform, PRODUCTION)


@pytest.fixture(scope="module")
def demo_and_test(platform: Platform) -> Iterator[Realm]:
    """The same file with the overlay the local launcher applies (okrug-local)."""
    yield from _import(platform, keycloak.demo_and_test_realm(REALM_FILE))


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {"error": _refusal_message()}


def test_the_realm_has_roles_that_require_totp() -> None:
    """The district's TOTP roles are realm roles; the school's (director, school-admin) are
    each school's groups carrying totp-required, made by identity with the school (below:
    a TOTP role held through a group)."""
    assert set(_roles_requiring_totp()) == {"district-admin", "support-agent"}


@pytest.mark.parametrize("role", [*_roles_requiring_totp(), TOTP_REQUIRED])
def test_production_refuses_the_password_grant_to_a_totp_role(
    production: Realm, demo_and_test: Realm, role: str
) -> None:
    assert_refused(production.password_grant(production.user(roles=(role,))))
    # The same account in the demo and test realm: the overlay lets the password through.
    allowed = demo_and_test.password_grant(demo_and_test.user(roles=(role,)))
    assert allowed.status_code == 200, allowed.text


def test_production_refuses_a_totp_role_held_through_a_group(
    production: Realm, demo_and_test: Realm
) -> None:
    """A school role is held as a member of the school's role group, which carries
    totp-required: the refusal follows the role whichever way it is held."""
    refused = production.user(group=production.group_with_role(TOTP_REQUIRED))
    assert_refused(production.password_grant(refused))
    allowed = demo_and_test.user(group=demo_and_test.group_with_role(TOTP_REQUIRED))
    assert demo_and_test.password_grant(allowed).status_code == 200


def test_production_refuses_a_totp_role_even_with_a_valid_code(
    production: Realm, demo_and_test: Realm
) -> None:
    """The password grant is closed to these roles, not merely asking for the code: they
    sign in through the browser (the okrug browser flow asks them for the code)."""
    refused = production.user(group=production.group_with_role(TOTP_REQUIRED), otp=True)
    assert_refused(production.password_grant(refused, code=totp(TOTP_SECRET)))
    # In the demo and test realm a configured code is still asked for, as Keycloak's
    # built-in direct grant flow does.
    allowed = demo_and_test.user(group=demo_and_test.group_with_role(TOTP_REQUIRED), otp=True)
    with_code = demo_and_test.password_grant(allowed, code=totp(TOTP_SECRET))
    assert with_code.status_code == 200, with_code.text


@pytest.mark.parametrize("role", _other_roles())
def test_production_gives_the_other_roles_a_token_by_password(production: Realm, role: str) -> None:
    response = production.password_grant(production.user(roles=(role,)))
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]


def test_a_wrong_password_of_an_admin_tells_nothing_of_the_role(production: Realm) -> None:
    """The refusal comes after the password check: without the password, an admin's
    account answers exactly as anyone's, or no one's (no list of admin usernames to be had
    from the token endpoint)."""
    admin = production.user(group=production.group_with_role(TOTP_REQUIRED))
    wrong = production.password_grant(admin, "Neverno-vvedyonnyj-1")
    nobody = production.password_grant(f"nobody-{uuid.uuid4().hex[:8]}", "Neverno-vvedyonnyj-1")
    assert wrong.status_code == nobody.status_code == 401
    assert (
        wrong.json()
        == nobody.json()
        == {
            "error": "invalid_grant",
            "error_description": "Invalid user credentials",
        }
    )


def test_the_platform_realm_is_the_production_realm_with_the_overlay(
    platform: Platform, production: Realm
) -> None:
    """The overlay changes the direct grant binding and nothing else; the platform's realm
    (imported by the launcher) carries it, the shipped file does not."""
    overlay = json.loads(keycloak.demo_and_test_overlay_file().read_text(encoding="utf-8"))
    assert set(overlay) == {"directGrantFlow"}
    assert overlay["directGrantFlow"] != PRODUCTION["directGrantFlow"]
    assert (
        production.admin.get_realm(production.name)["directGrantFlow"]
        == (PRODUCTION["directGrantFlow"])
    )
    platform_realm = production.admin.get_realm(keycloak.REALM)
    assert platform_realm["directGrantFlow"] == overlay["directGrantFlow"]
