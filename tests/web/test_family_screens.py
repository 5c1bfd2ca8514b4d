"""The parent's and the student's screens (issue 10, screen 5; J9, J10, N1): the diary
week, marks per subject with averages, the inbox and the summary sheet as PDF, a parent
switching between children also in two schools. The parent's screens at a phone's width
(375 px), as a parent reads them at night. Each screen is kept as a PNG and checked with
axe-core."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from okrug_local.platform import Platform
from tests.support import (
    PASSWORD,
    District,
    School,
    create_school,
    term_around_today_calendar,
    unique,
)
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.family_data import (
    HOMEWORK,
    TOPIC,
    RecordedSchool,
    parent_of_two_schools,
    recorded_school,
)

pytestmark = pytest.mark.platform

PHONE: ViewportSize = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def recorded(platform: Platform, district: District) -> RecordedSchool:
    return recorded_school(platform, district, term_around_today_calendar())


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh profile at a phone's width, in Russian."""
    context = browser.new_context(locale="ru-RU", viewport=PHONE, has_touch=True)
    context.set_default_timeout(60_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def _lesson(page: Page, school: School) -> Locator:
    return page.locator(f'[data-testid="diary-lesson"][data-lesson-id="{school.lesson_id}"]')


def _fits_the_width(page: Page) -> None:
    """Nothing sticks out sideways: no horizontal scrolling on the phone."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def _expect_recorded_lesson(page: Page, school: School) -> None:
    lesson = _lesson(page, school)
    expect(lesson).to_contain_text("Математика")
    expect(lesson.get_by_test_id("diary-teacher")).to_have_text("Иванов Пётр")
    expect(lesson.get_by_test_id("diary-topic")).to_have_text(f"Тема: {TOPIC}")
    expect(lesson.get_by_test_id("diary-homework")).to_have_text(
        f"Домашнее задание: {HOMEWORK['text']}; {HOMEWORK['pages']}; {HOMEWORK['exercises']}"
    )
    marks = lesson.get_by_test_id("diary-mark")
    expect(marks).to_have_count(2)
    expect(marks.filter(has_text="Контрольная работа")).to_contain_text("5")
    expect(marks.filter(has_text="Устный ответ")).to_contain_text("4")
    late = lesson.get_by_test_id("diary-attendance")
    expect(late.locator(".okrug-attendance")).to_have_text("ОП")
    expect(late).to_contain_text("Опоздал(а)")


def test_a_parent_reads_the_diary_marks_inbox_and_summary_on_a_phone(
    phone: Page, web_origin: str, recorded: RecordedSchool, screenshots: Path
) -> None:
    school = recorded.school
    phone.goto(f"{web_origin}/parent")
    sign_in_on_keycloak(phone, school.parent.username, PASSWORD)

    expect(phone).to_have_url(f"{web_origin}/parent")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Дневник")
    expect(phone.get_by_test_id("child-name")).to_have_text("Смирнова Мария")
    expect(phone.get_by_test_id("child-class")).to_have_text(", 5Б класс")
    # One child: nothing to switch between.
    expect(phone.get_by_test_id("child-switcher")).to_have_count(0)
    _expect_recorded_lesson(phone, school)
    _fits_the_width(phone)
    check_screen(phone, screenshots, "family-01-parent-diary-375")

    # The week before has none of this week's lessons; back to this week.
    phone.get_by_role("button", name="Предыдущая неделя").click()
    expect(_lesson(phone, school)).to_have_count(0)
    expect(phone.get_by_test_id("diary-day")).to_have_count(6)
    phone.get_by_role("button", name="Текущая неделя").click()
    expect(phone.get_by_role("button", name="Текущая неделя")).to_have_count(0)
    expect(_lesson(phone, school)).to_be_visible()

    phone.get_by_role("navigation", name="Дневник").get_by_role("link", name="Оценки").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Оценки по предметам")
    maths = phone.get_by_test_id("marks-subject").filter(has_text="Математика")
    expect(maths.get_by_test_id("marks-mark")).to_have_count(2)
    # 5 (test, weight 2) and 4 (oral, weight 1): 4,50; weighted 14 / 3 = 4,67.
    expect(maths.get_by_test_id("marks-average")).to_have_text("4,50")
    expect(maths.get_by_test_id("marks-weighted")).to_have_text("4,67")
    expect(maths.get_by_test_id("marks-period-mark")).to_have_text("—")
    expect(phone.get_by_test_id("period-choice")).to_contain_text("2 четверть")
    _fits_the_width(phone)
    check_screen(phone, screenshots, "family-02-parent-marks-375")
    phone.get_by_label("Учебный период").click()
    phone.locator(".ant-select-item-option", has_text="Учебный год").click()
    expect(phone).to_have_url(f"{web_origin}/parent/marks?period=year")
    expect(maths.get_by_test_id("marks-average")).to_have_text("4,50")

    phone.get_by_role("navigation", name="Дневник").get_by_role("link", name="Сообщения").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Сообщения")
    messages = phone.get_by_test_id("inbox-message")
    expect(messages).to_have_count(3)
    expect(messages.filter(has_text="Новая отметка: Математика")).to_have_count(2)
    late = messages.filter(has_text="Опоздание на урок: Математика")
    expect(late).to_contain_text("Ваш ребёнок отмечен(а) как опоздавший(ая)")
    expect(late).to_contain_text("О ребёнке: Смирнова Мария")
    expect(phone.get_by_test_id("inbox-unread")).to_have_text("Непрочитанных: 3")
    _fits_the_width(phone)
    check_screen(phone, screenshots, "family-03-parent-inbox-375")
    late.get_by_role("button", name="Прочитано").click()
    expect(phone.get_by_test_id("inbox-unread")).to_have_text("Непрочитанных: 2")
    expect(late).to_have_attribute("data-unread", "false")

    phone.get_by_role("navigation", name="Дневник").get_by_role(
        "link", name="Сводная ведомость"
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Сводная ведомость")
    _fits_the_width(phone)
    check_screen(phone, screenshots, "family-04-parent-summary-375")
    with phone.expect_download() as download:
        phone.get_by_test_id("summary-download").click()
    sheet = download.value
    assert sheet.suggested_filename.startswith("summary-")
    assert sheet.suggested_filename.endswith(".pdf")
    assert Path(sheet.path()).read_bytes().startswith(b"%PDF")


def test_a_parent_switches_between_children_in_two_schools_on_a_phone(
    phone: Page,
    web_origin: str,
    platform: Platform,
    district: District,
    recorded: RecordedSchool,
    screenshots: Path,
) -> None:
    first = recorded.school
    second_name = unique("МБОУ Лицей № 6 ")
    second = create_school(platform, district, second_name)
    parent = parent_of_two_schools(platform, first, second)

    phone.goto(f"{web_origin}/parent")
    sign_in_on_keycloak(phone, parent.account.username, PASSWORD)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Выберите школу")
    phone.get_by_role("button", name=f"Работать в этой школе: {recorded.name}").click()

    expect(phone.get_by_test_id("current-school")).to_contain_text(recorded.name)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Дневник")
    _expect_recorded_lesson(phone, first)
    switcher = phone.get_by_test_id("child-switcher")
    expect(switcher).to_contain_text(recorded.name)
    _fits_the_width(phone)
    check_screen(phone, screenshots, "family-05-two-schools-first-375")

    phone.get_by_label("Ребёнок").click()
    phone.locator(".ant-select-item-option", has_text=second_name).click()
    # A token of the child's school (Keycloak's session: no password), back to the diary.
    expect(phone).to_have_url(f"{web_origin}/parent?child={parent.second_child.id}")
    expect(phone.get_by_test_id("current-school")).to_contain_text(second_name)
    expect(switcher).to_contain_text(second_name)
    second_lesson = _lesson(phone, second)
    expect(second_lesson).to_contain_text("Математика")
    expect(second_lesson.get_by_test_id("diary-topic")).to_have_text("Тема: тема не записана")
    expect(_lesson(phone, first)).to_have_count(0)
    _fits_the_width(phone)
    check_screen(phone, screenshots, "family-06-two-schools-second-375")

    phone.get_by_label("Ребёнок").click()
    phone.locator(".ant-select-item-option", has_text=recorded.name).click()
    expect(phone.get_by_test_id("current-school")).to_contain_text(recorded.name)
    _expect_recorded_lesson(phone, first)


def test_a_student_reads_their_own_diary_and_marks(
    page: Page, web_origin: str, recorded: RecordedSchool, screenshots: Path
) -> None:
    school = recorded.school
    page.goto(f"{web_origin}/student")
    sign_in_on_keycloak(page, school.student.username, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Дневник")
    expect(page.get_by_test_id("child-switcher")).to_have_count(0)
    _expect_recorded_lesson(page, school)
    check_screen(page, screenshots, "family-07-student-diary")

    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Оценки").click()
    maths = page.get_by_test_id("marks-subject").filter(has_text="Математика")
    expect(maths.get_by_test_id("marks-weighted")).to_have_text("4,67")
    check_screen(page, screenshots, "family-08-student-marks")

    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Сообщения").click()
    # The student's own: the two marks and "Вы отмечены" for the late.
    expect(page.get_by_test_id("inbox-message")).to_have_count(3)
    expect(page.get_by_test_id("inbox-message").filter(has_text="Вы отмечены")).to_have_count(1)
    check_screen(page, screenshots, "family-09-student-inbox")
