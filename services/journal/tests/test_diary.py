"""The diary (issue 5 point 8; J9, I5): a student's week (timetable, topics, homework,
marks with work types, absences), their marks per subject over a period with the averages
and the period mark, and a parent's children, so a parent of two children switches between
them. Only the student, their guardians, their class teacher and the school's leadership
read it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from journal_support import (
    MOSCOW,
    FakeIdentityChannel,
    FakeScheduleChannel,
    School,
    person,
    standard_periods,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.diary.service import current_period
from okrug_journal.models import ClassMemberProjection, LessonProjection
from okrug_journal.policy.defaults import district_defaults
from okrug_journal.policy.schemas import StudyPeriod
from okrug_journal.projections import handlers

ENGLISH = uuid4()


def context(school: School) -> common_pb2.EventContext:
    return common_pb2.EventContext(school_id=str(school.id))


def proto_date(day: date) -> common_pb2.Date:
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


async def add_lesson(
    school: School,
    day: date,
    period: int,
    subject: str,
    *,
    teacher: Principal,
    subject_id: UUID | None = None,
    class_id: UUID | None = None,
    group: tuple[UUID, str] | None = None,
    planned: Principal | None = None,
    room: str | None = "каб. 101",
) -> UUID:
    """A lesson as schedule's timetable leaves it in the projection: period `period` starts
    at 8:00 + period hours, Moscow time, and lasts 45 minutes."""
    lesson_id = uuid4()
    starts = datetime.combine(day, time(8 + period), tzinfo=MOSCOW).astimezone(UTC)
    async with tenant_transaction(school.sessions, school.id) as session:
        session.add(
            LessonProjection(
                school_id=school.id,
                lesson_id=lesson_id,
                class_id=class_id or school.class_id,
                subject_id=subject_id or school.subject_id,
                subject_name=subject,
                teacher_id=teacher.person_id,
                lesson_date=day,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=45),
                class_name=f"{school.grade}А",
                class_grade=school.grade,
                group_id=group[0] if group else None,
                group_name=group[1] if group else None,
                planned_teacher_id=(planned or teacher).person_id,
                period_number=period,
                room_name=room,
            )
        )
    return lesson_id


async def join_group(
    school: School, group: UUID, student: UUID, since: date, until: date | None = None
) -> None:
    event = schedule_pb2.GroupMembershipChanged(
        context=context(school),
        group_id=str(group),
        class_id=str(school.class_id),
        subject_id=str(ENGLISH),
        student_id=str(student),
        since=proto_date(since),
    )
    if until is not None:
        event.until.CopyFrom(proto_date(until))
    async with tenant_transaction(school.sessions, school.id) as session:
        await handlers.on_group_membership_changed(session, event)


async def link_guardian(school: School, guardian: Principal, student: UUID) -> None:
    event = identity_pb2.GuardianLinked(
        context=context(school), guardian_id=str(guardian.person_id), student_id=str(student)
    )
    async with tenant_transaction(school.sessions, school.id) as session:
        await handlers.on_guardian_linked(session, event)


async def make_class_teacher(school: School, class_id: UUID) -> Principal:
    teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    event = schedule_pb2.ClassTeacherAssigned(
        context=context(school), class_id=str(class_id), teacher_id=str(teacher.person_id)
    )
    async with tenant_transaction(school.sessions, school.id) as session:
        await handlers.on_class_teacher_assigned(session, event)
    return teacher


async def save(service: Service, school: School, lesson: UUID, by: Principal, body: Any) -> None:
    answer = await service.http.put(
        f"/journal/lessons/{lesson}/record", json=body, headers=school.auth(by)
    )
    assert answer.status_code == 200, answer.text


async def cancel(school: School, service: Service, lesson_id: UUID) -> None:
    async with tenant_transaction(school.sessions, school.id) as session:
        stored = await session.get(LessonProjection, (school.id, lesson_id))
        assert stored is not None
        day = stored.lesson_date
        message = schedule_pb2.Lesson(
            lesson_id=str(lesson_id),
            school_id=str(school.id),
            class_id=str(stored.class_id),
            subject_id=str(stored.subject_id),
            subject_name=stored.subject_name,
            teacher_id=str(stored.teacher_id),
            lesson_date=proto_date(day),
            status=schedule_pb2.LESSON_STATUS_CANCELLED,
        )
        message.starts_at.FromDatetime(stored.starts_at)
    FakeScheduleChannel.lessons[lesson_id] = message
    handle = handlers.refresh_on_change(service.runtime)
    async with tenant_transaction(school.sessions, school.id) as session:
        await handle(session, schedule_pb2.LessonCancelled(context=context(school), lesson=message))


@dataclass
class Week:
    monday: date
    maths: UUID
    russian: UUID
    cancelled: UUID
    group_one: UUID
    group_two: UUID
    substitute: Principal
    russian_teacher: Principal
    group_one_id: UUID


async def build_week(school: School, service: Service, admin: asyncpg.Connection) -> Week:
    """Last week (inside the default two-week edit window, so the teachers save through
    the API). Student A = students[0], B = students[1].

    Monday: period 1 maths (topic, class homework, A's individual homework, A: 5 oral and 4
    test, late); period 2 Russian taken by a substitute; period 3 a cancelled lesson
    (kept by the projection because it has attendance). Tuesday: period 1 English group 1
    (A's group) and group 2 (B's group) at the same time. Wednesday: a lesson of another
    class. The Sunday before and the Monday after: outside the week."""
    monday = datetime.now(MOSCOW).date()
    monday -= timedelta(days=monday.weekday() + 7)
    a, b = school.students[0], school.students[1]
    russian_teacher, substitute = person(school.id, Role.TEACHER), person(school.id, Role.TEACHER)
    group_one, group_two = uuid4(), uuid4()
    # Inserted out of order: the diary orders by period.
    russian = await add_lesson(
        school,
        monday,
        2,
        "Русский язык",
        teacher=substitute,
        planned=russian_teacher,
        subject_id=uuid4(),
        room=None,
    )
    maths = await add_lesson(school, monday, 1, "Математика", teacher=school.teacher)
    cancelled = await add_lesson(school, monday, 3, "Математика", teacher=school.teacher)
    english = {"subject_id": ENGLISH, "teacher": school.other_teacher}
    tuesday = monday + timedelta(days=1)
    group_one_lesson = await add_lesson(
        school, tuesday, 1, "Английский язык", group=(group_one, "Группа 1"), **english
    )
    group_two_lesson = await add_lesson(
        school, tuesday, 1, "Английский язык", group=(group_two, "Группа 2"), **english
    )
    await add_lesson(
        school, monday + timedelta(days=2), 1, "Физика", teacher=school.teacher, class_id=uuid4()
    )
    await add_lesson(school, monday - timedelta(days=1), 1, "Математика", teacher=school.teacher)
    await add_lesson(school, monday + timedelta(days=7), 1, "Математика", teacher=school.teacher)
    await join_group(school, group_one, a, monday - timedelta(days=30))
    await join_group(school, group_two, b, monday - timedelta(days=30))

    await save(
        service,
        school,
        maths,
        school.teacher,
        {
            "topic": "Сложение дробей",
            "work_types": ["oral", "test"],
            "homework": {"text": "Решить задачи", "pages": "стр. 45", "exercises": "№ 112"},
            "individual_homework": [{"student_id": str(a), "text": "Карточка 3"}],
            "attendance": [{"student_id": str(a), "status": "late"}],
            "marks": [
                {"student_id": str(a), "value": "5", "work_type": "oral"},
                {"student_id": str(a), "value": "4", "work_type": "test"},
                {"student_id": str(b), "value": "3", "work_type": "oral"},
            ],
        },
    )
    await save(service, school, russian, substitute, {"topic": "Причастие"})
    await save(
        service,
        school,
        cancelled,
        school.teacher,
        {"attendance": [{"student_id": str(a), "status": "absent", "reason": "illness"}]},
    )
    # Cancelled afterwards in schedule: the journal's consumer of lesson.cancelled asks
    # schedule, records the cancellation and keeps the lesson (it has attendance).
    await cancel(school, service, cancelled)
    kept = await admin.fetchval(
        "SELECT count(*) FROM lesson_projection lp JOIN lesson_cancellations lc "
        "USING (school_id, lesson_id) WHERE lp.school_id = $1 AND lp.lesson_id = $2",
        school.id,
        cancelled,
    )
    assert kept == 1
    await save(
        service,
        school,
        group_one_lesson,
        school.other_teacher,
        {
            "topic": "Present Simple",
            "homework": {"text": "Workbook p. 12"},
            "attendance": [{"student_id": str(a), "status": "absent", "reason": "excused"}],
        },
    )
    await save(service, school, group_two_lesson, school.other_teacher, {"topic": "Past Simple"})
    return Week(
        monday,
        maths,
        russian,
        cancelled,
        group_one_lesson,
        group_two_lesson,
        substitute,
        russian_teacher,
        group_one,
    )


async def read_week(
    service: Service, school: School, student: UUID, by: Principal, day: date | None = None
) -> dict[str, Any]:
    query = f"?date={day}" if day else ""
    answer = await service.http.get(
        f"/journal/diary/students/{student}/week{query}", headers=school.auth(by)
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_the_week_field_by_field(
    school: School,
    service: Service,
    admin_conn: asyncpg.Connection,
    peer_channels: dict[str, Any],
) -> None:
    week = await build_week(school, service, admin_conn)
    identity = peer_channels["identity"]
    assert isinstance(identity, FakeIdentityChannel)
    identity.add_person(school.id, school.teacher.person_id, "Иванов", "Пётр", "Сергеевич")
    a, b = school.students[0], school.students[1]
    student = Principal(
        subject=str(a), person_id=a, school_id=school.id, roles=frozenset({Role.STUDENT})
    )
    # Any day of the week gives the same week: Thursday here.
    body = await read_week(service, school, a, student, week.monday + timedelta(days=3))
    assert (body["week_start"], body["week_end"]) == (
        str(week.monday),
        str(week.monday + timedelta(days=6)),
    )
    assert body["time_zone"] == "Europe/Moscow"
    assert [d["date"] for d in body["days"]] == [
        str(week.monday + timedelta(days=i)) for i in range(7)
    ]
    monday, tuesday = body["days"][0]["lessons"], body["days"][1]["lessons"]
    assert [d["lessons"] for d in body["days"][2:]] == [[]] * 5  # other class; weekend
    assert [(x["period_number"], x["subject_name"]) for x in monday] == [
        (1, "Математика"),
        (2, "Русский язык"),
    ]
    maths, russian = monday
    assert maths["lesson_id"] == str(week.maths)
    assert maths["starts_at"] == f"{week.monday}T09:00:00+03:00"
    assert maths["ends_at"] == f"{week.monday}T09:45:00+03:00"
    assert (maths["room_name"], maths["teacher_id"], maths["substituted"]) == (
        "каб. 101",
        str(school.teacher.person_id),
        False,
    )
    assert maths["teacher_name"] == "Иванов Пётр Сергеевич"
    assert (maths["held"], maths["topic"], maths["group_id"]) == (True, "Сложение дробей", None)
    assert maths["homework"] == {
        "text": "Решить задачи",
        "pages": "стр. 45",
        "exercises": "№ 112",
        "attachments": [],
        "minutes": None,  # no estimate given (O3)
    }
    assert maths["individual_homework"]["text"] == "Карточка 3"
    assert [
        (m["value"], m["work_type"], m["work_type_title"], m["weight"]) for m in maths["marks"]
    ] == [
        ("5", "oral", "Устный ответ", "1.00"),
        ("4", "test", "Контрольная работа", "2.00"),
    ]
    assert maths["attendance"] == {"status": "late", "reason": None}

    assert russian["teacher_id"] == str(week.substitute.person_id)
    assert russian["teacher_name"] is None  # identity does not know the substitute
    assert russian["substituted"] is True
    assert (russian["topic"], russian["room_name"], russian["homework"]) == (
        "Причастие",
        None,
        None,
    )
    assert (russian["marks"], russian["attendance"], russian["individual_homework"]) == (
        [],
        None,
        None,
    )

    assert [x["lesson_id"] for x in tuesday] == [str(week.group_one)]
    english = tuesday[0]
    assert (english["group_id"], english["group_name"]) == (str(week.group_one_id), "Группа 1")
    assert english["homework"]["text"] == "Workbook p. 12"
    assert english["attendance"] == {"status": "absent", "reason": "excused"}

    # B: their own marks and group only; nobody else's individual homework.
    theirs = await read_week(service, school, b, school.director, week.monday)
    b_monday = theirs["days"][0]["lessons"]
    assert [m["value"] for m in b_monday[0]["marks"]] == ["3"]
    assert b_monday[0]["individual_homework"] is None
    assert b_monday[0]["attendance"] is None
    assert [x["lesson_id"] for x in theirs["days"][1]["lessons"]] == [str(week.group_two)]

    # Without a date: this week in the school's time zone (nothing recorded in it).
    this_week = await read_week(service, school, a, student)
    today = datetime.now(MOSCOW).date()
    assert this_week["week_start"] == str(today - timedelta(days=today.weekday()))


async def test_group_membership_is_dated(school: School, service: Service) -> None:
    """A student who left a group on Wednesday (until is exclusive) has its Tuesday lesson,
    not its Wednesday one; one who joined on Wednesday the other way round."""
    monday = date(2026, 11, 16)
    group = uuid4()
    leaver, joiner = school.students[0], school.students[1]
    english = {"subject_id": ENGLISH, "teacher": school.other_teacher, "group": (group, "Гр. 1")}
    tuesday = await add_lesson(school, monday + timedelta(days=1), 1, "Английский язык", **english)
    wednesday = await add_lesson(
        school, monday + timedelta(days=2), 1, "Английский язык", **english
    )
    await join_group(school, group, leaver, date(2026, 9, 1))
    await join_group(school, group, leaver, date(2026, 9, 1), until=monday + timedelta(days=2))
    await join_group(school, group, joiner, monday + timedelta(days=2))

    def lessons(body: dict[str, Any]) -> list[str]:
        return [x["lesson_id"] for d in body["days"] for x in d["lessons"]]

    assert lessons(await read_week(service, school, leaver, school.director, monday)) == [
        str(tuesday)
    ]
    assert lessons(await read_week(service, school, joiner, school.director, monday)) == [
        str(wednesday)
    ]


async def test_a_parent_of_two_children_reads_each_and_no_other(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    a, b = school.students[0], school.students[1]
    # The second child is in another class of the school ("7В").
    second_class, c = uuid4(), uuid4()
    async with tenant_transaction(sessions, school.id) as session:
        session.add(ClassMemberProjection(school_id=school.id, class_id=second_class, student_id=c))
    day = date(2026, 11, 17)
    await add_lesson(school, day, 1, "Математика", teacher=school.teacher)
    async with tenant_transaction(sessions, school.id) as session:
        session.add(
            LessonProjection(
                school_id=school.id,
                lesson_id=uuid4(),
                class_id=second_class,
                subject_id=uuid4(),
                subject_name="История",
                teacher_id=school.other_teacher.person_id,
                lesson_date=day,
                starts_at=datetime.combine(day, time(10), tzinfo=MOSCOW),
                class_name="7В",
                period_number=2,
            )
        )
    parent = school.parent
    await link_guardian(school, parent, a)
    await link_guardian(school, parent, c)

    children = await service.http.get("/journal/diary/children", headers=school.auth(parent))
    assert children.status_code == 200, children.text
    expected = sorted(
        [
            {"student_id": str(a), "class_id": str(school.class_id), "class_name": "5А"},
            {"student_id": str(c), "class_id": str(second_class), "class_name": "7В"},
        ],
        key=lambda x: x["student_id"],
    )
    assert children.json() == expected
    first = await read_week(service, school, a, parent, day)
    second = await read_week(service, school, c, parent, day)
    assert [x["subject_name"] for x in first["days"][1]["lessons"]] == ["Математика"]
    assert [x["subject_name"] for x in second["days"][1]["lessons"]] == ["История"]

    student = Principal(
        subject=str(b), person_id=b, school_id=school.id, roles=frozenset({Role.STUDENT})
    )
    themself = await service.http.get("/journal/diary/children", headers=school.auth(student))
    assert themself.json() == [
        {"student_id": str(b), "class_id": str(school.class_id), "class_name": "5А"}
    ]
    staff = await service.http.get("/journal/diary/children", headers=school.auth(school.teacher))
    assert staff.status_code == 403

    class_teacher = await make_class_teacher(school, school.class_id)
    other_class_teacher = await make_class_teacher(school, second_class)
    other = School(school.sessions, service)
    await other.setup()
    cases = [
        (parent, b, 403),  # another parent's child
        (student, a, 403),  # another student
        (school.teacher, a, 403),  # a subject teacher reads lessons, not diaries
        (other_class_teacher, a, 403),
        (class_teacher, a, 200),
        (school.director, c, 200),
        (other.director, a, 404),  # another school: the student is unknown there
        (other.parent, a, 403),
    ]
    for path in ("week", "marks?period=year"):
        for who, whose, status in cases:
            answer = await service.http.get(
                f"/journal/diary/students/{whose}/{path}",
                headers=(other if who in (other.director, other.parent) else school).auth(who),
            )
            assert answer.status_code == status, (path, who.roles, answer.text)


async def test_marks_per_subject_with_averages_and_the_period_mark(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    """A term from 40 days ago to yesterday. Maths: 5 (oral, w1), 4 (test, w2), 3 (quiz,
    w1.5): average 12/3 = 4.00, weighted (5 + 8 + 4.5)/4.5 = 17.5/4.5 = 3.888.. -> 3.89.
    Russian: 5 (oral, w1), 2 (test, w2): average 7/2 = 3.50, weighted 9/3 = 3.00. A maths
    mark (2) the day before the term is left out. English has lessons but no marks.
    The maths term mark is 4."""
    today = datetime.now(MOSCOW).date()
    starts, ends = today - timedelta(days=40), today - timedelta(days=1)
    await school.set_calendar(
        [
            {"code": "term-1", "kind": "term", "starts_on": str(starts), "ends_on": str(ends)},
            {
                "code": "year",
                "kind": "year",
                "starts_on": str(starts - timedelta(days=5)),
                "ends_on": str(today + timedelta(days=200)),
            },
        ]
    )
    a = school.students[0]
    russian_id = uuid4()
    maths_first = await add_lesson(school, starts, 1, "Математика", teacher=school.teacher)
    maths_last = await add_lesson(school, ends, 1, "Математика", teacher=school.teacher)
    before = await add_lesson(
        school, starts - timedelta(days=1), 1, "Математика", teacher=school.teacher
    )
    russian = await add_lesson(
        school, ends, 2, "Русский язык", teacher=school.teacher, subject_id=russian_id
    )
    await add_lesson(school, ends, 3, "Английский язык", teacher=school.teacher, subject_id=ENGLISH)
    for lesson, value, work_type, weight in (
        (maths_first, "5", "oral", "1"),
        (maths_first, "4", "test", "2"),
        (maths_last, "3", "quiz", "1.5"),
        (before, "2", "oral", "1"),
        (russian, "5", "oral", "1"),
        (russian, "2", "test", "2"),
    ):
        await admin_conn.execute(
            "INSERT INTO marks (school_id, id, lesson_id, student_id, scale, value, work_type, "
            "weight, recorded_by) VALUES ($1, $2, $3, $4, 'five-point', $5, $6, $7, $8)",
            school.id,
            uuid4(),
            lesson,
            a,
            value,
            work_type,
            Decimal(weight),
            school.teacher.person_id,
        )
    period_mark = await service.http.put(
        f"/journal/classes/{school.class_id}/subjects/{school.subject_id}/periods/term-1/marks/{a}",
        json={"value": "4"},
        headers=school.auth(school.teacher),
    )
    assert period_mark.status_code == 200, period_mark.text
    await link_guardian(school, school.parent, a)

    answer = await service.http.get(
        f"/journal/diary/students/{a}/marks?period=term-1", headers=school.auth(school.parent)
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["period"], body["date_from"], body["date_to"]) == (
        "term-1",
        str(starts),
        str(ends),
    )
    assert "ROUND_HALF_UP" in body["rounding"]
    by_name = {s["subject_name"]: s for s in body["subjects"]}
    assert list(by_name) == ["Английский язык", "Математика", "Русский язык"]
    maths = by_name["Математика"]
    assert [(m["date"], m["value"], m["work_type_title"], m["weight"]) for m in maths["marks"]] == [
        (str(starts), "5", "Устный ответ", "1.00"),
        (str(starts), "4", "Контрольная работа", "2.00"),
        (str(ends), "3", "Самостоятельная работа", "1.50"),
    ]
    assert (maths["average"], maths["weighted_average"]) == ("4.00", "3.89")
    assert maths["period_mark"]["value"] == "4"
    assert maths["period_mark"]["kind"] == "term"
    russian_marks = by_name["Русский язык"]
    assert (russian_marks["average"], russian_marks["weighted_average"]) == ("3.50", "3.00")
    assert russian_marks["period_mark"] is None
    assert by_name["Английский язык"]["marks"] == []
    assert by_name["Английский язык"]["average"] is None

    # A date range: the day before the term alone has the single 2.
    ranged = await service.http.get(
        f"/journal/diary/students/{a}/marks?date_from={starts - timedelta(days=1)}"
        f"&date_to={starts - timedelta(days=1)}",
        headers=school.auth(school.parent),
    )
    assert ranged.status_code == 200, ranged.text
    subjects = ranged.json()["subjects"]
    assert [(s["subject_name"], s["average"], s["period_mark"]) for s in subjects] == [
        ("Математика", "2.00", None)
    ]

    # Neither a period nor dates: the current term (term-1, which ended yesterday: the
    # school has no next term yet), with the school's periods to choose from.
    current = await service.http.get(
        f"/journal/diary/students/{a}/marks", headers=school.auth(school.parent)
    )
    assert current.status_code == 200, current.text
    assert current.json()["period"] == "term-1"
    assert [p["code"] for p in current.json()["study_periods"]] == ["term-1", "year"]
    assert body["study_periods"] == current.json()["study_periods"]

    base = f"/journal/diary/students/{a}/marks"
    for query, field in (
        ("?date_from=2026-11-01", "date_to"),
        ("?period=term-9", "period"),
        ("?period=term-1&date_from=2026-11-01", "period"),
        ("?date_from=2026-11-02&date_to=2026-11-01", "date_to"),
        ("?date_from=2025-01-01&date_to=2026-11-01", "date_to"),
    ):
        bad = await service.http.get(base + query, headers=school.auth(school.parent))
        assert bad.status_code == 422, (query, bad.text)
        assert field in bad.text, (query, bad.text)


async def test_a_transferred_student_has_each_class_on_its_days(
    school: School, service: Service, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Transferred from the class to "5Б" on Wednesday (schedule's membership_changed
    events: the old membership ends on Wednesday, exclusive; the new one begins): Monday
    and Tuesday show the old class's lessons, Wednesday on the new class's."""
    monday = date(2026, 11, 16)
    student = school.students[0]
    new_class = uuid4()
    wednesday = monday + timedelta(days=2)
    old_lessons = [
        await add_lesson(
            school, monday + timedelta(days=d), 1, "Математика", teacher=school.teacher
        )
        for d in range(4)
    ]
    new_lessons = [
        await add_lesson(
            school,
            monday + timedelta(days=d),
            2,
            "История",
            teacher=school.other_teacher,
            class_id=new_class,
        )
        for d in range(4)
    ]
    for class_id, since, until in (
        (school.class_id, date(2026, 9, 1), wednesday),
        (new_class, wednesday, None),
    ):
        event = schedule_pb2.ClassMembershipChanged(
            context=context(school),
            class_id=str(class_id),
            student_id=str(student),
            since=proto_date(since),
        )
        if until is not None:
            event.until.CopyFrom(proto_date(until))
        async with tenant_transaction(sessions, school.id) as session:
            await handlers.on_class_membership_changed(session, event)
            await handlers.on_dated_class_membership(session, event)

    body = await read_week(service, school, student, school.director, monday)
    shown = [x["lesson_id"] for d in body["days"] for x in d["lessons"]]
    assert shown == [
        str(old_lessons[0]),
        str(old_lessons[1]),
        str(new_lessons[2]),
        str(new_lessons[3]),
    ]
    # Their parent's app shows the class they are in now.
    await link_guardian(school, school.parent, student)
    children = await service.http.get("/journal/diary/children", headers=school.auth(school.parent))
    assert [(c["student_id"], c["class_id"]) for c in children.json()] == [
        (str(student), str(new_class))
    ]
    # A classmate the journal knows only from class.member_added has the class every day.
    classmate = await read_week(service, school, school.students[1], school.director, monday)
    assert [x["lesson_id"] for d in classmate["days"] for x in d["lessons"]] == [
        str(x) for x in old_lessons
    ]


def test_the_current_study_period_is_the_shortest_containing_today() -> None:
    """A term rather than its half-year; in the holidays the term that ended last; none
    before the first period starts."""
    policy = district_defaults().model_copy(
        update={"study_periods": [StudyPeriod.model_validate(p) for p in standard_periods(2026)]}
    )

    def code_on(day: date) -> str | None:
        found = current_period(policy, day)
        return found.code if found else None

    assert code_on(date(2026, 12, 7)) == "term-2"
    assert code_on(date(2026, 11, 1)) == "term-1"
    assert code_on(date(2027, 1, 2)) == "term-2"
    assert code_on(date(2026, 8, 31)) is None
