"""Screen 6, people side (issue 10): the school admin sets up a school year in a real browser
against the real platform: people (create, search, roles, guardians, consents), classes and
their students, credential slips and their log, the school card, the activity report; a
deputy director reads the same screens without the admin's controls. Errors from the APIs
show next to the field they name, in Russian, and what was typed stays. Every screen is kept
as a PNG and checked with axe-core.

The school here is a fresh one of its own (not the shared world's): its admin signs in
through Keycloak's page and, holding a TOTP role, sets up the one-time code there (R4).
One signed-in browser context serves the module's admin tests, in order."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, school_today, unique
from tests.support import expect as expect_status
from tests.web.browser import check_screen as check_screen_now
from tests.web.browser import sign_in_on_keycloak, sign_in_setting_up_totp
from tests.web.school_people_data import TIMEOUT, PeopleSchool, new_person, open_school

pytestmark = pytest.mark.platform


@dataclass
class AdminSession:
    platform: Platform
    school: PeopleSchool
    admin: Account
    page: Page
    origin: str

    def go(self, path: str) -> None:
        self.page.goto(f"{self.origin}{path}")

    def api(self, method: str, service: str, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(
            method,
            f"{self.platform.url(service)}{path}",
            headers=self.admin.headers,
            timeout=TIMEOUT,
            **kwargs,
        )


def _new_staff(platform: Platform, school: PeopleSchool, last: str, roles: list[str]) -> Account:
    return new_person(platform, school.admin, "staff", last, "Нина", roles)


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> PeopleSchool:
    """A school of its own: nothing another test module counts changes under it."""
    return open_school(platform, district)


@pytest.fixture(scope="module")
def admin_session(
    browser: Browser, web_origin: str, platform: Platform, school: PeopleSchool
) -> Iterator[AdminSession]:
    """The school's second admin (the first signs in by password grant for the API checks
    and has no code), signed in once through the browser for the module's tests."""
    admin = _new_staff(platform, school, "Августова", ["school-admin"])
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{web_origin}/school")
    sign_in_setting_up_totp(page, admin.username, PASSWORD)
    expect(page).to_have_url(f"{web_origin}/school/people")
    try:
        yield AdminSession(platform, school, school.admin, page, web_origin)
    finally:
        context.close()


def check_screen(page: Page, screenshots: Path, name: str) -> None:
    """The screen once nothing loads (the shared check waits for transitions to end)."""
    expect(page.locator(".ant-spin-spinning, .ant-btn-loading")).to_have_count(0)
    check_screen_now(page, screenshots, name)


def _choose(page: Page, label: str, typed: str) -> None:
    """An Ant Design select with search: type, then take the first match."""
    field = page.get_by_label(label, exact=True)
    field.click()
    field.fill(typed)
    option = page.locator(".ant-select-dropdown:visible .ant-select-item-option")
    expect(option.filter(has_text=typed).first).to_be_visible()
    page.keyboard.press("Enter")


def _fill_date(page: Page, label: str, day: date) -> None:
    field = page.get_by_label(label, exact=True)
    field.click()
    field.fill(day.strftime("%d.%m.%Y"))
    field.press("Enter")


def _field_error(page: Page, label: str) -> Any:
    """The error Ant Design shows under the form field with this label."""
    item = page.locator(".ant-form-item").filter(has=page.get_by_label(label, exact=True))
    return item.locator(".ant-form-item-explain-error")


def test_the_admin_creates_people_fast_and_finds_them(
    admin_session: AdminSession, screenshots: Path
) -> None:
    page, school = admin_session.page, admin_session.school
    admin_session.go("/school/people?kind=student")
    expect(page.get_by_role("heading", level=1)).to_have_text("Люди школы")
    expect(page.get_by_role("link", name="Смирнова Мария")).to_be_visible()
    check_screen(page, screenshots, "school-people-list")

    page.get_by_role("button", name="Добавить человека").click()
    form = page.get_by_role("form", name="Новый человек")
    expect(form.get_by_label("Фамилия")).to_be_focused()
    # Nothing typed: the form says which fields are missing before asking the server.
    form.get_by_role("button", name="Создать").click()
    expect(_field_error(page, "Фамилия")).to_have_text("Обязательное поле")

    # A login that is taken: the server's conflict goes next to the login, the names stay.
    form.get_by_label("Фамилия").fill("Новикова")
    form.get_by_label("Имя", exact=True).fill("Дарья")
    form.get_by_label("Логин").fill(school.student.username)
    form.get_by_role("button", name="Создать").click()
    expect(_field_error(page, "Логин")).to_have_text("Этот логин уже занят")
    expect(form.get_by_label("Фамилия")).to_have_value("Новикова")
    check_screen(page, screenshots, "school-people-create-error")

    login = unique("darya.")
    form.get_by_label("Логин").fill(login)
    form.get_by_role("button", name="Создать").click()
    created = page.get_by_role("status").filter(has_text="Новикова Дарья")
    expect(created).to_contain_text(f"логин {login}")
    expect(created).to_contain_text("Одноразовый пароль")
    # Ready for the next one: the names are cleared, the kind stays a student.
    expect(form.get_by_label("Фамилия")).to_have_value("")
    expect(form.get_by_role("radio", name="Ученик")).to_be_checked()
    check_screen(page, screenshots, "school-people-created")
    form.get_by_label("Фамилия").fill("Новиков")
    form.get_by_label("Имя", exact=True).fill("Глеб")
    form.get_by_label("Фамилия").press("Enter")
    expect(page.get_by_role("status").filter(has_text="Новиков Глеб")).to_be_visible()
    page.keyboard.press("Escape")

    students = expect_status(
        admin_session.api("GET", "identity", "/persons", params={"kind": "student"}), 200
    )
    assert {"Новикова", "Новиков"} <= {p["last_name"] for p in students}
    assert login in {p["username"] for p in students}

    page.get_by_label("Поиск по фамилии, имени или логину").fill("новикова")
    expect(page.get_by_role("link", name="Новикова Дарья")).to_be_visible()
    expect(page.get_by_role("link", name="Новиков Глеб")).to_have_count(0)
    expect(page.get_by_role("link", name="Смирнова Мария")).to_have_count(0)
    check_screen(page, screenshots, "school-people-search")


def test_the_admin_keeps_roles_guardians_and_consents(
    admin_session: AdminSession, screenshots: Path
) -> None:
    page, school = admin_session.page, admin_session.school
    admin_session.go("/school/people?kind=staff")
    page.get_by_role("link", name="Иванов Пётр").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Иванов Пётр")

    _choose(page, "Роли для добавления", "Классный")
    page.get_by_role("button", name="Добавить роли").click()
    expect(page.get_by_role("button", name="Убрать роль «Классный руководитель»")).to_be_visible()
    person = expect_status(
        admin_session.api("GET", "identity", f"/persons/{school.teacher.id}"), 200
    )
    assert person["roles"] == ["class-teacher", "teacher"]
    expect(page.get_by_role("table").filter(has_text="Выдана роль")).to_contain_text(
        "Классный руководитель"
    )
    check_screen(page, screenshots, "school-person-staff")

    page.get_by_role("button", name="Убрать роль «Классный руководитель»").click()
    page.get_by_role("button", name="Да", exact=True).click()
    expect(page.get_by_role("button", name="Убрать роль «Классный руководитель»")).to_have_count(0)
    person = expect_status(
        admin_session.api("GET", "identity", f"/persons/{school.teacher.id}"), 200
    )
    assert person["roles"] == ["teacher"]

    # A student: her parent is shown; the other parent is linked here.
    admin_session.go(f"/school/people/{school.student.id}")
    expect(page.get_by_role("link", name="Смирнов Алексей")).to_be_visible()
    _choose(page, "Родитель", "Кузнецова")
    page.get_by_role("button", name="Связать").click()
    expect(page.get_by_role("link", name="Кузнецова Елена")).to_be_visible()
    links = expect_status(
        admin_session.api("GET", "identity", f"/persons/{school.other_parent.id}/guardian-links"),
        200,
    )
    assert school.student.id in {link["student_id"] for link in links}

    # A consent dated tomorrow: refused, the error under the date, the rest kept.
    consent = page.get_by_role("form", name="Записать согласие")
    consent.get_by_role("checkbox", name="Адрес").check()
    _choose(page, "Представитель из школы", "Смирнов")
    _fill_date(page, "Дата согласия", school_today() + timedelta(days=1))
    consent.get_by_label("Номер документа").fill("17/2026")
    consent.get_by_role("button", name="Записать согласие").click()
    expect(_field_error(page, "Дата согласия")).to_have_text("Дата не может быть в будущем")
    expect(consent.get_by_label("Номер документа")).to_have_value("17/2026")
    check_screen(page, screenshots, "school-person-consent-error")

    _fill_date(page, "Дата согласия", school_today())
    consent.get_by_role("button", name="Записать согласие").click()
    expect(page.get_by_role("status").filter(has_text="Согласие записано")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="17/2026")
    expect(row).to_contain_text("Действует")
    recorded = expect_status(
        admin_session.api("GET", "identity", f"/persons/{school.student.id}/consents"), 200
    )
    assert [(c["categories"], c["given_by_person_id"]) for c in recorded] == [
        (["address"], school.parent.id)
    ]
    check_screen(page, screenshots, "school-person-student")

    row.get_by_role("button", name="Отозвать").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Письменный отзыв (вид, номер, дата)").fill("Заявление об отзыве № 3")
    dialog.get_by_role("button", name="Отозвать").click()
    expect(row).to_contain_text("Отозвано")
    withdrawn = expect_status(
        admin_session.api("GET", "identity", f"/persons/{school.student.id}/consents"), 200
    )
    assert [c["active"] for c in withdrawn] == [False]


def test_the_admin_sets_up_a_class_and_issues_its_slips(
    admin_session: AdminSession, screenshots: Path
) -> None:
    page = admin_session.page
    admin_session.go("/school/classes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Классы")
    expect(page.get_by_role("link", name="5Б")).to_be_visible()

    # 5Б exists: the conflict is shown at the letter, the grade stays.
    create = page.get_by_role("form", name="Новый класс")
    create.get_by_label("Параллель").fill("5")
    create.get_by_label("Буква").fill("б")
    create.get_by_role("button", name="Создать класс").click()
    expect(_field_error(page, "Буква")).to_have_text("Такой класс уже есть")
    expect(create.get_by_label("Параллель")).to_have_value("5")
    check_screen(page, screenshots, "school-classes-error")

    create.get_by_label("Буква").fill("В")
    _choose(page, "Классный руководитель", "Сидорова")
    create.get_by_role("button", name="Создать класс").click()
    expect(page.get_by_role("status").filter(has_text="Класс 5В создан")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="5В")).to_contain_text("Сидорова Ольга")
    check_screen(page, screenshots, "school-classes")

    page.get_by_role("link", name="5В").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Класс 5В")
    class_id = page.url.rsplit("/", 1)[1]
    newcomer = expect_status(
        admin_session.api(
            "POST",
            "identity",
            "/persons",
            json={"kind": "student", "last_name": "Осенний", "first_name": "Лев"},
        ),
        201,
    )
    page.reload()
    # Мария is in 5Б already: the conflict is named at the student field.
    _choose(page, "Ученик", "Смирнова")
    page.get_by_role("button", name="Зачислить в класс").click()
    expect(_field_error(page, "Ученик")).to_have_text("Ученик уже состоит в классе на эту дату")

    # Enrolled from a week ago: taking him out today is a change after his first day.
    _choose(page, "Ученик", "Осенний")
    _fill_date(page, "С даты", school_today() - timedelta(days=7))
    page.get_by_role("button", name="Зачислить в класс").click()
    expect(page.get_by_role("link", name="Осенний Лев")).to_be_visible()
    members = expect_status(
        admin_session.api("GET", "schedule", f"/classes/{class_id}/members"), 200
    )
    assert members == [newcomer["id"]]
    check_screen(page, screenshots, "school-class")

    # The newcomer has not signed in: a slip with a one-time password.
    page.get_by_role("checkbox", name="Родителям с заявлением").uncheck()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Выдать листки (PDF)").click()
    download = downloading.value
    assert download.suggested_filename == "5В.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    expect(page.get_by_role("status").filter(has_text="Листки выданы")).to_be_visible()

    admin_session.go("/school/credential-issues")
    expect(page.get_by_role("heading", level=1)).to_have_text("Выдача данных для входа")
    issue = page.get_by_role("row").filter(has=page.get_by_role("link", name="5В"))
    expect(issue).to_contain_text("Августова Нина")
    expect(issue).to_contain_text("1 чел.")
    check_screen(page, screenshots, "school-credential-issues")

    admin_session.go(f"/school/classes/{class_id}")
    page.get_by_role("button", name="Отчислить из класса: Осенний Лев").click()
    page.get_by_role("button", name="Да", exact=True).click()
    expect(page.get_by_role("link", name="Осенний Лев")).to_have_count(0)
    assert (
        expect_status(admin_session.api("GET", "schedule", f"/classes/{class_id}/members"), 200)
        == []
    )


def test_the_admin_keeps_the_school_card(admin_session: AdminSession, screenshots: Path) -> None:
    page, school = admin_session.page, admin_session.school
    admin_session.go("/school/card")
    card = page.get_by_role("form", name="Карточка школы")
    expect(card.get_by_label("Полное наименование")).to_have_value(
        expect_status(admin_session.api("GET", "identity", f"/schools/{school.id}"), 200)["name"]
    )

    # Too short a name: the service's rule, worded next to the field.
    card.get_by_label("Полное наименование").fill("СШ")
    card.get_by_label("Адрес").fill("г. Окружной, ул. Школьная, д. 7")
    card.get_by_role("button", name="Сохранить").click()
    expect(_field_error(page, "Полное наименование")).to_have_text("Не короче 3 символов")
    expect(card.get_by_label("Адрес")).to_have_value("г. Окружной, ул. Школьная, д. 7")

    card.get_by_label("Полное наименование").fill("МБОУ СОШ № 7 г. Окружного")
    card.get_by_role("button", name="Добавить лицензию").click()
    card.get_by_label("Номер").fill("Л035-01234-77/00123456")
    _fill_date(page, "Дата выдачи", date(2016, 3, 14))
    card.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status").filter(has_text="Карточка школы сохранена")).to_be_visible()
    check_screen(page, screenshots, "school-card")

    saved = expect_status(admin_session.api("GET", "identity", f"/schools/{school.id}"), 200)
    assert saved["name"] == "МБОУ СОШ № 7 г. Окружного"
    assert saved["address"] == "г. Окружной, ул. Школьная, д. 7"
    assert [(lic["number"], lic["issued_on"]) for lic in saved["licences"]] == [
        ("Л035-01234-77/00123456", "2016-03-14")
    ]
    page.reload()
    expect(card.get_by_label("Номер")).to_have_value("Л035-01234-77/00123456")


def test_the_activity_report_counts_the_school_and_downloads(
    admin_session: AdminSession, screenshots: Path
) -> None:
    page = admin_session.page
    admin_session.go("/school/activity")
    expect(page.get_by_role("heading", level=1)).to_have_text("Активность пользователей")
    report = expect_status(admin_session.api("GET", "identity", "/reports/activity"), 200)
    teachers = next(r for r in report["roles"] if r["role"] == "teacher")
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name="Учитель", exact=True))
    expect(row.get_by_role("cell").nth(1)).to_have_text(str(teachers["persons"]))
    expect(page.get_by_role("heading", name="Ни разу не входили")).to_be_visible()
    check_screen(page, screenshots, "school-activity")

    with page.expect_download() as downloading:
        page.get_by_role("button", name="Скачать XLSX").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".xlsx")
    assert Path(download.path()).read_bytes().startswith(b"PK")  # a zip: the XLSX package


def test_a_deputy_director_reads_without_the_admins_controls(
    page: Page, web_origin: str, platform: Platform, school: PeopleSchool, screenshots: Path
) -> None:
    deputy = _new_staff(platform, school, "Замова", ["deputy-director"])
    page.goto(f"{web_origin}/school/people?kind=student")
    sign_in_on_keycloak(page, deputy.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Люди школы")
    expect(page.get_by_role("link", name="Смирнова Мария")).to_be_visible()
    expect(page.get_by_role("button", name="Добавить человека")).to_have_count(0)

    page.get_by_role("link", name="Смирнова Мария").click()
    expect(page.get_by_text("Изменять это может администратор школы")).to_be_visible()
    expect(page.get_by_role("button", name="Связать")).to_have_count(0)
    expect(page.get_by_role("form", name="Записать согласие")).to_have_count(0)
    check_screen(page, screenshots, "school-person-deputy")

    page.get_by_role("link", name="Карточка школы").click()
    expect(page.get_by_role("form", name="Карточка школы").get_by_label("Адрес")).to_be_disabled()
    expect(page.get_by_role("button", name="Сохранить")).to_have_count(0)
