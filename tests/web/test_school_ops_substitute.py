"""The substitute flow of issue 10 in Debian's Chromium against the real platform: the school
admin assigns a substitute to a lesson on the substitutions screen; the substitute becomes
the lesson's teacher of record and records it; the planned teacher may no longer write it
(S7, J8, I5). Each screen is kept as a PNG and checked with axe-core."""

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, District, School, create_school, unique
from tests.support import expect as expect_status
from tests.web.browser import check_screen, sign_in_setting_up_totp
from tests.web.school_ops_data import browser_admin, eventually, lesson_of

pytestmark = pytest.mark.platform


@pytest.fixture(scope="module")
def school(platform: Platform, district: District) -> School:
    """A school of its own: its lesson gets a substitute, which other tests do not expect."""
    return create_school(platform, district, unique("МБОУ СОШ № 8 "))


def test_the_admin_assigns_a_substitute_who_then_keeps_the_lessons_journal(
    page: Page,
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
    row = page.get_by_role("row", name=re.compile("5Б.*Математика"))
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
    log = page.get_by_role("row", name=re.compile("назначена замена"))
    expect(log).to_contain_text("Иванов П. → Сидорова О.")
    expect(log).to_contain_text("болезнь учителя")
    check_screen(page, screenshots, "school-ops-13-substituted")

    substituted = lesson_of(platform, school, school.lesson_id)
    assert substituted["teacher_id"] == school.other_teacher.id
    assert substituted["planned_teacher_id"] == school.teacher.id

    # The journal hears of it: the substitute records the lesson, the planned teacher may
    # no longer write it.
    record = f"{platform.url('journal')}/lessons/{school.lesson_id}/record"
    body = {
        "topic": "Сложение дробей",
        "attendance": [{"student_id": school.student.id, "status": "absent"}],
    }

    def record_as_substitute() -> httpx.Response | None:
        response = httpx.put(record, json=body, headers=school.other_teacher.headers, timeout=30)
        return None if response.status_code == 403 else response

    saved = eventually(
        record_as_substitute,
        what="the journal to make the substitute the lesson's teacher of record",
    )
    expect_status(saved, 200)
    refused = httpx.put(
        record, json={"topic": "Чужая тема"}, headers=school.teacher.headers, timeout=30
    )
    assert refused.status_code == 403, refused.text
    kept = expect_status(httpx.get(record, headers=school.admin.headers, timeout=30), 200)
    assert kept["topic"] == "Сложение дробей"
    assert kept["teacher_id"] == school.other_teacher.id
