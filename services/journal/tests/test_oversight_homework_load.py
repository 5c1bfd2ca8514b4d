"""Homework load (O3): each homework counts, with the teacher's estimate or the school's
default for the subject, on the evening before the class's next lesson of the subject; a
class's evening against SanPiN 1.2.3685-21's limit for its grade. Saved through the lesson
API, delivered to the read model's handler as the consumer would, read from the model."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import asyncpg
import pytest
from journal_support import MOSCOW, FakeScheduleChannel, School, district_person, person
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import HomeworkLoadDay, HomeworkLoadItem, LessonProjection
from okrug_journal.oversight.homework_load import handlers, rebuild
from okrug_journal.oversight.homework_load.limits import daily_limit

MATHS, RUSSIAN, ENGLISH, HISTORY, BIOLOGY = (uuid4() for _ in range(5))
GROUP_A, GROUP_B = uuid4(), uuid4()


def last_monday() -> date:
    """Monday of last week: inside the default two-week edit window."""
    today = datetime.now(MOSCOW).date()
    return today - timedelta(days=today.weekday() + 7)


async def add_lesson(
    school: School, subject: UUID, day: date, group: UUID | None = None, name: str = "Предмет"
) -> UUID:
    lesson_id = uuid4()
    async with tenant_transaction(school.sessions, school.id) as session:
        session.add(
            LessonProjection(
                school_id=school.id,
                lesson_id=lesson_id,
                class_id=school.class_id,
                subject_id=subject,
                subject_name=name,
                teacher_id=school.teacher.person_id,
                lesson_date=day,
                starts_at=datetime.combine(day, time(9), tzinfo=MOSCOW).astimezone(UTC),
                class_name=f"{school.grade}А",
                class_grade=school.grade,
                group_id=group,
            )
        )
    return lesson_id


async def set_homework(
    school: School, service: Service, lesson: UUID, text: str, minutes: int | None = None
) -> None:
    homework: dict[str, object] = {"text": text}
    if minutes is not None:
        homework["minutes"] = minutes
    response = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={"topic": "Тема", "homework": homework},
        headers=school.auth(school.teacher),
    )
    assert response.status_code == 200, response.text


async def deliver(school: School, service: Service, admin: asyncpg.Connection) -> None:
    """The journal's homework facts, taken from the outbox in order, to the handler."""
    rows = await admin.fetch(
        "DELETE FROM outbox WHERE school_id = $1 AND subject = 'okrug.journal.homework.set' "
        "RETURNING payload, created_at",
        school.id,
    )
    handle = handlers.on_homework_set(service.runtime)
    for row in sorted(rows, key=lambda r: r["created_at"]):
        async with tenant_transaction(school.sessions, school.id) as session:
            await handle(session, journal_pb2.HomeworkSet.FromString(row["payload"]))


async def evenings(
    sessions: async_sessionmaker[AsyncSession], school: School
) -> dict[date, HomeworkLoadDay]:
    async with tenant_transaction(sessions, school.id) as session:
        rows = await session.scalars(select(HomeworkLoadDay).order_by(HomeworkLoadDay.evening))
        return {row.evening: row for row in rows}


@pytest.fixture
async def week(school: School, service: Service) -> dict[str, UUID]:
    """Last week's timetable of 5А: the homework below is set on Monday to Wednesday."""
    monday = last_monday()
    tue, wed, fri = (monday + timedelta(days=d) for d in (1, 2, 4))
    await school.set_policy(homework_default_minutes={str(HISTORY): 15})
    return {
        "maths-mon": await add_lesson(school, MATHS, monday),
        "maths-wed": await add_lesson(school, MATHS, wed),
        "maths-fri": await add_lesson(school, MATHS, fri),
        "russian-tue": await add_lesson(school, RUSSIAN, tue),
        "russian-wed": await add_lesson(school, RUSSIAN, wed),
        "english-a-tue": await add_lesson(school, ENGLISH, tue, GROUP_A),
        "english-a-wed": await add_lesson(school, ENGLISH, wed, GROUP_A),
        "english-b-tue": await add_lesson(school, ENGLISH, tue, GROUP_B),
        "english-b-wed": await add_lesson(school, ENGLISH, wed, GROUP_B),
        "history-tue": await add_lesson(school, HISTORY, tue),
        "history-wed": await add_lesson(school, HISTORY, wed),
        "biology-tue": await add_lesson(school, BIOLOGY, tue),
        "biology-wed": await add_lesson(school, BIOLOGY, wed),
    }


def test_sanpin_limits_by_grade() -> None:
    assert [daily_limit(g) for g in range(1, 12)] == [
        60, 90, 90, 120, 120, 150, 150, 150, 210, 210, 210
    ]  # fmt: skip
    assert daily_limit(None) is None
    assert daily_limit(12) is None


async def test_an_evening_over_the_limit_and_back_under_it(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    sessions: async_sessionmaker[AsyncSession],
    week: dict[str, UUID],
) -> None:
    tuesday = last_monday() + timedelta(days=1)
    await set_homework(school, service, week["maths-mon"], "№ 1-5", minutes=40)
    await set_homework(school, service, week["russian-tue"], "Упр. 12", minutes=50)
    await set_homework(school, service, week["english-a-tue"], "Ex. 3", minutes=30)
    await set_homework(school, service, week["english-b-tue"], "Ex. 4", minutes=20)
    await set_homework(school, service, week["history-tue"], "§ 7")  # the default: 15
    await set_homework(school, service, week["biology-tue"], "§ 3")  # no default: unknown
    await set_homework(school, service, week["maths-wed"], "№ 6-8", minutes=30)
    await deliver(school, service, admin_conn)

    found = await evenings(sessions, school)
    # Tuesday evening (everything due on Wednesday): maths 40 + Russian 50 + English's
    # larger group max(30, 20) = 30 + history's default 15 = 135 minutes; biology counted
    # apart with no minutes. Grade 5's limit is 120: 135 > 120, over.
    assert set(found) == {tuesday, tuesday + timedelta(days=2)}
    evening = found[tuesday]
    assert (evening.minutes, evening.limit_minutes, evening.over_limit) == (135, 120, True)
    assert (evening.homework_count, evening.unestimated_count) == (6, 1)
    assert (evening.class_name, evening.grade) == ("5А", 5)
    # Thursday evening (due Friday): maths 30 <= 120.
    thursday = found[tuesday + timedelta(days=2)]
    assert (thursday.minutes, thursday.over_limit) == (30, False)

    # The maths teacher lowers the estimate to 10: 10 + 50 + 30 + 15 = 105 <= 120.
    await set_homework(school, service, week["maths-mon"], "№ 1-3", minutes=10)
    await deliver(school, service, admin_conn)
    evening = (await evenings(sessions, school))[tuesday]
    assert (evening.minutes, evening.over_limit) == (105, False)


async def test_emptied_homework_stops_counting_and_the_rebuild_gives_the_same_model(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    sessions: async_sessionmaker[AsyncSession],
    week: dict[str, UUID],
) -> None:
    tuesday = last_monday() + timedelta(days=1)
    await set_homework(school, service, week["maths-mon"], "№ 1-5", minutes=40)
    await set_homework(school, service, week["russian-tue"], "Упр. 12", minutes=50)
    await set_homework(school, service, week["history-tue"], "§ 7")
    await deliver(school, service, admin_conn)
    # 40 + 50 + 15 = 105
    assert (await evenings(sessions, school))[tuesday].minutes == 105

    await set_homework(school, service, week["russian-tue"], "")
    await deliver(school, service, admin_conn)
    # 40 + 15 = 55: the emptied homework is none
    delivered = await evenings(sessions, school)
    assert (delivered[tuesday].minutes, delivered[tuesday].homework_count) == (55, 2)

    async with tenant_transaction(sessions, school.id) as session:
        items_before = {
            (i.lesson_id, i.evening, i.minutes, i.estimated_by_teacher)
            for i in await session.scalars(select(HomeworkLoadItem))
        }
        await rebuild.rebuild(session, service.runtime, school.id)
    async with tenant_transaction(sessions, school.id) as session:
        items_after = {
            (i.lesson_id, i.evening, i.minutes, i.estimated_by_teacher)
            for i in await session.scalars(select(HomeworkLoadItem))
        }
    assert items_after == items_before
    rebuilt = await evenings(sessions, school)
    assert {d: (r.minutes, r.homework_count) for d, r in rebuilt.items()} == {tuesday: (55, 2)}


async def test_homework_without_a_later_lesson_counts_on_the_evening_it_was_set(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    friday = last_monday() + timedelta(days=4)
    lesson = await add_lesson(school, MATHS, friday)
    await set_homework(school, service, lesson, "Повторить", minutes=25)
    await deliver(school, service, admin_conn)
    assert {d: r.minutes for d, r in (await evenings(sessions, school)).items()} == {friday: 25}


@pytest.mark.parametrize("minutes", [0, 241, "много"])
async def test_a_bad_estimate_is_refused_and_nothing_is_written(
    school: School, service: Service, admin_conn: asyncpg.Connection, minutes: object
) -> None:
    lesson = await add_lesson(school, MATHS, last_monday())
    response = await service.http.put(
        f"/journal/lessons/{lesson}/record",
        json={"topic": "Тема", "homework": {"text": "№ 1", "minutes": minutes}},
        headers=school.auth(school.teacher),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.homework.minutes"
    assert (
        await admin_conn.fetchval(
            "SELECT count(*) FROM lesson_records WHERE school_id = $1", school.id
        )
        == 0
    )


async def test_the_school_default_minutes_are_checked(school: School, service: Service) -> None:
    response = await service.http.put(
        "/journal/policy",
        json={"homework_default_minutes": {str(HISTORY): 0}},
        headers=school.auth(school.admin),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("homework_default_minutes")


async def test_the_district_and_the_schools_leadership_read_the_evenings(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    sessions: async_sessionmaker[AsyncSession],
    week: dict[str, UUID],
) -> None:
    monday = last_monday()
    tuesday, thursday = monday + timedelta(days=1), monday + timedelta(days=3)
    await set_homework(school, service, week["maths-mon"], "№ 1-5", minutes=40)
    await set_homework(school, service, week["russian-tue"], "Упр. 12", minutes=50)
    await set_homework(school, service, week["english-a-tue"], "Ex. 3", minutes=30)
    await set_homework(school, service, week["english-b-tue"], "Ex. 4", minutes=20)
    await set_homework(school, service, week["history-tue"], "§ 7")
    await set_homework(school, service, week["biology-tue"], "§ 3")
    await set_homework(school, service, week["maths-wed"], "№ 6-8", minutes=30)
    await deliver(school, service, admin_conn)
    other = await School(sessions, service, grade=9).setup()
    other_maths = await add_lesson(other, MATHS, monday)
    await add_lesson(other, MATHS, tuesday)
    await set_homework(other, service, other_maths, "№ 1", minutes=200)
    await deliver(other, service, admin_conn)
    week_range = {"date_from": str(monday), "date_to": str(monday + timedelta(days=6))}

    district = await service.http.get(
        "/journal/oversight/homework-load",
        params=week_range,
        headers=service.auth(district_person(Role.WORKING_GROUP_MEMBER)),
    )
    assert district.status_code == 200, district.text
    body = district.json()
    schools = {s["school_id"]: s for s in body["schools"]}
    # 5А: Tuesday 135 (over 120) and Thursday 30: 2 evenings, 1 over, 1 class over, max
    # 135, 1 homework without minutes. 9А: Monday evening 200 <= 210.
    assert schools[str(school.id)] == {
        "school_id": str(school.id),
        "class_evenings": 2,
        "evenings_over_limit": 1,
        "classes_over_limit": 1,
        "max_minutes": 135,
        "unestimated_homework": 1,
    }
    assert schools[str(other.id)]["evenings_over_limit"] == 0
    assert schools[str(other.id)]["max_minutes"] == 200
    assert body["limits"][-1] == {"grade_from": 9, "grade_to": 11, "minutes": 210}
    assert "evening before the lesson it is due for" in body["rule"]
    assert "student" not in district.text  # counts only

    headers = school.auth(school.director)
    classes = await service.http.get(
        f"/journal/oversight/homework-load/schools/{school.id}/classes",
        params=week_range,
        headers=headers,
    )
    assert classes.status_code == 200, classes.text
    (found,) = classes.json()["classes"]
    # Average of the two evenings: (135 + 30) / 2 = 82.5.
    assert (found["class_name"], found["evenings"], found["average_minutes"]) == ("5А", 2, 82.5)
    assert [(e["evening"], e["minutes"], e["limit_minutes"]) for e in found["over_limit"]] == [
        (str(tuesday), 135, 120)
    ]

    evenings = await service.http.get(
        f"/journal/oversight/homework-load/schools/{school.id}/classes/{school.class_id}",
        params=week_range,
        headers=headers,
    )
    assert evenings.status_code == 200, evenings.text
    by_evening = {e["evening"]: e for e in evenings.json()["evenings"]}
    tuesday_homework = sorted(
        (h["minutes"], h["estimated_by_teacher"], h["set_on"])
        for h in by_evening[str(tuesday)]["homework"]
        if h["minutes"] is not None
    )
    assert tuesday_homework == [
        (15, False, str(tuesday)),  # history: the school's default
        (20, True, str(tuesday)),
        (30, True, str(tuesday)),
        (40, True, str(monday)),
        (50, True, str(tuesday)),
    ]
    assert by_evening[str(thursday)]["minutes"] == 30

    # The director of 5А's school reads only it; the other school's is not found.
    overview = await service.http.get(
        "/journal/oversight/homework-load", params=week_range, headers=headers
    )
    assert [s["school_id"] for s in overview.json()["schools"]] == [str(school.id)]
    elsewhere = await service.http.get(
        f"/journal/oversight/homework-load/schools/{other.id}/classes",
        params=week_range,
        headers=headers,
    )
    assert elsewhere.status_code == 404
    # A deputy for grades 6-8 sees none of 5А's evenings.
    deputy = person(school.id, Role.DEPUTY_DIRECTOR)
    assert deputy.person_id is not None
    FakeScheduleChannel.deputy_grades[deputy.person_id] = [6, 7, 8]
    deputy_view = await service.http.get(
        "/journal/oversight/homework-load", params=week_range, headers=school.auth(deputy)
    )
    assert deputy_view.status_code == 200, deputy_view.text
    assert deputy_view.json()["schools"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-12-10", "date_to": "2026-12-01"}, "date_to"),
        ({"date_from": "2026-12-01"}, "date_to"),
        ({"period": "term-9"}, "period"),
        ({"period": "term-1", "date_from": "2026-12-01", "date_to": "2026-12-02"}, "period"),
        ({"date_from": "2025-01-01", "date_to": "2026-12-01"}, "date_to"),
        ({"grade": "12"}, "grade"),
    ],
)
async def test_bad_dates_and_grades_are_refused(
    school: School, service: Service, params: dict[str, str], field: str
) -> None:
    response = await service.http.get(
        "/journal/oversight/homework-load", params=params, headers=school.auth(school.director)
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].endswith(field)
