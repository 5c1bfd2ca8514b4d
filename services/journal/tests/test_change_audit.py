"""Absence-reason corrections and period-mark changes join the mark-change audit (issue 9
point 4; J2, J5, J6, X2): old, new, who, when and why, with a kind the report shows and
filters on, as JSON and as XLSX."""

import io
from datetime import datetime, timedelta
from typing import Any

import asyncpg
from journal_support import MOSCOW, School
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_attendance_reasons import make_class_teacher, record
from test_period_marks import term_fixture

from okrug_common.testing import Service


async def changes(service: Service, school: School, **filters: str) -> list[dict[str, Any]]:
    answer = await service.http.get(
        "/journal/audit/mark-changes", params=filters, headers=school.auth(school.admin)
    )
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


async def test_a_corrected_reason_is_a_change_of_kind_attendance_reason(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    lesson = await school.lesson(days_ago=1)
    student = school.students[0]
    await record(service, school, lesson, student, "absent", None)
    url = f"/journal/lessons/{lesson}/attendance/{student}"
    headers = school.auth(class_teacher)

    corrected = await service.http.patch(
        url, json={"reason": "illness", "comment": "справка"}, headers=headers
    )
    assert corrected.status_code == 200, corrected.text
    # The same reason again changes nothing and records nothing.
    again = await service.http.patch(url, json={"reason": "illness"}, headers=headers)
    assert again.status_code == 200, again.text

    [change] = await changes(service, school, kind="attendance-reason")
    assert change["kind"] == "attendance-reason"
    assert change["mark_id"] is None
    assert (change["lesson_id"], change["student_id"]) == (str(lesson), str(student))
    assert (change["class_id"], change["subject_id"]) == (
        str(school.class_id),
        str(school.subject_id),
    )
    assert change["teacher_id"] == str(school.teacher.person_id)
    assert change["action"] == "changed"
    assert change["old"] == {"status": "absent", "reason": None}
    assert change["new"] == {"status": "absent", "reason": "illness"}
    assert change["reason"] == "справка"
    assert change["changed_by"] == str(class_teacher.person_id)
    assert await changes(service, school, kind="mark") == []
    assert await changes(service, school, kind="period-mark") == []


async def test_an_absence_note_records_each_reason_it_changed(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    class_teacher = await make_class_teacher(sessions, school, school.class_id)
    today = datetime.now(MOSCOW).date()
    inside = [await school.lesson_on(today - timedelta(days=d)) for d in (2, 3)]
    outside = await school.lesson_on(today - timedelta(days=6))
    student = school.students[1]
    await record(service, school, inside[0], student, "absent", None)
    await record(service, school, inside[1], student, "late", "illness")  # already illness
    await record(service, school, outside, student, "absent", None)

    note = await service.http.post(
        f"/journal/classes/{school.class_id}/students/{student}/absence-notes",
        json={
            "date_from": str(today - timedelta(days=4)),
            "date_to": str(today - timedelta(days=1)),
            "reason": "illness",
            "comment": "справка № 17",
        },
        headers=school.auth(class_teacher),
    )
    assert note.status_code == 201, note.text
    assert note.json()["applied"] == 2

    found = await changes(service, school, kind="attendance-reason")
    assert [(c["lesson_id"], c["old"], c["new"], c["reason"]) for c in found] == [
        (
            str(inside[0]),
            {"status": "absent", "reason": None},
            {"status": "absent", "reason": "illness"},
            "справка № 17",
        )
    ]
    assert found[0]["changed_by"] == str(class_teacher.person_id)


async def test_a_changed_period_mark_is_a_change_of_kind_period_mark_in_json_and_xlsx(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await term_fixture(school, admin_conn)
    student = school.students[0]
    url = (
        f"/journal/classes/{school.class_id}/subjects/{school.subject_id}"
        f"/periods/term-1/marks/{student}"
    )
    headers = school.auth(school.teacher)
    first = await service.http.put(url, json={"value": "4"}, headers=headers)
    assert first.status_code == 200, first.text
    assert await changes(service, school, kind="period-mark") == []  # a first mark is no change
    same = await service.http.put(url, json={"value": "4"}, headers=headers)
    assert same.status_code == 200, same.text
    changed = await service.http.put(
        url, json={"value": "5", "reason": "пересдача"}, headers=headers
    )
    assert changed.status_code == 200, changed.text

    [change] = await changes(service, school, kind="period-mark")
    assert change["mark_id"] == first.json()["id"]
    assert (change["lesson_id"], change["lesson_date"], change["teacher_id"]) == (None, None, None)
    assert change["student_id"] == str(student)
    assert change["old"] == {"period": "term-1", "scale": "five-point", "value": "4"}
    assert change["new"] == {"period": "term-1", "scale": "five-point", "value": "5"}
    assert (change["reason"], change["changed_by"]) == ("пересдача", str(school.teacher.person_id))

    workbook = await service.http.get(
        "/journal/audit/mark-changes.xlsx",
        params={"kind": "period-mark"},
        headers=school.auth(school.admin),
    )
    assert workbook.status_code == 200, workbook.text
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Что / Kind"
    assert len(rows) == 2
    assert rows[1][1] == str(school.teacher.person_id)
    assert rows[1][2] == "итоговая отметка / period mark"
    assert (rows[1][9], rows[1][10], rows[1][11]) == ("4 (term-1)", "5 (term-1)", "пересдача")


async def test_an_unknown_kind_is_refused_naming_the_parameter(
    school: School, service: Service
) -> None:
    answer = await service.http.get(
        "/journal/audit/mark-changes", params={"kind": "lesson"}, headers=school.auth(school.admin)
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "query.kind"
