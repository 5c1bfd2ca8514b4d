"""Period marks with the weighted average beside them (issue 5 point 4; J3, J5), on a
hand-computed fixture; grade levels without marks and "no assessment" subjects refuse
them."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import asyncpg
from journal_support import MOSCOW, School
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug_common.testing import Service


async def add_mark(
    admin: asyncpg.Connection, school: School, lesson: UUID, student: UUID, value: str, weight: str
) -> None:
    await admin.execute(
        "INSERT INTO marks (school_id, id, lesson_id, student_id, scale, value, work_type, "
        "weight, recorded_by) VALUES ($1, $2, $3, $4, 'five-point', $5, 'oral', $6, $7)",
        school.id,
        uuid4(),
        lesson,
        student,
        value,
        Decimal(weight),
        school.teacher.person_id,
    )


async def term_fixture(school: School, admin: asyncpg.Connection) -> tuple[date, date]:
    """A term that ended yesterday. Student 0: 5 (w1), 4 (w2), 3 (w1.5): average 12/3 = 4.00,
    weighted 17.5/4.5 = 3.888.. -> 3.89. Student 1: 5 (w1), 4 (w2) x3, 4 (w1): average
    21/5 = 4.20, weighted 33/8 = 4.125 -> 4.13 (half up). A mark before the term is left out."""
    today = datetime.now(MOSCOW).date()
    starts, ends = today - timedelta(days=40), today - timedelta(days=1)
    await school.set_calendar(
        [
            {"code": "term-1", "kind": "term", "starts_on": str(starts), "ends_on": str(ends)},
            {
                "code": "year",
                "kind": "year",
                "starts_on": str(starts),
                "ends_on": str(today + timedelta(days=200)),
            },
        ]
    )
    a, b = school.students[0], school.students[1]
    first, second = await school.lesson_on(starts), await school.lesson_on(ends)
    before = await school.lesson_on(starts - timedelta(days=1))
    await add_mark(admin, school, first, a, "5", "1")
    await add_mark(admin, school, first, a, "4", "2")
    await add_mark(admin, school, second, a, "3", "1.5")
    await add_mark(admin, school, before, a, "2", "2")
    await add_mark(admin, school, first, b, "5", "1")
    for _ in range(3):
        await add_mark(admin, school, second, b, "4", "2")
    await add_mark(admin, school, second, b, "4", "1")
    return starts, ends


async def test_weighted_averages_beside_the_period_marks(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    _, ends = await term_fixture(school, admin_conn)
    base = f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods"
    a, b = school.students[0], school.students[1]
    put = await service.http.put(
        f"{base}/term-1/marks/{a}", json={"value": "4"}, headers=school.auth(school.teacher)
    )
    assert put.status_code == 200, put.text
    assert (put.json()["average"], put.json()["weighted_average"]) == ("4.00", "3.89")
    assert put.json()["kind"] == "term"
    changed = await service.http.put(
        f"{base}/term-1/marks/{a}", json={"value": "5"}, headers=school.auth(school.teacher)
    )
    assert changed.json()["id"] == put.json()["id"]

    standings = await service.http.get(f"{base}/term-1/marks", headers=school.auth(school.director))
    assert standings.status_code == 200
    by_student = {row["student_id"]: row for row in standings.json()}
    assert len(by_student) == school.size
    assert by_student[str(a)]["weighted_average"] == "3.89"
    assert by_student[str(a)]["marks_count"] == 3
    assert by_student[str(a)]["period_mark"] == "5"
    assert (by_student[str(b)]["average"], by_student[str(b)]["weighted_average"]) == (
        "4.20",
        "4.13",
    )
    assert by_student[str(b)]["period_mark"] is None
    assert "ROUND_HALF_UP" in by_student[str(b)]["rounding"]
    assert by_student[str(school.students[2])]["weighted_average"] is None

    final = await service.http.put(
        f"{base}/final/marks/{b}", json={"value": "4"}, headers=school.auth(school.teacher)
    )
    assert final.status_code == 200
    assert final.json()["kind"] == "final"

    events = await admin_conn.fetch(
        "SELECT payload FROM outbox WHERE school_id = $1 AND subject = 'okrug.journal.period_mark.set'",
        school.id,
    )
    payloads = [journal_pb2.PeriodMarkSet.FromString(e["payload"]) for e in events]
    assert {(p.period, p.value, p.weighted_average) for p in payloads} >= {("term-1", "4", "3.89")}
    assert payloads[0].subject_name == "Математика"

    facts = await admin_conn.fetch(
        "SELECT due_at, timeliness FROM entry_timeliness "
        "WHERE school_id = $1 AND kind = 'period-mark'",
        school.id,
    )
    # One fact per student, subject and period (J4): a's term mark changed later is still
    # the fact of its first entry; b's final mark is the second.
    assert len(facts) == 2
    assert all(f["due_at"] > datetime.combine(ends, datetime.min.time(), MOSCOW) for f in facts)
    assert {f["timeliness"] for f in facts} == {"on_time"}


async def test_period_marks_refused_where_the_policy_says(
    sessions: async_sessionmaker[AsyncSession],
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
) -> None:
    await term_fixture(school, admin_conn)
    base = f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods"
    student = school.students[0]
    teacher = school.auth(school.teacher)
    unknown = await service.http.put(
        f"{base}/term-9/marks/{student}", json={"value": "4"}, headers=teacher
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "period"
    stranger = await service.http.put(
        f"{base}/term-1/marks/{uuid4()}", json={"value": "4"}, headers=teacher
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["field"] == "student_id"
    for who in (school.other_teacher, school.parent, school.director):
        refused = await service.http.put(
            f"{base}/term-1/marks/{student}", json={"value": "4"}, headers=school.auth(who)
        )
        assert refused.status_code == 403
    assert (
        await service.http.get(f"{base}/term-1/marks", headers=school.auth(school.other_teacher))
    ).status_code == 403

    await school.set_policy(no_assessment_subjects=[str(school.subject_id)])
    no_assessment = await service.http.put(
        f"{base}/term-1/marks/{student}", json={"value": "4"}, headers=teacher
    )
    assert no_assessment.status_code == 422
    assert no_assessment.json()["errors"][0]["field"] == "subject_id"

    first_grade = await School(sessions, service, grade=1, size=3).setup()
    await first_grade.lesson()
    refused = await service.http.put(
        f"/journal/classes/{first_grade.class_id}/subjects/{first_grade.subject_id}/periods/year/marks/{first_grade.students[0]}",
        json={"value": "5"},
        headers=first_grade.auth(first_grade.teacher),
    )
    assert refused.status_code == 422
    assert "Grade 1" in refused.json()["detail"]
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM period_marks WHERE school_id = ANY($1::uuid[])",
            [school.id, first_grade.id],
        )
        == 0
    )


async def test_leadership_of_another_school_finds_no_class(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await term_fixture(school, admin_conn)
    other = School(school.sessions, service)
    base = f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods"
    found = await service.http.get(f"{base}/term-1/marks", headers=other.auth(other.director))
    assert found.status_code == 404
