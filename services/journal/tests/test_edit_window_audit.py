"""The edit window and the mark-change audit (issue 5 point 5; J6): inside the window
every change and deletion records who, when, old and new value and the reason; after it
the teacher is refused with a problem document saying since when; the school's leadership
reports on all changes of the year as JSON and XLSX."""

import io
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import MOSCOW, School
from openpyxl import load_workbook

from okrug_common.testing import Service


async def insert_mark(
    admin: asyncpg.Connection, school: School, lesson: UUID, value: str = "3"
) -> UUID:
    mark_id = uuid4()
    await admin.execute(
        "INSERT INTO marks (school_id, id, lesson_id, student_id, scale, value, work_type, "
        "weight, recorded_by) VALUES ($1, $2, $3, $4, 'five-point', $5, 'oral', 1, $6)",
        school.id,
        mark_id,
        lesson,
        school.students[0],
        value,
        school.teacher.person_id,
    )
    return mark_id


@pytest.mark.parametrize(
    ("window", "open_days_ago", "closed_days_ago"),
    [
        ("1-week", 7, 8),
        ("2-weeks", 14, 15),
        ("3-weeks", 21, 22),
        ("1-month", 28, 32),
        ("year-end", 60, 200),  # 200 days ago is last academic year: closed 1 September
    ],
)
async def test_the_edit_window_for_each_setting(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    window: str,
    open_days_ago: int,
    closed_days_ago: int,
) -> None:
    await school.set_policy(edit_window=window)
    headers = school.auth(school.teacher)
    inside = await insert_mark(admin_conn, school, await school.lesson(open_days_ago))
    changed = await service.http.patch(
        f"/journal/marks/{inside}", json={"value": "4"}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    deleted = await service.http.delete(f"/journal/marks/{inside}", headers=headers)
    assert deleted.status_code == 204

    closed_lesson = await school.lesson(closed_days_ago)
    outside = await insert_mark(admin_conn, school, closed_lesson)
    for response in (
        await service.http.patch(f"/journal/marks/{outside}", json={"value": "5"}, headers=headers),
        await service.http.delete(f"/journal/marks/{outside}", headers=headers),
        await service.http.post(
            f"/journal/lessons/{closed_lesson}/marks",
            json={"student_id": str(school.students[1]), "value": "5", "work_type": "oral"},
            headers=headers,
        ),
        await service.http.put(
            f"/journal/lessons/{closed_lesson}/record", json={"topic": "Поздно"}, headers=headers
        ),
    ):
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"].endswith("/edit-window-closed")
        assert problem["edit_window"] == window
        locked_since = datetime.fromisoformat(problem["locked_since"])
        assert locked_since <= datetime.now(UTC)
        assert locked_since.astimezone(MOSCOW).time().hour == 0
        assert problem["locked_since"] in problem["detail"]
    value = await admin_conn.fetchval("SELECT value FROM marks WHERE id = $1", outside)
    assert value == "3"


async def test_changes_and_deletions_are_audited_and_reported(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson(1)
    headers = school.auth(school.teacher)
    mark = await insert_mark(admin_conn, school, lesson, "3")
    changed = await service.http.patch(
        f"/journal/marks/{mark}",
        json={"value": "5", "work_type": "test", "reason": "Пересдача"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["value"], changed.json()["weight"]) == ("5", "2.00")
    deleted = await service.http.delete(
        f"/journal/marks/{mark}", params={"reason": "Ошибочно выставлена"}, headers=headers
    )
    assert deleted.status_code == 204
    gone = await service.http.delete(f"/journal/marks/{mark}", headers=headers)
    assert gone.status_code == 404

    subjects = [
        r["subject"]
        for r in await admin_conn.fetch(
            "SELECT subject FROM outbox WHERE school_id = $1 ORDER BY created_at", school.id
        )
    ]
    assert subjects == ["okrug.journal.mark.changed", "okrug.journal.mark.deleted"]

    report_url = "/journal/audit/mark-changes"
    admin = school.auth(school.admin)
    rows = (await service.http.get(report_url, headers=admin)).json()
    assert [r["action"] for r in rows] == ["deleted", "changed"]
    deletion, change = rows
    assert change["old"] == {
        "scale": "five-point",
        "value": "3",
        "work_type": "oral",
        "weight": "1.00",
    }
    assert change["new"] == {
        "scale": "five-point",
        "value": "5",
        "work_type": "test",
        "weight": "2.00",
    }
    assert change["reason"] == "Пересдача"
    assert change["changed_by"] == str(school.teacher.person_id)
    assert change["subject_name"] == "Математика"
    assert deletion["old"]["value"] == "5"
    assert deletion["new"] is None
    assert deletion["reason"] == "Ошибочно выставлена"

    tomorrow = datetime.now(MOSCOW).date() + timedelta(days=1)

    def query(**params: str) -> dict[str, str]:
        return params

    for params, expected in (
        (query(teacher_id=str(school.teacher.person_id)), 2),
        (query(teacher_id=str(uuid4())), 0),
        (query(class_id=str(school.class_id), subject_id=str(school.subject_id)), 2),
        (query(subject_id=str(uuid4())), 0),
        (query(date_from=str(tomorrow), date_to=str(tomorrow + timedelta(days=1))), 0),
        (query(date_to=str(datetime.now(MOSCOW).date() - timedelta(days=1))), 0),
    ):
        found = await service.http.get(report_url, params=params, headers=admin)
        assert found.status_code == 200, found.text
        assert len(found.json()) == expected, params

    refused = await service.http.get(report_url, headers=headers)
    assert refused.status_code == 403
    bad = await service.http.get(
        report_url, params={"date_from": "2026-11-10", "date_to": "2026-11-01"}, headers=admin
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "date_to"

    xlsx = await service.http.get(f"{report_url}.xlsx", headers=school.auth(school.director))
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    table = list(sheet.iter_rows(values_only=True))
    assert len(table) == 3
    assert table[0][0] == "Когда изменено / Changed at"
    assert table[2][2] == "отметка / mark"
    assert table[2][9] == "3 (oral, вес 1.00)"
    assert table[2][10] == "5 (test, вес 2.00)"


async def test_only_the_lessons_teacher_changes_a_mark(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    mark = await insert_mark(admin_conn, school, await school.lesson())
    for who in (school.other_teacher, school.director, school.parent):
        refused = await service.http.patch(
            f"/journal/marks/{mark}", json={"value": "5"}, headers=school.auth(who)
        )
        assert refused.status_code == 403
    nothing = await service.http.patch(
        f"/journal/marks/{mark}", json={}, headers=school.auth(school.teacher)
    )
    assert nothing.status_code == 422
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM mark_changes WHERE school_id = $1", school.id
        )
        == 0
    )
