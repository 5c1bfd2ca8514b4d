"""The forecast's screens (issue 11 point 7; J12) in Debian's Chromium against the real
platform: the forecast and what lifts it beside the averages in the teacher's grid, the
teacher's list of students heading for a 2, the class teacher's summary and the parent's
marks screen at a phone's width. Each screen is kept as a PNG and checked with axe-core.

The student Смирнова Мария has a test 2 (weight 2), classwork 3 and an oral 2 (weight 1):
(2x2 + 3 + 2) / (2 + 1 + 1) = 9/4 = 2.25 -> 2, failing; one 3 in a test lifts it to
(9 + 3x2) / (4 + 2) = 15/6 = 2.50, which rounds to 3. Кузнецов Илья has one classwork 5:
5.00 -> 5, nothing above it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, District
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.forecast_data import ForecastSchool, forecast_of, forecast_school, record_mark
from tests.web.grid_data import journal_path

pytestmark = pytest.mark.platform

PHONE: ViewportSize = {"width": 375, "height": 812}
INPUTS = "Сейчас: отметок — 3, сумма «отметка × вес» 9,00, сумма весов 4,00; 9,00 / 4,00 = 2,25 → 2"
ONE_TEST_THREE = "1 × «3» — Контрольная работа (вес 2): 2,50 → 3"


@pytest.fixture(scope="module")
def made(platform: Platform, district: District) -> ForecastSchool:
    found = forecast_school(platform, district)
    school = found.school
    for value, kind in (("2", "test"), ("3", "classwork"), ("2", "oral")):
        record_mark(platform, school, school.student, value, kind)
    record_mark(platform, school, school.other_student, "5", "classwork")
    forecast_of(platform, school.admin, school.other_student, "5.00")
    forecast_of(platform, school.parent, school.student, "2.25")
    return found


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ru-RU", viewport=PHONE, has_touch=True)
    context.set_default_timeout(60_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def test_the_teacher_sees_the_forecast_in_the_grid_and_the_list_of_2s(
    page: Page, web_origin: str, made: ForecastSchool, screenshots: Path
) -> None:
    school = made.school
    page.goto(f"{web_origin}{journal_path(school)}")
    sign_in_on_keycloak(page, school.teacher.username, PASSWORD)

    expect(page.get_by_role("columnheader", name="Прогноз")).to_be_visible()
    failing = page.get_by_role("row").filter(has_text="Смирнова М.")
    expect(failing.get_by_test_id("forecast-mark")).to_have_text("2, идёт на «2»")
    top = page.get_by_role("row").filter(has_text="Кузнецов И.")
    expect(top.get_by_test_id("forecast-mark")).to_have_text("5")
    expect(top.get_by_test_id("forecast-raise")).to_have_count(0)
    failing.get_by_role("button", name="Что нужно, чтобы выйти на 3: Смирнова М.").click()
    details = page.get_by_test_id("forecast-details")
    expect(details).to_contain_text(INPUTS)
    # Fewest marks first; among equals the school's order of work types: the test leads.
    first = details.get_by_test_id("forecast-option").first
    expect(first).to_contain_text(ONE_TEST_THREE)
    expect(first).to_contain_text("(9,00 + 1 × 3 × 2) / (4,00 + 1 × 2) = 2,50")
    check_screen(page, screenshots, "forecast-01-grid-marks-needed")

    page.goto(f"{web_origin}/teacher/forecast")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ученики моих классов и предметов с прогнозом «2»"
    )
    expect(page.get_by_text("Период: 2 четверть")).to_be_visible()
    rows = page.get_by_test_id("forecast-failing").locator("tbody tr.ant-table-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Смирнова Мария")
    expect(rows.first).to_contain_text("Математика")
    expect(rows.first).to_contain_text("2,25")
    expect(rows.first).to_contain_text("Чтобы выйти на 3: 1 × «3», Контрольная работа")
    check_screen(page, screenshots, "forecast-02-teacher-list")


def test_the_class_teacher_sees_the_class_forecast_under_the_summary(
    page: Page, web_origin: str, made: ForecastSchool, screenshots: Path
) -> None:
    page.goto(f"{web_origin}/class-teacher/summary")
    sign_in_on_keycloak(page, made.class_teacher.username, PASSWORD)

    section = page.get_by_test_id("class-forecast")
    expect(section.get_by_role("heading")).to_have_text("Прогноз отметок за период: 2 четверть")
    failing = section.get_by_role("row").filter(has_text="Смирнова")
    expect(failing.get_by_test_id("forecast-mark")).to_have_text("2, идёт на «2»")
    expect(
        section.get_by_role("row").filter(has_text="Кузнецов").get_by_test_id("forecast-mark")
    ).to_have_text("5")
    failing.get_by_test_id("forecast-raise").click()
    expect(page.get_by_test_id("forecast-details")).to_contain_text(ONE_TEST_THREE)
    check_screen(page, screenshots, "forecast-03-class-teacher-summary")


def test_a_parent_sees_the_forecast_and_what_lifts_it_on_a_phone(
    phone: Page, web_origin: str, made: ForecastSchool, screenshots: Path
) -> None:
    school = made.school
    phone.goto(f"{web_origin}/parent/marks")
    sign_in_on_keycloak(phone, school.parent.username, PASSWORD)

    subject = phone.get_by_test_id("marks-subject").filter(has_text="Математика")
    expect(subject.get_by_test_id("marks-weighted")).to_have_text("2,25")
    expect(subject.get_by_test_id("forecast-mark")).to_have_text("2, идёт на «2»")
    subject.get_by_role("button", name="Что нужно, чтобы выйти на 3: Математика").click()
    details = phone.get_by_test_id("forecast-details")
    expect(details).to_contain_text(INPUTS)
    expect(details).to_contain_text(ONE_TEST_THREE)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"
    check_screen(phone, screenshots, "forecast-04-parent-marks-375")
