"""A school of its own for the school admin's browser tests (screen 6, people side), built
through the public REST APIs as its admin would. Not the shared world's schools: these tests
add people, guardian links and classes that other modules' checks must not meet. The calls
wait up to a minute: opening a school makes its Keycloak organization and groups, which a
machine shared by several platforms answers slowly."""

from dataclasses import dataclass
from typing import Any

import httpx

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, create_current_year, expect, unique

TIMEOUT = 60.0


@dataclass
class PeopleSchool:
    id: str
    admin: Account
    teacher: Account
    other_teacher: Account
    student: Account
    other_student: Account
    parent: Account
    other_parent: Account
    class_id: str


def call(method: str, url: str, account: Account, status: int, **kwargs: Any) -> Any:
    """One API call as the account, its status checked; the answer's JSON."""
    response = httpx.request(method, url, headers=account.headers, timeout=TIMEOUT, **kwargs)
    return expect(response, status)


def new_person(
    platform: Platform,
    admin: Account,
    kind: str,
    last: str,
    first: str,
    roles: list[str] | None = None,
) -> Account:
    username = unique(f"{kind}.")
    body: dict[str, Any] = {
        "kind": kind,
        "last_name": last,
        "first_name": first,
        "username": username,
        "password": PASSWORD,
    }
    if roles:
        body["roles"] = roles
    created = call("POST", f"{platform.url('identity')}/persons", admin, 201, json=body)
    return Account(username, created["id"], admin.school, platform)


def open_school(platform: Platform, district: District) -> PeopleSchool:
    """A school with its admin, two teachers, two students of 5Б and a parent of each."""
    identity, schedule = platform.url("identity"), platform.url("schedule")
    name = unique("МБОУ СОШ № 7 ")
    school = call("POST", f"{identity}/schools", district.admin, 201, json={"name": name})
    admin_name = unique("admin.")
    admin = call(
        "POST",
        f"{identity}/schools/{school['id']}/administrators",
        district.admin,
        201,
        json={
            "kind": "staff",
            "last_name": "Администраторова",
            "first_name": "Анна",
            "roles": ["school-admin"],
            "username": admin_name,
            "password": PASSWORD,
        },
    )
    admin_account = Account(admin_name, admin["id"], school["id"], platform)
    teacher = new_person(platform, admin_account, "staff", "Иванов", "Пётр", ["teacher"])
    other_teacher = new_person(platform, admin_account, "staff", "Сидорова", "Ольга", ["teacher"])
    student = new_person(platform, admin_account, "student", "Смирнова", "Мария")
    other_student = new_person(platform, admin_account, "student", "Кузнецов", "Илья")
    parent = new_person(platform, admin_account, "parent", "Смирнов", "Алексей")
    other_parent = new_person(platform, admin_account, "parent", "Кузнецова", "Елена")
    for guardian, child in ((parent, student), (other_parent, other_student)):
        call(
            "POST",
            f"{identity}/guardians",
            admin_account,
            201,
            json={"guardian_id": guardian.id, "student_id": child.id},
        )
    year = create_current_year(platform, admin_account.headers)
    school_class = call(
        "POST",
        f"{schedule}/classes",
        admin_account,
        201,
        json={"grade": 5, "letter": "Б", "year_id": year["id"]},
    )
    for child in (student, other_student):
        call(
            "POST",
            f"{schedule}/classes/{school_class['id']}/members",
            admin_account,
            201,
            json={"student_id": child.id},
        )
    return PeopleSchool(
        school["id"],
        admin_account,
        teacher,
        other_teacher,
        student,
        other_student,
        parent,
        other_parent,
        school_class["id"],
    )
