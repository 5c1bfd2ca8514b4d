"""Oversight's objectivity of marks (O2, J3): the read models follow the journal's mark and
period-mark events (each applied once, again, or late: the same counts), a rebuild from
the facts gives the same rows, and the statistics are checked against hand computations."""

from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import MOSCOW, School, district_person, person
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.event_catalog import JournalEvents
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import LessonProjection
from okrug_journal.oversight.objectivity import counts, handlers, rebuild, statistics
from okrug_journal.oversight.objectivity import service as objectivity
from okrug_journal.oversight.objectivity.statistics import Distribution
from okrug_journal.policy.service import school_policy

MARK_EVENTS = {
    JournalEvents.MARK_RECORDED.subject: JournalEvents.MARK_RECORDED,
    JournalEvents.MARK_CHANGED.subject: JournalEvents.MARK_CHANGED,
    JournalEvents.MARK_DELETED.subject: JournalEvents.MARK_DELETED,
}


async def outbox_events(admin: asyncpg.Connection, school: School, subjects: set[str]) -> list[Any]:
    rows = await admin.fetch(
        "SELECT subject, payload FROM outbox WHERE school_id = $1 ORDER BY created_at, id",
        school.id,
    )
    return [
        JournalEvents.PERIOD_MARK_SET.decode(r["payload"])
        if r["subject"] == JournalEvents.PERIOD_MARK_SET.subject
        else MARK_EVENTS[r["subject"]].decode(r["payload"])
        for r in rows
        if r["subject"] in subjects
    ]


async def deliver(
    sessions: async_sessionmaker[AsyncSession], service_: Service, school: School, events: list[Any]
) -> None:
    """Each event in a transaction of its own, as the shared consumer runs a handler."""
    on_mark = handlers.on_mark(service_.runtime)
    for event in events:
        async with tenant_transaction(sessions, school.id) as session:
            if event.DESCRIPTOR.name == "PeriodMarkSet":
                await handlers.on_period_mark_set(session, event)
            else:
                await on_mark(session, event)


async def snapshot(admin: asyncpg.Connection, school: School) -> dict[str, list[tuple[Any, ...]]]:
    tables = {
        "objectivity_distribution": "period, teacher_id, class_id, subject_id, subject_key, "
        "class_name, grade, marks_1, marks_2, marks_3, marks_4, marks_5",
        "objectivity_work_types": "period, work_type, weight, marks",
        "objectivity_period_marks": "period_mark_id, period, class_id, subject_key, class_name, "
        "grade, teacher_id, value, weighted_average",
    }
    found = {}
    for table, columns in tables.items():
        rows = await admin.fetch(
            f"SELECT {columns} FROM {table} WHERE school_id = $1 ORDER BY {columns}", school.id
        )
        found[table] = [tuple(r) for r in rows]
    return found


async def record(
    service_: Service, school: School, lesson: UUID, student: UUID, value: str, work_type: str
) -> str:
    response = await service_.http.post(
        f"/journal/lessons/{lesson}/marks",
        json={"student_id": str(student), "value": value, "work_type": work_type},
        headers=school.auth(school.teacher),
    )
    assert response.status_code == 201, response.text
    mark_id: str = response.json()["id"]
    return mark_id


async def test_mark_events_move_the_counts_once_and_a_rebuild_agrees(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    lesson = await school.lesson()
    s = school.students
    await record(service, school, lesson, s[0], "5", "classwork")
    changed = await record(service, school, lesson, s[1], "4", "classwork")
    await record(service, school, lesson, s[2], "3", "test")
    deleted = await record(service, school, lesson, s[3], "2", "homework")
    patch = await service.http.patch(
        f"/journal/marks/{changed}", json={"value": "2"}, headers=school.auth(school.teacher)
    )
    assert patch.status_code == 200, patch.text
    gone = await service.http.delete(
        f"/journal/marks/{deleted}", headers=school.auth(school.teacher)
    )
    assert gone.status_code == 204, gone.text

    events = await outbox_events(admin_conn, school, set(MARK_EVENTS))
    assert len(events) == 6  # 4 recorded, 1 changed, 1 deleted
    await deliver(sessions, service, school, events)
    counted = await snapshot(admin_conn, school)
    # The same events again, and in reverse order (older than what is counted): no change.
    await deliver(sessions, service, school, events)
    await deliver(sessions, service, school, list(reversed(events)))
    assert await snapshot(admin_conn, school) == counted

    async with tenant_transaction(sessions, school.id) as session:
        policy = await school_policy(session, service.runtime, school.id)
    periods = counts.periods_of(policy, datetime.now(MOSCOW).date())
    assert periods, "today falls in no study period of the school's policy"
    # By hand: 5 (classwork), 4 -> 2 (classwork), 3 (test), 2 (homework, deleted): one 5,
    # one 3, one 2 in every period containing today; classwork twice at weight 1, the test
    # once at weight 2, homework no longer.
    distribution = counted["objectivity_distribution"]
    assert [(row[0], row[7:]) for row in distribution] == [(p, (0, 1, 1, 0, 1)) for p in periods]
    assert {row[5:7] for row in distribution} == {(f"{school.grade}А", school.grade)}
    assert {row[4] for row in distribution} == {"математика"}
    work_types = {(p, w, weight, n) for p, w, weight, n in counted["objectivity_work_types"]}
    assert work_types >= {(p, "classwork", Decimal("1.00"), 2) for p in periods}
    assert work_types >= {(p, "test", Decimal("2.00"), 1) for p in periods}
    assert {(p, "homework", Decimal("1.00"), 0) for p in periods} <= work_types

    async with tenant_transaction(sessions, school.id) as session:
        await rebuild.rebuild(session, service.runtime, school.id)
    rebuilt = await snapshot(admin_conn, school)
    assert rebuilt["objectivity_distribution"] == counted["objectivity_distribution"]
    # The rebuild keeps no row of zero marks.
    assert set(rebuilt["objectivity_work_types"]) == {row for row in work_types if row[3] > 0}


async def test_a_mark_deleted_before_it_was_counted_is_never_counted(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    lesson = await school.lesson()
    mark = await record(service, school, lesson, school.students[0], "5", "oral")
    gone = await service.http.delete(f"/journal/marks/{mark}", headers=school.auth(school.teacher))
    assert gone.status_code == 204
    recorded, deleted = await outbox_events(admin_conn, school, set(MARK_EVENTS))
    await deliver(sessions, service, school, [deleted, recorded])  # the deletion first
    rows = await snapshot(admin_conn, school)
    assert all(sum(row[7:]) == 0 for row in rows["objectivity_distribution"])
    assert all(row[3] == 0 for row in rows["objectivity_work_types"])


async def test_period_marks_are_kept_beside_their_weighted_averages(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    """Student 0: 5 (classwork, w1), 2 (test, w2): weighted (5 + 4) / 3 = 3.00; a period mark
    of 4 is 1.00 above it: far (a whole mark). Student 1: 4 (classwork), 4 (test): 4.00; a
    period mark of 4 is not far."""
    lesson = await school.lesson()
    a, b = school.students[0], school.students[1]
    for student, value, work_type in [(a, "5", "classwork"), (a, "2", "test")]:
        await record(service, school, lesson, student, value, work_type)
    for work_type in ("classwork", "test"):
        await record(service, school, lesson, b, "4", work_type)
    async with tenant_transaction(sessions, school.id) as session:
        policy = await school_policy(session, service.runtime, school.id)
    period = counts.periods_of(policy, datetime.now(MOSCOW).date())[0]
    base = f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods/{period}"
    for student in (a, b):
        put = await service.http.put(
            f"{base}/marks/{student}", json={"value": "4"}, headers=school.auth(school.teacher)
        )
        assert put.status_code == 200, put.text
    events = await outbox_events(admin_conn, school, {JournalEvents.PERIOD_MARK_SET.subject})
    await deliver(sessions, service, school, events)

    rows = (await snapshot(admin_conn, school))["objectivity_period_marks"]
    assert sorted((r[7], r[8]) for r in rows) == [(4, Decimal("3.00")), (4, Decimal("4.00"))]
    assert {r[6] for r in rows} == {school.teacher.person_id}
    async with tenant_transaction(sessions, school.id) as session:
        filters = objectivity.Filters(period=period)
        summary = await objectivity.period_mark_summary(session, filters)
        far = await objectivity.far_period_marks(session, filters)
    assert (summary.total, summary.far_above, summary.far_below) == (2, 1, 0)
    assert [(p.value, p.weighted_average, p.count, p.far) for p in summary.points] == [
        (4, Decimal("3.0"), 1, True),
        (4, Decimal("4.0"), 1, False),
    ]
    assert [row.weighted_average for row in far] == [Decimal("3.00")]

    async with tenant_transaction(sessions, school.id) as session:
        await rebuild.rebuild(session, service.runtime, school.id)
    assert sorted((r[0], r[7], r[8]) for r in rows) == sorted(
        (r[0], r[7], r[8]) for r in (await snapshot(admin_conn, school))["objectivity_period_marks"]
    )


async def insert_marks(
    admin: asyncpg.Connection, school: School, lesson: UUID, values: dict[str, int]
) -> None:
    rows = [
        (
            school.id,
            uuid4(),
            lesson,
            school.students[i % school.size],
            value,
            school.teacher.person_id,
        )
        for value, count in values.items()
        for i in range(count)
    ]
    await admin.executemany(
        "INSERT INTO marks (school_id, id, lesson_id, student_id, scale, value, work_type, "
        "weight, recorded_by) VALUES ($1, $2, $3, $4, 'five-point', $5, 'classwork', 1, $6)",
        rows,
    )


async def test_an_outlier_teacher_by_the_z_score_of_the_mean(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    """Three teachers of Математика in grade 5 (the rest of the district is, here, the
    school's other teachers):

    A: 30 fives, mean 5.
    B and C: 100 marks each, 25 threes, 50 fours, 25 fives, mean 4.

    A against B + C (200 marks: 50x3, 100x4, 50x5; mean 800/200 = 4.00; sum of squares
    3300, SS = 3300 - 800^2/200 = 100, sd = sqrt(100/199) = 0.708882):
    z = (5 - 4) * sqrt(30) / 0.708882 = 5.477226 / 0.708882 = 7.7266 >= 3, gap 1.00 >= 0.3:
    an outlier.
    B against A + C (130 marks: 25x3, 50x4, 55x5; mean 550/130 = 4.230769; sum of squares
    2400, SS = 2400 - 550^2/130 = 73.0769, sd = sqrt(73.0769/129) = 0.752654):
    z = (4 - 4.230769) * sqrt(100) / 0.752654 = -3.0661, beyond 3, but the means differ by
    0.23 of a mark only (< 0.3): not an outlier."""
    a, b, c = school.teacher, school.other_teacher, person(school.id, Role.TEACHER)
    lessons = {t.person_id: await school.lesson(teacher=t) for t in (a, b, c)}
    await insert_marks(admin_conn, school, lessons[a.person_id], {"5": 30})
    for teacher in (b, c):
        await insert_marks(
            admin_conn, school, lessons[teacher.person_id], {"3": 25, "4": 50, "5": 25}
        )
    async with tenant_transaction(sessions, school.id) as session:
        await rebuild.rebuild(session, service.runtime, school.id)
        policy = await school_policy(session, service.runtime, school.id)
        period = counts.periods_of(policy, datetime.now(MOSCOW).date())[0]
        units = await objectivity.unit_marks(
            session, session, objectivity.Filters(period=period), "teacher"
        )
    by_teacher = {u.teacher_id: u for u in units}
    assert units[0].teacher_id == a.person_id  # outliers first
    first = by_teacher[a.person_id].comparison
    assert (first.unit.n, first.unit.mean, first.rest.n, first.rest.mean) == (30, 5.0, 200, 4.0)
    assert first.rest.sd == pytest.approx(0.708882, abs=1e-6)
    assert first.z == pytest.approx(7.7266, abs=1e-4)
    assert first.outlier
    second = by_teacher[b.person_id].comparison
    assert second.z == pytest.approx(-3.0661, abs=1e-4)
    assert second.mean_gap == pytest.approx(-0.230769, abs=1e-6)
    assert not second.outlier
    assert (units[0].subject_name, units[0].grade) == ("Математика", school.grade)


def test_the_outlier_rule_at_its_edges() -> None:
    """Fewer than MIN_MARKS marks are never an outlier; the rest all of one value (sd 0)
    leaves the gap to decide."""
    rest = Distribution.of([0, 0, 0, 60, 0])  # 60 fours
    few = Distribution.of([0, 0, 0, 0, statistics.MIN_MARKS - 1])
    assert not statistics.compare(few, few + rest).outlier
    enough = Distribution.of([0, 0, 0, 0, statistics.MIN_MARKS])
    verdict = statistics.compare(enough, enough + rest)
    assert verdict.z is None
    assert verdict.outlier
    same = Distribution.of([0, 0, 0, statistics.MIN_MARKS, 0])
    assert not statistics.compare(same, same + rest).outlier
    # Totals read before marks counted in between: the rest is never below zero.
    stale = statistics.compare(enough, Distribution.of([0, 0, 0, 60, 10]))
    assert stale.rest.counts == (0, 0, 0, 60, 0)
    assert statistics.far_from_average(5, Decimal("4.00"))
    assert not statistics.far_from_average(5, Decimal("4.01"))
    assert not statistics.far_from_average(3, None)


async def subject_lesson(
    sessions: async_sessionmaker[AsyncSession],
    school: School,
    teacher: Principal,
    subject_id: UUID,
    subject_name: str,
) -> UUID:
    """A lesson today of a subject of the test's own (the scratch database is shared: the
    district's figures of Математика hold every test's marks)."""
    lesson_id, day = uuid4(), datetime.now(MOSCOW).date()
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            LessonProjection(
                school_id=school.id,
                lesson_id=lesson_id,
                class_id=school.class_id,
                subject_id=subject_id,
                subject_name=subject_name,
                teacher_id=teacher.person_id,
                lesson_date=day,
                starts_at=datetime.combine(day, time(9), tzinfo=MOSCOW).astimezone(UTC),
                class_name=f"{school.grade}А",
                class_grade=school.grade,
            )
        )
    return lesson_id


def no_student_in(body: object, students: list[UUID]) -> bool:
    text = str(body)
    return not any(str(student) in text for student in students)


async def test_the_district_finds_an_outlier_teacher_among_schools_and_a_director_their_own(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
    peer_channels: dict[str, Any],
) -> None:
    """School A's teacher gives 30 fives in Астрономия, grade 5; school B's two teachers
    100 marks each (25 threes, 50 fours, 25 fives). The hand computation of
    test_an_outlier_teacher_by_the_z_score_of_the_mean: A's teacher against the rest of the
    district (B's 200 marks, mean 4.00, sd 0.708882): z = 1 * sqrt(30) / 0.708882 = 7.7266,
    an outlier; B's first teacher against A's 30 and B's other 100 (mean 4.230769, sd
    0.752654): z = -3.0661, a gap of 0.23 only: not one."""
    name = f"Астрономия {uuid4().hex[:8]}"
    other = await School(sessions, service).setup()
    identity = peer_channels["identity"]
    identity.name_school(school.id, "Школа № 1")
    identity.name_school(other.id, "Школа № 2")
    identity.add_person(school.id, school.teacher.person_id, "Щедрова", "Анна", "Петровна")
    a_subject, b_subject = uuid4(), uuid4()
    lesson = await subject_lesson(sessions, school, school.teacher, a_subject, name)
    await insert_marks(admin_conn, school, lesson, {"5": 30})
    for teacher in (other.teacher, other.other_teacher):
        lesson = await subject_lesson(sessions, other, teacher, b_subject, f" {name.upper()} ")
        await insert_marks(admin_conn, other, lesson, {"3": 25, "4": 50, "5": 25})
    for each in (school, other):
        async with tenant_transaction(sessions, each.id) as session:
            await rebuild.rebuild(session, service.runtime, each.id)
            policy = await school_policy(session, service.runtime, each.id)
    period = counts.periods_of(policy, datetime.now(MOSCOW).date())[0]
    query = {"period": period, "subject_id": str(a_subject), "by": "teacher"}
    url = "/journal/oversight/objectivity/distributions"

    district = district_person(Role.WORKING_GROUP_MEMBER)
    answer = await service.http.get(url, params=query, headers=service.auth(district))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["rule"]["min_marks"] == 30
    assert body["total"] == 3  # one teacher of A, two of B: one subject across schools
    first = body["units"][0]
    assert (first["school_name"], first["teacher_name"]) == ("Школа № 1", "Щедрова А. П.")
    assert first["marks"] == {"counts": [0, 0, 0, 0, 30], "n": 30, "mean": 5.0}
    assert first["district"] == {"counts": [0, 0, 50, 100, 50], "n": 200, "mean": 4.0}
    assert first["z"] == pytest.approx(7.7266, abs=1e-4)
    assert first["outlier"] is True
    assert [u["outlier"] for u in body["units"][1:]] == [False, False]
    assert body["units"][1]["z"] == pytest.approx(-3.0661, abs=1e-4)
    assert no_student_in(body, school.students + other.students)

    by_school = await service.http.get(
        url, params={**query, "by": "school"}, headers=service.auth(district)
    )
    schools = {u["school_id"]: u for u in by_school.json()["units"]}
    assert schools[str(school.id)]["z"] == pytest.approx(7.7266, abs=1e-4)

    # The director of B sees B's teachers only (their subject is the same by its name),
    # compared with the whole district still.
    query = {**query, "subject_id": str(b_subject)}
    own = await service.http.get(url, params=query, headers=other.auth(other.director))
    assert own.status_code == 200, own.text
    units = own.json()["units"]
    assert {u["school_id"] for u in units} == {str(other.id)}
    assert {u["teacher_id"] for u in units} == {
        str(other.teacher.person_id),
        str(other.other_teacher.person_id),
    }
    assert units[0]["z"] == pytest.approx(-3.0661, abs=1e-4)
    # Asking for another school changes nothing: their own school is all they read.
    elsewhere = await service.http.get(
        url, params={**query, "school_id": str(school.id)}, headers=other.auth(other.director)
    )
    assert {u["school_id"] for u in elsewhere.json()["units"]} == {str(other.id)}


async def test_period_marks_name_students_to_the_school_only(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
    peer_channels: dict[str, Any],
) -> None:
    """A period mark of 4 beside a weighted average of 3.00 (5 at weight 1, 2 at weight 2:
    9 / 3): far. The director reads the student's name (audited); the district the counts
    and the class, never the student."""
    lesson = await school.lesson()
    student = school.students[0]
    peer_channels["identity"].add_person(school.id, student, "Орлова", "Вера", "Игоревна")
    for value, work_type in (("5", "classwork"), ("2", "test")):
        await record(service, school, lesson, student, value, work_type)
    async with tenant_transaction(sessions, school.id) as session:
        policy = await school_policy(session, service.runtime, school.id)
    period = counts.periods_of(policy, datetime.now(MOSCOW).date())[0]
    put = await service.http.put(
        f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods/{period}"
        f"/marks/{student}",
        json={"value": "4"},
        headers=school.auth(school.teacher),
    )
    assert put.status_code == 200, put.text
    await deliver(
        sessions,
        service,
        school,
        await outbox_events(admin_conn, school, {JournalEvents.PERIOD_MARK_SET.subject}),
    )
    url = "/journal/oversight/objectivity/period-marks"
    params = {"period": period, "subject_id": str(school.subject_id)}

    before = await admin_conn.fetchval(
        "SELECT count(*) FROM outbox WHERE school_id = $1 AND subject = $2",
        school.id,
        JournalEvents.PERSONAL_DATA_READ.subject,
    )
    own = await service.http.get(url, params=params, headers=school.auth(school.director))
    assert own.status_code == 200, own.text
    far = own.json()["far"]
    assert [(f["value"], f["weighted_average"], f["student_name"]) for f in far] == [
        (4, "3.00", "Орлова Вера Игоревна")
    ]
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM outbox WHERE school_id = $1 AND subject = $2",
            school.id,
            JournalEvents.PERSONAL_DATA_READ.subject,
        )
        == before + 1
    )

    district = await service.http.get(
        url,
        params={**params, "school_id": str(school.id)},
        headers=service.auth(district_person(Role.DISTRICT_ADMIN)),
    )
    assert district.status_code == 200, district.text
    body = district.json()
    assert (body["total"], body["far_above"], body["far_below"]) == (1, 1, 0)
    assert [(f["class_name"], f["student_id"], f["student_name"]) for f in body["far"]] == [
        (f"{school.grade}А", None, None)
    ]
    assert no_student_in(body, school.students)


async def test_work_types_side_by_side(
    school: School,
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
) -> None:
    """Two classwork marks at weight 1 and a test at weight 2: classwork 2 of 3 marks
    (0.6667), the test 1 of 3 (0.3333)."""
    lesson = await school.lesson()
    for student, work_type in zip(
        school.students[:3], ("classwork", "classwork", "test"), strict=True
    ):
        await record(service, school, lesson, student, "4", work_type)
    await deliver(
        sessions, service, school, await outbox_events(admin_conn, school, set(MARK_EVENTS))
    )
    async with tenant_transaction(sessions, school.id) as session:
        policy = await school_policy(session, service.runtime, school.id)
    period = counts.periods_of(policy, datetime.now(MOSCOW).date())[0]
    answer = await service.http.get(
        "/journal/oversight/objectivity/work-types",
        params={"period": period, "school_id": str(school.id)},
        headers=service.auth(district_person(Role.WORKING_GROUP_MEMBER)),
    )
    assert answer.status_code == 200, answer.text
    (only,) = answer.json()["schools"]
    assert only["marks"] == 3
    assert [(w["work_type"], w["weight"], w["marks"], w["share"]) for w in only["work_types"]] == [
        ("classwork", "1.00", 2, 0.6667),
        ("test", "2.00", 1, 0.3333),
    ]
