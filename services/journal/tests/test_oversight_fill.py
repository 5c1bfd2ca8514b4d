"""Fill rate of marks (issue 11 point 3; O1): marks per student of a class in a subject and
study period, the students under the district's minimum counted for the district and named
to the school's leadership, recomputed on every mark event; checked against a hand
computation."""

from datetime import timedelta
from math import ceil
from typing import Any
from uuid import UUID

import pytest
from journal_support import FakeIdentityChannel, JournalEntries, School, district_person
from oversight_support import context, deliver
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.journal.v1 import journal_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import Mark
from okrug_journal.oversight.keeping.handlers import on_mark
from okrug_journal.policy.schemas import StudyPeriod
from okrug_journal.policy.service import school_policy

URL = "/journal/oversight/keeping"


async def first_term(sessions: async_sessionmaker[AsyncSession], school: School) -> StudyPeriod:
    async with tenant_transaction(sessions, school.id) as session:
        policy = await school_policy(session, None, school.id)
    terms = [p for p in policy.study_periods if p.kind == "term"]
    assert terms, "the school's calendar has no term"
    return terms[0]


@pytest.fixture
async def filled(
    sessions: async_sessionmaker[AsyncSession],
    service: Service,
    peer_channels: dict[str, Any],
) -> dict[str, Any]:
    """Four students; three lessons of the subject in the first term; marks: the first
    student 3, the second 2, the third 1, the fourth none."""
    school = await School(sessions, service, size=4).setup()
    identity: FakeIdentityChannel = peer_channels["identity"]
    for n, student in enumerate(school.students):
        identity.add_person(school.id, student, f"Ученик{n + 1}", "Иван")
    term = await first_term(sessions, school)
    journal = JournalEntries(sessions, school)
    lessons = [
        await journal.lesson(
            (term.starts_on + timedelta(days=d)).isoformat(), school.subject_id, "Физика", None
        )
        for d in (1, 3, 8)
    ]
    marks_of = [3, 2, 1, 0]
    handler = on_mark(service.runtime)
    for student, count in zip(school.students, marks_of, strict=True):
        for lesson in lessons[:count]:
            await journal.mark(lesson, student, "4", "classwork")
            event = journal_pb2.MarkRecorded(
                context=context(school.id),
                mark=journal_pb2.Mark(lesson_id=str(lesson), student_id=str(student)),
            )
            await deliver(sessions, school.id, handler, event)
    return {"school": school, "term": term, "lessons": lessons}


@pytest.fixture
async def district_admin_restores(service: Service) -> Any:
    yield
    reset = await service.http.put(
        "/journal/oversight/settings",
        json={},
        headers=service.auth(district_person(Role.DISTRICT_ADMIN)),
    )
    assert reset.status_code == 200


async def test_marks_per_student_and_students_under_the_minimum(
    service: Service,
    sessions: async_sessionmaker[AsyncSession],
    filled: dict[str, Any],
    district_admin_restores: None,
) -> None:
    school, term = filled["school"], filled["term"]
    district = service.auth(district_person(Role.WORKING_GROUP_MEMBER))
    got = await service.http.get(f"{URL}/fill", params={"period": term.code}, headers=district)
    assert got.status_code == 200, got.text
    (row,) = [r for r in got.json()["schools"] if r["school_id"] == str(school.id)]
    # 4 students, 3 + 2 + 1 + 0 = 6 marks, 6 / 4 = 1.5 per student; under the default
    # minimum of 3: the second, third and fourth student = 3; (4 - 3) / 4 = 0.25.
    assert (row["student_count"], row["marks"], row["marks_per_student"]) == (4, 6, 1.5)
    assert (row["below_minimum"], row["fill_share"]) == (3, 0.25)
    assert row["below_threshold"] is True  # 0.25 < the default 0.9
    per_class = await service.http.get(f"{URL}/schools/{school.id}/fill", headers=district)
    (subject,) = per_class.json()
    # 3 lessons over the term's weeks.
    weeks = ceil(((term.ends_on - term.starts_on).days + 1) / 7)
    assert subject["weekly_hours"] == round(3 / weeks, 1)
    assert (subject["subject_name"], subject["min_marks"], subject["below_minimum"]) == (
        "Физика",
        3,
        3,
    )
    index = await service.http.get("/journal/oversight/index", headers=district)
    (indexed,) = [r for r in index.json()["schools"] if r["school_id"] == str(school.id)]
    # No timeliness fact and no lesson schedule's events told of: fill alone, 100 x 0.25.
    assert indexed["index"] == 25.0
    admin = service.auth(district_person(Role.DISTRICT_ADMIN))
    lowered = await service.http.put(
        "/journal/oversight/settings", json={"min_marks": 2}, headers=admin
    )
    assert lowered.status_code == 200
    again = await service.http.get(f"{URL}/schools/{school.id}/fill", headers=district)
    # A minimum of 2: the third (1 mark) and the fourth (none) = 2, at once (no recompute).
    assert again.json()[0]["below_minimum"] == 2


async def test_the_leadership_reads_the_names_the_district_never(
    service: Service, filled: dict[str, Any]
) -> None:
    school, term = filled["school"], filled["term"]
    path = f"{URL}/classes/{school.class_id}/subjects/{school.subject_id}/students-below-minimum"
    named = await service.http.get(
        path, params={"period": term.code}, headers=school.auth(school.director)
    )
    assert named.status_code == 200, named.text
    assert [(s["name"], s["marks"]) for s in named.json()] == [
        ("Ученик4 Иван", 0),
        ("Ученик3 Иван", 1),
        ("Ученик2 Иван", 2),
    ]
    district = await service.http.get(
        path,
        params={"period": term.code},
        headers=service.auth(district_person(Role.WORKING_GROUP_MEMBER)),
    )
    assert district.status_code == 403


async def test_a_deleted_mark_leaves_the_fill_rate(
    service: Service, sessions: async_sessionmaker[AsyncSession], filled: dict[str, Any]
) -> None:
    school = filled["school"]
    first = school.students[0]
    async with tenant_transaction(sessions, school.id) as session:
        mark = await session.scalar(select(Mark).where(Mark.student_id == first).limit(1))
        assert mark is not None
        lesson: UUID = mark.lesson_id
        await session.execute(delete(Mark).where(Mark.id == mark.id))
    await deliver(
        sessions,
        school.id,
        on_mark(service.runtime),
        journal_pb2.MarkDeleted(
            context=context(school.id),
            mark=journal_pb2.Mark(lesson_id=str(lesson), student_id=str(first)),
        ),
    )
    got = await service.http.get(
        f"{URL}/schools/{school.id}/fill", headers=school.auth(school.director)
    )
    # The first student now has 2 marks: all four under 3; 5 marks.
    assert (got.json()[0]["marks"], got.json()[0]["below_minimum"]) == (5, 4)
