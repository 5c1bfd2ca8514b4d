"""Screen 6, the school's timetable, journal policy and reports (issue 10), in Debian's
Chromium against the real platform: the school admin signs in through Keycloak, sees the
conflicts of a class's draft timetable, resolves and publishes it, sets the journal policy
(a problem of the policy service shown next to its field), and reads each report with its
XLSX download (and the PDF of the attendance, results and completion). Each screen is kept
as a PNG and checked with axe-core."""

import re
import zipfile
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, District, School, create_school, unique
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_setting_up_totp
from tests.web.school_ops_data import (
    browser_admin,
    clashing_timetables,
    recorded_lesson_with_a_corrected_mark,
)

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of its own: a year, timetables and a policy the other tests do not expect."""
    return create_school(platform, district, unique("МБОУ СОШ № 7 "))


def _sign_in_as_admin(
    page: Page, web_origin: str, platform: Platform, district: District, school: School, path: str
) -> None:
    admin = browser_admin(platform, district, school)
    page.goto(f"{web_origin}{path}")
    sign_in_setting_up_totp(page, admin.username, PASSWORD)
    expect(page).to_have_url(re.compile(rf"^{re.escape(web_origin)}{re.escape(path)}"))


def _choose(page: Page, label: str | re.Pattern[str], option: str | re.Pattern[str]) -> None:
    """Choose an option of an Ant Design select found by its label."""
    page.get_by_label(label, exact=True).click()
    options = page.locator(".ant-select-dropdown:visible .ant-select-item-option")
    options.filter(has_text=option).first.click()
    # Closed again: an open list is a listbox of its own, which axe checks too.
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)


def test_the_admin_sees_a_timetable_conflict_resolves_it_and_publishes(
    page: Page,
    web_origin: str,
    platform: Platform,
    district: District,
    school: School,
    screenshots: Path,
) -> None:
    timetables = clashing_timetables(platform, school)
    _sign_in_as_admin(
        page, web_origin, platform, district, school, f"/school/schedule?class={school.class_id}"
    )

    expect(page.get_by_role("heading", level=1)).to_have_text("Расписание класса")
    expect(page.get_by_text("1 конфликт с расписанием других классов")).to_be_visible()
    conflicted = page.locator("[data-testid=timetable-slot][data-conflict=true]")
    expect(conflicted).to_have_count(1)
    expect(conflicted).to_contain_text("Математика")
    expect(conflicted).to_contain_text("Иванов П. в это время ведёт урок в 6А (Математика)")
    # Tuesday's second period with the other teacher clashes with nothing.
    expect(
        page.locator("[data-testid=timetable-slot][data-conflict=false]", has_text="Сидорова О.")
    ).to_have_count(1)
    check_screen(page, screenshots, "school-ops-01-timetable-conflict")

    page.get_by_role("button", name="Изменить: пн, 1 урок").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("пн, 1 урок")
    check_screen(page, screenshots, "school-ops-02-timetable-cell")
    _choose(page, "Учитель", "Сидорова О.")
    dialog.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Конфликтов с расписанием других классов нет.")).to_be_visible()
    expect(page.locator("[data-testid=timetable-slot][data-conflict=true]")).to_have_count(0)

    page.get_by_role("button", name="Опубликовать").click()
    expect(
        page.get_by_label("Расписание", exact=True).locator(
            "xpath=ancestor::div[contains(@class,'ant-select')][1]"
        )
    ).to_contain_text("опубликовано")
    expect(page.get_by_role("button", name="Опубликовать")).to_have_count(0)
    check_screen(page, screenshots, "school-ops-03-timetable-published")

    published = expect_status(
        httpx.get(
            f"{platform.url('schedule')}/timetables/{timetables.draft_id}",
            headers=school.admin.headers,
        ),
        200,
    )
    assert published["status"] == "published"
    monday = [e for e in published["entries"] if (e["weekday"], e["period"]) == (1, 1)]
    assert [e["teacher_id"] for e in monday] == [school.other_teacher.id]


def test_the_admin_sets_the_journal_policy_and_sees_a_refusal_next_to_its_field(
    page: Page,
    web_origin: str,
    platform: Platform,
    district: District,
    school: School,
    screenshots: Path,
) -> None:
    _sign_in_as_admin(page, web_origin, platform, district, school, "/school/journal-policy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Правила ведения журнала")
    expect(page.get_by_label("Вид работы", exact=True).first).to_have_value("Работа на уроке")
    check_screen(page, screenshots, "school-ops-04-policy")

    # A code the policy refuses (Latin letters, digits and dashes only): the service's
    # problem goes next to the code's field, and what was typed stays.
    page.get_by_role("button", name="Добавить вид работы").click()
    page.get_by_label("Вид работы", exact=True).last.fill("Диктант")
    page.get_by_label("Код", exact=True).last.fill("Диктант")
    page.get_by_role("button", name="Сохранить правила").click()
    code_item = page.locator(".ant-form-item", has=page.get_by_label("Код", exact=True).last)
    expect(code_item.locator(".ant-form-item-explain-error")).to_be_visible()
    expect(page.get_by_label("Вид работы", exact=True).last).to_have_value("Диктант")
    check_screen(page, screenshots, "school-ops-05-policy-refused")

    page.get_by_label("Код", exact=True).last.fill("dictation")
    # The label goes on with whether the school, the district or its lock set the value.
    _choose(page, re.compile(r"^Исправить оценку можно в течение"), "1 недели")
    page.get_by_role("button", name="Сохранить правила").click()
    expect(page.get_by_text("Правила сохранены.")).to_be_visible()

    policy = expect_status(
        httpx.get(f"{platform.url('journal')}/policy", headers=school.admin.headers), 200
    )
    assert policy["edit_window"] == "1-week"
    assert "dictation" in [w["code"] for w in policy["work_types"]]
    assert {"edit_window", "work_types"} <= set(policy["school_overrides"])
    assert "scale" not in policy["school_overrides"]


def _download(page: Page, button: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    return Path(download.value.path()).read_bytes()


def _xlsx_of(page: Page, button: str) -> bytes:
    content = _download(page, button)
    assert zipfile.is_zipfile(BytesIO(content)), "not an XLSX workbook"
    return content


def _pdf_of(page: Page, button: str) -> bytes:
    content = _download(page, button)
    assert content.startswith(b"%PDF"), "not a PDF"
    return content


def test_the_admin_reads_each_report_and_downloads_them(
    page: Page,
    web_origin: str,
    platform: Platform,
    district: District,
    school: School,
    screenshots: Path,
) -> None:
    lesson = recorded_lesson_with_a_corrected_mark(platform, school)
    month = lesson.lesson_date[:7]
    _sign_in_as_admin(
        page,
        web_origin,
        platform,
        district,
        school,
        f"/school/reports?class={school.class_id}&month={month}",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Отчёты школы")

    # Attendance of the lesson's month: Смирнова missed one lesson, no reason yet.
    row = page.get_by_role("row", name=re.compile("Смирнова Мария"))
    expect(row).to_be_visible()
    expect(row.get_by_role("cell")).to_have_text(["2", "Смирнова Мария", "1", "", "", "", "1", ""])
    check_screen(page, screenshots, "school-ops-06-report-attendance")
    _xlsx_of(page, "Скачать XLSX")
    _pdf_of(page, "Скачать PDF")

    page.get_by_role("tab", name="Успеваемость").click()
    _choose(page, "Учебный период", re.compile(r"^year "))
    expect(page.get_by_text("Учеников", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Кузнецов Илья"))).to_be_visible()
    check_screen(page, screenshots, "school-ops-07-report-results")
    _xlsx_of(page, "Скачать XLSX")
    _pdf_of(page, "Скачать PDF")

    page.get_by_role("tab", name="Выполнение программы").click()
    # The class chosen on the first tab stays chosen.
    expect(
        page.get_by_label("Класс", exact=True).locator(
            "xpath=ancestor::div[contains(@class,'ant-select')][1]"
        )
    ).to_contain_text("5Б")
    expect(page.get_by_role("row", name=re.compile("Математика"))).to_be_visible()
    check_screen(page, screenshots, "school-ops-08-report-completion")
    _xlsx_of(page, "Скачать XLSX")
    _pdf_of(page, "Скачать PDF")

    page.get_by_role("tab", name="Исправления оценок").click()
    change = page.get_by_role("row", name=re.compile("Кузнецов И."))
    expect(change).to_contain_text("4 (oral, 1,00)")
    expect(change).to_contain_text("5 (oral, 1,00)")
    expect(change).to_contain_text("Иванов П.")
    expect(change).to_contain_text("Ответ дополнен")
    check_screen(page, screenshots, "school-ops-09-report-mark-changes")
    _xlsx_of(page, "Скачать XLSX")

    page.get_by_role("tab", name="Журнал просмотров").click()
    # The admin's own reads of this session are in the log: the lists of the school's people
    # that named the changes' students and teachers.
    expect(page.get_by_role("row", name=re.compile("карточки людей")).first).to_be_visible()
    check_screen(page, screenshots, "school-ops-10-report-read-audit")
    _xlsx_of(page, "Скачать XLSX")
