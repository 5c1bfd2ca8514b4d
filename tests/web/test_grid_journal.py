"""The teacher's journal grid in a real browser (issue 10, screen 2; J1-J3, J6): marks and
absences typed by keyboard through the Keycloak sign-in reach the parent's diary and
inbox; a mark past the edit window is shown locked and cannot be changed.

The parent of the student with marks reads them in the family screens (the diary and the
inbox); the absent student's parent is checked through the same APIs those screens read."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, District, School, create_school, eventually, unique
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.grid_data import (
    diary_lesson,
    inbox,
    journal_path,
    lesson_record,
    past_lesson,
    wait_for_lessons,
)

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of its own: the lock test shortens its edit window."""
    return create_school(platform, district, unique("МБОУ СОШ № 10 "))


def open_grid(page: Page, web_origin: str, school: School) -> None:
    page.goto(f"{web_origin}{journal_path(school)}")
    sign_in_on_keycloak(page, school.teacher.username, PASSWORD)
    expect(page.get_by_role("grid", name="Журнал: ученики по урокам")).to_be_visible()


def cell(page: Page, student: str, day: str) -> Any:
    return page.get_by_role("gridcell", name=f"{student}, урок {day}")


def day_month(lesson: dict[str, Any]) -> str:
    _, month, day = lesson["lesson_date"].split("-")
    return f"{day}.{month}"


def test_marks_and_absences_typed_in_the_grid_reach_the_parent(
    page: Page,
    browser: Browser,
    web_origin: str,
    platform: Platform,
    school: School,
    screenshots: Path,
) -> None:
    grid = wait_for_lessons(platform, school, school.lesson_id)
    today = day_month(next(x for x in grid["lessons"] if x["lesson_id"] == school.lesson_id))
    open_grid(page, web_origin, school)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Математика")
    # Rows in the journal's order: Кузнецов before Смирнова.
    absent = cell(page, "Кузнецов И.", today)
    marked = cell(page, "Смирнова М.", today)
    check_screen(page, screenshots, "grid-01-empty")

    absent.click()
    # Playwright types a Cyrillic letter as text input, not as a key: F2 opens the cell's
    # editor for it (the Vitest test presses н itself on the cell).
    page.keyboard.press("F2")
    page.keyboard.type("н")
    page.keyboard.press("Enter")  # down the column to Смирнова
    page.keyboard.press("5")
    page.keyboard.type(" 4к")  # a second mark, of a test (к: контрольная работа)
    page.keyboard.press("Enter")
    expect(absent).to_have_text("н")
    expect(marked).to_have_text("5 4к")
    # Undo and redo: a mark cleared by mistake comes back.
    marked.click()
    page.keyboard.press("Delete")
    expect(marked).to_have_text("")
    page.keyboard.press("Control+z")
    expect(marked).to_have_text("5 4к")
    status = page.get_by_test_id("journal-save-status")
    expect(status).to_have_text("Все изменения сохранены")
    check_screen(page, screenshots, "grid-02-entered")

    record = lesson_record(platform, school, school.lesson_id)
    marks = sorted((m["student_id"], m["value"], m["work_type"]) for m in record["marks"])
    assert marks == [
        (school.student.id, "4", "test"),
        (school.student.id, "5", "classwork"),
    ]
    assert [(a["student_id"], a["status"]) for a in record["attendance"]] == [
        (school.other_student.id, "absent")
    ]

    # Each saved once: the page reloaded shows them once.
    page.reload()
    # Marks of one save have the same moment: either order.
    expect(cell(page, "Смирнова М.", today)).to_have_text(re.compile(r"^(5 4к|4к 5)$"))
    expect(cell(page, "Кузнецов И.", today)).to_have_text("н")

    # The parents: the diary shows the marks and the absence, the inbox tells them.
    in_diary = eventually(
        lambda: diary_lesson(platform, school.parent, school.student, school.lesson_id),
        what="the lesson in the diary",
    )
    assert sorted(m["value"] for m in in_diary["marks"]) == ["4", "5"]
    absent_in_diary = diary_lesson(
        platform, school.other_parent, school.other_student, school.lesson_id
    )
    assert absent_in_diary is not None
    assert absent_in_diary["attendance"]["status"] == "absent"

    def two_mark_messages() -> list[dict[str, Any]] | None:
        found = [m for m in inbox(platform, school.parent) if m["kind"] == "mark"]
        return found if len(found) >= 2 else None

    mark_messages = eventually(two_mark_messages, what="the parent's messages about the marks")
    assert {m["student_id"] for m in mark_messages} == {school.student.id}
    absence_messages = eventually(
        lambda: [m for m in inbox(platform, school.other_parent) if m["kind"] == "absence"],
        what="the other parent's message about the absence",
    )
    assert {m["student_id"] for m in absence_messages} == {school.other_student.id}

    # The parent signs in and sees the marks in the diary and in the inbox.
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(60_000)
    parent = context.new_page()
    try:
        parent.goto(f"{web_origin}/parent")
        sign_in_on_keycloak(parent, school.parent.username, PASSWORD)
        expect(parent.get_by_role("heading", level=1)).to_have_text("Дневник")
        lesson = parent.locator(
            f'[data-testid="diary-lesson"][data-lesson-id="{school.lesson_id}"]'
        )
        diary_marks = lesson.get_by_test_id("diary-mark")
        expect(diary_marks).to_have_count(2)
        expect(diary_marks.filter(has_text="Контрольная работа")).to_contain_text("4")
        expect(diary_marks.filter(has_text="Работа на уроке")).to_contain_text("5")
        check_screen(parent, screenshots, "grid-04-parent-diary")
        parent.goto(f"{web_origin}/parent/inbox")
        expect(parent.get_by_role("heading", level=1)).to_have_text("Сообщения")
        news = parent.get_by_test_id("inbox-message").filter(has_text="Новая отметка: Математика")
        expect(news).to_have_count(2)
        check_screen(parent, screenshots, "grid-05-parent-inbox")
    finally:
        context.close()


def test_a_mark_past_the_edit_window_is_locked(
    page: Page, web_origin: str, platform: Platform, school: School, screenshots: Path
) -> None:
    lesson_id = past_lesson(platform, school, days_ago=10)
    wait_for_lessons(platform, school, lesson_id)
    journal = platform.url("journal")
    expect_status(
        httpx.post(
            f"{journal}/lessons/{lesson_id}/marks",
            json={"student_id": school.student.id, "value": "3", "work_type": "classwork"},
            headers=school.teacher.headers,
        ),
        201,
    )
    # The school shortens its edit window: ten days back is now past it.
    expect_status(
        httpx.put(
            f"{journal}/policy", json={"edit_window": "1-week"}, headers=school.admin.headers
        ),
        200,
    )
    grid = wait_for_lessons(platform, school, lesson_id)
    lesson = next(x for x in grid["lessons"] if x["lesson_id"] == lesson_id)
    assert lesson["lock"] == "edit-window-closed"

    open_grid(page, web_origin, school)
    locked = cell(page, "Смирнова М.", day_month(lesson))
    expect(locked).to_have_text("3")
    expect(locked).to_have_attribute("aria-readonly", "true")
    locked.click()
    page.keyboard.press("5")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Закрыто: срок исправления истёк")
    expect(locked).to_have_text("3")
    page.keyboard.press("Delete")
    expect(locked).to_have_text("3")
    check_screen(page, screenshots, "grid-03-locked")
    # Nothing was sent: the journal still holds the 3.
    assert [m["value"] for m in lesson_record(platform, school, lesson_id)["marks"]] == ["3"]
    # And the journal itself refuses a change past the window.
    refused = httpx.post(
        f"{journal}/lessons/{lesson_id}/marks",
        json={"student_id": school.student.id, "value": "5", "work_type": "classwork"},
        headers=school.teacher.headers,
    )
    assert refused.status_code == 409
