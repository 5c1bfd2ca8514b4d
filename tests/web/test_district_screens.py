"""The oversight screens (issue 11, Screens) in Debian's Chromium against the real platform:
the district's working-group member signs in to the district dashboard (every school ranked,
the filters in the address, the parts of oversight as tabs); a school's director reads
oversight for their own school only, and no other school's page opens by its address. Each
screen is kept as a PNG and checked with axe-core."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, World
from tests.web.browser import check_screen, sign_in_on_keycloak, sign_in_setting_up_totp
from tests.web.district_data import director, working_group_member

pytestmark = pytest.mark.platform


def _choose(page: Page, label: str, option: str) -> None:
    """Choose an option of an Ant Design select found by its label."""
    page.get_by_label(label, exact=True).click()
    page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter(
        has_text=option
    ).first.click()
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)


def test_a_working_group_member_signs_in_to_the_district_dashboard(
    page: Page, web_origin: str, platform: Platform, world: World, screenshots: Path
) -> None:
    member = working_group_member(platform)
    page.goto(web_origin)
    sign_in_on_keycloak(page, member.username, PASSWORD)

    # A token without a school: the district, and its monitoring roles land on the dashboard.
    expect(page).to_have_url(f"{web_origin}/district/oversight")
    expect(page.get_by_test_id("current-school")).to_contain_text("Управление образования")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мониторинг ведения журнала")
    expect(page.get_by_role("tab", name="Ведение журнала")).to_have_attribute(
        "aria-selected", "true"
    )
    check_screen(page, screenshots, "district-01-dashboard")

    _choose(page, "Учебный период", "2 четверть")
    _choose(page, "Параллель", "5 классы")
    expect(page).to_have_url(re.compile(r"/district/oversight\?period=term-2&grade=5$"))
    page.reload()  # the filters live in the address
    expect(page.get_by_label("Учебный период", exact=True).locator("..")).to_contain_text(
        "2 четверть"
    )


def test_a_director_reads_their_own_school_and_no_other(
    page: Page, web_origin: str, platform: Platform, world: World, screenshots: Path
) -> None:
    head = director(platform, world.first)
    page.goto(f"{web_origin}/school/oversight")
    sign_in_setting_up_totp(page, head.username, PASSWORD)

    expect(page).to_have_url(f"{web_origin}/school/oversight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мониторинг ведения журнала")
    expect(
        page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Мониторинг")
    ).to_be_visible()
    check_screen(page, screenshots, "district-10-director-school")

    # The district's pages are not the director's: neither the dashboard nor another
    # school's page opens by its address.
    for path in ("/district/oversight", f"/district/oversight/schools/{world.second.id}"):
        page.goto(f"{web_origin}{path}")
        expect(page).to_have_url(re.compile(rf"^{re.escape(web_origin)}/school"))
        expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile(world.second.id))
