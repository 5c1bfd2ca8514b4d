"""Timeliness recorded as a fact (issue 5 point 6; J4, O1): every entry records when it
was made against when it was due under the school's policy; late entries are accepted and
counted."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import asyncpg
from journal_support import MOSCOW, School

from okrug_common.db import tenant_transaction
from okrug_common.testing import Service
from okrug_journal.models import LessonProjection


async def test_late_marks_are_accepted_and_counted_per_work_type(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await school.set_policy(edit_window="year-end")
    old = await school.lesson(10)
    fresh = await school.lesson(0)
    headers = school.auth(school.teacher)
    student = str(school.students[0])
    for lesson in (old, fresh):
        for work_type in ("classwork", "test", "essay", "project"):
            response = await service.http.post(
                f"/journal/lessons/{lesson}/marks",
                json={"student_id": student, "value": "4", "work_type": work_type},
                headers=headers,
            )
            assert response.status_code == 201, response.text
    facts = await admin_conn.fetch(
        "SELECT t.lesson_id, m.work_type, t.due_at, t.timeliness = 'late' AS late, t.entered_at, "
        "t.teacher_id, t.entered_by, t.source "
        "FROM entry_timeliness t JOIN marks m ON m.school_id = t.school_id AND m.id = t.entity_id "
        "WHERE t.school_id = $1 AND t.kind = 'mark'",
        school.id,
    )
    late = {(f["lesson_id"], f["work_type"]): f["late"] for f in facts}
    assert late == {
        (old, "classwork"): True,  # 2 days
        (old, "test"): True,  # 3 days
        (old, "essay"): True,  # a week
        (old, "project"): False,  # long checking time: exempt
        (fresh, "classwork"): False,
        (fresh, "test"): False,
        (fresh, "essay"): False,
        (fresh, "project"): False,
    }
    old_day = datetime.now(MOSCOW).date() - timedelta(days=10)
    essay_due = next(
        f["due_at"] for f in facts if (f["lesson_id"], f["work_type"]) == (old, "essay")
    )
    assert essay_due == datetime.combine(old_day + timedelta(days=8), datetime.min.time(), MOSCOW)
    assert all(f["teacher_id"] == school.teacher.person_id for f in facts)
    assert {(f["entered_by"], f["source"]) for f in facts} == {(school.teacher.person_id, "typed")}

    report = await service.http.get(
        f"/journal/lessons/{old}/timeliness", headers=school.auth(school.director)
    )
    assert report.status_code == 200
    assert [r["timeliness"] for r in report.json()].count("late") == 3
    refused = await service.http.get(f"/journal/lessons/{old}/timeliness", headers=headers)
    assert refused.status_code == 403


async def test_attendance_due_minutes_after_the_lesson_starts(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    now = datetime.now(UTC)
    started_long_ago, starting_now = uuid4(), uuid4()
    async with tenant_transaction(school.sessions, school.id) as session:
        for lesson_id, starts in (
            (started_long_ago, now - timedelta(hours=1)),
            (starting_now, now),
        ):
            session.add(
                LessonProjection(
                    school_id=school.id,
                    lesson_id=lesson_id,
                    class_id=school.class_id,
                    subject_id=school.subject_id,
                    subject_name="Математика",
                    teacher_id=school.teacher.person_id,
                    lesson_date=starts.astimezone(MOSCOW).date(),
                    starts_at=starts,
                )
            )
    await school.set_policy(deadlines={"attendance": {"minutes_after_start": 10}})
    headers = school.auth(school.teacher)
    body = {"attendance": [{"student_id": str(school.students[0]), "status": "absent"}]}
    for lesson in (started_long_ago, starting_now):
        saved = await service.http.put(
            f"/journal/lessons/{lesson}/record", json=body, headers=headers
        )
        assert saved.status_code == 200, saved.text
    facts = {
        r["lesson_id"]: r
        for r in await admin_conn.fetch(
            "SELECT lesson_id, due_at, timeliness = 'late' AS late FROM entry_timeliness "
            "WHERE school_id = $1 AND kind = 'attendance'",
            school.id,
        )
    }
    assert facts[started_long_ago]["late"] is True
    assert facts[started_long_ago]["due_at"] == now - timedelta(minutes=50)
    assert facts[starting_now]["late"] is False


async def test_entries_kept_through_an_outage_count_when_received_and_show_their_claim(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    """J13: a save kept in the browser and sent after the network came back carries the
    moments its entries were made; the journal keeps them beside the moment received, and
    the deadline is judged by the received one."""
    await school.set_policy(edit_window="year-end")
    lesson = await school.lesson(3)  # classwork marks were due a day ago
    made = datetime.now(UTC) - timedelta(days=3)
    first_mark_made = made - timedelta(minutes=4)
    s = [str(x) for x in school.students]
    body = {
        "topic": "Десятичные дроби",
        "attendance": [{"student_id": s[0], "status": "absent"}],
        "marks": [
            {
                "student_id": s[1],
                "value": "5",
                "work_type": "classwork",
                "claimed_at": first_mark_made.isoformat(),
            },
            {"student_id": s[2], "value": "4", "work_type": "classwork"},
        ],
        "claimed_at": made.isoformat(),
    }
    headers = school.auth(school.teacher, **{"Idempotency-Key": "outbox-1"})
    before = datetime.now(UTC)
    for _ in range(2):  # sent again: the answer to the first send was lost
        saved = await service.http.put(
            f"/journal/lessons/{lesson}/record", json=body, headers=headers
        )
        assert saved.status_code == 200, saved.text

    facts = await admin_conn.fetch(
        "SELECT t.kind, m.student_id, t.claimed_at, t.entered_at, t.due_at, "
        "t.timeliness = 'late' AS late, t.source "
        "FROM entry_timeliness t LEFT JOIN marks m "
        "ON m.school_id = t.school_id AND m.id = t.entity_id AND t.kind = 'mark' "
        "WHERE t.school_id = $1 AND t.lesson_id = $2",
        school.id,
        lesson,
    )
    claims = {(f["kind"], f["student_id"] and str(f["student_id"])): f["claimed_at"] for f in facts}
    assert claims == {
        ("topic", None): made,
        ("attendance", None): made,
        ("mark", s[1]): first_mark_made,
        ("mark", s[2]): made,
    }
    assert all(f["entered_at"] >= before for f in facts)
    assert {f["source"] for f in facts} == {"offline"}  # kept in the browser, sent later
    marks = [f for f in facts if f["kind"] == "mark"]
    # Made before the deadline, received after it: late.
    assert all(f["claimed_at"] < f["due_at"] < f["entered_at"] and f["late"] for f in marks)

    report = await service.http.get(
        f"/journal/lessons/{lesson}/timeliness", headers=school.auth(school.director)
    )
    assert report.status_code == 200, report.text
    shown = sorted(
        (r["kind"], datetime.fromisoformat(r["claimed_at"]), r["timeliness"] == "late")
        for r in report.json()
    )
    assert shown == sorted((f["kind"], f["claimed_at"], f["late"]) for f in facts)
    assert ("mark", first_mark_made, True) in shown


async def test_an_entry_sent_as_it_was_made_claims_nothing(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={
            "marks": [{"student_id": str(school.students[0]), "value": "5", "work_type": "oral"}]
        },
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    claims = await admin_conn.fetch(
        "SELECT claimed_at FROM entry_timeliness WHERE school_id = $1", school.id
    )
    assert [c["claimed_at"] for c in claims] == [None]


async def test_a_browser_clock_hours_ahead_still_saves_and_its_claim_is_kept(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    """A school computer set to the wrong time zone claims moments hours ahead: its entries
    are not lost, and the claim is kept as the browser said it."""
    lesson = await school.lesson()
    ahead = datetime.now(UTC) + timedelta(hours=3)
    saved = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={"topic": "Дроби", "claimed_at": ahead.isoformat()},
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text
    fact = await admin_conn.fetchrow(
        "SELECT claimed_at, entered_at FROM entry_timeliness WHERE school_id = $1", school.id
    )
    assert fact is not None
    assert fact["claimed_at"] == ahead > fact["entered_at"]


async def test_a_claim_in_the_future_or_without_a_zone_is_refused_naming_its_field(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    lesson = await school.lesson()
    student = str(school.students[0])
    tomorrow = (datetime.now(UTC) + timedelta(days=1, minutes=5)).isoformat()
    mark = {"student_id": student, "value": "5", "work_type": "oral"}
    cases = [
        ("claimed_at", "claimed-in-future", {"claimed_at": tomorrow, "topic": "Дроби"}),
        (
            "marks.0.claimed_at",
            "claimed-in-future",
            {"marks": [{**mark, "claimed_at": tomorrow}]},
        ),
        (
            "body.claimed_at",
            "timezone_aware",
            {"claimed_at": "2026-12-01T10:00:00", "marks": [mark]},
        ),
    ]
    for field, code, body in cases:
        refused = await service.http.put(
            f"/journal/lessons/{lesson}/record", json=body, headers=school.auth(school.teacher)
        )
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [(field, code)]
    for table in ("marks", "lesson_records", "entry_timeliness"):
        assert (
            await admin_conn.fetchval(
                f"SELECT count(*) FROM {table} WHERE school_id = $1", school.id
            )
            == 0
        )
