"""Entry that survives an outage (issue 10, screen 3; J13), in Debian's Chromium against the
real platform: the network is cut (Playwright's offline mode) while the teacher types five
marks into the journal grid; the grid keeps accepting them, the browser keeps the lesson's
save (IndexedDB) with its Idempotency-Key and the moment it was made, and sends it when the
network is back. The journal then holds each mark once, with the moment claimed by the
browser and the moment it received it; an answer lost on the way back is sent again with
the same key and changes nothing."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, World, unique
from tests.support import expect as expect_status
from tests.web.browser import AXE, BLOCKING_IMPACTS, check_screen, sign_in_on_keycloak

pytestmark = pytest.mark.platform

MARKS = ["5", "4", "3", "5", "4"]


def _class_of_five(platform: Platform, world: World) -> dict[str, Any]:
    """A teacher of the first school of their own (free at any hour), a class of five
    students, a subject and the teacher's lesson that began this hour."""
    school = world.first
    identity, schedule = platform.url("identity"), platform.url("schedule")
    admin = school.admin.headers
    username = unique("teacher.offline.")
    teacher = expect_status(
        httpx.post(
            f"{identity}/persons",
            json={
                "kind": "staff",
                "last_name": "Офлайнова",
                "first_name": "Нина",
                "roles": ["teacher"],
                "username": username,
                "password": PASSWORD,
            },
            headers=admin,
        ),
        201,
    )
    names = [("Алексеев", "Антон"), ("Борисова", "Вера"), ("Васильев", "Глеб"),
             ("Григорьева", "Дарья"), ("Дмитриев", "Егор")]  # fmt: skip
    students = [
        expect_status(
            httpx.post(
                f"{identity}/persons",
                json={
                    "kind": "student",
                    "last_name": last,
                    "first_name": first,
                    "username": unique("student."),
                    "password": PASSWORD,
                },
                headers=admin,
            ),
            201,
        )["id"]
        for last, first in names
    ]
    school_class = expect_status(
        httpx.post(f"{schedule}/classes", json={"grade": 6, "letter": "В"}, headers=admin), 201
    )
    for student in students:
        expect_status(
            httpx.post(
                f"{schedule}/classes/{school_class['id']}/members",
                json={"student_id": student},
                headers=admin,
            ),
            201,
        )
    subject = expect_status(
        httpx.post(f"{schedule}/subjects", json={"name": unique("Физика ")}, headers=admin), 201
    )
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    lesson = expect_status(
        httpx.post(
            f"{schedule}/lessons",
            json={
                "class_id": school_class["id"],
                "subject_id": subject["id"],
                "teacher_id": teacher["id"],
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=admin,
        ),
        201,
    )
    return {
        "teacher": Account(username, teacher["id"], school.id, platform),
        "class_id": school_class["id"],
        "subject_id": subject["id"],
        "lesson_id": lesson["id"],
        "students": students,
    }


def _check_outbox_status(page: Page, screenshots: Path, name: str) -> None:
    """The screen as a PNG and axe-core on the outbox's status alone: while a save waits, the
    grid's lesson header carries its "saving" dot, which is the grid's to check."""
    page.screenshot(path=screenshots / f"{name}.png", full_page=True)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run('[data-testid=\"outbox-status\"]', {resultTypes: ['violations']})"
    )
    blocking = [v["id"] for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{name}: {blocking}"


def _journal(platform: Platform, path: str, account: Account) -> Any:
    return expect_status(
        httpx.get(f"{platform.url('journal')}{path}", headers=account.headers), 200
    )


def _lose_the_first_answer(page: Page) -> list[str]:
    """The first lesson save reaches the journal, but its answer is lost on the way back
    (the connection drops): the browser must send it again, with the same key."""
    keys: list[str] = []

    def handle(route: Route) -> None:
        keys.append(route.request.headers.get("idempotency-key", ""))
        if len(keys) == 1:
            route.fetch()  # the journal does the save
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r"/journal/lessons/[^/]+/record$"), handle)
    return keys


def test_marks_typed_offline_are_saved_once_each_with_both_moments(
    page: Page, web_origin: str, platform: Platform, world: World, screenshots: Path
) -> None:
    made = _class_of_five(platform, world)
    teacher, admin = made["teacher"], world.first.admin
    page.goto(f"{web_origin}/teacher/journal/{made['class_id']}/{made['subject_id']}")
    sign_in_on_keycloak(page, teacher.username, PASSWORD)
    grid = page.get_by_role("grid")
    expect(grid).to_be_visible()
    first_cell = grid.locator('td[role="gridcell"][data-row="0"]').last
    expect(first_cell).to_be_visible()

    page.context.set_offline(True)
    cut_at = datetime.now(UTC)
    first_cell.click()
    for row, value in enumerate(MARKS):
        # Enter moves down the column: the next cell takes the focus before the next mark.
        expect(grid.locator(f'td[role="gridcell"][data-row="{row}"]').last).to_be_focused()
        page.keyboard.press(value)
        page.keyboard.press("Enter")
    outbox = page.get_by_test_id("outbox-status")
    expect(outbox).to_contain_text("Нет связи с сервером")
    expect(outbox).to_contain_text("ждёт отправки")
    for row, value in enumerate(MARKS):
        expect(grid.locator(f'td[role="gridcell"][data-row="{row}"]').last).to_contain_text(value)
    _check_outbox_status(page, screenshots, "03-offline-marks-kept")
    record = _journal(platform, f"/lessons/{made['lesson_id']}/record", teacher)
    assert record["marks"] == []  # nothing reached the journal

    keys = _lose_the_first_answer(page)
    back_at = datetime.now(UTC)
    page.context.set_offline(False)
    expect(outbox).to_contain_text("Связь восстановлена", timeout=90_000)
    expect(page.get_by_test_id("journal-save-status")).to_have_text("Все изменения сохранены")
    check_screen(page, screenshots, "03-offline-marks-sent")

    # The lost answer's save was sent again under its key (replayed by the journal).
    assert len(keys) >= 2
    assert keys[0] == keys[1] != ""
    record = _journal(platform, f"/lessons/{made['lesson_id']}/record", teacher)
    saved = sorted((m["student_id"], m["value"]) for m in record["marks"])
    assert saved == sorted(zip(made["students"], MARKS, strict=True))
    facts = [
        f
        for f in _journal(platform, f"/lessons/{made['lesson_id']}/timeliness", admin)
        if f["kind"] == "mark"
    ]
    assert sorted(f["entity_id"] for f in facts) == sorted(m["id"] for m in record["marks"])
    for fact in facts:
        claimed = datetime.fromisoformat(fact["claimed_at"])
        received = datetime.fromisoformat(fact["entered_at"])
        # Made in the browser while it was offline; received after the network came back.
        assert cut_at <= claimed <= back_at <= received, fact

    page.reload()
    expect(grid).to_be_visible()
    for row, value in enumerate(MARKS):
        expect(grid.locator(f'td[role="gridcell"][data-row="{row}"]').last).to_contain_text(value)
    expect(page.get_by_test_id("outbox-status")).not_to_contain_text("ждёт отправки")
