"""Monitoring reports' panel of the oversight screens (issue 11 point 9, Screens) in Debian's
Chromium against the real platform: the working-group member opens the Отчёты tab, finds
the school's report with who received it, views its figures, makes one on demand and
downloads its PDF and Excel; the director reads their own school's reports only and makes
one. Each screen is kept as a PNG and checked with axe-core."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, World
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak, sign_in_setting_up_totp
from tests.web.district_data import director, working_group_member

pytestmark = pytest.mark.platform

TAB = "Отчёты"


@pytest.fixture(scope="module")
def first_director(platform: Platform, world: World) -> Account:
    return director(platform, world.first)


@pytest.fixture(scope="module")
def report(platform: Platform, district: District, world: World, first_director: Account) -> Any:
    """The first school's report of the year, made by the district admin once the school has
    its director (the report's recipient)."""
    (made,) = expect_status(
        httpx.post(
            f"{platform.url('journal')}/oversight/monitoring/reports",
            json={"period": "year", "school_id": world.first.id},
            headers=district.admin.headers,
            timeout=60,
        ),
        201,
    )["reports"]
    return made


def test_the_district_reads_a_report_makes_one_and_downloads_it(
    page: Page,
    web_origin: str,
    platform: Platform,
    world: World,
    report: Any,
    screenshots: Path,
) -> None:
    member = working_group_member(platform)
    page.goto(web_origin)
    sign_in_on_keycloak(page, member.username, PASSWORD)
    expect(page).to_have_url(f"{web_origin}/district/oversight")
    page.goto(f"{web_origin}/district/oversight/schools/{world.first.id}")
    page.get_by_role("tab", name=TAB).click()
    table = page.get_by_role("table", name="Мониторинговые отчёты", exact=False)
    row = table.get_by_role("row").filter(has_text="Директорова С.")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Учебный год")
    expect(row).to_contain_text("по запросу")
    check_screen(page, screenshots, "monitoring-01-district-list")

    row.get_by_role("button", name="Показатели").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("cell", name="Записи внесены вовремя").first).to_be_visible()
    expect(dialog.get_by_role("table", name="Пороговые значения округа")).to_be_visible()
    check_screen(page, screenshots, "monitoring-02-district-figures")
    dialog.get_by_role("button", name="Закрыть").last.click()

    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_text("Сформирован 1 отчёт.")).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Директорова С.")).to_have_count(2)
    newest = table.get_by_role("row").filter(has_text="Директорова С.").first
    with page.expect_download() as pdf:
        newest.get_by_role("button", name="PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as xlsx:
        newest.get_by_role("button", name="Excel").click()
    assert xlsx.value.suggested_filename == "monitoring-year.xlsx"
    page.mouse.move(0, 0)
    check_screen(page, screenshots, "monitoring-03-district-made")
    for student in (world.first.student, world.second.student):
        expect(page.get_by_text(student.id)).to_have_count(0)


def test_a_director_reads_their_schools_reports_only(
    page: Page,
    web_origin: str,
    world: World,
    report: Any,
    first_director: Account,
    screenshots: Path,
) -> None:
    page.goto(web_origin)
    sign_in_setting_up_totp(page, first_director.username, PASSWORD)
    page.goto(f"{web_origin}/school/oversight")
    page.get_by_role("tab", name=TAB).click()
    table = page.get_by_role("table", name="Мониторинговые отчёты", exact=False)
    expect(table.get_by_role("row").filter(has_text="Директорова С.").first).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Сводка по округу")).to_have_count(0)
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_text("Сформирован 1 отчёт.")).to_be_visible()
    page.mouse.move(0, 0)
    check_screen(page, screenshots, "monitoring-04-director")
