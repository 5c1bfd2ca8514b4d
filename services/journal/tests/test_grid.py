"""The journal grid read in one request (J1-J6): students in the journal's order by the
period's lessons, the marks with their work types and the attendance in the cells, the
averages beside the period mark, and each lesson's lock with its reason."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from journal_support import MOSCOW, FakeIdentityChannel, JournalEntries, School, person
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import ClassTeacherProjection, LessonProjection


@pytest.fixture
def identity(peer_channels: dict[str, Any]) -> FakeIdentityChannel:
    fake: FakeIdentityChannel = peer_channels["identity"]
    return fake


def grid_path(school: School) -> str:
    return f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/grid"


async def a_term_around_today(school: School) -> None:
    today = datetime.now(MOSCOW).date()
    await school.set_policy(edit_window="2-weeks")
    await school.set_calendar(
        [
            {
                "code": "term-1",
                "kind": "term",
                "starts_on": str(today - timedelta(days=60)),
                "ends_on": str(today + timedelta(days=10)),
            },
            {
                "code": "year",
                "kind": "year",
                "starts_on": str(today - timedelta(days=60)),
                "ends_on": str(today + timedelta(days=200)),
            },
        ],
    )


async def substituted_lesson(
    sessions: async_sessionmaker[AsyncSession], school: School, days_ago: int
) -> UUID:
    """A lesson the timetable planned for the school's teacher, given to the other teacher."""
    lesson_id = uuid4()
    day = datetime.now(MOSCOW).date() - timedelta(days=days_ago)
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            LessonProjection(
                school_id=school.id,
                lesson_id=lesson_id,
                class_id=school.class_id,
                subject_id=school.subject_id,
                subject_name="Математика",
                teacher_id=school.other_teacher.person_id,
                planned_teacher_id=school.teacher.person_id,
                lesson_date=day,
                starts_at=datetime.combine(day, time(10), tzinfo=MOSCOW).astimezone(UTC),
            )
        )
    return lesson_id


async def test_the_grid_holds_the_period_in_one_answer(
    school: School,
    service: Service,
    identity: FakeIdentityChannel,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await a_term_around_today(school)
    journal = JournalEntries(sessions, school)
    a, b = school.students[0], school.students[1]
    identity.add_person(school.id, a, "Яковлева", "Анна", "Петровна")
    identity.add_person(school.id, b, "Ёжиков", "Борис")
    old = await school.lesson(days_ago=30)
    recent = await school.lesson(days_ago=1)
    later = await school.lesson(days_ago=-3)  # to come: not in the grid yet
    swapped = await substituted_lesson(sessions, school, days_ago=2)
    await journal.mark(old, a, "5", "classwork")
    await journal.mark(recent, a, "3", "test")
    await journal.mark(recent, a, "4", "oral")
    await journal.attendance(recent, b, "absent", "illness")
    saved = await service.http.put(
        f"/journal/lessons/{recent}/record",
        json={"topic": "Дроби", "work_types": ["test"], "homework": {"text": "№ 12"}},
        headers=school.auth(school.teacher),
    )
    assert saved.status_code == 200, saved.text

    answer = await service.http.get(grid_path(school), headers=school.auth(school.teacher))
    assert answer.status_code == 200, answer.text
    grid = answer.json()
    assert grid["period"]["code"] == "term-1"
    assert grid["subject_name"] == "Математика"
    lessons = {UUID(lesson["lesson_id"]): lesson for lesson in grid["lessons"]}
    assert list(lessons) == [old, swapped, recent]
    assert later not in lessons
    assert lessons[old]["lock"] == "edit-window-closed"
    assert lessons[swapped]["lock"] == "substituted"
    assert lessons[recent]["lock"] is None
    assert lessons[recent]["topic"] == "Дроби"
    assert lessons[recent]["homework"]["text"] == "№ 12"
    assert lessons[recent]["work_types"] == ["test"]
    # Ё sorts as Е: Ёжиков before Яковлева, students without a name after them.
    names = [s["last_name"] for s in grid["students"]]
    assert names[:2] == ["Ёжиков", "Яковлева"]
    assert len(names) == len(school.students)
    cells = {(m["student_id"], m["value"], m["work_type"]) for m in grid["marks"]}
    assert cells == {(str(a), "5", "classwork"), (str(a), "3", "test"), (str(a), "4", "oral")}
    assert grid["attendance"] == [
        {"lesson_id": str(recent), "student_id": str(b), "status": "absent", "reason": "illness"}
    ]
    standing = next(s for s in grid["standings"] if s["student_id"] == str(a))
    # 5 (w1), 3 (w2), 4 (w1): average 4.00, weighted 15/4 = 3.75
    assert (standing["average"], standing["weighted_average"]) == ("4.00", "3.75")
    assert standing["period_mark"] is None

    year = await service.http.get(
        grid_path(school), params={"period": "year"}, headers=school.auth(school.teacher)
    )
    assert year.status_code == 200, year.text
    assert year.json()["period"]["code"] == "year"


async def test_who_reads_the_grid_and_what_they_may_change(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await a_term_around_today(school)
    own = await school.lesson(days_ago=1)
    swapped = await substituted_lesson(sessions, school, days_ago=2)
    class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            ClassTeacherProjection(
                school_id=school.id, class_id=school.class_id, teacher_id=class_teacher.person_id
            )
        )

    async def locks(who: Any) -> dict[UUID, str | None]:
        answer = await service.http.get(grid_path(school), headers=school.auth(who))
        assert answer.status_code == 200, answer.text
        return {UUID(lesson["lesson_id"]): lesson["lock"] for lesson in answer.json()["lessons"]}

    # The substitute writes the lesson they took, not the planned teacher's own lessons.
    assert await locks(school.other_teacher) == {
        own: "not-teacher-of-record",
        swapped: None,
    }
    assert await locks(class_teacher) == {
        own: "not-teacher-of-record",
        swapped: "not-teacher-of-record",
    }
    assert set((await locks(school.director)).values()) == {"not-teacher-of-record"}
    stranger = person(school.id, Role.TEACHER)
    refused = await service.http.get(grid_path(school), headers=school.auth(stranger))
    assert refused.status_code == 403
    parent = await service.http.get(grid_path(school), headers=school.auth(school.parent))
    assert parent.status_code == 403
    unknown = await service.http.get(
        grid_path(school), params={"period": "term-9"}, headers=school.auth(school.teacher)
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"].endswith("period")
