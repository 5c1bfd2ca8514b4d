"""KeycloakDirectory against a real Keycloak with deploy/keycloak/okrug-realm.json imported:
schools as Organizations, school roles as the school's groups (I5), district roles as realm
roles, sessions ended on request."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from okrug_identity.accounts.keycloak import (
    AccountExists,
    DirectoryUnavailable,
    KeycloakDirectory,
    PasswordRejected,
    SchoolNotFound,
    UnknownRole,
)

pytestmark = pytest.mark.keycloak

REALM = "okrug"
WEB_CLIENT = "okrug-web"
PASSWORD = "correct-horse-7"


def identity_secret() -> str:
    return os.environ.get("OKRUG_KC_SECRET_IDENTITY", "dev-secret-identity")


@pytest.fixture
async def directory(keycloak_url: str) -> AsyncIterator[KeycloakDirectory]:
    d = KeycloakDirectory(keycloak_url, REALM, "okrug-identity", identity_secret())
    yield d
    await d.close()


async def password_grant(
    url: str, username: str, password: str, scope: str | None = None
) -> httpx.Response:
    data = {
        "grant_type": "password",
        "client_id": WEB_CLIENT,
        "username": username,
        "password": password,
    }
    if scope is not None:
        data["scope"] = scope
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{url}/realms/{REALM}/protocol/openid-connect/token", data=data)


def claims(token_response: httpx.Response) -> dict[str, Any]:
    """Payload of the access token (no signature check: only the claims matter here)."""
    assert token_response.status_code == httpx.codes.OK, token_response.text
    payload = token_response.json()["access_token"].split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


async def access_token(
    url: str, username: str, password: str, scope: str | None = None
) -> dict[str, Any]:
    return claims(await password_grant(url, username, password, scope))


async def refresh(url: str, refresh_token: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(
            f"{url}/realms/{REALM}/protocol/openid-connect/token",
            data={
                "grant_type": "refresh_token",
                "client_id": WEB_CLIENT,
                "refresh_token": refresh_token,
            },
        )


async def admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """The identity service account's token, for reading the realm's admin API."""
    token = await client.post(
        f"/realms/{REALM}/protocol/openid-connect/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "okrug-identity",
            "client_secret": identity_secret(),
        },
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def new_school(directory: KeycloakDirectory) -> UUID:
    school_id = uuid4()
    await directory.create_school(school_id, f"Test school {school_id}")
    return school_id


async def new_account(
    directory: KeycloakDirectory,
    school_id: UUID,
    *,
    roles: tuple[str, ...] = ("teacher",),
    temporary: bool = False,
) -> tuple[str, UUID]:
    username = f"t-{uuid4().hex[:12]}"
    user_id = await directory.create_account(
        username=username,
        first_name="Мария",
        last_name="Иванова",
        email=None,
        password=PASSWORD,
        temporary_password=temporary,
        roles=roles,
        school_id=school_id,
    )
    return username, user_id


async def test_school_becomes_organization_with_school_id_alias(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = uuid4()
    name = f"Школа № {school_id}"
    org_id = await directory.create_school(school_id, name)

    assert await directory.create_school(school_id, name) == org_id
    fresh = KeycloakDirectory(keycloak_url, REALM, "okrug-identity", identity_secret())
    try:
        assert await fresh.create_school(school_id, name) == org_id  # found without the cache
    finally:
        await fresh.close()

    async with httpx.AsyncClient(base_url=keycloak_url, timeout=10) as client:
        headers = await admin_headers(client)
        org = (
            await client.get(f"/admin/realms/{REALM}/organizations/{org_id}", headers=headers)
        ).json()
    assert org["alias"] == str(school_id)
    assert org["name"] == name


async def test_account_gets_token_with_id_roles_school_and_audience(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = await new_school(directory)
    username, user_id = await new_account(directory, school_id, roles=("teacher", "class-teacher"))

    token = await access_token(keycloak_url, username, PASSWORD)  # no scope parameter

    assert token["sub"] == str(user_id)
    # School roles are the school's groups, full path; no school role is a realm role.
    assert sorted(token["groups"]) == [
        f"/schools/{school_id}/class-teacher",
        f"/schools/{school_id}/teacher",
    ]
    assert not {"teacher", "class-teacher"} & set(token["realm_access"]["roles"])
    assert token["organization"] == [str(school_id)]
    aud = token["aud"] if isinstance(token["aud"], list) else [token["aud"]]
    assert "okrug-api" in aud
    assert token["azp"] == WEB_CLIENT

    await directory.grant_school_roles(user_id, school_id, ["deputy-director"])
    token = await access_token(keycloak_url, username, PASSWORD)
    assert f"/schools/{school_id}/deputy-director" in token["groups"]
    assert await directory.school_roles(user_id) == {
        school_id: {"teacher", "class-teacher", "deputy-director"}
    }


async def test_a_school_has_a_group_per_role_and_the_totp_roles_require_totp(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    """The groups are made with the Organization; the director's and the school admin's
    carry the realm role totp-required, which Keycloak counts as the member's role (the
    browser flow's condition and the token's realm roles both see it)."""
    school_id = await new_school(directory)
    # Another identity process maps totp-required again when it first grants the role.
    another = KeycloakDirectory(keycloak_url, REALM, "okrug-identity", identity_secret())
    try:
        admin_name, _ = await new_account(another, school_id, roles=("school-admin",))
    finally:
        await another.close()
    async with httpx.AsyncClient(base_url=keycloak_url, timeout=10) as client:
        headers = await admin_headers(client)
        school = await client.get(
            f"/admin/realms/{REALM}/group-by-path/schools/{school_id}", headers=headers
        )
        assert school.status_code == 200, school.text
        children = await client.get(
            f"/admin/realms/{REALM}/groups/{school.json()['id']}/children", headers=headers
        )
        by_name = {g["name"]: g["id"] for g in children.json()}
        assert set(by_name) == {
            "director",
            "deputy-director",
            "school-admin",
            "secretary",
            "teacher",
            "class-teacher",
            "student",
            "parent",
        }
        for name, group_id in by_name.items():
            mapped = await client.get(
                f"/admin/realms/{REALM}/groups/{group_id}/role-mappings/realm", headers=headers
            )
            expected = ["totp-required"] if name in ("director", "school-admin") else []
            assert [r["name"] for r in mapped.json()] == expected, name
    username, _ = await new_account(directory, school_id, roles=("teacher",))
    assert (
        "totp-required"
        not in (await access_token(keycloak_url, username, PASSWORD))["realm_access"]["roles"]
    )
    token = await access_token(keycloak_url, admin_name, PASSWORD)
    assert "totp-required" in token["realm_access"]["roles"]
    assert "school-admin" not in token["realm_access"]["roles"]
    assert token["groups"] == [f"/schools/{school_id}/school-admin"]


async def test_roles_at_two_schools_are_granted_revoked_and_ended_per_school(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_a = await new_school(directory)
    school_b = await new_school(directory)
    username, user_id = await new_account(directory, school_a)
    await directory.add_to_school(user_id, school_b)
    await directory.grant_school_roles(user_id, school_b, ["school-admin", "secretary"])
    token_a = await access_token(keycloak_url, username, PASSWORD, f"organization:{school_a}")
    assert token_a["organization"] == [str(school_a)]
    # The mapper lists every school's groups; the verifier keeps those of the token's school.
    assert sorted(token_a["groups"]) == sorted(
        [
            f"/schools/{school_a}/teacher",
            f"/schools/{school_b}/school-admin",
            f"/schools/{school_b}/secretary",
        ]
    )
    assert await directory.school_roles(user_id) == {
        school_a: {"teacher"},
        school_b: {"school-admin", "secretary"},
    }

    await directory.revoke_school_roles(user_id, school_b, ["secretary"])
    await directory.revoke_school_roles(user_id, school_b, ["secretary"])  # idempotent
    assert await directory.school_roles(user_id) == {
        school_a: {"teacher"},
        school_b: {"school-admin"},
    }
    await directory.remove_from_school(user_id, school_b)
    await directory.remove_from_school(user_id, school_b)  # idempotent
    assert await directory.school_roles(user_id) == {school_a: {"teacher"}}
    # Keycloak answers a school that is not (any more) the account's with no school at all.
    former = await access_token(keycloak_url, username, PASSWORD, f"organization:{school_b}")
    assert "organization" not in former
    only_a = await access_token(keycloak_url, username, PASSWORD)
    assert only_a["organization"] == [str(school_a)]
    assert only_a["groups"] == [f"/schools/{school_a}/teacher"]


async def test_ending_the_sessions_refuses_the_refresh_token(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = await new_school(directory)
    username, user_id = await new_account(directory, school_id)
    first = await password_grant(keycloak_url, username, PASSWORD)
    refresh_token = first.json()["refresh_token"]
    assert (await refresh(keycloak_url, refresh_token)).status_code == httpx.codes.OK

    await directory.end_sessions(user_id)

    refused = await refresh(keycloak_url, refresh_token)
    assert refused.status_code == httpx.codes.BAD_REQUEST, refused.text
    assert refused.json()["error"] == "invalid_grant"
    assert (await password_grant(keycloak_url, username, PASSWORD)).status_code == httpx.codes.OK


async def test_member_of_two_schools_gets_token_for_one_school_at_a_time(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_a = await new_school(directory)
    school_b = await new_school(directory)
    username, user_id = await new_account(directory, school_a)
    await directory.add_to_school(user_id, school_b)
    await directory.add_to_school(user_id, school_b)  # idempotent

    token_a = await access_token(keycloak_url, username, PASSWORD, f"organization:{school_a}")
    token_b = await access_token(keycloak_url, username, PASSWORD, f"organization:{school_b}")
    assert token_a["organization"] == [str(school_a)]
    assert token_b["organization"] == [str(school_b)]
    assert token_a["sub"] == token_b["sub"] == str(user_id)

    # Without a choice Keycloak cannot pick a school: the claim is absent.
    assert "organization" not in await access_token(keycloak_url, username, PASSWORD)
    # Every membership at once only on explicit request.
    everything = await access_token(keycloak_url, username, PASSWORD, "organization:*")
    assert sorted(everything["organization"]) == sorted([str(school_a), str(school_b)])
    # A school the user does not belong to is refused.
    other = await password_grant(keycloak_url, username, PASSWORD, f"organization:{uuid4()}")
    assert other.status_code == httpx.codes.BAD_REQUEST
    assert other.json()["error"] == "invalid_scope"


async def test_district_account_has_no_school_and_can_be_deleted(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    username = f"d-{uuid4().hex[:12]}"
    user_id = await directory.create_account(
        username=username,
        first_name="Ольга",
        last_name="Смирнова",
        email="o.smirnova@example.org",
        password=PASSWORD,
        temporary_password=False,
        roles=["working-group-member"],
        school_id=None,
    )
    token = await access_token(keycloak_url, username, PASSWORD)
    assert token["sub"] == str(user_id)
    assert "working-group-member" in token["realm_access"]["roles"]
    assert "organization" not in token

    await directory.delete_account(user_id)
    await directory.delete_account(user_id)  # idempotent
    gone = await password_grant(keycloak_url, username, PASSWORD)
    assert gone.status_code == httpx.codes.UNAUTHORIZED


async def test_temporary_password_must_be_changed_before_password_grant(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = await new_school(directory)
    username, _ = await new_account(directory, school_id, temporary=True)

    response = await password_grant(keycloak_url, username, PASSWORD)

    assert response.status_code == httpx.codes.BAD_REQUEST
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Account is not fully set up",
    }


async def test_five_wrong_passwords_lock_the_account(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = await new_school(directory)
    username, _ = await new_account(directory, school_id)

    async def fail_slowly(times: int) -> None:
        # > quickLoginCheckMilliSeconds (1 s) apart, else the quick-login check locks at once.
        for _ in range(times):
            response = await password_grant(keycloak_url, username, "wrong-password")
            assert response.status_code == httpx.codes.UNAUTHORIZED, response.text
            await asyncio.sleep(1.1)

    await fail_slowly(4)
    await access_token(keycloak_url, username, PASSWORD)  # 4 failures: still open; resets the count

    await fail_slowly(5)
    response = await password_grant(keycloak_url, username, PASSWORD)  # the RIGHT password
    # Locked: Keycloak answers exactly as for a wrong password (no account enumeration).
    assert response.status_code == httpx.codes.UNAUTHORIZED, response.text
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid user credentials",
    }


async def test_duplicate_username_raises_account_exists(
    directory: KeycloakDirectory,
) -> None:
    school_id = await new_school(directory)
    username, _ = await new_account(directory, school_id)

    with pytest.raises(AccountExists):
        await directory.create_account(
            username=username.upper(),  # Keycloak usernames are case-insensitive
            first_name="Пётр",
            last_name="Петров",
            email="petrov@example.org",
            password=PASSWORD,
            temporary_password=True,
            roles=["student"],
            school_id=school_id,
        )


async def test_unknown_school_and_role_are_refused_before_creating_anything(
    directory: KeycloakDirectory,
) -> None:
    school_id = await new_school(directory)
    with pytest.raises(SchoolNotFound):
        await new_account(directory, uuid4())
    with pytest.raises(UnknownRole):
        await new_account(directory, school_id, roles=("no-such-role",))
    with pytest.raises(UnknownRole):  # a district role is never held at a school
        await new_account(directory, school_id, roles=("district-admin",))
    with pytest.raises(UnknownRole):  # nor a school role without one
        await directory.create_account(
            username=f"u-{uuid4().hex[:12]}",
            first_name="Ирина",
            last_name="Безшкольная",
            email=None,
            password=PASSWORD,
            temporary_password=False,
            roles=["teacher"],
            school_id=None,
        )


async def test_unreachable_keycloak_or_wrong_secret_is_directory_unavailable(
    keycloak_url: str,
) -> None:
    for url, secret in (("http://127.0.0.1:9", identity_secret()), (keycloak_url, "wrong")):
        d = KeycloakDirectory(url, REALM, "okrug-identity", secret, timeout=3)
        try:
            with pytest.raises(DirectoryUnavailable):
                await d.create_school(uuid4(), "Unreachable")
        finally:
            await d.close()


async def test_common_passwords_are_refused_by_the_realm(directory: KeycloakDirectory) -> None:
    school_id = await new_school(directory)
    for common in ("password123", "qwertyuiop", "1q2w3e4r5t", "йцукенгш"):
        with pytest.raises(PasswordRejected):
            await directory.create_account(
                username=f"p-{uuid4().hex[:12]}",
                first_name="Иван",
                last_name="Простов",
                email=None,
                password=common,
                temporary_password=True,
                roles=["teacher"],
                school_id=school_id,
            )


async def test_find_account_and_one_time_password(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = await new_school(directory)
    username, user_id = await new_account(directory, school_id)
    found = await directory.find_account(username.upper())
    assert found is not None
    assert (found.user_id, found.username, found.last_name) == (user_id, username, "Иванова")
    assert await directory.find_account(f"none-{uuid4().hex[:8]}") is None
    assert not await directory.awaits_first_sign_in(user_id)

    await directory.set_one_time_password(user_id, "Novyj-parol-2026")
    assert await directory.awaits_first_sign_in(user_id)
    response = await password_grant(keycloak_url, username, "Novyj-parol-2026")
    assert response.json()["error_description"] == "Account is not fully set up"
    assert (await password_grant(keycloak_url, username, PASSWORD)).status_code == 401


async def test_required_actions_and_sign_in_events(
    directory: KeycloakDirectory, keycloak_url: str
) -> None:
    school_id = await new_school(directory)
    username, user_id = await new_account(directory, school_id)
    since = datetime.now(UTC) - timedelta(seconds=5)
    await access_token(keycloak_url, username, PASSWORD)
    await access_token(keycloak_url, username, PASSWORD, f"organization:{school_id}")
    events = [
        e
        for e in await directory.sign_in_events(since, datetime.now(UTC) + timedelta(seconds=5))
        if e.user_id == user_id
    ]
    assert len(events) == 2
    assert {e.school_id for e in events} == {None, school_id}
    assert all(e.client_id == WEB_CLIENT for e in events)

    await directory.require_actions(user_id, ["CONFIGURE_TOTP"])
    assert await directory.required_actions(user_id) == ["CONFIGURE_TOTP"]
    refused = await password_grant(keycloak_url, username, PASSWORD)
    assert refused.json()["error_description"] == "Account is not fully set up"
