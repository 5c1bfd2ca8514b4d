"""Activity (I7, issue 3): sign-ins are real password grants in Keycloak (LOGIN events); the
monthly report of a fresh school counts, per role, persons, who signed in, who is active and
who never signed in, as JSON and XLSX."""

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from okrug_local.platform import Platform
from tests.e2e.test_identity_helpers import account, eventually, new_person
from tests.support import PASSWORD, Account, District, expect, unique

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def seeded(platform: Platform, district: District) -> dict[str, Any]:
    """A new school: 2 teachers (one also a class teacher), 3 students, 2 parents. Sign-ins
    this month: teacher 1 twice, the class teacher once, student 1 once; no parent."""
    identity = platform.url("identity")
    school = expect(
        httpx.post(
            f"{identity}/schools",
            json={"name": unique("МБОУ СОШ № 9 ")},
            headers=district.admin.headers,
        ),
        201,
    )
    admin_name = unique("admin.")
    admin = expect(
        httpx.post(
            f"{identity}/schools/{school['id']}/administrators",
            json={
                "kind": "staff",
                "last_name": "Завучева",
                "first_name": "Ирина",
                "roles": ["school-admin"],
                "username": admin_name,
                "password": PASSWORD,
            },
            headers=district.admin.headers,
        ),
        201,
    )
    admin_account = Account(admin_name, admin["id"], school["id"], platform)

    def make(kind: str, last: str, first: str, roles: list[str] | None = None) -> Account:
        return account(platform, new_person(platform, admin_account, kind, last, first, roles))

    people = {
        "teacher1": make("staff", "Антонов", "Пётр", ["teacher"]),
        "class_teacher": make("staff", "Борисова", "Нина", ["teacher", "class-teacher"]),
        "student1": make("student", "Васильев", "Олег"),
        "student2": make("student", "Григорьева", "Ия"),
        "student3": make("student", "Дмитриев", "Лев"),
        "parent1": make("parent", "Васильева", "Ольга"),
        "parent2": make("parent", "Григорьев", "Юрий"),
    }
    for name, times in (("teacher1", 2), ("class_teacher", 1), ("student1", 1)):
        for _ in range(times):
            # A real password grant: a LOGIN event in Keycloak.
            platform.tokens.token(people[name].username, PASSWORD, school=people[name].school)
    # Active use seen by identity (teacher 1 opens the app).
    expect(httpx.get(f"{identity}/me", headers=people["teacher1"].headers), 200)
    return {"school": school, "admin": admin_account, "people": people}


def _report(platform: Platform, headers: dict[str, str], **params: Any) -> httpx.Response:
    return httpx.get(
        f"{platform.url('identity')}/reports/activity", params=params, headers=headers, timeout=60
    )


def _by_role(report: dict[str, Any]) -> dict[str, tuple[int, int, int, int]]:
    return {
        r["role"]: (r["persons"], r["signed_in"], r["active"], r["never_signed_in"])
        for r in report["roles"]
    }


EXPECTED = {
    # role: (persons, signed in this month, active (1 day), never signed in)
    "teacher": (2, 2, 2, 0),
    "class-teacher": (1, 1, 1, 0),
    "parent": (2, 0, 0, 2),
    "student": (3, 1, 1, 2),
}


def test_a_the_monthly_report_counts_each_role(platform: Platform, seeded: dict[str, Any]) -> None:
    admin = seeded["admin"]
    month = datetime.now(UTC).strftime("%Y-%m")

    def settled() -> dict[str, Any] | None:
        report: dict[str, Any] = expect(
            _report(platform, admin.headers, month=month, active_days=1), 200
        )
        return report if _by_role(report) == EXPECTED else None

    report = eventually(settled, what=f"the expected counts {EXPECTED}")
    assert report["month"] == month
    assert report["school_id"] == seeded["school"]["id"]
    people = seeded["people"]
    never = {p["person_id"] for p in report["never_signed_in"]}
    assert never == {people[n].id for n in ("student2", "student3", "parent1", "parent2")}
    teacher1 = next(p for p in report["active"] if p["person_id"] == people["teacher1"].id)
    assert teacher1["sign_ins"] >= 2
    assert teacher1["days_of_use"] == 1
    # "Active" by default means at least 4 days of use in the month: nobody yet.
    default = expect(_report(platform, admin.headers, month=month), 200)
    assert [r["active"] for r in default["roles"]] == [0, 0, 0, 0]
    # A month before the school existed: everyone counted as never signed in, nobody active.
    empty = expect(_report(platform, admin.headers, month="2020-01", active_days=1), 200)
    assert all(r["persons"] == 0 for r in empty["roles"])


def test_b_the_report_as_xlsx(platform: Platform, seeded: dict[str, Any]) -> None:
    response = _report(platform, seeded["admin"].headers, active_days=1, format="xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Активность"].iter_rows(min_row=5, values_only=True))
    counts = {row[0]: tuple(row[1:5]) for row in rows if row[0]}
    assert counts["Учителя / Teachers"] == EXPECTED["teacher"]
    assert counts["Классные руководители / Class teachers"] == EXPECTED["class-teacher"]
    assert counts["Родители / Parents"] == EXPECTED["parent"]
    assert counts["Обучающиеся / Students"] == EXPECTED["student"]
    never = [row[0] for row in book["Не входили"].iter_rows(min_row=2, values_only=True)]
    assert sorted(never) == sorted(
        ["Григорьева Ия", "Дмитриев Лев", "Васильева Ольга", "Григорьев Юрий"]
    )


def test_c_the_district_gets_counts_the_teacher_nothing(
    platform: Platform, district: District, seeded: dict[str, Any]
) -> None:
    school_id = seeded["school"]["id"]
    report = expect(
        _report(platform, district.admin.headers, school_id=school_id, active_days=1), 200
    )
    assert _by_role(report) == EXPECTED
    assert report["never_signed_in"] is None
    assert report["active"] is None
    missing = _report(platform, district.admin.headers)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "school_id"
    teacher = seeded["people"]["teacher1"]
    assert _report(platform, teacher.headers).status_code == 403
    bad = _report(platform, seeded["admin"].headers, month="2026-13")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "month"


def test_d_a_persons_sign_ins_and_days_of_use(platform: Platform, seeded: dict[str, Any]) -> None:
    teacher = seeded["people"]["teacher1"]
    mine = expect(
        httpx.get(
            f"{platform.url('identity')}/persons/{teacher.id}/activity", headers=teacher.headers
        ),
        200,
    )
    assert len(mine["sign_ins"]) >= 2
    assert len(mine["days_of_use"]) == 1
    other = seeded["people"]["student1"]
    assert (
        httpx.get(
            f"{platform.url('identity')}/persons/{other.id}/activity", headers=teacher.headers
        ).status_code
        == 403
    )
