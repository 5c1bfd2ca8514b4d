"""Issue 5 end to end: a teacher saves a lesson at once through the real REST API (real
tokens, RLS, outbox), a retry with the same Idempotency-Key writes nothing more, a change of
a mark reaches the school admin's audit report, and the parent reads the mark in the
diary."""

import uuid

import httpx
import pytest

from okrug_local.platform import Platform
from tests.support import World, expect

pytestmark = pytest.mark.platform


def test_a_lesson_saved_at_once_retried_changed_and_audited(
    platform: Platform, world: World
) -> None:
    school = world.first
    journal = platform.url("journal")
    headers = {**school.teacher.headers, "Idempotency-Key": str(uuid.uuid4())}
    body = {
        "topic": "Десятичные дроби",
        "work_types": ["classwork"],
        "homework": {"text": "Решить задачи", "pages": "стр. 12", "exercises": "№ 5"},
        "attendance": [
            {"student_id": school.other_student.id, "status": "absent", "reason": "illness"},
            {"student_id": school.student.id, "status": "present"},
        ],
        "marks": [{"student_id": school.student.id, "value": "5", "work_type": "classwork"}],
    }
    url = f"{journal}/lessons/{school.lesson_id}/record"
    saved = expect(httpx.put(url, json=body, headers=headers, timeout=30), 200)
    assert saved["topic"] == "Десятичные дроби"
    assert saved["teacher_id"] == school.teacher.id
    [mark] = saved["marks"]

    retried = httpx.put(url, json=body, headers=headers, timeout=30)
    assert retried.status_code == 200
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert retried.json() == saved
    marks = expect(
        httpx.get(f"{journal}/lessons/{school.lesson_id}/marks", headers=school.teacher.headers),
        200,
    )
    assert [m["id"] for m in marks].count(mark["id"]) == 1

    refused = httpx.put(url, json=body, headers=school.other_teacher.headers, timeout=30)
    assert refused.status_code == 403

    changed = expect(
        httpx.patch(
            f"{journal}/marks/{mark['id']}",
            json={"value": "4", "reason": "Исправление ошибки"},
            headers=school.teacher.headers,
        ),
        200,
    )
    assert changed["value"] == "4"
    report = expect(
        httpx.get(
            f"{journal}/audit/mark-changes",
            params={"teacher_id": school.teacher.id},
            headers=school.admin.headers,
        ),
        200,
    )
    entry = next(r for r in report if r["mark_id"] == mark["id"])
    assert (entry["old"]["value"], entry["new"]["value"]) == ("5", "4")
    assert entry["changed_by"] == school.teacher.id
    second_school = expect(
        httpx.get(f"{journal}/audit/mark-changes", headers=world.second.admin.headers), 200
    )
    assert all(r["mark_id"] != mark["id"] for r in second_school)

    diary = expect(
        httpx.get(f"{journal}/students/{school.student.id}/marks", headers=school.parent.headers),
        200,
    )
    assert any(m["id"] == mark["id"] and m["value"] == "4" for m in diary)
