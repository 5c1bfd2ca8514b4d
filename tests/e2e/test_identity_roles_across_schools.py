"""Realm roles hold in every school of an account, so one school must not be able to give
an account of another school a role it does not already hold there (I5, X2): such grants
are refused, and the account's token at its first school gains nothing."""

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import World, expect

pytestmark = pytest.mark.platform


def _me_roles(platform: Platform, headers: dict[str, str]) -> list[str]:
    return list(expect(httpx.get(f"{platform.url('identity')}/me", headers=headers), 200)["roles"])


def test_another_school_cannot_attach_an_account_with_a_new_role(
    platform: Platform, world: World
) -> None:
    parent = world.first.other_parent
    refused = httpx.post(
        f"{platform.url('identity')}/persons/attach",
        json={"username": parent.username, "kind": "staff", "roles": ["secretary"]},
        headers=world.second.admin.headers,
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["errors"][0]["field"] == "roles"
    assert _me_roles(platform, parent.headers) == ["parent"]
    persons = httpx.get(f"{platform.url('identity')}/persons", headers=parent.headers)
    assert persons.status_code == 403


def test_an_account_of_two_schools_gets_no_new_role_from_either(
    platform: Platform, world: World
) -> None:
    teacher = world.first.other_teacher
    expect(
        httpx.post(
            f"{platform.url('identity')}/persons/attach",
            json={"username": teacher.username, "kind": "staff", "roles": ["teacher"]},
            headers=world.second.admin.headers,
        ),
        201,
    )
    refused = httpx.post(
        f"{platform.url('identity')}/persons/{teacher.id}/roles",
        json={"roles": ["school-admin"]},
        headers=world.second.admin.headers,
    )
    assert refused.status_code in (403, 409), refused.text
    assert "school-admin" not in _me_roles(platform, teacher.headers)
