"""Missing entries are facts (issue 11 point 2; J4) on the teacher's screens, in Debian's
Chromium against the real platform: a lesson two days ago whose topic the teacher entered
late and whose attendance the deadline clock recorded missing. The today screen says the
topic was entered late and the attendance is overdue; the grid marks the lesson, its title
saying which entry and how. Each screen is kept as a PNG and checked with axe-core."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, District, eventually
from tests.web.browser import check_screen, sign_in_on_keycloak
from tests.web.teacher_data import (
    add_lesson,
    fresh_school,
    record_lesson,
    this_hour,
    wait_for_lessons,
)

pytestmark = pytest.mark.platform


def test_a_late_topic_and_missing_attendance_show_on_the_teachers_screens(
    page: Page, web_origin: str, platform: Platform, district: District, screenshots: Path
) -> None:
    school = fresh_school(platform, district, "МБОУ СОШ № 7")
    teacher = school.teacher
    lesson = add_lesson(
        platform,
        school,
        class_id=school.class_id,
        subject_id=school.subject_id,
        teacher_id=teacher.id,
        starts=this_hour() - timedelta(days=2),
    )
    wait_for_lessons(platform, teacher, {lesson})
    url = f"{platform.url('journal')}/lessons/{lesson}/timeliness"

    def recorded_missing() -> list[dict[str, Any]] | None:
        facts: list[dict[str, Any]] = httpx.get(url, headers=school.admin.headers).json()
        return facts if len(facts) == 3 else None

    eventually(recorded_missing, what="the lesson's entries recorded missing by the clock")
    record_lesson(platform, teacher, lesson, {"topic": "Умножение дробей"})

    page.goto(f"{web_origin}/teacher")
    sign_in_on_keycloak(page, teacher.username, PASSWORD)
    row = page.get_by_role("region", name="Не заполнено за прошлые дни").locator(
        "tr", has=page.locator(f'a[href*="lesson={lesson}"]')
    )
    expect(row).to_contain_text("Умножение дробей")
    expect(row).to_contain_text("Тема: внесено с опозданием")
    expect(row).to_contain_text("Посещаемость: просрочено")
    check_screen(page, screenshots, "entry-facts-01-today")

    row.get_by_role("link", name=re.compile("^Открыть журнал")).click()
    marked = page.locator(f'th[data-lesson="{lesson}"]').get_by_label("Есть записи не в срок")
    expect(marked).to_be_visible()
    header = page.locator(f'th[data-lesson="{lesson}"] button')
    expect(header).to_have_attribute("title", re.compile("тема: внесено с опозданием"))
    expect(header).to_have_attribute("title", re.compile("посещаемость: не внесено в срок"))
    check_screen(page, screenshots, "entry-facts-02-grid")
