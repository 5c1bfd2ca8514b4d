"""One calendar (S1), end to end: the year a school enters in schedule is the journal's
study periods, holidays and days off (schedule's calendar.changed over NATS), and a class
cannot be made in a school without a year."""

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import (
    PASSWORD,
    Account,
    District,
    create_school,
    current_year_calendar,
    eventually,
    expect,
    unique,
)

pytestmark = pytest.mark.platform


def _policy(platform: Platform, account: Account) -> dict[str, Any]:
    return dict(
        expect(httpx.get(f"{platform.url('journal')}/policy", headers=account.headers), 200)
    )


def test_the_journal_follows_the_year_schedule_holds(
    platform: Platform, district: District
) -> None:
    school = create_school(platform, district, unique("МБОУ СОШ № 11 "))
    calendar = current_year_calendar()
    policy = eventually(
        lambda: (p := _policy(platform, school.admin))["calendar_year"] == calendar["name"] and p,
        what="the school's year in the journal",
    )
    # Schedule's periods by kind and number, in the journal's codes: terms, half-years, year.
    assert [p["code"] for p in policy["study_periods"]] == [
        "term-1",
        "term-2",
        "term-3",
        "term-4",
        "half-year-1",
        "half-year-2",
        "year",
    ]
    term_1 = next(p for p in calendar["periods"] if (p["kind"], p["number"]) == ("term", 1))
    assert policy["study_periods"][0] == {
        "code": "term-1",
        "kind": "term",
        "starts_on": term_1["starts_on"],
        "ends_on": term_1["ends_on"],
    }
    assert (policy["holidays"], policy["weekend_days"]) == ([], [5, 6])

    # The school adds its autumn holiday in schedule: the journal's working days follow.
    schedule = platform.url("schedule")
    [year] = expect(httpx.get(f"{schedule}/years", headers=school.admin.headers), 200)
    first_day = date.fromisoformat(term_1["ends_on"]) + timedelta(days=1)
    expect(
        httpx.post(
            f"{schedule}/years/{year['id']}/holidays",
            json={
                "kind": "vacation",
                "name": "Осенние каникулы",
                "starts_on": str(first_day),
                "ends_on": str(first_day + timedelta(days=2)),
            },
            headers=school.admin.headers,
        ),
        201,
    )
    days = [str(first_day + timedelta(days=n)) for n in range(3)]
    eventually(
        lambda: _policy(platform, school.teacher)["holidays"] == days,
        what="the holiday in the journal",
    )


def test_a_school_without_a_year_cannot_make_a_class(
    platform: Platform, district: District
) -> None:
    identity = platform.url("identity")
    school = expect(
        # Opening a school makes its Keycloak organization and groups: seconds on a busy machine.
        httpx.post(
            f"{identity}/schools",
            json={"name": unique("МБОУ ООШ № 12 ")},
            headers=district.admin.headers,
            timeout=60,
        ),
        201,
    )
    username = unique("admin.")
    admin = expect(
        httpx.post(
            f"{identity}/schools/{school['id']}/administrators",
            json={
                "kind": "staff",
                "last_name": "Календарева",
                "first_name": "Анна",
                "roles": ["school-admin"],
                "username": username,
                "password": PASSWORD,
            },
            headers=district.admin.headers,
            timeout=60,
        ),
        201,
    )
    account = Account(username, admin["id"], school["id"], platform)
    refused = httpx.post(
        f"{platform.url('schedule')}/classes",
        json={"grade": 5, "letter": "А"},
        headers=account.headers,
    )
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("year_id", "no-academic-year")
    ]
    listed = expect(httpx.get(f"{platform.url('schedule')}/classes", headers=account.headers), 200)
    assert listed == []
    journal = _policy(platform, account)
    assert (journal["calendar_year"], journal["study_periods"]) == (None, [])
