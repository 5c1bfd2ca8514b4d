"""The substitute flow of issue 10 in Debian's Chromium against the real platform: the school
admin assigns a substitute to a lesson on the substitutions screen; the substitute opens
that lesson in the journal grid and records it; the planned teacher sees it there read-only,
locked with the reason, and the journal refuses their write (S7, J8, I5). Each screen is kept as a PNG and checked with axe-core."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, School, create_school, eventually, unique
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak, sign_in_setting_up_totp
from tests.web.school_ops_data import browser_admin, lesson_of

pytestmark = pytest.mark.platform


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """More people at their own browsers in one test: a fresh profile each, in Russian."""
    contexts: list[BrowserContext] = []

    def open_page() -> Page:
        context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
        context.set_default_timeout(60_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of its own: its lesson gets a substitute, which other tests do not expect."""
    return create_school(platform, district, unique("МБОУ СОШ № 8 "))


def test_the_admin_assigns_a_substitute_who_then_keeps_the_lessons_journal(
    page: Page,
    new_page: Callable[[], Page],
    web_origin: str,
    platform: Platform,
    district: District,
    school: School,
    screenshots: Path,
) -> None:
    lesson = lesson_of(platform, school, school.lesson_id)
    page.goto(f"{web_origin}/school/substitutions?date={lesson['lesson_date']}")
    sign_in_setting_up_totp(page, browser_admin(platform, district, school).username, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Замены уроков")
    lessons = page.get_by_role("table", name=re.compile("^Уроки школы"))
    row = lessons.get_by_role("row", name=re.compile("5Б.*Математика"))
    expect(row).to_contain_text("Иванов П.")
    check_screen(page, screenshots, "school-ops-11-substitutions")

    row.get_by_role("button", name=re.compile("^Назначить замену: 5Б, Математика")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("По расписанию ведёт Иванов П.")
    # Nothing chosen: each field says what it lacks, and nothing is sent.
    dialog.get_by_role("button", name="Назначить замену").click()
    expect(dialog.get_by_text("Заполните это поле")).to_have_count(2)
    check_screen(page, screenshots, "school-ops-12-substitute-form")
    dialog.get_by_label("Заменяющий учитель").click()
    page.locator(
        ".ant-select-dropdown:visible .ant-select-item-option", has_text="Сидорова О."
    ).click()
    dialog.get_by_label("Причина").fill("болезнь учителя")
    dialog.get_by_role("button", name="Назначить замену").click()

    expect(dialog).to_have_count(0)
    expect(row).to_contain_text("Сидорова О.")
    expect(row).to_contain_text("замена")
    expect(row.get_by_role("button", name=re.compile("^Отменить замену"))).to_be_visible()
    changes = page.get_by_role("table", name="Изменения за день")
    log = changes.get_by_role("row", name=re.compile("назначена замена"))
    expect(log).to_contain_text("Иванов П. → Сидорова О.")
    expect(log).to_contain_text("болезнь учителя")
    check_screen(page, screenshots, "school-ops-13-substituted")

    substituted = lesson_of(platform, school, school.lesson_id)
    assert substituted["teacher_id"] == school.other_teacher.id
    assert substituted["planned_teacher_id"] == school.teacher.id

    # The journal hears of it: the grid of the substitute offers the lesson to write.
    lesson_day = ".".join(reversed(lesson["lesson_date"].split("-")[1:]))
    eventually(
        lambda: _grid_lock(platform, school, school.other_teacher) == (True, None),
        what="the journal to make the substitute the lesson's teacher of record",
    )
    journal_path = (
        f"/teacher/journal/{school.class_id}/{school.subject_id}?lesson={school.lesson_id}"
    )

    # The substitute opens the lesson in the journal grid and marks Смирнова absent.
    substitute = _signed_in_page(new_page, web_origin, journal_path, school.other_teacher)
    cell = substitute.get_by_role("gridcell", name=f"Смирнова М., урок {lesson_day}")
    cell.click()
    # Playwright types a Cyrillic letter as text, not as a key: F2 opens the cell's editor.
    substitute.keyboard.press("F2")
    substitute.keyboard.type("н")
    substitute.keyboard.press("Enter")
    expect(cell).to_have_text("н")
    expect(substitute.get_by_test_id("journal-save-status")).to_have_text("Все изменения сохранены")
    check_screen(substitute, screenshots, "school-ops-14-substitute-records")
    record = f"{platform.url('journal')}/lessons/{school.lesson_id}/record"
    kept = expect_status(httpx.get(record, headers=school.admin.headers, timeout=30), 200)
    assert kept["teacher_id"] == school.other_teacher.id
    assert [(a["student_id"], a["status"]) for a in kept["attendance"]] == [
        (school.student.id, "absent")
    ]

    # The planned teacher sees the lesson, locked with the reason; typing changes nothing.
    assert _grid_lock(platform, school, school.teacher) == (True, "substituted")
    planned = _signed_in_page(new_page, web_origin, journal_path, school.teacher)
    locked = planned.get_by_role("gridcell", name=f"Смирнова М., урок {lesson_day}")
    expect(locked).to_have_text("н")
    expect(locked).to_have_attribute("aria-readonly", "true")
    locked.click()
    planned.keyboard.press("5")
    expect(planned.get_by_role("alert")).to_contain_text("Урок ведёт замещающий учитель")
    expect(locked).to_have_text("н")
    check_screen(planned, screenshots, "school-ops-15-planned-teacher-read-only")
    # And the journal refuses the planned teacher's write.
    refused = httpx.put(
        record, json={"topic": "Чужая тема"}, headers=school.teacher.headers, timeout=30
    )
    assert refused.status_code == 403, refused.text


def _grid_lock(platform: Platform, school: School, reader: Account) -> tuple[bool, str | None]:
    """Whether the school's lesson is in the reader's journal grid, and its lock."""
    answer = httpx.get(
        f"{platform.url('journal')}/classes/{school.class_id}/subjects/{school.subject_id}/grid",
        headers=reader.headers,
        timeout=30,
    )
    if answer.status_code != 200:
        return False, None
    lessons = [x for x in answer.json()["lessons"] if x["lesson_id"] == school.lesson_id]
    return (True, lessons[0]["lock"]) if lessons else (False, None)


def _signed_in_page(
    new_page: Callable[[], Page], web_origin: str, path: str, account: Account
) -> Page:
    """A browser of the person's own (a new profile), signed in at the page asked for."""
    page = new_page()
    page.goto(f"{web_origin}{path}")
    sign_in_on_keycloak(page, account.username, PASSWORD)
    expect(page.get_by_role("grid", name="Журнал: ученики по урокам")).to_be_visible()
    return page
