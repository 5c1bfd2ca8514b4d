"""Consent (I3, issue 3): without a recorded consent a student's personal data is refused
with a problem document naming each field; after the withdrawal the data is blocked."""

from datetime import date
from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from tests.e2e.test_identity_helpers import Town, build_town, link_guardian, new_person
from tests.support import District, expect

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def world(platform: Platform, district: District) -> Town:
    return build_town(platform, district)


CONSENT = {
    "categories": ["birth_date", "address"],
    "purposes": ["ведение электронного журнала и дневника"],
    "given_by": "guardian",
    "given_on": str(date.today()),
    "document": {
        "type": "Согласие на обработку персональных данных",
        "number": "17",
        "date": str(date.today()),
    },
}


@pytest.fixture(scope="module")
def family(platform: Platform, world: Town) -> dict[str, Any]:
    school = world.first
    child = new_person(platform, school.admin, "student", "Лебедева", "Алиса")
    parent = new_person(platform, school.admin, "parent", "Лебедев", "Олег")
    link_guardian(platform, school.admin, parent["id"], child["id"])
    return {"child": child, "parent": parent}


def _data_url(platform: Platform, person_id: str) -> str:
    return f"{platform.url('identity')}/persons/{person_id}/personal-data"


def test_a_personal_data_without_consent_is_refused_naming_the_field(
    platform: Platform, world: Town, family: dict[str, Any]
) -> None:
    admin = world.first.admin.headers
    url = _data_url(platform, family["child"]["id"])
    refused = httpx.put(
        url, json={"birth_date": "2014-03-08", "phone": "+7 900 123-45-67"}, headers=admin
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/consent-required")
    assert "consent" in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == ["birth_date", "phone"]
    assert expect(httpx.get(url, headers=admin), 200)["birth_date"] is None
    # An email at account creation is personal data too.
    email = httpx.post(
        f"{platform.url('identity')}/persons",
        json={
            "kind": "parent",
            "last_name": "Носов",
            "first_name": "Ян",
            "email": "nosov@example.org",
        },
        headers=admin,
    )
    assert email.status_code == 409
    assert email.json()["errors"][0]["field"] == "email"


def test_b_a_minors_consent_is_given_by_a_guardian(
    platform: Platform, world: Town, family: dict[str, Any]
) -> None:
    admin = world.first.admin.headers
    url = f"{platform.url('identity')}/persons/{family['child']['id']}/consents"
    by_child = httpx.post(url, json={**CONSENT, "given_by": "self"}, headers=admin)
    assert by_child.status_code == 422
    assert by_child.json()["errors"][0]["field"] == "given_by"
    stranger = httpx.post(
        url, json={**CONSENT, "given_by_person_id": world.first.other_parent.id}, headers=admin
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["field"] == "given_by_person_id"
    # A teacher (no class teacher of the child) records nothing.
    assert (
        httpx.post(
            url,
            json={**CONSENT, "given_by_person_id": family["parent"]["id"]},
            headers=world.first.teacher.headers,
        ).status_code
        == 403
    )
    consent = expect(
        httpx.post(
            url, json={**CONSENT, "given_by_person_id": family["parent"]["id"]}, headers=admin
        ),
        201,
    )
    assert consent["active"] is True
    assert consent["recorded_by"] == world.first.admin.id
    assert consent["given_by_person_id"] == family["parent"]["id"]
    assert consent["document"]["number"] == "17"
    family["consent"] = consent


def test_c_covered_fields_are_stored_uncovered_ones_refused_with_nothing_written(
    platform: Platform, world: Town, family: dict[str, Any]
) -> None:
    admin = world.first.admin.headers
    url = _data_url(platform, family["child"]["id"])
    partly = httpx.put(
        url,
        json={"birth_date": "2014-03-08", "address": "ул. Ленина, 1", "snils": "112-233-445 95"},
        headers=admin,
    )
    assert partly.status_code == 409
    assert [e["field"] for e in partly.json()["errors"]] == ["snils"]
    assert expect(httpx.get(url, headers=admin), 200)["birth_date"] is None
    stored = expect(
        httpx.put(
            url, json={"birth_date": "2014-03-08", "address": "ул. Ленина, 1"}, headers=admin
        ),
        200,
    )
    assert (stored["birth_date"], stored["address"]) == ("2014-03-08", "ул. Ленина, 1")
    # The parent reads their child's data; another parent does not.
    assert expect(httpx.get(url, headers=_parent_headers(platform, family)), 200)["address"]
    assert httpx.get(url, headers=world.first.other_parent.headers).status_code == 403
    # Another school sees no such person.
    assert httpx.get(url, headers=world.second.admin.headers).status_code == 404


def _parent_headers(platform: Platform, family: dict[str, Any]) -> dict[str, str]:
    from tests.e2e.test_identity_helpers import account

    return account(platform, family["parent"]).headers


def test_d_after_withdrawal_the_data_is_blocked_and_the_school_told_what_to_do(
    platform: Platform, world: Town, family: dict[str, Any]
) -> None:
    admin = world.first.admin.headers
    url = _data_url(platform, family["child"]["id"])
    withdrawal = expect(
        httpx.post(
            f"{platform.url('identity')}/consents/{family['consent']['id']}/withdrawal",
            json={"document": "Заявление об отзыве согласия № 3"},
            headers=admin,
        ),
        200,
    )
    assert withdrawal["consent"]["active"] is False
    assert withdrawal["blocked_categories"] == ["address", "birth_date"]
    assert withdrawal["destroy_by"]
    assert any("Уничтожьте" in a for a in withdrawal["actions"])
    blocked = httpx.get(url, headers=admin)
    assert blocked.status_code == 451
    assert blocked.headers["content-type"] == "application/problem+json"
    assert blocked.json()["type"].endswith("/personal-data-blocked")
    assert set(blocked.json()["blocked_fields"]) == {"birth_date", "address"}
    assert httpx.get(url, headers=_parent_headers(platform, family)).status_code == 451
    again = httpx.put(url, json={"address": "ул. Мира, 2"}, headers=admin)
    assert again.status_code == 409
    twice = httpx.post(
        f"{platform.url('identity')}/consents/{family['consent']['id']}/withdrawal",
        json={"document": "повторно"},
        headers=admin,
    )
    assert twice.status_code == 409
    destroyed = expect(httpx.delete(url, headers=admin), 200)
    assert sorted(destroyed["destroyed_fields"]) == ["address", "birth_date"]
    assert expect(httpx.get(url, headers=admin), 200)["blocked_fields"] == []
