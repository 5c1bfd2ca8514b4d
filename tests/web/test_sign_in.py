"""Sign-in through Keycloak's page, the school of a person of two schools, the language
switch and sign-out, in Debian's Chromium against the real platform (issue 10, screen 1).
Each screen is kept as a PNG and checked with axe-core."""

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, World, unique
from tests.support import expect as expect_status
from tests.web.browser import (
    check_screen,
    enter_password,
    enter_username,
    expect_keycloak_sign_in,
    sign_in_on_keycloak,
)

pytestmark = pytest.mark.platform


def _school_name(platform: Platform, account: Account) -> str:
    schools = expect_status(
        httpx.get(f"{platform.url('identity')}/me/schools", headers=account.headers), 200
    )["schools"]
    names = [s["school_name"] for s in schools if s["school_id"] == account.school]
    assert names, schools
    return str(names[0])


def _teacher_of_two_schools(platform: Platform, world: World) -> Account:
    """A new teacher of the first school whom the second school's admin adds as a teacher."""
    identity = platform.url("identity")
    username = unique("teacher.two.")
    created = expect_status(
        httpx.post(
            f"{identity}/persons",
            json={
                "kind": "staff",
                "last_name": "Двушкольная",
                "first_name": "Вера",
                "roles": ["teacher"],
                "username": username,
                "password": PASSWORD,
            },
            headers=world.first.admin.headers,
        ),
        201,
    )
    expect_status(
        httpx.post(
            f"{identity}/persons/attach",
            json={"username": username, "kind": "staff", "roles": ["teacher"]},
            headers=world.second.admin.headers,
        ),
        201,
    )
    return Account(username, created["id"], world.first.id, platform)


def test_a_teacher_signs_in_through_keycloak_and_lands_on_the_app(
    page: Page, web_origin: str, platform: Platform, world: World, screenshots: Path
) -> None:
    teacher = world.first.teacher
    page.goto(web_origin)
    expect_keycloak_sign_in(page, platform.instance.keycloak_url)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    check_screen(page, screenshots, "01-keycloak-username")
    enter_username(page, teacher.username)
    expect(page.locator("#password")).to_be_visible()
    check_screen(page, screenshots, "01-keycloak-password")
    enter_password(page, PASSWORD)

    expect(page).to_have_url(f"{web_origin}/teacher")
    expect(page.get_by_role("heading", level=1)).to_have_text("Уроки на сегодня")
    expect(page.get_by_test_id("person-name")).to_have_text("Пётр Иванов")
    expect(page.get_by_test_id("current-school")).to_contain_text(_school_name(platform, teacher))
    # One school: nothing to change to.
    expect(page.get_by_role("link", name="Сменить школу")).to_have_count(0)
    check_screen(page, screenshots, "02-teacher-home-ru")

    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's lessons")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_screen(page, screenshots, "03-teacher-home-en")

    page.reload()  # the choice of language outlives the page
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's lessons")


def test_a_person_of_two_schools_chooses_a_school_and_the_header_shows_it(
    page: Page, web_origin: str, platform: Platform, world: World, screenshots: Path
) -> None:
    teacher = _teacher_of_two_schools(platform, world)
    first = _school_name(platform, teacher)
    second = _school_name(
        platform, Account(teacher.username, teacher.id, world.second.id, platform)
    )

    page.goto(web_origin)
    sign_in_on_keycloak(page, teacher.username, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Выберите школу")
    expect(page.get_by_role("heading", name=first, level=2)).to_be_visible()
    expect(page.get_by_role("heading", name=second, level=2)).to_be_visible()
    check_screen(page, screenshots, "04-school-choice")

    page.get_by_role("button", name=f"Работать в этой школе: {second}").click()

    # Keycloak's session signs the new request in: no password asked again.
    expect(page).to_have_url(f"{web_origin}/teacher")
    expect(page.get_by_test_id("current-school")).to_contain_text(second)
    expect(page.get_by_test_id("person-name")).to_have_text("Вера Двушкольная")
    check_screen(page, screenshots, "05-second-school-home")

    page.get_by_role("link", name="Сменить школу").click()
    page.get_by_role("button", name=f"Работать в этой школе: {first}").click()
    expect(page.get_by_test_id("current-school")).to_contain_text(first)
    expect(page.get_by_test_id("current-school")).not_to_contain_text(second)


def test_sign_out_ends_the_session(
    page: Page, web_origin: str, platform: Platform, world: World, screenshots: Path
) -> None:
    teacher = world.first.teacher
    page.goto(f"{web_origin}/teacher")
    sign_in_on_keycloak(page, teacher.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Уроки на сегодня")

    page.get_by_role("button", name="Выйти").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(web_origin)}/signed-out"))
    expect(page.get_by_role("heading", name="Вы вышли из Округа.")).to_be_visible()
    expect(page.get_by_role("button", name="Войти снова")).to_be_visible()
    check_screen(page, screenshots, "06-signed-out")
    tokens = page.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('oidc.user'))"
    )
    assert tokens == []

    # Keycloak's session is over too: the app's next visit asks for the password again.
    page.goto(f"{web_origin}/teacher")
    expect_keycloak_sign_in(page, platform.instance.keycloak_url)
