"""The school calendar (S1): years with study periods of several kinds and holidays, the
district's default calendar schools start from; reference books (S2), bell schedules (S5),
curriculum and teaching load (S4); the gRPC questions the journal asks."""

from datetime import date
from uuid import UUID, uuid4

import asyncpg
import pytest
from schedule_support import (
    GrpcContext,
    School,
    Setup,
    as_service,
    calendar_body,
    events_of,
    person,
)

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.errors import InvalidInput
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_schedule.grpc_api import ScheduleServicer


async def test_the_district_publishes_a_calendar_schools_start_from(
    service: Service, school: School
) -> None:
    district = person(None, Role.DISTRICT_ADMIN)
    body = calendar_body(f"Округ {uuid4().hex[:6]}")
    body["starts_on"], body["ends_on"] = "2030-09-01", "2031-05-31"
    for period in body["periods"]:
        period["starts_on"] = period["starts_on"].replace("2026", "2030").replace("2027", "2031")
        period["ends_on"] = period["ends_on"].replace("2026", "2030").replace("2027", "2031")
    body["holidays"] = [
        {
            "kind": "holiday",
            "name": "День народного единства",
            "starts_on": "2030-11-04",
            "ends_on": "2030-11-04",
        }
    ]
    published = await service.http.post(
        "/schedule/district-calendars", json=body, headers=service.auth(district)
    )
    assert published.status_code == 201, published.text
    by_school = await school.admin.call("POST", "/district-calendars", body)
    assert by_school.status_code == 403

    listed = await school.admin.ok("GET", "/district-calendars")
    assert published.json()["id"] in {c["id"] for c in listed}
    year = await school.admin.ok(
        "POST", "/years", {"from_district_calendar_id": published.json()["id"]}, status=201
    )
    assert (year["starts_on"], year["ends_on"]) == ("2030-09-01", "2031-05-31")
    assert len(year["periods"]) == 6
    assert [h["name"] for h in year["holidays"]] == ["День народного единства"]
    # The school's year is its own: adding to it leaves the district's default alone.
    await school.admin.ok(
        "POST",
        f"/years/{year['id']}/holidays",
        {"name": "День школы", "starts_on": "2030-10-01", "ends_on": "2030-10-01"},
        status=201,
    )
    again = next(
        c
        for c in await school.admin.ok("GET", "/district-calendars")
        if c["id"] == published.json()["id"]
    )
    assert len(again["holidays"]) == 1
    other_school = School(uuid4(), service, school.identity)
    assert published.json()["id"] in {
        c["id"] for c in await other_school.admin.ok("GET", "/district-calendars")
    }
    assert await other_school.admin.ok("GET", "/years") == []


async def test_bad_calendars_name_the_field_and_overlaps_are_refused(setup: Setup) -> None:
    admin = setup.school.admin
    overlapping = await admin.call("POST", "/years", {"calendar": calendar_body("другой")})
    assert overlapping.status_code == 409
    body = calendar_body("2031/2032")
    body["starts_on"], body["ends_on"] = "2031-09-01", "2032-05-31"
    body["periods"] = [
        {"kind": "term", "number": 1, "starts_on": "2031-09-01", "ends_on": "2031-10-31"},
        {"kind": "term", "number": 2, "starts_on": "2031-10-20", "ends_on": "2031-12-28"},
    ]
    body["holidays"] = []
    refused = await admin.call("POST", "/years", {"calendar": body})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "periods.1.starts_on"
    body["periods"][1]["starts_on"] = "2031-11-05"
    body["holidays"] = [{"name": "Лишний", "starts_on": "2032-07-01", "ends_on": "2032-07-02"}]
    outside = await admin.call("POST", "/years", {"calendar": body})
    assert outside.status_code == 422
    assert outside.json()["errors"][0]["field"] == "holidays.0.starts_on"
    assert len(await admin.ok("GET", "/years")) == 1
    neither = await admin.call("POST", "/years", {})
    assert neither.status_code == 422


async def test_reference_books(setup: Setup) -> None:
    admin = setup.school.admin
    building = await admin.ok(
        "POST", "/buildings", {"name": "Корпус 2", "address": "ул. Школьная, 2"}, status=201
    )
    lab = await admin.ok(
        "POST",
        "/rooms",
        {"name": "101", "building_id": building["id"], "capacity": 15, "kind": "laboratory"},
        status=201,
    )
    assert (await admin.call("POST", "/rooms", {"name": "101"})).status_code == 409
    assert (await admin.call("POST", "/rooms", {"name": "1", "capacity": 0})).status_code == 422
    in_building = await admin.ok("GET", "/rooms", building_id=building["id"])
    assert [r["id"] for r in in_building] == [lab["id"]]

    federal = await admin.ok("POST", "/subjects", {"name": "химия"}, status=201)
    assert (federal["name"], federal["component"]) == ("Химия", "federal")
    own = await admin.ok("POST", "/subjects", {"name": "Шахматы"}, status=201)
    assert own["component"] == "school"
    fake = await admin.call("POST", "/subjects", {"name": "Шашки", "component": "federal"})
    assert fake.status_code == 422
    assert "Химия" in await admin.ok("GET", "/subjects/federal-list")

    teacher = setup.school.teacher()
    school_class = await setup.klass(8, "Л")
    links = await admin.ok(
        "PUT",
        f"/subjects/{federal['id']}/links",
        {
            "teacher_ids": [str(teacher.id)],
            "room_ids": [lab["id"]],
            "class_ids": [school_class["id"]],
        },
    )
    assert links == {
        "teacher_ids": [str(teacher.id)],
        "room_ids": [lab["id"]],
        "class_ids": [school_class["id"]],
    }
    not_teacher = await admin.call(
        "PUT", f"/subjects/{federal['id']}/links", {"teacher_ids": [str(setup.school.student())]}
    )
    assert not_teacher.status_code == 422
    assert not_teacher.json()["errors"][0]["field"] == "teacher_ids.0"
    assert await admin.ok("GET", f"/subjects/{federal['id']}/links") == links


async def test_bell_schedules_per_shift(setup: Setup) -> None:
    admin = setup.school.admin
    second_shift = await admin.ok(
        "POST",
        "/bell-schedules",
        {
            "name": "2 смена",
            "periods": [
                {"number": 1, "starts_at": "14:00", "ends_at": "14:45"},
                {"number": 2, "starts_at": "14:55", "ends_at": "15:40"},
            ],
        },
        status=201,
    )
    overlapping = await admin.call(
        "POST",
        "/bell-schedules",
        {
            "name": "3 смена",
            "periods": [
                {"number": 1, "starts_at": "14:00", "ends_at": "14:45"},
                {"number": 2, "starts_at": "14:40", "ends_at": "15:25"},
            ],
        },
    )
    assert overlapping.status_code == 422
    assert overlapping.json()["errors"][0]["field"] == "periods.1.starts_at"
    assert {b["name"] for b in await admin.ok("GET", "/bell-schedules")} == {"1 смена", "2 смена"}
    changed = await admin.ok(
        "PUT",
        f"/bell-schedules/{second_shift['id']}/periods",
        {"periods": [{"number": 1, "starts_at": "13:30", "ends_at": "14:15"}]},
    )
    assert [p["starts_at"] for p in changed["periods"]] == ["13:30:00"]
    # Once a published timetable uses it, its times stay.
    teacher = setup.school.teacher()
    school_class = await admin.ok(
        "POST",
        "/classes",
        {"grade": 9, "letter": "С", "bell_schedule_id": second_shift["id"]},
        status=201,
    )
    draft = await admin.ok(
        "POST",
        "/timetables",
        {
            "class_id": school_class["id"],
            "valid_from": "2027-04-01",
            "valid_to": "2027-04-30",
            "entries": [
                {
                    "weekday": 1,
                    "period": 1,
                    "subject_id": setup.subjects["История"],
                    "teacher_id": str(teacher.id),
                }
            ],
        },
        status=201,
    )
    assert draft["bell_schedule_id"] == second_shift["id"]
    published = await admin.ok("POST", f"/timetables/{draft['id']}/publish")
    lesson = (await admin.ok("GET", "/lessons", class_id=school_class["id"], limit=1))[0]
    assert lesson["starts_at"].startswith("2027-04-05T10:30")  # 13:30 in Moscow
    assert published["lessons_generated"] == 4
    frozen = await admin.call(
        "PUT",
        f"/bell-schedules/{second_shift['id']}/periods",
        {"periods": [{"number": 1, "starts_at": "13:00", "ends_at": "13:45"}]},
    )
    assert frozen.status_code == 409


async def test_the_load_check_lists_the_gaps_in_the_curriculum(setup: Setup) -> None:
    admin = setup.school.admin
    year_id = setup.year["id"]
    fifth = await setup.klass(5, "А")
    english = [await setup.group(fifth["id"], "Английский язык", f"Англ. {n}") for n in (1, 2)]
    await admin.ok(
        "PUT",
        f"/years/{year_id}/curriculum",
        {
            "items": [
                {"grade": 5, "subject_id": setup.subjects["Математика"], "hours_per_week": 5},
                {"grade": 5, "subject_id": setup.subjects["Русский язык"], "hours_per_week": 5},
                {"grade": 5, "subject_id": setup.subjects["Английский язык"], "hours_per_week": 3},
            ]
        },
    )
    maths, russian, teacher = setup.school.teacher(), setup.school.teacher(), setup.school.teacher()

    async def assign(
        teacher_id: UUID, subject: str, hours: float, group: str | None = None
    ) -> None:
        await admin.ok(
            "POST",
            "/teaching-load",
            {
                "year_id": year_id,
                "teacher_id": str(teacher_id),
                "subject_id": setup.subjects[subject],
                "class_id": fifth["id"],
                "group_id": group,
                "hours_per_week": hours,
            },
            status=201,
        )

    await assign(maths.id, "Математика", 5)
    await assign(russian.id, "Русский язык", 4)
    await assign(teacher.id, "Английский язык", 3, english[0]["id"])
    await assign(teacher.id, "История", 2)
    check = await admin.ok("GET", f"/years/{year_id}/load-check")
    assert check["covered"] is False
    assert sorted((g["kind"], g["subject_name"], g["group_name"]) for g in check["gaps"]) == [
        ("missing", "Английский язык", "Англ. 2"),
        ("not_in_curriculum", "История", None),
        ("short", "Русский язык", None),
    ]
    short = next(g for g in check["gaps"] if g["kind"] == "short")
    assert (short["required_hours"], short["assigned_hours"]) == ("5.0", "4.0")
    await assign(teacher.id, "Английский язык", 3, english[1]["id"])
    await assign(maths.id, "Русский язык", 1)
    covered = await admin.ok("GET", f"/years/{year_id}/load-check")
    assert covered["covered"] is True
    twice = await admin.call(
        "POST",
        "/teaching-load",
        {
            "year_id": year_id,
            "teacher_id": str(maths.id),
            "subject_id": setup.subjects["Математика"],
            "class_id": fifth["id"],
            "hours_per_week": 1,
        },
    )
    assert twice.status_code == 409
    load = await admin.ok("GET", "/teaching-load", teacher_id=maths.id)
    assert sorted(float(a["hours_per_week"]) for a in load) == [1.0, 5.0]


async def test_grpc_lists_lessons_page_by_page_and_study_periods_by_assessment(
    setup: Setup, service: Service
) -> None:
    teacher = setup.school.teacher()
    school_class = await setup.klass(11, "Г")
    draft = await setup.timetable(
        school_class["id"],
        [setup.entry(d, 6, "История", teacher) for d in range(1, 6)],
        date(2027, 4, 1),
        date(2027, 5, 31),
    )
    published = await setup.school.admin.ok("POST", f"/timetables/{draft.json()['id']}/publish")
    as_service()
    servicer = ScheduleServicer(service.runtime)
    context = GrpcContext()
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        page = await servicer.ListLessons(
            schedule_pb2.ListLessonsRequest(
                school_id=str(setup.school.id),
                teacher_id=str(teacher.id),
                page_size=7,
                page_token=token,
            ),
            context,  # type: ignore[arg-type]
        )
        seen += [lesson.lesson_id for lesson in page.lessons]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == len(set(seen)) == published["lessons_generated"]
    assert pages == -(-len(seen) // 7)
    ranged = await servicer.ListLessons(
        schedule_pb2.ListLessonsRequest(
            school_id=str(setup.school.id),
            class_id=school_class["id"],
            date_from=common_pb2.Date(year=2027, month=4, day=5),
            date_to=common_pb2.Date(year=2027, month=4, day=9),
        ),
        context,  # type: ignore[arg-type]
    )
    assert [lesson.lesson_date.day for lesson in ranged.lessons] == [5, 6, 7, 8, 9]
    assert {lesson.class_grade for lesson in ranged.lessons} == {11}
    with pytest.raises(InvalidInput):
        await servicer.ListLessons(
            schedule_pb2.ListLessonsRequest(school_id=str(setup.school.id)),
            context,  # type: ignore[arg-type]
        )

    await setup.school.admin.ok(
        "PUT",
        f"/years/{setup.year['id']}/assessment",
        {"rules": [{"grade": 11, "period_kind": "half_year"}]},
    )
    all_periods = await servicer.ListStudyPeriods(
        schedule_pb2.ListStudyPeriodsRequest(
            school_id=str(setup.school.id), year_id=setup.year["id"]
        ),
        context,  # type: ignore[arg-type]
    )
    assert len(all_periods.study_periods) == 6
    for grade, kind, count in (
        (11, schedule_pb2.STUDY_PERIOD_KIND_HALF_YEAR, 2),
        (5, schedule_pb2.STUDY_PERIOD_KIND_TERM, 4),
    ):
        periods = await servicer.ListStudyPeriods(
            schedule_pb2.ListStudyPeriodsRequest(
                school_id=str(setup.school.id),
                year_id=setup.year["id"],
                subject_id=setup.subjects["История"],
                grade=grade,
            ),
            context,  # type: ignore[arg-type]
        )
        assert {p.kind for p in periods.study_periods} == {kind}
        assert len(periods.study_periods) == count


async def test_the_whole_calendar_is_announced_on_every_change(
    setup: Setup, service: Service, admin_conn: asyncpg.Connection
) -> None:
    """calendar.changed carries the year as it is now (S1: the journal's one calendar): at
    its creation, after a holiday is added or removed, after a period is added; ListCalendars
    answers the same for a rebuild."""
    admin, year_id = setup.school.admin, setup.year["id"]
    subject = ScheduleEvents.CALENDAR_CHANGED.subject
    added = await admin.ok(
        "POST",
        f"/years/{year_id}/holidays",
        {"kind": "day_off", "name": "Перенос", "starts_on": "2027-05-10", "ends_on": "2027-05-10"},
        status=201,
    )
    await admin.ok(
        "POST",
        f"/years/{year_id}/periods",
        {"kind": "year", "number": 1, "starts_on": "2026-09-01", "ends_on": "2027-05-31"},
        status=201,
    )
    await admin.call("DELETE", f"/years/{year_id}/holidays/{added['id']}")
    sent = [
        ScheduleEvents.CALENDAR_CHANGED.decode(p).calendar
        for p in await events_of(admin_conn, setup.school.id, subject)
    ]
    assert [len(c.holidays) for c in sent] == [5, 6, 6, 5]
    assert [len(c.study_periods) for c in sent] == [6, 6, 7, 7]
    first = sent[0]
    assert (first.year_id, first.name, first.working_days_per_week) == (year_id, "2026/2027", 5)
    assert first.status == schedule_pb2.YEAR_STATUS_OPEN
    assert (first.starts_on.year, first.starts_on.month, first.starts_on.day) == (2026, 9, 1)
    # Ordered by first day: term 1 and half-year 1 both start on 1 September.
    assert [(p.kind, p.number) for p in first.study_periods][:2] == [
        (schedule_pb2.STUDY_PERIOD_KIND_HALF_YEAR, 1),
        (schedule_pb2.STUDY_PERIOD_KIND_TERM, 1),
    ]
    autumn = first.holidays[0]
    assert (autumn.kind, autumn.name, autumn.ends_on.month, autumn.ends_on.day) == (
        schedule_pb2.HOLIDAY_KIND_VACATION,
        "Осенние каникулы",
        11,
        4,
    )
    as_service()
    listed = await ScheduleServicer(service.runtime).ListCalendars(
        schedule_pb2.ListCalendarsRequest(school_id=str(setup.school.id)),
        GrpcContext(),  # type: ignore[arg-type]
    )
    assert list(listed.calendars) == [sent[-1]]


async def test_a_year_keeps_its_working_days_per_week(school: School) -> None:
    body = calendar_body()
    body["working_days_per_week"] = 6
    year = await school.admin.ok("POST", "/years", {"calendar": body}, status=201)
    assert year["working_days_per_week"] == 6
    body["working_days_per_week"] = 7
    refused = await school.admin.call("POST", "/years", {"calendar": body})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.calendar.working_days_per_week"
