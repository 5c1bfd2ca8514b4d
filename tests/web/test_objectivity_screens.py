"""Objectivity's panel of the oversight screens (issue 11 point 4, Screens) in Debian's
Chromium against the real platform: the working-group member opens the objectivity tab of
the district dashboard and finds the outlier teacher with the statistic that flags them and
their distribution against the district's; a school's director reads their own school's
teachers only. Each screen is kept as a PNG and checked with axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, District, World, eventually
from tests.web.browser import check_screen, sign_in_on_keycloak, sign_in_setting_up_totp
from tests.web.district_data import director, working_group_member
from tests.web.objectivity_data import OutlierScenario, distributions, outlier_teacher

pytestmark = pytest.mark.platform

TAB = "Объективность"


@pytest.fixture(scope="module")
def scenario(platform: Platform, district: District, objectivity_world: World) -> OutlierScenario:
    """The outlier teacher of tests/e2e/test_oversight_objectivity.py (z = 7.7266), once the
    read models count its 230 marks."""
    made = outlier_teacher(platform, objectivity_world)
    eventually(
        lambda: (
            sum(
                u["marks"]["n"]
                for u in distributions(platform, district.admin, made.first_subject_id)["units"]
            )
            == 230
        ),
        what="the 230 marks in the district's figures",
    )
    return made


def test_the_district_sees_the_outlier_teacher_and_the_statistic(
    page: Page,
    web_origin: str,
    platform: Platform,
    objectivity_world: World,
    scenario: OutlierScenario,
    screenshots: Path,
) -> None:
    member = working_group_member(platform)
    page.goto(web_origin)
    sign_in_on_keycloak(page, member.username, PASSWORD)
    expect(page).to_have_url(f"{web_origin}/district/oversight")
    page.get_by_role("tab", name=TAB).click()

    expect(page.get_by_text("|z| ≥ 3", exact=False)).to_be_visible()  # the rule, stated
    # Both schools' first teachers are Иванов П.: the outlier is the first school's.
    row = page.get_by_role("row").filter(has_text=scenario.subject).filter(has_text="Выброс")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Иванов П.")
    expect(row).to_contain_text("Выброс: завышает")
    expect(row).to_contain_text("7,73")  # z = 7.7266
    expect(row).to_contain_text("5,00")  # the teacher's mean against the district's 4,00
    expect(row).to_contain_text("4,00")
    row.get_by_role("button", name="Показать распределение").click()
    chart = page.get_by_role("img", name="Доли отметок 1–5: Иванов П. против остальных школ округа")
    expect(chart).to_be_visible()
    figures = page.get_by_role("table", name="Доли отметок, %")
    expect(figures.get_by_role("row").filter(has_text="5").last).to_contain_text("30 (100,0%)")
    check_screen(page, screenshots, "objectivity-01-district-outlier")
    for student in (objectivity_world.first.student, objectivity_world.second.student):
        expect(page.get_by_text(student.id)).to_have_count(0)


def test_a_director_sees_their_own_teachers_against_the_district(
    page: Page,
    web_origin: str,
    platform: Platform,
    objectivity_world: World,
    scenario: OutlierScenario,
    screenshots: Path,
) -> None:
    head = director(platform, objectivity_world.second)
    page.goto(web_origin)
    sign_in_setting_up_totp(page, head.username, PASSWORD)
    page.goto(f"{web_origin}/school/oversight")
    page.get_by_role("tab", name=TAB).click()
    rows = page.get_by_role("row").filter(has_text=scenario.subject)
    expect(rows).to_have_count(2)  # the school's two teachers, no other school's
    expect(rows.filter(has_text="В пределах нормы")).to_have_count(2)
    expect(rows.filter(has_text="Сидорова О.")).to_have_count(1)
    check_screen(page, screenshots, "objectivity-02-school")
