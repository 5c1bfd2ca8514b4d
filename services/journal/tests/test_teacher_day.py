"""The teacher's day (issue 10, screen 2; J1, J4): the lessons of a day with what their
records still lack and by when it is due under the school's policy, the earlier lessons
still open for entry that lack a topic or attendance, and the journals the teacher keeps."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from journal_support import MOSCOW, School, person

from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_journal.models import LessonProjection


def midnight_after(days_ago: int) -> datetime:
    day = datetime.now(MOSCOW).date() - timedelta(days=days_ago)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=MOSCOW)


async def day_of(school: School, **params: str) -> dict[str, Any]:
    response = await school.service.http.get(
        "/journal/teacher-day", params=params, headers=school.auth(school.teacher)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def save(school: School, lesson: UUID, body: dict[str, Any]) -> None:
    response = await school.service.http.put(
        f"/journal/lessons/{lesson}/record", json=body, headers=school.auth(school.teacher)
    )
    assert response.status_code == 200, response.text


def lesson_of(day: dict[str, Any], lesson: UUID, part: str = "lessons") -> dict[str, Any]:
    found = [row for row in day[part] if row["lesson_id"] == str(lesson)]
    assert len(found) == 1, day[part]
    return found[0]


def missing_of(row: dict[str, Any]) -> dict[str, datetime]:
    return {m["entry"]: datetime.fromisoformat(m["due_at"]) for m in row["missing"]}


async def test_todays_lessons_say_what_is_still_to_be_entered_and_by_when(school: School) -> None:
    await school.set_policy(
        deadlines={"attendance": {"days": 0}, "topics_days": 1, "homework_days": 2}
    )
    recorded, empty = await school.lesson(), await school.lesson()
    others = await school.lesson(teacher=school.other_teacher)
    first = school.students[0]
    await save(
        school,
        recorded,
        {
            "topic": "Сложение дробей",
            "homework": {"text": "№ 112"},
            "attendance": [{"student_id": str(first), "status": "absent"}],
            "marks": [
                {"student_id": str(school.students[1]), "value": "5", "work_type": "oral"},
                {"student_id": str(school.students[2]), "value": "4", "work_type": "oral"},
            ],
        },
    )

    day = await day_of(school)

    assert day["day"] == day["today"] == datetime.now(MOSCOW).date().isoformat()
    assert day["time_zone"] == "Europe/Moscow"
    assert {row["lesson_id"] for row in day["lessons"]} == {str(recorded), str(empty)}
    assert str(others) not in {row["lesson_id"] for row in day["lessons"]}
    done = lesson_of(day, recorded)
    assert done["missing"] == []
    assert (done["topic"], done["has_homework"], done["attendance_taken"], done["marks"]) == (
        "Сложение дробей",
        True,
        True,
        2,
    )
    # What was made, on time, typed by the teacher (J4: who and how).
    assert sorted(
        (m["entry"], m["timeliness"], m["entered_by"], m["source"]) for m in done["made"]
    ) == [
        (entry, "on_time", str(school.teacher.person_id), "typed")
        for entry in ("attendance", "homework", "topic")
    ]
    todo = lesson_of(day, empty)
    assert todo["made"] == []
    assert (todo["held"], todo["topic"], todo["attendance_taken"], todo["marks"]) == (
        None,
        None,
        False,
        0,
    )
    # The policy's deadlines: attendance the same day, the topic a day later, homework two.
    assert missing_of(todo) == {
        "attendance": midnight_after(0),
        "topic": midnight_after(-1),
        "homework": midnight_after(-2),
    }
    assert not any(m["late"] for m in todo["missing"])
    # The edit window (two weeks by default) closes at the end of the lesson's day + 14.
    assert datetime.fromisoformat(todo["edit_window_closes_at"]) == midnight_after(-14)


async def test_attendance_alone_and_a_lesson_not_held_count_as_entered(school: School) -> None:
    with_absence, not_held = await school.lesson(), await school.lesson()
    await save(
        school,
        with_absence,
        {"attendance": [{"student_id": str(school.students[0]), "status": "late"}]},
    )
    await save(school, not_held, {"held": False})

    day = await day_of(school)

    assert set(missing_of(lesson_of(day, with_absence))) == {"topic", "homework"}
    assert lesson_of(day, not_held)["held"] is False
    assert lesson_of(day, not_held)["missing"] == []


async def test_earlier_lessons_open_for_entry_without_topic_or_attendance_are_unfinished(
    school: School,
) -> None:
    forgotten = await school.lesson(days_ago=1)
    homework_only_missing = await school.lesson(days_ago=2)
    await save(
        school,
        homework_only_missing,
        {
            "topic": "Дроби",
            "attendance": [{"student_id": str(school.students[0]), "status": "present"}],
        },
    )
    window_closed = await school.lesson(days_ago=20)  # two weeks' window: closed
    future = await school.lesson(days_ago=-1)

    day = await day_of(school)

    assert [row["lesson_id"] for row in day["unfinished"]] == [str(forgotten)]
    late = lesson_of(day, forgotten, "unfinished")["missing"]
    assert {m["entry"]: m["late"] for m in late} == {
        "topic": True,
        "attendance": True,
        "homework": True,
    }
    assert str(window_closed) not in str(day)
    assert str(future) not in str(day)

    # Another day shows that day's lessons, and the unfinished ones before it.
    tomorrow = await day_of(
        school, date=(datetime.now(MOSCOW).date() + timedelta(days=1)).isoformat()
    )
    assert [row["lesson_id"] for row in tomorrow["lessons"]] == [str(future)]


async def test_a_substitute_sees_the_lesson_they_substitute_and_the_journals_they_keep(
    school: School, sessions: Any
) -> None:
    today = datetime.now(MOSCOW).date()
    substituted, group = uuid4(), uuid4()
    other_subject = uuid4()
    async with tenant_transaction(sessions, school.id) as session:
        for lesson_id, subject, name, group_id, planned in (
            (substituted, other_subject, "Физика", None, school.other_teacher.person_id),
            (uuid4(), school.subject_id, "Математика", group, school.teacher.person_id),
        ):
            session.add(
                LessonProjection(
                    school_id=school.id,
                    lesson_id=lesson_id,
                    class_id=school.class_id,
                    class_name="5А",
                    subject_id=subject,
                    subject_name=name,
                    teacher_id=school.teacher.person_id,
                    planned_teacher_id=planned,
                    lesson_date=today,
                    starts_at=datetime.combine(today, time(10), tzinfo=MOSCOW).astimezone(UTC),
                    group_id=group_id,
                    group_name="1 группа" if group_id else None,
                    period_number=3,
                    room_name="214",
                )
            )

    day = await day_of(school)

    row = lesson_of(day, substituted)
    assert (row["substituting"], row["period"], row["class_name"]) == (True, 3, "5А")
    assert {(j["subject_name"], j["group_name"]) for j in day["journals"]} == {
        ("Физика", None),
        ("Математика", "1 группа"),
    }


async def test_only_a_teacher_has_a_day_and_the_date_must_be_a_journal_day(school: School) -> None:
    for who in (school.parent, school.admin, person(school.id, Role.STUDENT)):
        refused = await school.service.http.get("/journal/teacher-day", headers=school.auth(who))
        assert refused.status_code == 403, refused.text
    bad = await school.service.http.get(
        "/journal/teacher-day", params={"date": "0001-01-01"}, headers=school.auth(school.teacher)
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "date"


async def test_an_entry_someone_else_made_names_them(school: School) -> None:
    """J4: the planned teacher entered the topic late; then a substitute became the lesson's
    teacher of record. The substitute's day shows the topic as made late, by whom, how."""
    lesson = await school.lesson(days_ago=2)
    await save(school, lesson, {"topic": "Дроби"})
    async with tenant_transaction(school.sessions, school.id) as session:
        found = await session.get(LessonProjection, (school.id, lesson))
        assert found is not None
        found.teacher_id = school.other_teacher.person_id
        found.planned_teacher_id = school.teacher.person_id
    school.service.runtime.channels["identity"].add_person(  # type: ignore[attr-defined]
        school.id, school.teacher.person_id, "Иванова", "Мария", "Петровна"
    )
    response = await school.service.http.get(
        "/journal/teacher-day", headers=school.auth(school.other_teacher)
    )
    assert response.status_code == 200, response.text
    row = lesson_of(response.json(), lesson, "unfinished")
    assert [
        (m["entry"], m["timeliness"], m["entered_by"], m["entered_by_name"], m["source"])
        for m in row["made"]
    ] == [("topic", "late", str(school.teacher.person_id), "Иванова М. П.", "typed")]
