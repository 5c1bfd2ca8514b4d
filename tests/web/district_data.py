"""Builders for the oversight screens' browser tests: the district's working-group member
(a realm role, a token without a school) and a school's director, each made for the
browser alone."""

import httpx

from okrug_local import accounts
from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, School, expect, unique


def working_group_member(platform: Platform) -> Account:
    """A member of the district's working group: reads every school's figures (counts only)."""
    username = unique("wg.")
    person_id = accounts.create_district_staff(
        platform.instance,
        platform.issuer,
        username=username,
        password=PASSWORD,
        last_name="Проверяева",
        first_name="Галина",
        roles=("working-group-member",),
    )
    return Account(username, person_id, None, platform)


def director(platform: Platform, school: School) -> Account:
    """A director of the school, made by its admin (signs in with a one-time code)."""
    username = unique("director.")
    created = expect(
        httpx.post(
            f"{platform.url('identity')}/persons",
            json={
                "kind": "staff",
                "last_name": "Директорова",
                "first_name": "Светлана",
                "roles": ["director"],
                "username": username,
                "password": PASSWORD,
            },
            headers=school.admin.headers,
        ),
        201,
    )
    return Account(username, created["id"], school.id, platform)
