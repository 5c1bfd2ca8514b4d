"""The oversight screens (issue 11, Screens) in Debian's Chromium against the real platform:
the district's working-group member signs in to the district dashboard (every school ranked,
the filters in the address, the parts of oversight as tabs); a school's director reads
oversight for their own school only, and no other school's page opens by its address. Each
screen is kept as a PNG and checked with axe-core."""

import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import (
    PASSWORD,
    Account,
    District,
    School,
    World,
    create_school,
    eventually,
    unique,
)
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak, sign_in_setting_up_totp
from tests.web.district_data import TimedLesson, director, late_lesson, working_group_member

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
    expect(page.locator(".ant-table .ant-spin-spinning")).to_have_count(0)  # the ranking read
    check_screen(page, screenshots, "district-01-dashboard")

    _choose(page, "Учебный период", "2 четверть")
    _choose(page, "Параллель", "5 классы")
    expect(page).to_have_url(re.compile(r"/district/oversight\?period=term-2&grade=5$"))
    page.reload()  # the filters live in the address
    expect(page.get_by_label("Учебный период", exact=True).locator("..")).to_contain_text(
        "2 четверть"
    )


def _school_card(platform: Platform, district: District, school_id: str) -> dict[str, Any]:
    card: dict[str, Any] = expect_status(
        httpx.get(
            f"{platform.url('identity')}/schools/{school_id}", headers=district.admin.headers
        ),
        200,
    )
    return card


def _index_of(platform: Platform, district: District, school_id: str) -> float:
    """The school's compliance index as the API computes it (its arithmetic is keeping's,
    tested there): the screen shows the same number."""
    ranking = expect_status(
        httpx.get(f"{platform.url('journal')}/oversight/index", headers=district.admin.headers),
        200,
    )
    found = [row["index"] for row in ranking["schools"] if row["school_id"] == school_id]
    assert found, ranking
    assert found[0] is not None, ranking
    return float(found[0])


def _keeping_row(platform: Platform, reader: Account, school_id: str) -> dict[str, Any] | None:
    ranking = expect_status(
        httpx.get(f"{platform.url('journal')}/oversight/keeping/schools", headers=reader.headers),
        200,
    )
    return next((row for row in ranking["schools"] if row["school_id"] == school_id), None)


@pytest.fixture(scope="module")
def own_school(platform: Platform, district: District) -> School:
    """A school of this module's own: no other test saves its lesson, so its figures are
    only the facts this module times."""
    return create_school(platform, district, unique("МБОУ СОШ № 7 "))


@pytest.fixture(scope="module")
def timed(platform: Platform, district: District, own_school: School) -> TimedLesson:
    """The school's lesson with its attendance late, once the read models have it."""
    lesson = late_lesson(platform, own_school)
    eventually(
        lambda: (
            (row := _keeping_row(platform, district.admin, own_school.id)) is not None
            and row["timeliness"]["late"] >= 1
        ),
        what="the late attendance in the district's figures",
    )
    return lesson


def _moment(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%d.%m.%Y, %H:%M")


def _week_label(day: date) -> str:
    monday = day - timedelta(days=day.weekday())
    return f"{monday:%d.%m}–{monday + timedelta(days=6):%d.%m}"


def test_a_working_group_member_drills_down_to_a_late_lesson(
    page: Page,
    web_origin: str,
    platform: Platform,
    district: District,
    own_school: School,
    timed: TimedLesson,
    screenshots: Path,
) -> None:
    lesson = timed
    card = _school_card(platform, district, own_school.id)
    member = working_group_member(platform)
    page.goto(f"{web_origin}/district/oversight")
    sign_in_on_keycloak(page, member.username, PASSWORD)

    # The district: every school ranked by the compliance index, its figures side by side;
    # the first school's figures open it.
    ranking = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Место"))
    row = ranking.get_by_role("row").filter(has_text=card["name"])
    expect(row).to_be_visible()
    index = _index_of(platform, district, own_school.id)
    expect(row).to_contain_text("33,3 % (1)")  # 1 of 3 entries on time, 1 late, 1 missing
    expect(row).to_contain_text(f"{index:.1f}".rstrip("0").rstrip(".").replace(".", ","))
    check_screen(page, screenshots, "district-02-ranking")
    row.get_by_role("link", name=card["name"]).click()

    # The school: its teachers (the first tab), the lesson's teacher opens their weeks.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Мониторинг: {card['name']}")
    teachers = page.get_by_role("tabpanel", name="Учителя")
    teachers.get_by_role("link", name="Иванов П.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Учитель: Иванов П.")
    expect(page.get_by_role("img", name=re.compile("по неделям"))).to_be_visible()
    check_screen(page, screenshots, "district-03-teacher-weeks")

    # The week, then the lesson.
    page.get_by_role("link", name=_week_label(lesson.lesson_date)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(_week_label(lesson.lesson_date))
    lesson_link = page.get_by_role("link", name=f"{lesson.lesson_date:%d.%m.%Y}").first
    expect(lesson_link).to_be_visible()
    check_screen(page, screenshots, "district-04-week")
    lesson_link.click()

    # The lesson: the attendance's entry moment against its due moment, who and how.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Урок {lesson.lesson_date:%d.%m.%Y}")
    entries = page.get_by_role("table", name=re.compile("Записи урока"))
    attendance = entries.get_by_role("row").filter(has_text="Посещаемость")
    zone = card["time_zone"]
    for text in (
        "с опозданием",
        _moment(lesson.due_at, zone),
        _moment(lesson.late_entered_at, zone),
        "2 ч 30 мин",  # entered 2 h 30 min after it was due
        "Иванов П.",
        "в журнале",
    ):
        expect(attendance).to_contain_text(text)
    expect(entries.get_by_role("row").filter(has_text="Домашнее задание")).to_contain_text(
        "не внесено"
    )
    check_screen(page, screenshots, "district-05-lesson")

    # Back up the way it came: the breadcrumbs lead to the district.
    page.get_by_role("navigation", name="Где вы находитесь").get_by_role(
        "link", name="Округ"
    ).click()
    expect(page).to_have_url(f"{web_origin}/district/oversight")


@pytest.fixture(scope="module")
def overloaded_school(platform: Platform, district: District) -> School:
    """A school whose teacher saved today's lesson with 150 minutes of homework (grade 5:
    the limit is 120), once the index and usage have it."""
    school = create_school(platform, district, unique("МБОУ СОШ № 9 "))
    expect_status(
        httpx.put(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/record",
            json={"topic": "Дроби", "homework": {"text": "№ 1-20", "minutes": 150}},
            headers={**school.teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        ),
        200,
    )

    def counted() -> bool:
        index = expect_status(
            httpx.get(f"{platform.url('journal')}/oversight/index", headers=district.admin.headers),
            200,
        )
        row = next((r for r in index["schools"] if r["school_id"] == school.id), None)
        load = [p for p in (row or {"parts": []})["parts"] if p["name"] == "homework_load"]
        usage = expect_status(
            httpx.get(f"{platform.url('journal')}/oversight/usage", headers=district.admin.headers),
            200,
        )
        used = next((u for u in usage["schools"] if u["school_id"] == school.id), None)
        entries = sum(
            w["counts"].get("lesson-entries", 0) for w in (used or {"weeks": []})["weeks"]
        )
        return bool(load) and load[0]["counted"] == 1 and entries == 1

    eventually(counted, what="the homework and the teacher's work in the district's figures")
    return school


def test_the_ranking_shows_homework_load_and_usage_and_the_schools_index(
    page: Page,
    web_origin: str,
    platform: Platform,
    district: District,
    overloaded_school: School,
    screenshots: Path,
) -> None:
    card = _school_card(platform, district, overloaded_school.id)
    member = working_group_member(platform)
    page.goto(f"{web_origin}/district/oversight")
    sign_in_on_keycloak(page, member.username, PASSWORD)

    ranking = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Место"))
    for column in ("Домашние задания в норме", "Работа в журнале за неделю"):
        expect(ranking.get_by_role("columnheader", name=column)).to_be_visible()
    row = ranking.get_by_role("row").filter(has_text=card["name"])
    # Today's evening: 150 min > 120, the school's only class evening with homework: 0 of 1
    # within the limit. The teacher made the lesson's entries this week.
    expect(row).to_contain_text("0 % (сверх нормы: 1 из 1)")
    expect(row).to_contain_text("записи вносили: 1")
    row.get_by_role("link", name="0 % (сверх нормы: 1 из 1)").click()
    expect(page).to_have_url(re.compile(r"[?&]tab=homework-load"))
    expect(page.get_by_role("tab", name="Домашние задания")).to_have_attribute(
        "aria-selected", "true"
    )

    # The school's own page: its index with its parts, week by week beside its table.
    page.get_by_role("tab", name="Ведение журнала").click()
    expect(page.get_by_role("heading", name="Индекс ведения журнала", exact=True)).to_be_visible()
    parts = page.get_by_role("table", name=re.compile("Части индекса"))
    expect(parts.get_by_role("row").filter(has_text="Вечера без перегрузки")).to_contain_text(
        "0 из 1"
    )
    expect(page.get_by_role("img", name=re.compile("Индекс ведения журнала школы"))).to_be_visible()
    check_screen(page, screenshots, "district-06-school-index")


def test_a_director_reads_their_own_school_and_no_other(
    page: Page,
    web_origin: str,
    platform: Platform,
    world: World,
    timed: TimedLesson,
    screenshots: Path,
) -> None:
    head = director(platform, world.first)
    page.goto(f"{web_origin}/school/oversight")
    sign_in_setting_up_totp(page, head.username, PASSWORD)

    expect(page).to_have_url(f"{web_origin}/school/oversight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мониторинг ведения журнала")
    expect(
        page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Мониторинг")
    ).to_be_visible()
    # Their school's figures: the teacher whose attendance was late, by name.
    expect(page.get_by_role("tabpanel", name="Учителя")).to_contain_text("Иванов П.")
    check_screen(page, screenshots, "district-10-director-school")

    # Another school's lesson asked for by its address: its figures are not there.
    page.goto(f"{web_origin}/school/oversight/lessons/{world.second.lesson_id}")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Записи урока"))).to_have_count(0)

    # The district's pages are not the director's: neither the dashboard nor another
    # school's page opens by its address.
    for path in ("/district/oversight", f"/district/oversight/schools/{world.second.id}"):
        page.goto(f"{web_origin}{path}")
        expect(page).to_have_url(re.compile(rf"^{re.escape(web_origin)}/school"))
        expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile(world.second.id))
