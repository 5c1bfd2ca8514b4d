"""Timetables (S6): drafted per class, published over a date range into dated lessons that
skip holidays; late publishing recorded; deputies edit only their grade levels."""

from datetime import UTC, date, datetime
from uuid import UUID

import asyncpg
from schedule_support import Setup

from okrug.schedule.v1 import schedule_pb2
from okrug_common.roles import Role

TERM_3 = (date(2027, 1, 12), date(2027, 3, 21))  # Tuesday 12 January .. Sunday 21 March


async def test_publishing_a_term_with_holidays_generates_exactly_its_lessons(
    setup: Setup, admin_conn: asyncpg.Connection
) -> None:
    maths, russian = setup.school.teacher(), setup.school.teacher()
    school_class = await setup.klass(5, "А")
    draft = await setup.timetable(
        school_class["id"],
        [
            setup.entry(1, 1, "Математика", maths, "101"),  # Mondays, 08:30
            setup.entry(2, 2, "Русский язык", russian, "102"),  # Tuesdays, 09:25
            setup.entry(5, 3, "Математика", maths, "101"),  # Fridays, 10:30
        ],
        *TERM_3,
    )
    assert draft.status_code == 201, draft.text
    timetable = draft.json()
    assert timetable["status"] == "draft"
    none_yet = await setup.school.admin.ok("GET", "/lessons", class_id=school_class["id"])
    assert none_yet == []

    published = await setup.school.admin.ok("POST", f"/timetables/{timetable['id']}/publish")
    assert published["status"] == "published"
    lessons = await setup.school.admin.ok(
        "GET", "/lessons", class_id=school_class["id"], limit=1000
    )
    days = [date.fromisoformat(lesson["lesson_date"]) for lesson in lessons]
    # 9 Mondays but 8 March, 10 Tuesdays but 23 February, 10 Fridays.
    assert published["lessons_generated"] == len(lessons) == 27
    assert sum(d.isoweekday() == 1 for d in days) == 8
    assert sum(d.isoweekday() == 2 for d in days) == 9
    assert sum(d.isoweekday() == 5 for d in days) == 10
    assert date(2027, 3, 8) not in days
    assert date(2027, 2, 23) not in days
    assert min(days) == date(2027, 1, 12)
    assert max(days) == date(2027, 3, 19)
    assert len(set(days)) == 27
    first = lessons[0]
    # 09:25 in Moscow is 06:25 UTC; the lesson knows its period, room and timetable.
    assert datetime.fromisoformat(first["starts_at"]) == datetime(2027, 1, 12, 6, 25, tzinfo=UTC)
    assert datetime.fromisoformat(first["ends_at"]) == datetime(2027, 1, 12, 7, 10, tzinfo=UTC)
    assert (first["subject_name"], first["period"], first["room_name"]) == (
        "Русский язык",
        2,
        "102",
    )
    assert first["teacher_id"] == first["planned_teacher_id"] == str(russian.id)
    assert first["timetable_id"] == timetable["id"]

    rows = await admin_conn.fetch(
        "SELECT payload FROM outbox WHERE school_id = $1 AND subject = $2",
        setup.school.id,
        "okrug.schedule.timetable.published",
    )
    events = [schedule_pb2.TimetablePublished.FromString(r["payload"]) for r in rows]
    assert {e.parts for e in events} == {1}
    assert {lesson.lesson_id for e in events for lesson in e.lessons} == {
        lesson["id"] for lesson in lessons
    }

    again = await setup.school.admin.call("POST", f"/timetables/{timetable['id']}/publish")
    assert again.status_code == 409
    assert (
        await setup.school.admin.ok("GET", "/lessons", class_id=school_class["id"], limit=1000)
        == lessons
    )


async def test_publishing_late_is_allowed_but_recorded(setup: Setup) -> None:
    teacher = setup.school.teacher()
    late_class, early_class = await setup.klass(6, "А"), await setup.klass(6, "Б")
    # Term 2 began on 5 November 2026; "today" in these tests is later than that.
    late = await setup.timetable(
        late_class["id"],
        [setup.entry(3, 4, "История", teacher)],
        date(2026, 11, 5),
        date(2026, 12, 28),
    )
    published = await setup.school.admin.ok("POST", f"/timetables/{late.json()['id']}/publish")
    if date.today() > date(2026, 11, 3):
        assert published["published_late"] is True
    assert published["publish_deadline"] == "2026-11-03"
    early = await setup.timetable(
        early_class["id"],
        [setup.entry(3, 5, "История", teacher)],
        date(2027, 4, 1),
        date(2027, 5, 31),
    )
    on_time = await setup.school.admin.ok("POST", f"/timetables/{early.json()['id']}/publish")
    assert on_time["publish_deadline"] == "2027-03-30"
    assert on_time["published_late"] is (date.today() > date(2027, 3, 30))


async def test_two_groups_share_a_period_but_not_with_the_whole_class(setup: Setup) -> None:
    school_class = await setup.klass(7, "А")
    first = await setup.group(school_class["id"], "Английский язык", "Английский, гр. 1")
    second = await setup.group(school_class["id"], "Английский язык", "Английский, гр. 2")
    one, two, three = setup.school.teacher(), setup.school.teacher(), setup.school.teacher()
    split = [
        setup.entry(1, 2, "Английский язык", one, "201", first["id"]),
        setup.entry(1, 2, "Английский язык", two, "102", second["id"]),
    ]
    mixed = await setup.timetable(
        school_class["id"], [*split, setup.entry(1, 2, "Математика", three)], *TERM_3
    )
    assert mixed.status_code == 422
    assert mixed.json()["errors"][0]["field"] == "entries.2.group_id"
    same_room = await setup.timetable(
        school_class["id"],
        [split[0], {**split[1], "room_id": setup.rooms["201"]}],
        *TERM_3,
    )
    assert same_room.status_code == 422
    assert same_room.json()["errors"][0]["field"] == "entries.1.room_id"
    wrong_subject = await setup.timetable(
        school_class["id"], [setup.entry(1, 2, "Математика", one, None, first["id"])], *TERM_3
    )
    assert wrong_subject.status_code == 422
    assert wrong_subject.json()["errors"][0]["field"] == "entries.0.group_id"

    draft = await setup.timetable(school_class["id"], split, *TERM_3)
    assert draft.status_code == 201, draft.text
    published = await setup.school.admin.ok("POST", f"/timetables/{draft.json()['id']}/publish")
    assert published["lessons_generated"] == 2 * 8  # nine Mondays but 8 March
    lessons = await setup.school.admin.ok("GET", "/lessons", class_id=school_class["id"], limit=100)
    assert {lesson["group_name"] for lesson in lessons} == {
        "Английский, гр. 1",
        "Английский, гр. 2",
    }


async def test_publishing_into_a_double_booking_names_the_lesson_and_writes_nothing(
    setup: Setup,
) -> None:
    teacher = setup.school.teacher()
    first, second = await setup.klass(8, "А"), await setup.klass(8, "Б")
    taken = await setup.timetable(first["id"], [setup.entry(4, 1, "Математика", teacher)], *TERM_3)
    await setup.school.admin.ok("POST", f"/timetables/{taken.json()['id']}/publish")
    clash = await setup.timetable(
        second["id"],
        [setup.entry(2, 1, "Математика", teacher), setup.entry(4, 1, "Математика", teacher)],
        *TERM_3,
    )
    refused = await setup.school.admin.call("POST", f"/timetables/{clash.json()['id']}/publish")
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["resource"] == "teacher"
    assert problem["errors"][0]["field"] == "teacher_id"
    colliding = problem["conflicting_lesson"]
    assert colliding["class_name"] == "8А"
    assert colliding["starts_at"].startswith("2027-01-14")  # the term's first Thursday
    assert colliding["id"] in problem["detail"]
    existing = await setup.school.admin.ok("GET", f"/lessons/{colliding['id']}")
    assert existing["class_id"] == first["id"]
    assert await setup.school.admin.ok("GET", "/lessons", class_id=second["id"]) == []
    draft = await setup.school.admin.ok("GET", f"/timetables/{clash.json()['id']}")
    assert (draft["status"], draft["lessons_generated"]) == ("draft", 0)


async def test_a_deputy_edits_only_the_grade_levels_they_own(setup: Setup) -> None:
    school = setup.school
    deputy = school.staff(Role.DEPUTY_DIRECTOR)
    teacher = school.teacher()
    fifth, sixth = await setup.klass(5, "Б"), await setup.klass(6, "В")
    entries = [setup.entry(1, 3, "История", teacher)]

    unassigned = await setup.timetable(fifth["id"], entries, *TERM_3, as_=deputy)
    assert unassigned.status_code == 403
    not_a_head = await deputy.call("PUT", f"/deputies/{deputy.id}/grades", {"grades": [5]})
    assert not_a_head.status_code == 403
    assigned = await school.director.ok("PUT", f"/deputies/{deputy.id}/grades", {"grades": [5, 9]})
    assert assigned["grades"] == [5, 9]

    own = await setup.timetable(fifth["id"], entries, *TERM_3, as_=deputy)
    assert own.status_code == 201, own.text
    other = await setup.timetable(sixth["id"], entries, *TERM_3, as_=deputy)
    assert other.status_code == 403
    assert other.headers["content-type"] == "application/problem+json"
    by_director = await setup.timetable(
        sixth["id"], [setup.entry(1, 4, "История", teacher)], *TERM_3
    )
    assert by_director.status_code == 201
    for method, path, body in (
        ("PUT", f"/timetables/{by_director.json()['id']}/entries", {"entries": entries}),
        ("POST", f"/timetables/{by_director.json()['id']}/publish", None),
        ("DELETE", f"/timetables/{by_director.json()['id']}", None),
    ):
        assert (await deputy.call(method, path, body)).status_code == 403, (method, path)
    published = await deputy.ok("POST", f"/timetables/{own.json()['id']}/publish")
    lesson = (await deputy.ok("GET", "/lessons", class_id=fifth["id"], limit=1))[0]
    moved = await deputy.call("PATCH", f"/lessons/{lesson['id']}", {"room_id": setup.rooms["101"]})
    assert moved.status_code == 200, moved.text
    sixth_lesson = await school.admin.ok("GET", "/lessons", class_id=sixth["id"], limit=1)
    assert sixth_lesson == []  # not published: the director publishes it below
    await school.admin.ok("POST", f"/timetables/{by_director.json()['id']}/publish")
    sixth_lesson = (await school.admin.ok("GET", "/lessons", class_id=sixth["id"], limit=1))[0]
    cancel = await deputy.call(
        "POST", f"/lessons/{sixth_lesson['id']}/cancel", {"reason": "экскурсия"}
    )
    assert cancel.status_code == 403
    assert published["status"] == "published"
    a_teacher = school.teacher()
    assert (await setup.timetable(fifth["id"], entries, *TERM_3, as_=a_teacher)).status_code == 403


async def test_a_timetable_must_lie_within_its_year(setup: Setup) -> None:
    teacher = setup.school.teacher()
    school_class = await setup.klass(9, "А")
    entries = [setup.entry(1, 1, "История", teacher)]
    beyond = await setup.timetable(school_class["id"], entries, date(2027, 5, 1), date(2027, 6, 30))
    assert beyond.status_code == 422
    assert beyond.json()["errors"][0]["field"] == "valid_to"
    no_period = await setup.timetable(school_class["id"], [{**entries[0], "period": 9}], *TERM_3)
    assert no_period.status_code == 422
    assert no_period.json()["errors"][0]["field"] == "entries.0.period"
    stranger = await setup.timetable(
        school_class["id"], [{**entries[0], "teacher_id": str(UUID(int=7))}], *TERM_3
    )
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["field"] == "entries.0.teacher_id"


async def test_a_timetable_ends_and_the_next_takes_over(
    setup: Setup, admin_conn: asyncpg.Connection
) -> None:
    teacher, other = setup.school.teacher(), setup.school.teacher()
    school_class = await setup.klass(10, "А")
    term_4 = (date(2027, 4, 1), date(2027, 5, 31))
    first = await setup.timetable(
        school_class["id"], [setup.entry(1, 1, "Математика", teacher)], *term_4
    )
    admin = setup.school.admin
    as_draft = await admin.call(
        "POST", f"/timetables/{first.json()['id']}/end", {"last_day": "2027-04-30"}
    )
    assert as_draft.status_code == 409
    published = await admin.ok("POST", f"/timetables/{first.json()['id']}/publish")
    assert published["lessons_generated"] == 9  # Mondays 5 April .. 31 May
    overlapping = await setup.timetable(
        school_class["id"], [setup.entry(2, 1, "История", other)], date(2027, 5, 1), term_4[1]
    )
    refused = await admin.call("POST", f"/timetables/{overlapping.json()['id']}/publish")
    assert refused.status_code == 409
    assert refused.json()["conflicting_timetable_id"] == first.json()["id"]
    past = await admin.call(
        "POST", f"/timetables/{first.json()['id']}/end", {"last_day": "2026-11-01"}
    )
    assert past.status_code == 422

    ended = await admin.ok(
        "POST", f"/timetables/{first.json()['id']}/end", {"last_day": "2027-04-30"}
    )
    assert (ended["valid_to"], ended["lessons_generated"]) == ("2027-04-30", 4)
    remaining = await admin.ok("GET", "/lessons", class_id=school_class["id"])
    assert [x["lesson_date"] for x in remaining] == [
        "2027-04-05",
        "2027-04-12",
        "2027-04-19",
        "2027-04-26",
    ]
    cancelled = await admin_conn.fetchval(
        "SELECT count(*) FROM outbox WHERE school_id = $1 AND subject = $2",
        setup.school.id,
        "okrug.schedule.lesson.cancelled",
    )
    assert cancelled == 5
    taken_over = await admin.ok("POST", f"/timetables/{overlapping.json()['id']}/publish")
    assert taken_over["lessons_generated"] == 4  # Tuesdays 4, 11, 18 and 25 May
