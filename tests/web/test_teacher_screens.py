"""The teacher's screens in Debian's Chromium against the real platform (issue 10, screen 2,
all but the journal grid): today's lessons with what is still to be entered and by when,
lesson plans uploaded, checked against the curriculum and downloaded, the paper-journal
import with its report of rejected rows, and the acceptance test "a teacher at two schools
chooses a school and sees only its classes". Each screen is kept as a PNG and checked with
axe-core."""

import io
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from playwright.sync_api import FilePayload, Locator, Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, School
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.teacher_data import (
    add_class,
    add_lesson,
    add_subject,
    another_hour_today,
    current_year_with_curriculum,
    fresh_school,
    record_lesson,
    teacher_of_two_schools,
    this_hour,
    wait_for_lessons,
)

pytestmark = pytest.mark.platform

CSV = "text/csv"


def sign_in(page: Page, web_origin: str, path: str, username: str) -> None:
    page.goto(f"{web_origin}{path}")
    sign_in_on_keycloak(page, username, PASSWORD)


def lesson_row(page: Page, region: str, lesson_id: str) -> Locator:
    """The table row of a lesson in a section of the page, found by its journal link."""
    section = page.get_by_role("region", name=region)
    return section.locator("tr", has=page.locator(f'a[href*="lesson={lesson_id}"]'))


def test_todays_lessons_show_what_is_still_to_be_entered_and_by_when(
    page: Page, web_origin: str, platform: Platform, district: District, screenshots: Path
) -> None:
    school = fresh_school(platform, district, "МБОУ СОШ № 5")
    teacher = school.teacher
    recorded = school.lesson_id  # this hour, 5Б, Математика
    empty = add_lesson(
        platform,
        school,
        class_id=school.class_id,
        subject_id=school.subject_id,
        teacher_id=teacher.id,
        starts=another_hour_today(),
    )
    forgotten = add_lesson(
        platform,
        school,
        class_id=school.class_id,
        subject_id=school.subject_id,
        teacher_id=teacher.id,
        starts=this_hour() - timedelta(days=1),
    )
    others = add_lesson(
        platform,
        school,
        class_id=school.class_id,
        subject_id=school.subject_id,
        teacher_id=school.other_teacher.id,
        starts=this_hour() + timedelta(days=1),
    )
    record_lesson(
        platform,
        teacher,
        recorded,
        {
            "topic": "Сложение дробей",
            "homework": {"text": "№ 112, 115"},
            "attendance": [
                {"student_id": school.student.id, "status": "present"},
                {"student_id": school.other_student.id, "status": "absent", "reason": "illness"},
            ],
            "marks": [{"student_id": school.student.id, "value": "5", "work_type": "oral"}],
        },
    )
    day = wait_for_lessons(platform, teacher, {recorded, empty, forgotten})

    sign_in(page, web_origin, "/teacher", teacher.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Уроки на сегодня")
    lessons = "Уроки дня"
    done = lesson_row(page, lessons, recorded)
    expect(done).to_contain_text("Сложение дробей")
    expect(done).to_contain_text("Оценок: 1")
    expect(done).to_contain_text("Всё внесено")
    todo = lesson_row(page, lessons, empty)
    expect(todo).to_contain_text("5Б")
    expect(todo).to_contain_text("Математика")
    # The school's default deadlines: the topic, attendance and homework the same day.
    expect(todo).to_contain_text("Тема: до конца дня")
    expect(todo).to_contain_text("Посещаемость: до конца дня")
    expect(todo).to_contain_text("Домашнее задание: до конца дня")
    expect(todo).not_to_contain_text("просрочено")
    # Each lesson opens the grid at that lesson.
    link = todo.get_by_role("link", name=re.compile("^Открыть журнал"))
    expect(link).to_have_attribute(
        "href", f"/teacher/journal/{school.class_id}/{school.subject_id}?lesson={empty}"
    )
    # Yesterday's lesson without a topic or attendance is late, and still open for entry.
    late = lesson_row(page, "Не заполнено за прошлые дни", forgotten)
    yesterday = datetime.fromisoformat(day["today"]) - timedelta(days=1)
    expect(late).to_contain_text(yesterday.strftime("%d.%m.%Y"))
    expect(late).to_contain_text("Тема: просрочено (до конца дня " + yesterday.strftime("%d.%m"))
    expect(page.locator(f'a[href*="{others}"]')).to_have_count(0)
    journals = page.get_by_test_id("teacher-journals")
    expect(journals.get_by_role("link", name="5Б · Математика")).to_have_attribute(
        "href", f"/teacher/journal/{school.class_id}/{school.subject_id}"
    )
    check_screen(page, screenshots, "teacher-01-today")

    page.get_by_role("button", name="Предыдущий день").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Уроки на {yesterday.strftime('%d.%m.%Y')}"
    )
    expect(lesson_row(page, lessons, forgotten)).to_contain_text("просрочено")
    expect(lesson_row(page, lessons, recorded)).to_have_count(0)
    page.get_by_role("button", name="Сегодня", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Уроки на сегодня")

    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's lessons")
    expect(lesson_row(page, "The day's lessons", empty)).to_contain_text(
        "Topic: by the end of the day"
    )
    check_screen(page, screenshots, "teacher-02-today-en")


def test_a_teacher_at_two_schools_chooses_a_school_and_sees_only_its_classes(
    page: Page, web_origin: str, platform: Platform, district: District, screenshots: Path
) -> None:
    first = fresh_school(platform, district, "МБОУ СОШ № 7")
    second = fresh_school(platform, district, "МБОУ Лицей № 9")
    teacher = teacher_of_two_schools(platform, first, second)
    starts = another_hour_today()

    def teach(school: School, grade: int, letter: str, subject: str) -> str:
        class_id = add_class(platform, school, grade, letter)
        subject_id = add_subject(platform, school, subject)
        return add_lesson(
            platform,
            school,
            class_id=class_id,
            subject_id=subject_id,
            teacher_id=teacher.id,
            starts=starts,
        )

    at_first = teach(first, 7, "А", "Физика")
    at_second = teach(second, 9, "В", "Химия")
    wait_for_lessons(platform, teacher, {at_first})
    wait_for_lessons(platform, teacher.at(second.id), {at_second})
    names = {school.id: school_name(platform, teacher.at(school.id)) for school in (first, second)}

    sign_in(page, web_origin, "/", teacher.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Выберите школу")
    page.get_by_role("button", name=f"Работать в этой школе: {names[second.id]}").click()

    expect(page.get_by_test_id("current-school")).to_contain_text(names[second.id])
    expect(page.get_by_role("heading", level=1)).to_have_text("Уроки на сегодня")
    journals = page.get_by_test_id("teacher-journals")
    expect(journals.get_by_role("link")).to_have_text(["9В · Химия"])
    expect(lesson_row(page, "Уроки дня", at_second)).to_contain_text("Химия")
    expect(page.get_by_text("7А")).to_have_count(0)
    expect(page.get_by_text("Физика")).to_have_count(0)
    check_screen(page, screenshots, "teacher-03-two-schools-second")

    # Lesson plans list the chosen school's journals only.
    page.get_by_role("link", name="Планирование (КТП)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Тематическое планирование")
    page.get_by_label("Журнал", exact=True).click()
    expect(page.locator(".ant-select-item-option")).to_have_text(["9В · Химия"])
    page.keyboard.press("Escape")

    page.get_by_role("link", name="Сменить школу").click()
    page.get_by_role("button", name=f"Работать в этой школе: {names[first.id]}").click()
    expect(page.get_by_test_id("current-school")).to_contain_text(names[first.id])
    page.get_by_role("link", name="Уроки на сегодня").click()
    expect(journals.get_by_role("link")).to_have_text(["7А · Физика"])
    expect(lesson_row(page, "Уроки дня", at_first)).to_contain_text("Физика")
    expect(page.get_by_text("9В")).to_have_count(0)
    expect(page.get_by_text("Химия")).to_have_count(0)
    check_screen(page, screenshots, "teacher-04-two-schools-first")


def school_name(platform: Platform, account: Account) -> str:
    answer = expect_status(
        httpx.get(f"{platform.url('identity')}/me/schools", headers=account.headers), 200
    )
    current = [s for s in answer["schools"] if s["school_id"] == answer["current_school_id"]]
    assert len(current) == 1, answer
    return str(current[0]["school_name"])


def plan_csv(*topics: tuple[str, str, int]) -> bytes:
    lines = ["№;Раздел;Тема;Часы"]
    lines += [
        f"{n};{section};{topic};{hours}" for n, (section, topic, hours) in enumerate(topics, 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_lesson_plans_are_uploaded_checked_against_the_curriculum_and_downloaded(
    page: Page, web_origin: str, platform: Platform, district: District, screenshots: Path
) -> None:
    school = fresh_school(platform, district, "МБОУ СОШ № 11")
    # 1 hour a week: 34 hours a year for grade 5.
    current_year_with_curriculum(platform, school, school.subject_id, grade=5, hours_per_week=1)
    wait_for_lessons(platform, school.teacher, {school.lesson_id})
    sign_in(page, web_origin, "/teacher/plans", school.teacher.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Тематическое планирование")
    expect(page.get_by_text("План по этому предмету ещё не загружен.")).to_be_visible()
    upload = page.locator("input[type=file]")
    upload.set_input_files(
        {
            "name": "КТП 5Б математика.csv",
            "mimeType": CSV,
            "buffer": plan_csv(("Дроби", "Понятие дроби", 20), ("Дроби", "Сравнение дробей", 10)),
        }
    )
    expect(page.get_by_text("План загружен: тем 2, часов 30.")).to_be_visible()
    expect(
        page.get_by_text("В плане 30 ч, по учебному плану 34 ч: не хватает 4 ч.")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Сравнение дробей")).to_be_visible()
    check_screen(page, screenshots, "teacher-05-plan-short")

    # A file with bad rows: each is named by its line and column; the plan stays as it was.
    upload.set_input_files(
        {
            "name": "КТП с ошибками.csv",
            "mimeType": CSV,
            "buffer": "№;Раздел;Тема;Часы\n1;Дроби;Понятие дроби;1,5\n2;Дроби;;2\n".encode(),
        }
    )
    alert = page.get_by_role("alert").filter(has_text="Не получилось")
    expect(alert).to_contain_text("Строка 2, «Часы»: Часы — целым числом")
    expect(alert).to_contain_text("Строка 3, «Тема»: Обязательное поле")
    expect(page.get_by_role("cell", name="Сравнение дробей")).to_be_visible()
    check_screen(page, screenshots, "teacher-06-plan-bad-file")

    upload.set_input_files(
        {
            "name": "КТП 5Б математика.csv",
            "mimeType": CSV,
            "buffer": plan_csv(
                ("Дроби", "Понятие дроби", 20),
                ("Дроби", "Сравнение дробей", 10),
                ("Повторение", "Итоговое повторение", 4),
            ),
        }
    )
    expect(
        page.get_by_text("Часы совпадают с учебным планом: 34 ч (1 ч в неделю).")
    ).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Не получилось")).to_have_count(0)
    expect(page.get_by_text("Всего часов: 34")).to_be_visible()
    check_screen(page, screenshots, "teacher-07-plan-matches")

    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Скачать XLSX").click()
    download = downloaded.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).worksheets[0]
    topics = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert topics == ["Понятие дроби", "Сравнение дробей", "Итоговое повторение"]


def paper_csv(rows: list[dict[str, str]]) -> bytes:
    columns = (
        *("date", "period", "subject", "group", "student_id", "student", "attendance"),
        *("reason", "mark", "work_type", "topic", "homework"),
    )
    lines = [";".join(columns)]
    lines += [";".join(row.get(column, "") for column in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def test_a_paper_journal_is_imported_with_a_report_of_rejected_rows(
    page: Page, web_origin: str, platform: Platform, district: District, screenshots: Path
) -> None:
    school = fresh_school(platform, district, "МБОУ СОШ № 13")
    teacher = school.teacher
    day = wait_for_lessons(platform, teacher, {school.lesson_id})
    today = datetime.fromisoformat(day["today"]).strftime("%d.%m.%Y")
    sign_in(page, web_origin, "/teacher/paper-import", teacher.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Перенос бумажного журнала")
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Скачать шаблон (XLSX)").click()
    template = load_workbook(io.BytesIO(Path(downloaded.value.path()).read_bytes())).worksheets[0]
    cells = {str(cell) for row in template.iter_rows(values_only=True) for cell in row}
    assert {school.student.id, school.other_student.id} <= cells
    check_screen(page, screenshots, "teacher-08-paper-import")

    stranger = str(uuid.uuid4())
    file: FilePayload = {
        "name": "журнал 5Б.csv",
        "mimeType": CSV,
        "buffer": paper_csv(
            [
                {"date": today, "student_id": school.student.id, "mark": "5", "work_type": "oral"},
                {
                    "date": today,
                    "student_id": school.other_student.id,
                    "mark": "7",
                    "work_type": "oral",
                },
                {"date": today, "student_id": stranger, "attendance": "н"},
                {"date": "31.02.2026", "student_id": school.student.id, "attendance": "н"},
                {"date": today, "topic": "Сложение дробей"},
            ]
        ),
    }
    page.get_by_label("Только проверить, ничего не записывая").check()
    page.locator("input[type=file]").set_input_files(file)
    report = page.get_by_test_id("paper-import-report")
    expect(report).to_contain_text("Это проверка: в журнал ничего не записано.")
    assert lesson_marks(platform, school) == []

    page.get_by_label("Только проверить, ничего не записывая").uncheck()
    page.locator("input[type=file]").set_input_files(file)
    expect(report).not_to_contain_text("Это проверка")
    expect(report).to_contain_text("Итоги загрузки: журнал 5Б.csv")
    expect(report.locator(".ant-descriptions")).to_contain_text("Перенесено2")
    expect(report.locator(".ant-descriptions")).to_contain_text("Отклонено3")
    rejected = report.get_by_role("table").locator("tbody tr.ant-table-row")
    expect(rejected).to_have_count(3)
    expect(rejected.nth(0)).to_contain_text("3Отметка«7» — не отметка по шкале школы.")
    expect(rejected.nth(1)).to_contain_text("4ID ученикаУченик не из этого класса.")
    expect(rejected.nth(2)).to_contain_text(
        "5Дата«31.02.2026» — не дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)."
    )
    check_screen(page, screenshots, "teacher-09-paper-import-report")
    assert lesson_marks(platform, school) == [(school.student.id, "5", "oral")]

    # The same file again: what was imported is unchanged, the bad rows are rejected again.
    page.locator("input[type=file]").set_input_files(file)
    expect(report.locator(".ant-descriptions")).to_contain_text("Перенесено0")
    expect(report.locator(".ant-descriptions")).to_contain_text("Без изменений2")
    assert lesson_marks(platform, school) == [(school.student.id, "5", "oral")]


def lesson_marks(platform: Platform, school: School) -> list[tuple[str, str, str]]:
    marks = expect_status(
        httpx.get(
            f"{platform.url('journal')}/lessons/{school.lesson_id}/marks",
            headers=school.teacher.headers,
        ),
        200,
    )
    return [(m["student_id"], m["value"], m["work_type"]) for m in marks]
