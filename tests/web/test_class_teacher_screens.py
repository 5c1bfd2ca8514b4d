"""The class teacher's screens in Debian's Chromium against the real platform (issue 10,
screen 4): the class's week of attendance where a reason is given to an absence (J2), an
absence note for a range of days, the students and parents with credential slips printed
(I2), and the class summary sheet with its PDFs (J10). Each screen is kept as a PNG and
checked with axe-core; what the screens change is checked through the APIs too."""

import re
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Download, Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, World, school_today
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.class_teacher_data import ClassOfTeacher, attendance_week, entry_of, make_class

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def school_class(platform: Platform, world: World) -> ClassOfTeacher:
    return make_class(platform, world.first)


def ru_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def open_as_class_teacher(page: Page, url: str, school_class: ClassOfTeacher) -> None:
    page.goto(url)
    sign_in_on_keycloak(page, school_class.class_teacher.username, PASSWORD)


def pdf_of(download: Download) -> bytes:
    path = download.path()
    assert path is not None
    return Path(path).read_bytes()


def test_the_class_teacher_gives_an_absence_its_reason_in_the_week(
    page: Page, web_origin: str, platform: Platform, school_class: ClassOfTeacher, screenshots: Path
) -> None:
    day = school_class.lesson_day
    open_as_class_teacher(
        page, f"{web_origin}/class-teacher/attendance?date={day.isoformat()}", school_class
    )

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Посещаемость за неделю: {school_class.class_name}"
    )
    expect(page.get_by_text("1 пропуск без указанной причины", exact=False)).to_be_visible()
    absent = page.get_by_role(
        "button",
        name=f"{school_class.absent.full_name}, Математика, {ru_date(day)}: "
        "н (пропуск, причина не указана)",
    )
    late = page.get_by_role(
        "button",
        name=f"{school_class.late.full_name}, Математика, {ru_date(day)}: "
        "оп (опоздание, причина не указана)",
    )
    expect(absent).to_have_text("н")
    expect(late).to_have_text("оп")
    # The menu holds the area's four screens (the person is a teacher too).
    for screen in ("Посещаемость за неделю", "Справки", "Ученики и родители", "Сводные ведомости"):
        expect(page.get_by_role("link", name=screen, exact=True)).to_be_visible()
    check_screen(page, screenshots, "ct-01-attendance-week")

    absent.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Причина: {school_class.absent.full_name}")
    check_screen(page, screenshots, "ct-02-attendance-reason")
    dialog.get_by_text("по болезни", exact=True).click()
    dialog.get_by_label("Комментарий (для журнала изменений)").fill("справка из поликлиники")
    dialog.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(
        page.get_by_role(
            "button",
            name=f"{school_class.absent.full_name}, Математика, {ru_date(day)}: "
            "б (пропуск, по болезни)",
        )
    ).to_have_text("б")
    expect(page.get_by_text("У всех пропусков недели указана причина.")).to_be_visible()
    week = attendance_week(platform, school_class)
    assert entry_of(week, school_class.lessons[0], school_class.absent.id) == ("absent", "illness")
    # The late is left as it was.
    assert entry_of(week, school_class.lessons[1], school_class.late.id) == ("late", None)


def test_an_absence_note_gives_its_reason_to_the_days_and_is_deleted(
    page: Page, web_origin: str, platform: Platform, school_class: ClassOfTeacher, screenshots: Path
) -> None:
    open_as_class_teacher(page, f"{web_origin}/class-teacher/notes", school_class)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Справки о пропусках: {school_class.class_name}"
    )
    page.get_by_label("Ученик", exact=True).click()
    page.locator(".ant-select-dropdown").get_by_text(
        school_class.late.full_name, exact=True
    ).click()
    expect(page.get_by_text("Справок нет.")).to_be_visible()

    day = ru_date(school_class.lesson_day)
    page.get_by_placeholder("Начальная дата").click()
    # The first and the last day: the same day, chosen twice in the calendar.
    calendar_day = page.locator(
        f'.ant-picker-dropdown td[title="{school_class.lesson_day.isoformat()}"]'
    )
    calendar_day.click()
    calendar_day.click()
    expect(page.get_by_placeholder("Конечная дата")).to_have_value(day)
    page.get_by_text("по уважительной причине", exact=True).click()
    page.get_by_label("Комментарий (например, номер справки)").fill("заявление родителей")
    check_screen(page, screenshots, "ct-03-absence-note-form")
    page.get_by_role("button", name="Записать справку").click()

    expect(page.get_by_text("Справка записана; причина проставлена у 1 пропуска.")).to_be_visible()
    notes = page.get_by_role("list", name="Справки ученика")
    expect(notes).to_contain_text(f"{day} – {day}")
    expect(notes).to_contain_text("заявление родителей")
    check_screen(page, screenshots, "ct-04-absence-notes")
    week = attendance_week(platform, school_class)
    assert entry_of(week, school_class.lessons[1], school_class.late.id) == ("late", "excused")

    page.get_by_role("button", name=f"Удалить: {day} – {day}").click()
    page.get_by_role("button", name="Удалить", exact=True).click()  # the confirmation's
    expect(page.get_by_text("Справок нет.")).to_be_visible()
    # The reason the note gave stays (a corrected reason of its own).
    week = attendance_week(platform, school_class)
    assert entry_of(week, school_class.lessons[1], school_class.late.id) == ("late", "excused")


def test_the_class_teacher_prints_credential_slips_for_students_and_parents(
    page: Page, web_origin: str, platform: Platform, school_class: ClassOfTeacher, screenshots: Path
) -> None:
    open_as_class_teacher(page, f"{web_origin}/class-teacher/people", school_class)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Ученики и родители: {school_class.class_name}"
    )
    rows = page.get_by_role("row")
    absent_row = rows.filter(has_text=school_class.absent.full_name)
    expect(absent_row).to_contain_text(school_class.absent.username)
    expect(absent_row).to_contain_text(school_class.applied_parent.full_name)
    expect(absent_row).to_contain_text("заявление от")
    late_row = rows.filter(has_text=school_class.late.full_name)
    expect(late_row).to_contain_text(school_class.other_parent.full_name)
    expect(late_row).to_contain_text("нет заявления: листок не выдаётся")
    # A parent without an application cannot be selected for a slip.
    expect(
        page.get_by_role("checkbox", name=f"Выбрать: {school_class.other_parent.full_name}")
    ).to_have_count(0)
    check_screen(page, screenshots, "ct-05-people")

    for person in (school_class.absent, school_class.applied_parent):
        page.get_by_role("checkbox", name=f"Выбрать: {person.full_name}").check()
    expect(page.get_by_text("Выбрано 2 человека")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Напечатать листки").click()
    assert pdf_of(download.value).startswith(b"%PDF")
    assert re.fullmatch(r"credentials-.+\.pdf", download.value.suggested_filename)

    # The button says "Напечатать листки" again once the slips are made.
    expect(page.get_by_role("button", name="Напечатать листки")).to_be_visible()
    today = ru_date(school_today())
    expect(absent_row.get_by_role("cell").nth(4)).to_have_text(today)
    expect(late_row.get_by_role("cell").nth(4)).to_have_text("не выдавался")
    page.mouse.move(0, 0)  # not hovering the button (its hover colour is Ant Design's lighter one)
    check_screen(page, screenshots, "ct-06-people-slips-issued")
    people = expect_status(
        httpx.get(
            f"{platform.url('identity')}/classes/{school_class.class_id}/people",
            headers=school_class.class_teacher.headers,
        ),
        200,
    )
    issued = {
        person["id"]: person["last_issued_at"]
        for student in people["students"]
        for person in (student, *student["parents"])
    }
    assert issued[school_class.absent.id] is not None
    assert issued[school_class.applied_parent.id] is not None
    assert issued[school_class.late.id] is None
    assert issued[school_class.marked.id] is None


def test_the_class_summary_sheet_shows_averages_and_downloads_as_pdf(
    page: Page, web_origin: str, school_class: ClassOfTeacher, screenshots: Path
) -> None:
    open_as_class_teacher(page, f"{web_origin}/class-teacher/summary", school_class)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Сводная ведомость класса: {school_class.class_name}"
    )
    # The sheet is the page's first table (the forecast's table below names the same students).
    rows = page.get_by_role("table").first.get_by_role("row")
    # A single 5: the weighted average 5,00, with a decimal comma.
    expect(rows.filter(has_text=school_class.marked.full_name)).to_contain_text("5,00")
    expect(rows.filter(has_text=school_class.late.full_name)).not_to_contain_text("5,00")
    check_screen(page, screenshots, "ct-07-class-summary")

    with page.expect_download() as class_pdf:
        page.get_by_role("button", name="Скачать PDF").click()
    assert pdf_of(class_pdf.value).startswith(b"%PDF")
    assert class_pdf.value.suggested_filename.startswith("class-summary-")

    with page.expect_download() as student_pdf:
        page.get_by_role(
            "button", name=f"Сводная ведомость ученика в PDF: {school_class.marked.full_name}"
        ).click()
    assert pdf_of(student_pdf.value).startswith(b"%PDF")
