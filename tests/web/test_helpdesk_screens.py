"""The request log's screens (issue 12 point 1, H1) in Debian's Chromium against the real
platform: a teacher opens a request and attaches a file; a member of the working group finds
it in the district's log, takes it and answers; the teacher reads the answer in the thread
(and in the inbox, through notify); the member logs a call on a caller's behalf. Each screen
is kept as a PNG and checked with axe-core."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, School, create_school, eventually, unique
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.district_data import working_group_member

pytestmark = pytest.mark.platform

SUBJECT = "Не печатается табель 5Б"
ANSWER = "Печать табеля исправлена: обновите страницу и повторите."


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of the module's own, so that its log holds this module's requests only."""
    return create_school(platform, district, unique("МБОУ СОШ № 12 "))


@pytest.fixture(scope="module")
def member(platform: Platform) -> Account:
    return working_group_member(platform)


@pytest.fixture
def desk_page(browser: Browser) -> Iterator[Page]:
    """The member of the working group's own browser, beside the teacher's."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def _choose(page: Page, label: str, option: str, *, search: bool = False) -> None:
    """Choose an option of an Ant Design select found by its label (typing to narrow a
    searchable one: the schools)."""
    field = page.get_by_label(label, exact=True)
    field.click()
    if search:
        field.fill(option)
    page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter(
        has_text=option
    ).first.click()
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)


def _school_name(platform: Platform, school: School) -> str:
    card: dict[str, Any] = expect_status(
        httpx.get(f"{platform.url('identity')}/schools/{school.id}", headers=school.admin.headers),
        200,
    )
    return str(card["short_name"] or card["name"])


def test_a_teacher_opens_a_request_the_working_group_answers_it(
    page: Page,
    desk_page: Page,
    web_origin: str,
    platform: Platform,
    school: School,
    member: Account,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    page.goto(f"{web_origin}/teacher/helpdesk")
    sign_in_on_keycloak(page, school.teacher.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Обращения в рабочую группу")
    page.get_by_role("link", name="Новое обращение").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Новое обращение")
    page.get_by_label("Тема", exact=True).fill(SUBJECT)
    page.get_by_label("Текст обращения").fill(
        "При печати табеля успеваемости 5Б страница остаётся пустой."
    )
    check_screen(page, screenshots, "helpdesk-01-new-request")
    page.get_by_role("button", name="Отправить обращение").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.get_by_text("Новое", exact=True)).to_be_visible()
    note = tmp_path / "ошибка.txt"
    note.write_text("Ошибка печати: пустая страница.", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(note)
    expect(page.get_by_role("button", name="ошибка.txt")).to_be_visible()
    # A program named like a document is refused, by its content.
    disguised = tmp_path / "табель.pdf"
    disguised.write_bytes(b"MZ\x90\x00" + bytes(range(256)))
    page.locator("input[type=file]").set_input_files(disguised)
    refused = page.get_by_role("alert")
    expect(refused).to_contain_text("Файл «табель.pdf» не приложен")
    expect(refused).to_contain_text("Такой файл приложить нельзя")
    expect(page.get_by_role("button", name="табель.pdf")).to_have_count(0)
    check_screen(page, screenshots, "helpdesk-02-request-school")

    desk_page.goto(f"{web_origin}/district/helpdesk")
    sign_in_on_keycloak(desk_page, member.username, PASSWORD)
    expect(desk_page.get_by_role("heading", level=1)).to_have_text("Журнал обращений")
    _choose(desk_page, "Школа", _school_name(platform, school), search=True)
    rows = desk_page.locator(".ant-table-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(SUBJECT)
    expect(rows.first).to_contain_text("Техническая помощь")
    expect(rows.first).to_contain_text("Не назначен")
    check_screen(desk_page, screenshots, "helpdesk-03-district-log")

    desk_page.get_by_role("link", name=SUBJECT).click()
    expect(desk_page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    desk_page.get_by_role("button", name="Взять себе").click()
    expect(desk_page.get_by_text("В работе", exact=True)).to_be_visible()
    desk_page.get_by_label("Сообщение").fill(ANSWER)
    desk_page.get_by_role("button", name="Ответить").click()
    expect(desk_page.get_by_text("Дан ответ", exact=True)).to_be_visible()
    expect(desk_page.get_by_text(ANSWER)).to_be_visible()
    expect(desk_page.get_by_text("Статус: В работе → Дан ответ")).to_be_visible()
    check_screen(desk_page, screenshots, "helpdesk-04-request-desk")

    page.reload()
    expect(page.get_by_text("Дан ответ", exact=True)).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    check_screen(page, screenshots, "helpdesk-05-answer-school")
    inbox = eventually(
        lambda: [
            m
            for m in expect_status(
                httpx.get(f"{platform.url('notify')}/inbox", headers=school.teacher.headers), 200
            )
            if m["title"] == f"Ответ на обращение «{SUBJECT}»"
        ],
        what="the answer in the teacher's inbox",
    )
    assert [m["body"] for m in inbox] == [ANSWER]


def test_the_working_group_logs_a_call_on_a_callers_behalf(
    page: Page,
    web_origin: str,
    platform: Platform,
    school: School,
    member: Account,
    screenshots: Path,
) -> None:
    page.goto(f"{web_origin}/district/helpdesk/new")
    sign_in_on_keycloak(page, member.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Обращение по телефону, при визите, по почте или в чате"
    )
    _choose(page, "Школа", _school_name(platform, school), search=True)
    _choose(page, "Должность", "Секретарь")
    page.get_by_label("Кто обратился (ФИО)").fill("Петрова Анна Ивановна")
    _choose(page, "Категория", "Методическая помощь")
    _choose(page, "Вид", "Предложение")
    page.get_by_label("Тема", exact=True).fill("Шаблон приказа о переводе")
    page.get_by_label("Текст обращения").fill("Просят добавить в журнал шаблон приказа.")
    check_screen(page, screenshots, "helpdesk-06-log-call")
    page.get_by_role("button", name="Зарегистрировать").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Шаблон приказа о переводе")
    expect(page.get_by_text("Секретарь, Петрова Анна Ивановна")).to_be_visible()
    expect(page.get_by_text("Телефон", exact=True)).to_be_visible()
    expect(page.get_by_text("Обращение создано")).to_be_visible()
    check_screen(page, screenshots, "helpdesk-07-logged-call")

    listed = expect_status(
        httpx.get(f"{platform.url('helpdesk')}/requests", headers=school.admin.headers), 200
    )
    logged = [r for r in listed if r["subject"] == "Шаблон приказа о переводе"]
    assert [(r["channel"], r["caller_name"], r["logged_by"]) for r in logged] == [
        ("phone", "Петрова Анна Ивановна", member.id)
    ]
