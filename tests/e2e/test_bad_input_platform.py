"""Input that a dependency would refuse is refused first, on the real platform (Keycloak
included): the two 503s a sweep with real tokens found. A name with markup or a control
character was passed to Keycloak, whose 400 came back as "the directory did not complete"
(503); a grade level past the column's range reached PostgreSQL (503). Both are 422s
naming the field, and nothing is created."""

from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import PASSWORD, District, World, expect, unique

pytestmark = pytest.mark.platform

REFUSED_NAMES = {
    "markup": "<b>Иванов</b>",
    "a control character": "Ива\x07нов",
    "a slash": "Иванов/Петров",
    "only spaces": "   ",
}


def new_staff(username: str, **names: str) -> dict[str, Any]:
    return {
        "kind": "staff",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "roles": ["teacher"],
        "username": username,
        "password": PASSWORD,
        **names,
    }


@pytest.mark.parametrize("field", ["last_name", "first_name"])
@pytest.mark.parametrize("label", sorted(REFUSED_NAMES))
def test_a_name_keycloak_refuses_is_a_422_naming_it(
    platform: Platform, world: World, field: str, label: str
) -> None:
    url = f"{platform.url('identity')}/persons"
    admin = world.first.admin.headers
    username = unique("badname.")
    refused = httpx.post(
        url, json=new_staff(username, **{field: REFUSED_NAMES[label]}), headers=admin
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == [f"body.{field}"]
    # Nothing was made: neither the person nor the account (the login is still free).
    expect(httpx.post(url, json=new_staff(username), headers=admin), 201)


def test_a_new_school_admin_with_markup_in_the_name_is_a_422(
    platform: Platform, district: District, world: World
) -> None:
    url = f"{platform.url('identity')}/schools/{world.second.id}/administrators"
    username = unique("badadmin.")
    body = {**new_staff(username, last_name="Адм<script>"), "roles": ["school-admin"]}
    refused = httpx.post(url, json=body, headers=district.admin.headers)
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["body.last_name"]


@pytest.mark.parametrize("grade", ["59231000", "32768", "0", "12"])
def test_a_grade_level_outside_1_to_11_is_a_422_naming_it(
    platform: Platform, world: World, grade: str
) -> None:
    answer = httpx.get(
        f"{platform.url('schedule')}/classes",
        params={"grade": grade},
        headers=world.first.admin.headers,
    )
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["query.grade"]


def test_a_grade_level_in_range_lists_its_classes(platform: Platform, world: World) -> None:
    classes = expect(
        httpx.get(
            f"{platform.url('schedule')}/classes",
            params={"grade": "5"},
            headers=world.first.admin.headers,
        ),
        200,
    )
    assert world.first.class_id in {c["id"] for c in classes}
